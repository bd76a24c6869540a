"""Reads of fees and payments. Those a person sees are scoped to them:

- residents see the dossiers they filed, were filed for, or helped with;
- desk officers take payments for dossiers received at their agencies;
- leaders, administrators and supervisors see collections of their agencies' subtrees.

Public functions for other apps: :func:`dossier_payment_status` (national-portal export,
index), :func:`dossier_payment_blocks` (processing steps), :func:`dossier_fee_breakdown`
(intake pages, slip 01).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_list_for_applicant, dossier_list_for_staff
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user
from motcua.payments.constants import (
    ONLINE_METHODS,
    SETTLED,
    DossierPaymentState,
    Gate,
    Method,
)
from motcua.payments.fees import FeeBreakdown, fee_breakdown_of
from motcua.payments.models import (
    AgencyBankAccount,
    DossierLedger,
    Payment,
    PaymentCallbackLog,
    PaymentRequirement,
    Receipt,
    StatementImport,
    StatementLine,
)

#: Roles that see collections, statements and gateway logs of their agencies.
REPORT_ROLES = (Role.LEADER, Role.ADMIN, Role.SUPERVISOR)
FINANCE_ROLES = (Role.LEADER, Role.ADMIN)


class PaymentStatusDict(TypedDict):
    required: int
    paid: int
    status: str
    online: bool


# --- For other apps --------------------------------------------------------------------------


def dossier_payment_status(dossier: Dossier) -> PaymentStatusDict:
    """What is owed and what was paid (net of refunds), in đồng.

    ``status``: "not_required" (no fee), "unpaid", "partial" or "paid"; ``online``: at least
    one confirmed payment came through VietQR or a gateway.
    """
    ledger = DossierLedger.objects.filter(dossier_id=dossier.pk).first()
    return _status(dossier, ledger)


def _status(dossier: Dossier, ledger: DossierLedger | None) -> PaymentStatusDict:
    required = int(dossier.fee_amount)
    paid = int(ledger.paid_amount) if ledger else 0
    online = bool(ledger and ledger.paid_online)
    if required <= 0:
        status = DossierPaymentState.NOT_REQUIRED
    elif paid >= required:
        status = DossierPaymentState.PAID
    elif paid > 0:
        status = DossierPaymentState.PARTIAL
    else:
        status = DossierPaymentState.UNPAID
    return {"required": required, "paid": paid, "status": str(status), "online": online}


def requirement_for(*, dossier: Dossier) -> PaymentRequirement | None:
    return PaymentRequirement.objects.filter(
        procedure_id=dossier.procedure_version.procedure_id
    ).first()


def _rank(step: str) -> int | None:
    if step == Gate.ACCEPT:
        return 0
    if step == Gate.RETURN:
        return 10**6
    return int(step) if step.isdigit() else None


def dossier_payment_blocks(dossier: Dossier, step_code: str | None) -> str | None:
    """A Vietnamese reason why the dossier may not pass ``step_code`` yet, or None.

    The procedure's :class:`PaymentRequirement` says before which point the fees are due:
    "accept", an internal-process step by order number ("3"), or "return". A step at or after
    that point is blocked while the dossier is not fully paid; "accept" comes before every
    step and "return" after every step. ``step_code`` None asks "may the dossier move on at
    all?" and is blocked whenever a requirement exists and fees are unpaid. Dossiers without
    fees, and procedures without a requirement, are never blocked.
    """
    if dossier.fee_amount <= 0:
        return None
    requirement = requirement_for(dossier=dossier)
    if requirement is None:
        return None
    if step_code is not None:
        gate, asked = _rank(requirement.before_step), _rank(str(step_code).strip().lower())
        if gate is None or asked is None:
            if str(step_code).strip().lower() != requirement.before_step:
                return None
        elif asked < gate:
            return None
    state = dossier_payment_status(dossier)
    if state["status"] == DossierPaymentState.PAID:
        return None
    owed = state["required"] - state["paid"]
    return _(
        "Hồ sơ %(code)s chưa nộp đủ phí, lệ phí: còn thiếu %(owed)s đồng (đã nộp %(paid)s / "
        "%(required)s đồng). Thủ tục này yêu cầu nộp phí %(when)s."
    ) % {
        "code": dossier.code or "",
        "owed": f"{owed:,}".replace(",", "."),
        "paid": f"{state['paid']:,}".replace(",", "."),
        "required": f"{state['required']:,}".replace(",", "."),
        "when": _gate_text(requirement.before_step),
    }


def _gate_text(step: str) -> str:
    if step == Gate.ACCEPT:
        return _("trước khi tiếp nhận hồ sơ")
    if step == Gate.RETURN:
        return _("trước khi trả kết quả")
    return _("trước bước %(n)s của quy trình nội bộ") % {"n": step}


def dossier_fee_breakdown(dossier: Dossier) -> FeeBreakdown | None:
    """The dossier's fee line by line (None when its quantities cannot be priced)."""
    rules = [rule.spec() for rule in dossier.procedure_version.fees.all()]
    try:
        return fee_breakdown_of(rules, dossier.fee_quantities or {})
    except ValueError:
        return None


def fee_quote(version: Any, quantities: dict[str, int]) -> dict[str, Any]:
    """Fees of a procedure version for ``quantities``, line by line (public information).

    ValidationError naming the quantity when the calculator cannot price it.
    """
    from django.core.exceptions import ValidationError

    from motcua.catalog.fees import FeeError
    from motcua.payments.fees import fee_breakdown

    try:
        breakdown = fee_breakdown(version, quantities)
    except FeeError as exc:
        raise ValidationError({k: [v] for k, v in exc.errors.items()}) from None
    return {
        "procedure": version.procedure.code,
        "total": breakdown.total,
        "quantities": breakdown.quantities,
        "lines": [line.__dict__ for line in breakdown.lines],
    }


def payment_qr_details(payment: Payment) -> dict[str, Any]:
    """The VietQR payload and the transfer details of a pending QR payment."""
    from motcua.payments.vietqr import ascii_text, vietqr_payload

    account = payment.qr_account
    code = payment.dossier.code or ""
    description = f"{payment.reference} {ascii_text('Nop phi ' + code, 12)}".strip()[:25]
    return {
        "payload": vietqr_payload(
            bank_bin=account["bank_bin"],
            account_number=account["account_number"],
            amount=int(payment.amount),
            bill_number=payment.reference,
            purpose=description,
        ),
        "bank_bin": account["bank_bin"],
        "bank_name": account.get("bank_name", ""),
        "account_number": account["account_number"],
        "account_name": account.get("account_name", ""),
        "amount": int(payment.amount),
        "description": description,
    }


# --- Residents ---------------------------------------------------------------------------------


def dossier_for_payer(*, user: User, code: str) -> Dossier:
    """A dossier the user may pay for (applicant side); 404 otherwise."""
    dossier = dossier_list_for_applicant(user=user).filter(code=(code or "").strip().upper())
    found = dossier.first()
    if found is None:
        raise Http404("dossier")
    return found


def payable_dossiers_for(*, user: User) -> list[tuple[Dossier, PaymentStatusDict]]:
    """The user's dossiers that carry fees, newest first, with their payment status."""
    dossiers = list(
        dossier_list_for_applicant(user=user)
        .filter(code__isnull=False, fee_amount__gt=0)
        .select_related("payment_ledger")[:100]
    )
    return [(d, _status(d, getattr(d, "payment_ledger", None))) for d in dossiers]


def dossier_payments(*, dossier: Dossier) -> QuerySet[Payment]:
    """Payments of a dossier the caller may already read, newest first."""
    return (
        Payment.objects.filter(dossier=dossier)
        .select_related("receipt", "received_by")
        .order_by("-created_at", "-id")
    )


def payment_for_payer(*, user: User, code: str, reference: str) -> Payment:
    dossier = dossier_for_payer(user=user, code=code)
    payment = dossier_payments(dossier=dossier).filter(reference=reference.upper()).first()
    if payment is None:
        raise Http404("payment")
    return payment


def receipt_for_payer(*, user: User, code: str, receipt_id: int) -> Receipt:
    dossier = dossier_for_payer(user=user, code=code)
    receipt = Receipt.objects.filter(pk=receipt_id, payment__dossier=dossier).first()
    if receipt is None:
        raise Http404("receipt")
    return receipt


# --- Staff ------------------------------------------------------------------------------------


def dossier_for_staff(*, user: User, code: str) -> Dossier:
    """A dossier received at or decided by the user's agencies; 404 otherwise."""
    found = dossier_list_for_staff(user=user).filter(code=(code or "").strip().upper()).first()
    if found is None:
        raise Http404("dossier")
    return found


def receipt_for_user(*, user: User, receipt_id: int) -> Receipt:
    """A receipt of the user's agencies, or of a dossier the user filed or was filed for."""
    try:
        return receipt_for_staff(user=user, receipt_id=receipt_id)
    except Http404:
        pass
    mine = dossier_list_for_applicant(user=user).values("pk")
    receipt = Receipt.objects.filter(pk=receipt_id, payment__dossier__in=mine).first()
    if receipt is None:
        raise Http404("receipt")
    return receipt


def receipt_for_staff(*, user: User, receipt_id: int) -> Receipt:
    agencies = agency_list_for_user(user=user)
    receipt = Receipt.objects.filter(pk=receipt_id, agency__in=agencies).first()
    if receipt is None:
        raise Http404("receipt")
    return receipt


def payment_for_staff(*, user: User, pk: int) -> Payment:
    agencies = agency_list_for_user(user=user)
    payment = (
        Payment.objects.filter(pk=pk, agency__in=agencies)
        .select_related("dossier", "agency", "receipt")
        .first()
    )
    if payment is None:
        raise Http404("payment")
    return payment


def report_agencies(*, user: User, roles: Sequence[str] = REPORT_ROLES) -> QuerySet[Agency]:
    """Agencies whose collections the user may see (with their subtrees), top first."""
    return agency_list_for_user(user=user, roles=roles).order_by("path")


def report_agency(*, user: User, code: str, roles: Sequence[str] = REPORT_ROLES) -> Agency:
    agency = report_agencies(user=user, roles=roles).filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def statements_for(*, user: User) -> QuerySet[StatementImport]:
    agencies = agency_list_for_user(user=user, roles=FINANCE_ROLES)
    return StatementImport.objects.filter(agency__in=agencies).select_related("agency")


def statement_get(*, user: User, pk: int) -> StatementImport:
    statement = statements_for(user=user).filter(pk=pk).first()
    if statement is None:
        raise Http404("statement")
    return statement


def statement_lines(*, statement: StatementImport, status: str = "") -> QuerySet[StatementLine]:
    lines = statement.lines.select_related("payment").prefetch_related("refunds")
    return lines.filter(status=status) if status else lines


def bank_accounts_for(*, user: User) -> list[tuple[Agency, AgencyBankAccount | None]]:
    """Agencies the user administers, each with its own account (or None)."""
    agencies = list(agency_list_for_user(user=user, roles=[Role.ADMIN]).order_by("path")[:200])
    accounts = {
        a.agency_id: a
        for a in AgencyBankAccount.objects.filter(agency_id__in=[x.pk for x in agencies])
    }
    return [(agency, accounts.get(agency.pk)) for agency in agencies]


def callback_logs_for(*, user: User) -> QuerySet[PaymentCallbackLog]:
    """Gateway messages about the user's agencies' payments; superusers also see messages
    that named no known payment (tampering attempts, unknown references)."""
    logs = PaymentCallbackLog.objects.select_related("payment", "payment__dossier")
    if user.is_superuser:
        return logs
    agencies = agency_list_for_user(user=user, roles=FINANCE_ROLES)
    return logs.filter(payment__agency__in=agencies)


def requirements_list() -> QuerySet[PaymentRequirement]:
    return PaymentRequirement.objects.select_related("procedure").order_by("procedure__code")


# --- Online payment indicators (DOMAIN.md §9) ----------------------------------------------------


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int
    points: float
    target: float | None = None

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        r = self.ratio
        return "n/a" if r is None else f"{r * 100:.2f}%"

    @property
    def score(self) -> float | None:
        r = self.ratio
        if r is None:
            return None
        value = min(1.0, r / self.target) if self.target else r
        return round(value * self.points, 2)


@dataclass(frozen=True)
class OnlinePaymentIndicators:
    integrated: Ratio  # fee-bearing procedures integrated with online payment (2, target 80%)
    used: Ratio  # fee-bearing procedures with real online payments (2)
    dossiers: Ratio  # dossiers paid online ÷ fee-bearing dossiers (6)


def online_payment_indicators(*, user: User, agency: Agency, start: Any, end: Any) -> Any:
    """The three online-payment indicators of the service-quality index for the agency's
    subtree, over dossiers received between ``start`` and ``end`` (local dates, inclusive)."""
    from motcua.payments.collections import period_bounds

    low, high = period_bounds(start, end)
    dossiers = (
        dossier_list_for_staff(user=user)
        .filter(receiving_agency__path__startswith=agency.path, fee_amount__gt=0)
        .filter(submitted_at__gte=low, submitted_at__lt=high)
    )
    fee_dossiers = dossiers.count()
    paid_online = DossierLedger.objects.filter(
        dossier__in=dossiers.values("pk"), paid_online=True
    ).count()
    codes = set(dossiers.values_list("procedure_version__procedure__code", flat=True).distinct())
    codes |= fee_bearing_procedure_codes(agency=agency)
    integrated = set(
        PaymentRequirement.objects.filter(
            procedure__code__in=codes, online_payment_enabled=True
        ).values_list("procedure__code", flat=True)
    )
    used = set(
        Payment.objects.filter(
            agency__path__startswith=agency.path,
            method__in=ONLINE_METHODS,
            status__in=SETTLED,
            paid_at__gte=low,
            paid_at__lt=high,
            procedure_code__in=codes,
        ).values_list("procedure_code", flat=True)
    )
    return OnlinePaymentIndicators(
        integrated=Ratio(len(integrated), len(codes), 2, 0.8),
        used=Ratio(len(used), len(codes), 2),
        dossiers=Ratio(paid_online, fee_dossiers, 6),
    )


def fee_bearing_procedure_codes(*, agency: Agency) -> set[str]:
    """Codes of procedures applied in the agency's subtree whose version in force charges a fee
    (any rule other than an exemption with an amount or tiers)."""
    from django.db.models import Q
    from django.utils import timezone

    from motcua.catalog.constants import FeeKind
    from motcua.catalog.models import FeeRule, ProcedureAssignment, ProcedureVersion

    today = timezone.localdate()
    applied = ProcedureAssignment.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        agency__path__startswith=agency.path,
        valid_from__lte=today,
    ).values("procedure_id")
    versions = ProcedureVersion.objects.in_force(today).filter(procedure_id__in=applied)
    charged = FeeRule.objects.filter(version__in=versions).exclude(kind=FeeKind.EXEMPT)
    charged = charged.filter(Q(amount__gt=0) | ~Q(tiers=""))
    return set(charged.values_list("version__procedure__code", flat=True).distinct())


def method_label(method: str) -> str:
    return str(Method(method).label)
