"""Serializers of the payments API (request bodies and answers)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.organizations.api.serializers import ErrorSerializer
from motcua.payments.constants import (
    DossierPaymentState,
    LineStatus,
    Method,
    PaymentStatus,
    StatementStatus,
)
from motcua.payments.models import (
    AgencyBankAccount,
    Payment,
    PaymentRequirement,
    StatementImport,
    StatementLine,
)


class FeeLineSerializer(serializers.Serializer[Any]):
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.CharField()
    amount = serializers.IntegerField(help_text="Integer đồng.")
    detail = serializers.CharField()


class FeeQuoteQuerySerializer(serializers.Serializer[dict[str, Any]]):
    procedure = serializers.RegexField(r"^\d\.\d{6}$", help_text="Procedure code N.NNNNNN.")
    copies = serializers.IntegerField(min_value=1, required=False)
    pages = serializers.IntegerField(min_value=1, required=False)


class FeeQuoteSerializer(serializers.Serializer[Any]):
    procedure = serializers.CharField()
    total = serializers.IntegerField(help_text="Integer đồng.")
    quantities = serializers.DictField(child=serializers.IntegerField())
    lines = FeeLineSerializer(many=True)


class PaymentSerializer(serializers.ModelSerializer[Payment]):
    method = serializers.ChoiceField(choices=Method.choices)
    status = serializers.ChoiceField(choices=PaymentStatus.choices)
    receipt = serializers.SerializerMethodField()
    receipt_id = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = [
            "id",
            "reference",
            "method",
            "status",
            "amount",
            "refunded_amount",
            "gateway",
            "gateway_txn_id",
            "bank_txn_id",
            "card_reference",
            "created_at",
            "expires_at",
            "paid_at",
            "failure_reason",
            "receipt",
            "receipt_id",
        ]
        read_only_fields = fields

    def get_receipt(self, obj: Payment) -> str | None:
        receipt = getattr(obj, "receipt", None)
        return receipt.label if receipt is not None else None

    def get_receipt_id(self, obj: Payment) -> int | None:
        receipt = getattr(obj, "receipt", None)
        return receipt.pk if receipt is not None else None


class DossierPaymentSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    required = serializers.IntegerField(help_text="Fees of the dossier, integer đồng.")  # type: ignore[assignment]
    paid = serializers.IntegerField(help_text="Confirmed payments minus refunds.")
    outstanding = serializers.IntegerField()
    status = serializers.ChoiceField(choices=DossierPaymentState.choices)
    online = serializers.BooleanField(help_text="Paid (at least partly) online.")
    online_payment_enabled = serializers.BooleanField()
    blocked_reason = serializers.CharField(
        allow_null=True, help_text="Why the dossier may not move on yet (unpaid fees), or null."
    )
    lines = FeeLineSerializer(many=True)
    payments = PaymentSerializer(many=True)


class GatewayStartSerializer(serializers.Serializer[dict[str, Any]]):
    gateway = serializers.ChoiceField(choices=[("sandbox", "sandbox")], default="sandbox")


class GatewayStartedSerializer(serializers.Serializer[Any]):
    payment = PaymentSerializer()
    redirect_url = serializers.URLField(help_text="Send the payer's browser here.")


class QrSerializer(serializers.Serializer[Any]):
    payment = PaymentSerializer()
    payload = serializers.CharField(help_text="VietQR (EMVCo) payload to encode as a QR code.")
    bank_bin = serializers.CharField()
    bank_name = serializers.CharField()
    account_number = serializers.CharField()
    account_name = serializers.CharField()
    amount = serializers.IntegerField()
    description = serializers.CharField(help_text="Transfer description (holds the reference).")


class DeskPaymentSerializer(serializers.Serializer[dict[str, Any]]):
    method = serializers.ChoiceField(choices=[(Method.CASH, "cash"), (Method.CARD, "card")])
    amount = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    card_reference = serializers.CharField(max_length=40, required=False, allow_blank=True)
    payer_name = serializers.CharField(max_length=150, required=False, allow_blank=True)


class RefundSerializer(serializers.Serializer[dict[str, Any]]):
    amount = serializers.IntegerField(min_value=1)
    reason = serializers.CharField(max_length=500)
    bank_reference = serializers.CharField(max_length=80, required=False, allow_blank=True)


class IpnAnswerSerializer(serializers.Serializer[Any]):
    RspCode = serializers.CharField()  # noqa: N815 - the gateway's field names
    Message = serializers.CharField()  # noqa: N815


class IpnBodySerializer(serializers.Serializer[Any]):
    sb_TmnCode = serializers.CharField()  # noqa: N815
    sb_Amount = serializers.CharField(help_text="Amount in đồng × 100.")  # noqa: N815
    sb_TxnRef = serializers.CharField(help_text="Our payment reference.")  # noqa: N815
    sb_TransactionNo = serializers.CharField()  # noqa: N815
    sb_ResponseCode = serializers.CharField()  # noqa: N815
    sb_TransactionStatus = serializers.CharField()  # noqa: N815
    sb_SecureHash = serializers.CharField(help_text="HMAC-SHA512, hex.")  # noqa: N815


class CollectionsQuerySerializer(serializers.Serializer[dict[str, Any]]):
    agency = serializers.CharField(help_text="Agency code; its subtree is included.")
    start = serializers.DateField()
    end = serializers.DateField()
    group = serializers.ChoiceField(choices=[("day", "day"), ("month", "month")], default="day")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["end must not be before start."]})
        if (attrs["end"] - attrs["start"]).days > 366 * 3:
            raise serializers.ValidationError({"end": ["At most three years at once."]})
        return attrs


class RowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    amount = serializers.IntegerField()
    refunded = serializers.IntegerField()
    net = serializers.IntegerField()


class CollectionsSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField(source="agency.code")
    start = serializers.DateField()
    end = serializers.DateField()
    group = serializers.CharField()
    total = RowSerializer()
    by_agency = RowSerializer(many=True)
    by_procedure = RowSerializer(many=True)
    by_method = RowSerializer(many=True)
    by_period = RowSerializer(many=True)


class RatioSerializer(serializers.Serializer[Any]):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.CharField(help_text="Two decimals, or 'n/a' for a zero denominator.")
    score = serializers.FloatField(allow_null=True)
    points = serializers.FloatField()


class IndicatorsSerializer(serializers.Serializer[Any]):
    integrated = RatioSerializer(help_text="Fee-bearing procedures integrated with online payment.")
    used = RatioSerializer(help_text="Fee-bearing procedures with real online payments.")
    dossiers = RatioSerializer(help_text="Dossiers paid online ÷ fee-bearing dossiers.")


class StatementLineSerializer(serializers.ModelSerializer[StatementLine]):
    status = serializers.ChoiceField(choices=LineStatus.choices)
    payment_reference = serializers.CharField(source="payment.reference", default=None)

    class Meta:
        model = StatementLine
        fields = [
            "row",
            "booked_on",
            "amount",
            "description",
            "bank_txn_id",
            "reference",
            "status",
            "note",
            "payment_reference",
        ]
        read_only_fields = fields


class StatementSerializer(serializers.ModelSerializer[StatementImport]):
    status = serializers.ChoiceField(choices=StatementStatus.choices)
    agency = serializers.CharField(source="agency.code")
    percent = serializers.IntegerField()

    class Meta:
        model = StatementImport
        fields = [
            "id",
            "agency",
            "original_name",
            "status",
            "total",
            "processed",
            "percent",
            "matched_count",
            "unmatched_count",
            "duplicate_count",
            "other_count",
            "error",
            "created_at",
            "finished_at",
        ]
        read_only_fields = fields


class StatementDetailSerializer(StatementSerializer):
    lines = StatementLineSerializer(many=True, source="visible_lines")

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "lines"]
        read_only_fields = fields


class StatementUploadSerializer(serializers.Serializer[dict[str, Any]]):
    agency = serializers.CharField(help_text="Code of the agency whose account it is.")
    file = serializers.FileField(help_text="CSV or XLSX statement.")


class BankAccountSerializer(serializers.ModelSerializer[AgencyBankAccount]):
    agency = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = AgencyBankAccount
        fields = [
            "agency",
            "bank_bin",
            "bank_name",
            "account_number",
            "account_name",
            "active",
            "updated_at",
        ]
        read_only_fields = ["agency", "updated_at"]
        # Validation is the service's (full_clean), so messages stay the model's.
        extra_kwargs: dict[str, dict[str, Any]] = {
            "bank_bin": {"validators": []},
            "account_number": {"validators": []},
            "account_name": {"validators": []},
        }


class RequirementSerializer(serializers.ModelSerializer[PaymentRequirement]):
    procedure = serializers.CharField(source="procedure.code", read_only=True)

    class Meta:
        model = PaymentRequirement
        fields = ["procedure", "before_step", "online_payment_enabled", "note", "updated_at"]
        read_only_fields = ["procedure", "updated_at"]
        extra_kwargs: dict[str, dict[str, Any]] = {"before_step": {"validators": []}}


__all__ = ["ErrorSerializer"]
