"""Helpers shared by the payment services: rights, the dossier's ledger lock, confirming a
payment (status, ledger, receipt number, audit event, e-mail), references.

Lock order, everywhere: the dossier's :class:`DossierLedger` row first, then payment rows,
then (to append to its event log) the dossier row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user
from motcua.payments.constants import ONLINE_METHODS, Method, PaymentStatus
from motcua.payments.models import DossierLedger, Payment, Receipt, ReceiptCounter
from motcua.payments.references import reference_new

#: Dossier statuses in which fees can no longer be paid.
CLOSED = (Status.DRAFT, Status.WITHDRAWN, Status.REFUSED, Status.STOPPED)


def now_or(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def has_role(user: User | None, roles: Sequence[str], agency: Agency) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return agency_list_for_user(user=user, roles=roles).filter(pk=agency.pk).exists()


def require_role(user: User | None, roles: Sequence[str], agency: Agency, message: str) -> None:
    if not has_role(user, roles, agency):
        raise PermissionDenied(message)


def is_applicant_side(user: User | None, dossier: Dossier) -> bool:
    return (
        user is not None
        and user.pk is not None
        and user.pk in {dossier.submitted_by_id, dossier.applicant_user_id, dossier.assisted_by_id}
    )


def require_payable(dossier: Dossier) -> None:
    """The dossier has a code, is not closed and has fees; ValidationError on ``dossier``."""
    if dossier.status in CLOSED or not dossier.code:
        raise ValidationError(
            {
                "dossier": [
                    _(
                        "Hồ sơ đang ở trạng thái “%(s)s” nên không nộp phí được. Chỉ hồ sơ đã "
                        "nộp và chưa kết thúc mới nộp phí."
                    )
                    % {"s": Status(dossier.status).label}
                ]
            }
        )
    if dossier.fee_amount <= 0:
        raise ValidationError({"dossier": [_("Thủ tục của hồ sơ này không thu phí, lệ phí.")]})


def ledger_lock(dossier: Dossier | int) -> DossierLedger:
    """The dossier's ledger row, created if needed and locked until the transaction ends."""
    dossier_id = dossier if isinstance(dossier, int) else dossier.pk
    DossierLedger.objects.get_or_create(dossier_id=dossier_id)
    return DossierLedger.objects.select_for_update().get(dossier_id=dossier_id)


def outstanding(dossier: Dossier, ledger: DossierLedger) -> int:
    return max(int(dossier.fee_amount) - int(ledger.paid_amount), 0)


def payment_new(
    *,
    dossier: Dossier,
    method: str,
    amount: int,
    at: dt.datetime,
    created_by: User | None,
    **fields: Any,
) -> Payment:
    """Insert a pending payment with a fresh unique reference (retried on a collision)."""
    for _attempt in range(5):
        payment = Payment(
            dossier=dossier,
            agency_id=dossier.receiving_agency_id,
            procedure_code=dossier.procedure_version.procedure.code,
            method=method,
            amount=amount,
            reference=reference_new(),
            created_at=at,
            created_by=created_by if created_by is not None and created_by.pk else None,
            payer_name=dossier.applicant_name,
            **fields,
        )
        try:
            with transaction.atomic():
                payment.save()
        except IntegrityError:
            if Payment.objects.filter(reference=payment.reference).exists():
                continue
            raise
        return payment
    raise RuntimeError("could not draw a unique payment reference")  # ~never: 45 random bits


def receipt_number_next(*, agency_id: int, year: int) -> int:
    """Next receipt number of the agency in ``year``: one atomic UPDATE on the counter row,
    which stays locked until the caller's transaction ends (no two receipts share a number)."""
    counters = ReceiptCounter.objects.filter(agency_id=agency_id, year=year)
    if not counters.update(last_number=F("last_number") + 1):
        try:
            with transaction.atomic():
                ReceiptCounter.objects.create(agency_id=agency_id, year=year, last_number=1)
        except IntegrityError:
            counters.update(last_number=F("last_number") + 1)
    return int(counters.values_list("last_number", flat=True).get())


def confirm(
    payment: Payment,
    *,
    ledger: DossierLedger,
    actor: User | None,
    at: dt.datetime,
    via: str,
    gateway_txn_id: str | None = None,
    bank_txn_id: str | None = None,
) -> Receipt:
    """Mark ``payment`` paid, count it in the ledger and issue its receipt.

    Caller holds the ledger lock and the payment's row lock, and has checked reference and
    amount. The receipt's PDF is rendered after commit (and on first download if needed).
    """
    previous = payment.status
    payment.status = PaymentStatus.PAID
    payment.paid_at = at
    payment.failure_reason = ""
    fields = ["status", "paid_at", "failure_reason"]
    if gateway_txn_id:
        payment.gateway_txn_id = gateway_txn_id
        fields.append("gateway_txn_id")
    if bank_txn_id:
        payment.bank_txn_id = bank_txn_id
        fields.append("bank_txn_id")
    payment.save(update_fields=fields)
    ledger.paid_amount += payment.amount
    if payment.method in ONLINE_METHODS:
        ledger.paid_online = True
    ledger.save(update_fields=["paid_amount", "paid_online", "updated_at"])
    local = timezone.localtime(at)
    receipt = Receipt.objects.create(
        payment=payment,
        agency_id=payment.agency_id,
        year=local.year,
        number=receipt_number_next(agency_id=payment.agency_id, year=local.year),
        issued_at=at,
    )
    dossier = payment.dossier
    audit_record(
        actor=actor,
        action="payment.confirm",
        obj=payment,
        agency_id=payment.agency_id,
        data={
            "dossier": dossier.code,
            "reference": payment.reference,
            "method": payment.method,
            "amount": payment.amount,
            "via": via,
            "before": previous,
            "receipt": receipt.label,
            "gateway_txn_id": payment.gateway_txn_id,
            "bank_txn_id": payment.bank_txn_id,
            "paid_total": ledger.paid_amount,
            "required": dossier.fee_amount,
        },
    )
    dossier_log(
        payment,
        actor=actor,
        action=Action.PAY,
        at=at,
        data={
            "amount": payment.amount,
            "method": payment.method,
            "method_label": str(Method(payment.method).label),
            "reference": payment.reference,
            "receipt": receipt.label,
            "paid_total": ledger.paid_amount,
            "required": dossier.fee_amount,
        },
    )
    _notify_paid(payment, receipt, ledger)
    from motcua.payments.tasks import receipt_render_task

    receipt_id = receipt.pk
    transaction.on_commit(lambda: receipt_render_task.enqueue(receipt_id))
    return receipt


def dossier_log(
    payment: Payment, *, actor: User | None, action: str, at: dt.datetime, data: dict[str, Any]
) -> None:
    """Append a money event (paid, refunded) to the dossier's own log, so its timeline shows it.

    The status does not change (``from_status == to_status``) and the transition table is not
    asked: money never moves a dossier by itself. Caller holds the ledger and payment locks;
    the dossier row is locked last (the chain head moves).
    """
    with override("vi"):
        dossier = Dossier.objects.select_for_update().get(pk=payment.dossier_id)
        event_append(
            dossier=dossier,
            actor=actor,
            action=action,
            from_status=dossier.status,
            to_status=dossier.status,
            at=at,
            agency_id=payment.agency_id,
            data=data,
        )
        dossier.save(update_fields=["event_seq", "event_head"])


def _notify_paid(payment: Payment, receipt: Receipt, ledger: DossierLedger) -> None:
    dossier = payment.dossier
    if not dossier.applicant_email:
        return
    from motcua.notifications.services import notification_enqueue

    base = settings.MOTCUA_PUBLIC_URL.rstrip("/")
    with override("vi"):
        notification_enqueue(
            channel="email",
            to=dossier.applicant_email,
            subject=_("Đã nhận %(amount)s đồng phí, lệ phí hồ sơ %(code)s")
            % {"amount": f"{payment.amount:,}".replace(",", "."), "code": dossier.code},
            template="payments/email/paid.txt",
            context={
                "applicant_name": dossier.applicant_name,
                "code": dossier.code,
                "amount": f"{payment.amount:,}".replace(",", "."),
                "method": str(Method(payment.method).label),
                "receipt": receipt.label,
                "paid_total": f"{ledger.paid_amount:,}".replace(",", "."),
                "required": f"{dossier.fee_amount:,}".replace(",", "."),
                "url": f"{base}/thanh-toan/{dossier.code}/",
                "agency_name": payment.agency.name,
                "site_name": settings.MOTCUA_SITE_NAME,
            },
            dedupe_key=f"payment:{payment.pk}:paid:email",
            agency_id=payment.agency_id,
            related=payment,
        )


def lock_payment(payment_id: int) -> Payment:
    return (
        Payment.objects.select_for_update(of=("self",))
        .select_related(
            "dossier",
            "dossier__procedure_version",
            "dossier__procedure_version__procedure",
            "agency",
        )
        .get(pk=payment_id)
    )
