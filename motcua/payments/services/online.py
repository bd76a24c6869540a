"""Online payment: starting a gateway or VietQR payment, applying what gateways say,
expiring payments left pending, and asking gateways about them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.dossiers.models import Dossier
from motcua.payments.constants import (
    SETTLED,
    CallbackKind,
    CallbackOutcome,
    Method,
    PaymentStatus,
)
from motcua.payments.gateways import CallbackResult, PaymentGateway, QueryResult
from motcua.payments.gateways.sandbox import (
    RSP_ALREADY,
    RSP_BAD_AMOUNT,
    RSP_BAD_SIGNATURE,
    RSP_NOT_FOUND,
    RSP_OK,
)
from motcua.payments.models import AgencyBankAccount, Payment, PaymentCallbackLog
from motcua.payments.services.common import (
    confirm,
    is_applicant_side,
    ledger_lock,
    lock_payment,
    now_or,
    outstanding,
    payment_new,
    require_payable,
)

log = logging.getLogger(__name__)


def _require_online(actor: User, dossier: Dossier) -> None:
    from motcua.payments.selectors import requirement_for

    if not is_applicant_side(actor, dossier):
        raise PermissionDenied(_("Chỉ người nộp hồ sơ được thanh toán trực tuyến cho hồ sơ này."))
    require_payable(dossier)
    requirement = requirement_for(dossier=dossier)
    if requirement is None or not requirement.online_payment_enabled:
        raise ValidationError(
            {
                "method": [
                    _(
                        "Thủ tục này chưa nhận thanh toán trực tuyến. Hãy nộp phí tại Bộ phận "
                        "Một cửa khi đến nhận kết quả."
                    )
                ]
            }
        )


def _reusable(dossier: Dossier, method: str, amount: int, at: dt.datetime) -> Payment | None:
    """A pending payment of the same method and amount that has not expired (double clicks)."""
    return (
        Payment.objects.select_for_update(of=("self",))
        .filter(dossier=dossier, method=method, status=PaymentStatus.PENDING, amount=amount)
        .filter(expires_at__gt=at)
        .order_by("-created_at")
        .first()
    )


def _amount_due(dossier: Dossier) -> tuple[int, Any]:
    ledger = ledger_lock(dossier)
    due = outstanding(dossier, ledger)
    if due <= 0:
        raise ValidationError(
            {"amount": [_("Hồ sơ đã nộp đủ phí, lệ phí; không cần thanh toán thêm.")]}
        )
    return due, ledger


@transaction.atomic
def payment_gateway_start(
    *, actor: User, dossier: Dossier, gateway: str, at: dt.datetime | None = None
) -> Payment:
    """A pending gateway payment of the outstanding amount (the same one again on a retry
    within its validity). The view sends the payer to ``gateway.start(payment)``."""
    now = now_or(at)
    _require_online(actor, dossier)
    due, _ledger = _amount_due(dossier)
    payment = _reusable(dossier, Method.GATEWAY, due, now)
    if payment is not None and payment.gateway == gateway:
        return payment
    minutes = settings.MOTCUA_PAYMENT_GATEWAY_TIMEOUT_MINUTES
    payment = payment_new(
        dossier=dossier,
        method=Method.GATEWAY,
        amount=due,
        at=now,
        created_by=actor,
        gateway=gateway,
        expires_at=now + dt.timedelta(minutes=minutes),
    )
    audit_record(
        actor=actor,
        action="payment.start",
        obj=payment,
        agency_id=payment.agency_id,
        data={
            "dossier": dossier.code,
            "method": payment.method,
            "gateway": gateway,
            "amount": due,
            "reference": payment.reference,
        },
    )
    return payment


def bank_account_for(agency: Any) -> AgencyBankAccount | None:
    """The active account of the agency or, failing that, of its nearest ancestor."""
    ids = agency.ancestor_ids() or [agency.pk]
    accounts = {
        a.agency_id: a for a in AgencyBankAccount.objects.filter(agency_id__in=ids, active=True)
    }
    for agency_id in reversed(ids):
        if agency_id in accounts:
            return accounts[agency_id]
    return None


@transaction.atomic
def payment_qr_start(*, actor: User, dossier: Dossier, at: dt.datetime | None = None) -> Payment:
    """A pending VietQR transfer of the outstanding amount into the agency's account, with
    its own reference (the same one again while it is valid). Confirmed by reconciliation."""
    now = now_or(at)
    _require_online(actor, dossier)
    account = bank_account_for(dossier.receiving_agency)
    if account is None:
        raise ValidationError(
            {
                "method": [
                    _(
                        "%(agency)s chưa khai báo tài khoản nhận chuyển khoản. Hãy chọn cổng "
                        "thanh toán hoặc nộp tại Bộ phận Một cửa."
                    )
                    % {"agency": dossier.receiving_agency.label}
                ]
            }
        )
    due, _ledger = _amount_due(dossier)
    payment = _reusable(dossier, Method.QR, due, now)
    if payment is not None and payment.qr_account.get("account_number") == account.account_number:
        return payment
    payment = payment_new(
        dossier=dossier,
        method=Method.QR,
        amount=due,
        at=now,
        created_by=actor,
        qr_account={
            "bank_bin": account.bank_bin,
            "bank_name": account.bank_name,
            "account_number": account.account_number,
            "account_name": account.account_name,
        },
        expires_at=now + dt.timedelta(hours=settings.MOTCUA_PAYMENT_QR_VALID_HOURS),
    )
    audit_record(
        actor=actor,
        action="payment.start",
        obj=payment,
        agency_id=payment.agency_id,
        data={
            "dossier": dossier.code,
            "method": payment.method,
            "amount": due,
            "reference": payment.reference,
            "account": account.account_number,
        },
    )
    return payment


# --- What gateways say ---------------------------------------------------------------------


@dataclass(frozen=True)
class CallbackAnswer:
    """What we did with a gateway message, and the code the gateway expects back."""

    outcome: str
    code: str
    message: str
    payment: Payment | None = None


def _log(
    *,
    gateway: str,
    kind: str,
    outcome: str,
    reason: str,
    result: CallbackResult,
    payment: Payment | None,
    remote_addr: str | None,
    at: dt.datetime,
) -> None:
    PaymentCallbackLog.objects.create(
        at=at,
        gateway=gateway,
        kind=kind,
        outcome=outcome,
        reason=reason[:500],
        reference=str(result.reference or result.raw.get("sb_TxnRef", ""))[:64],
        gateway_txn_id=str(result.gateway_txn_id or result.raw.get("sb_TransactionNo", ""))[:64],
        amount=result.amount,
        payment=payment,
        payload={str(k): str(v)[:500] for k, v in list(result.raw.items())[:60]},
        remote_addr=remote_addr or None,
    )
    level = logging.WARNING if outcome == CallbackOutcome.REFUSED else logging.INFO
    log.log(level, "payment callback %s %s %s: %s", gateway, kind, outcome, reason)


class _Refused(Exception):
    def __init__(self, code: str, reason: str, payment: Payment | None = None) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.payment = payment


def payment_result_apply(
    *,
    gateway: str,
    result: CallbackResult,
    kind: str,
    remote_addr: str | None = None,
    at: dt.datetime | None = None,
) -> CallbackAnswer:
    """Apply a verified gateway result to its payment, once; log every message.

    Refused (and nothing changes but the log row): a bad signature, an unknown reference, an
    amount that is not the payment's, a transaction number already used by another payment.
    A second message for a payment already settled by the same transaction answers
    "already confirmed" and changes nothing.
    """
    now = now_or(at)
    logged: dict[str, Any] = {
        "gateway": gateway,
        "kind": kind,
        "result": result,
        "remote_addr": remote_addr,
        "at": now,
    }
    if not result.valid:
        _log(outcome=CallbackOutcome.REFUSED, reason=result.reason, payment=None, **logged)
        return CallbackAnswer(CallbackOutcome.REFUSED, RSP_BAD_SIGNATURE, result.reason)
    try:
        with transaction.atomic():
            answer = _apply(gateway, result, kind, now)
            _log(outcome=answer.outcome, reason=answer.message, payment=answer.payment, **logged)
            return answer
    except _Refused as refused:
        _log(
            outcome=CallbackOutcome.REFUSED,
            reason=refused.reason,
            payment=refused.payment,
            **logged,
        )
        return CallbackAnswer(CallbackOutcome.REFUSED, refused.code, refused.reason)


def _apply(gateway: str, result: CallbackResult, kind: str, now: dt.datetime) -> CallbackAnswer:
    found = (
        Payment.objects.filter(reference=result.reference, method=Method.GATEWAY, gateway=gateway)
        .values_list("pk", "dossier_id")
        .first()
    )
    if found is None:
        raise _Refused(
            RSP_NOT_FOUND,
            _("Không có khoản thanh toán nào mang mã “%(r)s”.") % {"r": result.reference[:40]},
        )
    ledger = ledger_lock(found[1])
    payment = lock_payment(found[0])
    if result.amount != payment.amount:
        raise _Refused(
            RSP_BAD_AMOUNT,
            _("Số tiền %(got)s đồng không khớp với khoản thanh toán %(want)s đồng.")
            % {"got": result.amount, "want": payment.amount},
            payment,
        )
    txn = result.gateway_txn_id
    if payment.status in SETTLED:
        if payment.gateway_txn_id == txn:
            return CallbackAnswer(
                CallbackOutcome.DUPLICATE,
                RSP_ALREADY,
                _("Giao dịch %(t)s đã được xác nhận trước đó; không ghi nhận lại.") % {"t": txn},
                payment,
            )
        raise _Refused(
            RSP_ALREADY,
            _(
                "Khoản thanh toán đã được xác nhận bằng giao dịch %(old)s; giao dịch %(new)s "
                "cần được hoàn trả."
            )
            % {"old": payment.gateway_txn_id, "new": txn},
            payment,
        )
    if not txn:
        raise _Refused(RSP_NOT_FOUND, _("Thiếu mã giao dịch của cổng thanh toán."), payment)
    taken = Payment.objects.filter(gateway=gateway, gateway_txn_id=txn).exclude(pk=payment.pk)
    if taken.exists():
        raise _Refused(
            RSP_ALREADY,
            _("Mã giao dịch %(t)s đã dùng cho một khoản thanh toán khác.") % {"t": txn},
            payment,
        )
    if result.success:
        receipt = confirm(
            payment,
            ledger=ledger,
            actor=None,
            at=now,
            via=f"{gateway}:{kind}",
            gateway_txn_id=txn,
        )
        return CallbackAnswer(
            CallbackOutcome.APPLIED,
            RSP_OK,
            _("Đã xác nhận thanh toán, biên lai số %(n)s.") % {"n": receipt.label},
            payment,
        )
    if payment.status == PaymentStatus.FAILED and payment.gateway_txn_id == txn:
        return CallbackAnswer(
            CallbackOutcome.DUPLICATE, RSP_ALREADY, _("Kết quả này đã được ghi nhận."), payment
        )
    before = payment.status
    payment.status = PaymentStatus.FAILED
    payment.gateway_txn_id = txn
    payment.failure_reason = _("Cổng thanh toán báo không thành công (mã %(c)s).") % {
        "c": result.code
    }
    payment.save(update_fields=["status", "gateway_txn_id", "failure_reason"])
    audit_record(
        actor=None,
        action="payment.fail",
        obj=payment,
        agency_id=payment.agency_id,
        data={
            "dossier": payment.dossier.code,
            "reference": payment.reference,
            "before": before,
            "code": result.code,
            "via": f"{gateway}:{kind}",
        },
    )
    return CallbackAnswer(CallbackOutcome.APPLIED, RSP_OK, payment.failure_reason, payment)


def payment_callback_apply(
    *,
    gateway: PaymentGateway,
    data: Mapping[str, Any],
    kind: str = CallbackKind.IPN,
    remote_addr: str | None = None,
    at: dt.datetime | None = None,
) -> CallbackAnswer:
    """Verify a gateway message (browser return or IPN) and apply it (see
    :func:`payment_result_apply`)."""
    result = gateway.verify_callback(data)
    return payment_result_apply(
        gateway=gateway.name, result=result, kind=kind, remote_addr=remote_addr, at=at
    )


# --- Timeouts and retries --------------------------------------------------------------------


def payments_expire(*, now: dt.datetime | None = None, limit: int = 1000) -> int:
    """Pending online payments past their validity become expired. Safe to run any time."""
    now = now_or(now)
    ids = list(
        Payment.objects.filter(status=PaymentStatus.PENDING, expires_at__lt=now)
        .order_by("expires_at")
        .values_list("pk", "dossier_id")[:limit]
    )
    count = 0
    for payment_id, dossier_id in ids:
        with transaction.atomic():
            ledger_lock(dossier_id)
            payment = lock_payment(payment_id)
            if payment.status != PaymentStatus.PENDING or payment.expires_at is None:
                continue
            if payment.expires_at >= now:
                continue
            payment.status = PaymentStatus.EXPIRED
            payment.failure_reason = _("Quá thời hạn thanh toán.")
            payment.save(update_fields=["status", "failure_reason"])
            audit_record(
                actor=None,
                action="payment.expire",
                obj=payment,
                agency_id=payment.agency_id,
                data={
                    "dossier": payment.dossier.code,
                    "reference": payment.reference,
                    "expires_at": payment.expires_at,
                },
            )
            count += 1
    return count


@dataclass(frozen=True)
class QueryReport:
    reference: str
    state: str  # paid, failed, pending, not_found, error
    detail: str = ""


def payments_query(
    *,
    gateway_factory: Callable[[str], PaymentGateway],
    now: dt.datetime | None = None,
    limit: int = 500,
) -> list[QueryReport]:
    """Ask the gateway about every pending gateway payment (including those just expired
    whose notice may have been lost) and apply the answers once, like a notice."""
    now = now_or(now)
    horizon = now - dt.timedelta(days=1)
    payments = list(
        Payment.objects.filter(method=Method.GATEWAY, created_at__gte=horizon)
        .filter(status__in=[PaymentStatus.PENDING, PaymentStatus.EXPIRED])
        .order_by("created_at")[:limit]
    )
    reports: list[QueryReport] = []
    for payment in payments:
        try:
            gateway = gateway_factory(payment.gateway)
        except LookupError:
            reports.append(QueryReport(payment.reference, "error", _("cổng không còn dùng")))
            continue
        answer: QueryResult = gateway.query(payment)
        if answer.error:
            reports.append(QueryReport(payment.reference, "error", answer.error))
        elif not answer.found:
            reports.append(QueryReport(payment.reference, "not_found"))
        elif answer.pending or answer.result is None:
            reports.append(QueryReport(payment.reference, "pending"))
        else:
            applied = payment_result_apply(
                gateway=gateway.name, result=answer.result, kind=CallbackKind.QUERY, at=now
            )
            state = "paid" if answer.result.success else "failed"
            reports.append(QueryReport(payment.reference, state, applied.message))
    return reports
