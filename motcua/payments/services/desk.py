"""Payments taken at the desk, refunds, and the settings agencies keep: collecting account
and per-procedure payment requirements."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import Procedure
from motcua.catalog.selectors import user_can_edit_catalog
from motcua.core.audit import audit_record
from motcua.dossiers.constants import Action
from motcua.dossiers.models import Dossier
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import user_can_manage_agency
from motcua.payments.constants import DESK_METHODS, Method, PaymentStatus
from motcua.payments.models import (
    AgencyBankAccount,
    Payment,
    PaymentRequirement,
    Refund,
    StatementLine,
)
from motcua.payments.services.common import (
    confirm,
    dossier_log,
    ledger_lock,
    lock_payment,
    now_or,
    outstanding,
    payment_new,
    require_payable,
    require_role,
)

#: Roles that may record refunds and reconcile statements of an agency.
FINANCE_ROLES = (Role.LEADER, Role.ADMIN)


@transaction.atomic
def payment_take_at_desk(
    *,
    actor: User,
    dossier: Dossier,
    method: str,
    amount: int | None = None,
    card_reference: str = "",
    payer_name: str = "",
    at: dt.datetime | None = None,
) -> Payment:
    """Cash or card taken by a desk officer of the receiving agency: confirmed at once, with
    its receipt. ``amount`` defaults to everything still owed and may not exceed it."""
    now = now_or(at)
    require_role(
        actor,
        [Role.DESK_OFFICER],
        dossier.receiving_agency,
        _("Chỉ cán bộ Bộ phận Một cửa của %(a)s được thu phí hồ sơ này.")
        % {"a": dossier.receiving_agency.label},
    )
    errors: dict[str, list[str]] = {}
    if method not in DESK_METHODS:
        errors["method"] = [_("Chọn hình thức thu tại quầy: tiền mặt hoặc thẻ.")]
    card_reference = (card_reference or "").strip()
    if method == Method.CARD and not card_reference:
        errors["card_reference"] = [
            _("Nhập số tham chiếu in trên hóa đơn của máy POS (mã chuẩn chi).")
        ]
    if len(card_reference) > 40:
        errors["card_reference"] = [_("Số tham chiếu tối đa 40 ký tự.")]
    if errors:
        raise ValidationError(errors)
    require_payable(dossier)
    ledger = ledger_lock(dossier)
    due = outstanding(dossier, ledger)
    if due <= 0:
        raise ValidationError({"amount": [_("Hồ sơ đã nộp đủ phí, lệ phí.")]})
    value = due if amount is None else amount
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= due:
        raise ValidationError(
            {
                "amount": [
                    _("Số tiền phải là số nguyên đồng từ 1 đến %(due)s (số còn phải nộp).")
                    % {"due": f"{due:,}".replace(",", ".")}
                ]
            }
        )
    payment = payment_new(
        dossier=dossier,
        method=method,
        amount=value,
        at=now,
        created_by=actor,
        card_reference=card_reference if method == Method.CARD else "",
    )
    payment.received_by = actor
    if payer_name.strip():
        payment.payer_name = payer_name.strip()[:150]
    payment.save(update_fields=["received_by", "payer_name"])
    confirm(payment, ledger=ledger, actor=actor, at=now, via="desk")
    return payment


def _refund_amount(amount: Any, limit: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int) or not 1 <= amount <= limit:
        raise ValidationError(
            {
                "amount": [
                    _("Số tiền hoàn trả phải là số nguyên đồng từ 1 đến %(n)s.")
                    % {"n": f"{limit:,}".replace(",", ".")}
                ]
            }
        )
    return amount


@transaction.atomic
def payment_refund(
    *,
    actor: User,
    payment: Payment,
    amount: int,
    reason: str,
    bank_reference: str = "",
    at: dt.datetime | None = None,
) -> Refund:
    """Record money given back for a confirmed payment (leader or administrator)."""
    now = now_or(at)
    require_role(
        actor,
        FINANCE_ROLES,
        payment.agency,
        _("Chỉ lãnh đạo hoặc quản trị của cơ quan thu được ghi nhận hoàn trả."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Ghi lý do hoàn trả (ví dụ: nộp thừa, hồ sơ rút).")]})
    ledger = ledger_lock(payment.dossier_id)
    payment = lock_payment(payment.pk)
    if payment.status != PaymentStatus.PAID:
        raise ValidationError(
            {"payment": [_("Chỉ hoàn trả khoản đã thanh toán và chưa hoàn trả hết.")]}
        )
    value = _refund_amount(amount, payment.net_amount)
    refund = Refund.objects.create(
        payment=payment,
        agency_id=payment.agency_id,
        amount=value,
        reason=reason[:500],
        bank_reference=bank_reference.strip()[:80],
        created_by=actor,
        created_at=now,
    )
    payment.refunded_amount += value
    if payment.refunded_amount == payment.amount:
        payment.status = PaymentStatus.REFUNDED
    payment.save(update_fields=["refunded_amount", "status"])
    ledger.paid_amount -= value
    ledger.save(update_fields=["paid_amount", "updated_at"])
    audit_record(
        actor=actor,
        action="payment.refund",
        obj=payment,
        agency_id=payment.agency_id,
        data={
            "dossier": payment.dossier.code,
            "reference": payment.reference,
            "amount": value,
            "reason": reason,
            "bank_reference": refund.bank_reference,
            "refunded_total": payment.refunded_amount,
            "paid_total": ledger.paid_amount,
        },
    )
    dossier_log(
        payment,
        actor=actor,
        action=Action.REFUND,
        at=now,
        data={
            "amount": value,
            "reason": reason,
            "reference": payment.reference,
            "paid_total": ledger.paid_amount,
        },
    )
    return refund


@transaction.atomic
def statement_line_refund(
    *,
    actor: User,
    line: StatementLine,
    reason: str,
    bank_reference: str = "",
    at: dt.datetime | None = None,
) -> Refund:
    """Record that a credit no payment explains (unmatched or duplicate) was sent back."""
    now = now_or(at)
    line = StatementLine.objects.select_for_update().select_related("statement").get(pk=line.pk)
    agency = Agency.objects.get(pk=line.statement.agency_id)
    require_role(
        actor,
        FINANCE_ROLES,
        agency,
        _("Chỉ lãnh đạo hoặc quản trị của cơ quan được ghi nhận hoàn trả."),
    )
    if line.status == "matched" or not line.amount or line.amount <= 0:
        raise ValidationError({"line": [_("Chỉ hoàn trả khoản ghi có không khớp hoặc bị trùng.")]})
    if line.refunds.exists():
        raise ValidationError({"line": [_("Khoản này đã được ghi nhận hoàn trả.")]})
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Ghi lý do hoàn trả (ví dụ: chuyển trùng).")]})
    refund = Refund.objects.create(
        statement_line=line,
        agency=agency,
        amount=line.amount,
        reason=reason[:500],
        bank_reference=bank_reference.strip()[:80],
        created_by=actor,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="payment.line_refund",
        obj=line,
        agency_id=agency.pk,
        data={
            "statement": line.statement_id,
            "row": line.row,
            "amount": line.amount,
            "bank_txn_id": line.bank_txn_id,
            "reason": reason,
        },
    )
    return refund


# --- Settings kept by agencies and the catalogue's editors -------------------------------------


_ACCOUNT_FIELDS = ("bank_bin", "bank_name", "account_number", "account_name", "active")


@transaction.atomic
def bank_account_set(*, actor: User, agency: Agency, **values: Any) -> AgencyBankAccount:
    """Create or change the agency's collecting account (its administrator)."""
    if not user_can_manage_agency(user=actor, agency=agency):
        raise PermissionDenied(_("Chỉ quản trị của cơ quan được khai báo tài khoản thu."))
    unknown = set(values) - set(_ACCOUNT_FIELDS)
    if unknown:
        raise ValidationError({k: [_("Trường này không sửa được.")] for k in unknown})
    account = AgencyBankAccount.objects.select_for_update().filter(agency=agency).first()
    before = {k: getattr(account, k) for k in _ACCOUNT_FIELDS} if account else None
    account = account or AgencyBankAccount(agency=agency)
    for key, value in values.items():
        if isinstance(value, str):
            value = value.strip()
        if key == "account_name" and isinstance(value, str):
            value = " ".join(value.upper().split())
        setattr(account, key, value)
    account.updated_by = actor
    account.full_clean()
    account.save()
    audit_record(
        actor=actor,
        action="payment.bank_account_set",
        obj=account,
        agency_id=agency.pk,
        data={"before": before, "after": {k: getattr(account, k) for k in _ACCOUNT_FIELDS}},
    )
    return account


@transaction.atomic
def payment_requirement_set(
    *,
    actor: User | None,
    procedure: Procedure,
    before_step: str,
    online_payment_enabled: bool,
    note: str = "",
) -> PaymentRequirement:
    """Create or change a procedure's payment requirement (catalogue editors)."""
    if actor is not None and not user_can_edit_catalog(user=actor):
        raise PermissionDenied(
            _("Chỉ cán bộ cải cách hành chính hoặc quản trị được đặt yêu cầu nộp phí.")
        )
    row = PaymentRequirement.objects.select_for_update().filter(procedure=procedure).first()
    before = {"before_step": row.before_step, "online": row.online_payment_enabled} if row else None
    row = row or PaymentRequirement(procedure=procedure)
    row.before_step = (before_step or "").strip().lower()
    row.online_payment_enabled = bool(online_payment_enabled)
    row.note = (note or "").strip()[:255]
    row.updated_by = actor if actor is not None and actor.pk else None
    row.full_clean(exclude=["procedure"])
    row.save()
    audit_record(
        actor=actor,
        action="payment.requirement_set",
        obj=row,
        data={
            "procedure": procedure.code,
            "before": before,
            "after": {"before_step": row.before_step, "online": row.online_payment_enabled},
        },
    )
    return row
