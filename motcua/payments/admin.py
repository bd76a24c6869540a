"""Read-only admin: payments change only through the services (locks, audit, receipts)."""

from typing import Any

from django.contrib import admin

from motcua.payments.models import (
    AgencyBankAccount,
    Payment,
    PaymentCallbackLog,
    PaymentRequirement,
    Receipt,
    Refund,
    StatementImport,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ("reference", "dossier", "agency", "method", "status", "amount", "paid_at")
    list_filter = ("method", "status")
    search_fields = ("reference", "dossier__code", "gateway_txn_id", "bank_txn_id")


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyAdmin):
    list_display = ("label", "agency", "payment", "issued_at")
    list_filter = ("year",)


@admin.register(Refund)
class RefundAdmin(ReadOnlyAdmin):
    list_display = ("agency", "payment", "statement_line", "amount", "created_at")


@admin.register(PaymentCallbackLog)
class PaymentCallbackLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "gateway", "kind", "outcome", "reference", "amount", "reason")
    list_filter = ("gateway", "kind", "outcome")
    search_fields = ("reference", "gateway_txn_id")


@admin.register(StatementImport)
class StatementImportAdmin(ReadOnlyAdmin):
    list_display = (
        "original_name",
        "agency",
        "status",
        "matched_count",
        "unmatched_count",
        "duplicate_count",
        "created_at",
    )


@admin.register(AgencyBankAccount)
class AgencyBankAccountAdmin(ReadOnlyAdmin):
    list_display = ("agency", "bank_name", "bank_bin", "account_number", "account_name", "active")


@admin.register(PaymentRequirement)
class PaymentRequirementAdmin(ReadOnlyAdmin):
    list_display = ("procedure", "before_step", "online_payment_enabled", "updated_at")
