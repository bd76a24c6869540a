"""Reads after processing, scoped to the person asking: results waiting to be returned, the
signed result for its owner, the tracking book (form 06), rating counts, the national-portal
sync records."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.delivery.constants import RatingValue
from motcua.delivery.models import Rating, ResultReturn
from motcua.delivery.services import is_owner
from motcua.dossiers.codes import secret_matches
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.selectors import (
    STAFF_ROLES,
    dossier_list_for_applicant,
    dossier_list_for_staff,
)
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user

# --- Returning results ----------------------------------------------------------------------


def return_desk_agencies(*, user: User) -> QuerySet[Agency]:
    return agency_list_for_user(user=user, roles=[Role.DESK_OFFICER]).order_by("path")


def return_queue(*, user: User, agency: Agency | None = None) -> QuerySet[Dossier]:
    """Processed dossiers whose result the user's desks hand over (receiving or competent
    agency among them), the earliest appointment first."""
    agencies = return_desk_agencies(user=user).values("pk")
    qs = dossier_list_for_staff(user=user).filter(
        Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies),
        status=Status.PROCESSED,
    )
    if agency is not None:
        qs = qs.filter(Q(receiving_agency=agency) | Q(competent_agency=agency))
    return qs.order_by("due_at", "id")


def dossier_for_return(*, user: User, pk: int) -> Dossier:
    """A dossier the user's staff roles cover (404 otherwise), with its return record."""
    dossier = (
        dossier_list_for_staff(user=user).select_related("result_return").filter(pk=pk).first()
    )
    if dossier is None:
        raise Http404("dossier")
    return dossier


def dossier_for_owner(*, user: User, pk: int) -> Dossier:
    """The owner's own dossier (not a support member's or a stranger's): 404 otherwise."""
    dossier = dossier_list_for_applicant(user=user).filter(pk=pk).first()
    if dossier is None or not is_owner(user, dossier):
        raise Http404("dossier")
    return dossier


def dossier_for_secret(*, code: str, secret: str) -> Dossier:
    """The dossier whose code and tracking secret match (404 otherwise)."""
    code = (code or "").strip().upper()
    dossier = (
        Dossier.objects.select_related("receiving_agency", "competent_agency")
        .filter(code=code)
        .exclude(status=Status.DRAFT)
        .first()
        if code and len(code) <= 40
        else None
    )
    if dossier is None or not secret_matches(dossier.tracking_secret, secret or ""):
        raise Http404("dossier")
    return dossier


def last_event_of(dossier: Dossier, action: str) -> DossierEvent | None:
    return DossierEvent.objects.filter(dossier=dossier, action=action).order_by("-seq").first()


# --- Ratings ----------------------------------------------------------------------------------


def report_agencies(*, user: User) -> QuerySet[Agency]:
    """Agencies the user may read reports of (any staff role covers the subtree)."""
    return agency_list_for_user(user=user, roles=STAFF_ROLES).order_by("path")


def report_agency(*, user: User, code: str) -> Agency:
    agency = report_agencies(user=user).filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Local days [start, end] as aware instants [from, to)."""
    tz = timezone.get_current_timezone()
    low = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return low, high


def rating_counts(*, user: User, agency: Agency, start: dt.date, end: dt.date) -> dict[str, int]:
    """Ratings given in the local days [start, end] of dossiers decided in the agency's
    subtree: one count per level plus ``total`` (for the satisfaction indicator)."""
    if not report_agencies(user=user).filter(pk=agency.pk).exists():
        raise Http404("agency")
    low, high = _bounds(start, end)
    rows = (
        Rating.objects.filter(
            agency__path__startswith=agency.path, rated_at__gte=low, rated_at__lt=high
        )
        .values("value")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(RatingValue.values, 0)
    for row in rows:
        counts[row["value"]] = row["n"]
    counts["total"] = sum(counts[v] for v in RatingValue.values)
    return counts


# --- Form 06, the tracking book ---------------------------------------------------------------


@dataclass(frozen=True)
class BookRow:
    seq: int
    dossier_id: int
    dossier_code: str
    applicant_name: str
    applicant_contact: str
    procedure_code: str
    procedure_name: str
    lead_agency: str
    received_at: dt.datetime | None
    appointment_at: dt.datetime | None
    transferred_at: dt.datetime | None
    result_received_at: dt.datetime | None
    returned_at: dt.datetime | None
    recipient: str
    status: str
    status_label: str
    note: str

    def as_slip_row(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "dossier_code": self.dossier_code,
            "applicant_name": self.applicant_name,
            "applicant_contact": self.applicant_contact,
            "procedure_name": self.procedure_name,
            "lead_agency": self.lead_agency,
            "received_at": self.received_at,
            "appointment_at": self.appointment_at,
            "transferred_at": self.transferred_at,
            "result_received_at": self.result_received_at,
            "returned_at": self.returned_at,
            "recipient": self.recipient,
            "note": self.note or self.status_label,
        }


#: Events the book reads: the transfer to the competent unit, the end of processing.
_BOOK_ACTIONS = (Action.START_PROCESSING, Action.COMPLETE, Action.STOP, Action.REFUSE)


def book_agencies(*, user: User) -> QuerySet[Agency]:
    """Desks whose book the user may read: staff roles at the agency or above it."""
    return agency_list_for_user(user=user, roles=STAFF_ROLES).order_by("path")


def book_agency(*, user: User, code: str) -> Agency:
    agency = book_agencies(user=user).filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def tracking_book(*, user: User, agency: Agency, start: dt.date, end: dt.date) -> list[BookRow]:
    """Form 06 of one desk: every dossier it received (accepted) in the local days
    [start, end], in order of receipt. 404 when the agency is outside the user's roles."""
    if not book_agencies(user=user).filter(pk=agency.pk).exists():
        raise Http404("agency")
    low, high = _bounds(start, end)
    events = DossierEvent.objects.filter(action__in=_BOOK_ACTIONS).order_by("seq")
    dossiers = (
        Dossier.objects.filter(receiving_agency=agency, received_at__gte=low, received_at__lt=high)
        .select_related("procedure_version__procedure", "competent_agency", "result_return")
        .prefetch_related(Prefetch("events", queryset=events, to_attr="book_events"))
        .order_by("received_at", "id")
    )
    rows = []
    for seq, dossier in enumerate(dossiers, start=1):
        transferred = result_at = None
        for event in dossier.book_events:
            if event.action == Action.START_PROCESSING and transferred is None:
                transferred = event.at
            elif event.action in (Action.COMPLETE, Action.STOP, Action.REFUSE):
                result_at = event.at
        record: ResultReturn | None = getattr(dossier, "result_return", None)
        contact = ", ".join(p for p in (dossier.applicant_address, dossier.applicant_phone) if p)
        rows.append(
            BookRow(
                seq=seq,
                dossier_id=dossier.pk,
                dossier_code=dossier.code or "",
                applicant_name=dossier.applicant_name,
                applicant_contact=contact,
                procedure_code=dossier.procedure_version.procedure.code,
                procedure_name=dossier.procedure_version.name,
                lead_agency=dossier.competent_agency.name,
                received_at=dossier.received_at,
                appointment_at=dossier.due_at,
                transferred_at=transferred,
                result_received_at=result_at,
                returned_at=dossier.returned_at,
                recipient=record.recipient_text if record is not None else "",
                status=dossier.status,
                status_label=str(Status(dossier.status).label),
                note="",
            )
        )
    return rows


# --- National portal sync ---------------------------------------------------------------------


def sync_agencies(*, user: User) -> QuerySet[Agency]:
    return agency_list_for_user(user=user, roles=STAFF_ROLES)


def _moved_in(start: dt.date, end: dt.date) -> Exists:
    """The dossier has an event in the local days [start, end]. A correlated EXISTS, so a
    page walks dossiers by id and stops at the page size instead of collecting every id."""
    low, high = _bounds(start, end)
    return Exists(DossierEvent.objects.filter(dossier_id=OuterRef("pk"), at__gte=low, at__lt=high))


def sync_dossiers(
    *,
    user: User,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    after_id: int = 0,
    limit: int = 100,
) -> list[Dossier]:
    """Dossiers with at least one event in the local days [start, end] that the user may
    read (received at or decided by their agencies; under ``agency`` when given), by id after
    ``after_id``, at most ``limit`` of them."""
    qs = dossier_list_for_staff(user=user).filter(_moved_in(start, end), pk__gt=after_id)
    if agency is not None:
        qs = qs.filter(
            Q(receiving_agency__path__startswith=agency.path)
            | Q(competent_agency__path__startswith=agency.path)
        )
    return list(qs.exclude(code__isnull=True).order_by("pk")[:limit])


def sync_dossiers_all(
    *,
    start: dt.date,
    end: dt.date,
    agency: Agency | None = None,
    after_id: int = 0,
    limit: int = 500,
) -> list[Dossier]:
    """The same batch for the operator's ``manage.py sync_export`` (no user: the whole
    installation, or one agency's subtree)."""
    qs = Dossier.objects.select_related(
        "procedure_version__procedure", "receiving_agency", "competent_agency"
    ).filter(_moved_in(start, end), pk__gt=after_id)
    if agency is not None:
        qs = qs.filter(
            Q(receiving_agency__path__startswith=agency.path)
            | Q(competent_agency__path__startswith=agency.path)
        )
    return list(qs.exclude(code__isnull=True).exclude(status=Status.DRAFT).order_by("pk")[:limit])


def sync_dossier(*, user: User, code: str) -> Dossier:
    dossier = dossier_list_for_staff(user=user).filter(code=(code or "").strip().upper()).first()
    if dossier is None:
        raise Http404("dossier")
    return dossier


def _ts(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def _portal_ts(value: dt.datetime | None) -> str:
    """The portal's compact local form yyyyMMddHHmmss ('' when empty)."""
    return timezone.localtime(value).strftime("%Y%m%d%H%M%S") if value is not None else ""


def sync_records(dossiers: list[Dossier]) -> list[dict[str, Any]]:
    """The sync record of each dossier (see docs/delivery.md for the field mapping).

    Reads events, results and return records for the whole list at once; the payment
    status comes from the payments app's selector, one small query per dossier that has fees.
    """
    from motcua.delivery.constants import DVCQG_RETURN_MODE, DVCQG_STATUS
    from motcua.documents.models import SignedResult
    from motcua.documents.signing import verification_url
    from motcua.payments.selectors import dossier_payment_status

    if not dossiers:
        return []
    ids = [d.pk for d in dossiers]
    history: dict[int, list[DossierEvent]] = defaultdict(list)
    for event in (
        DossierEvent.objects.filter(dossier_id__in=ids)
        .exclude(to_status=Status.DRAFT)
        .order_by("dossier_id", "seq")
        .only("dossier_id", "seq", "at", "action", "from_status", "to_status")
    ):
        history[event.dossier_id].append(event)
    codes = [d.code for d in dossiers if d.code]
    results: dict[str, SignedResult] = {}
    for signed in SignedResult.objects.filter(
        related_type="dossier", related_id__in=codes
    ).order_by("signed_at"):
        results[signed.related_id] = signed  # the newest wins
    agencies = {
        a.pk: a
        for a in Agency.objects.filter(
            pk__in={d.receiving_agency_id for d in dossiers}
            | {d.competent_agency_id for d in dossiers}
        )
    }
    out = []
    for dossier in dossiers:
        events = history.get(dossier.pk, [])
        ended = None
        for event in events:
            if event.action in (Action.COMPLETE, Action.STOP, Action.REFUSE, Action.WITHDRAW):
                ended = event.at
        receiving = agencies[dossier.receiving_agency_id]
        competent = agencies[dossier.competent_agency_id]
        result: SignedResult | None = results.get(dossier.code or "")
        payment = (
            dossier_payment_status(dossier)
            if dossier.fee_amount > 0
            else {"required": 0, "paid": 0, "status": "not_required", "online": False}
        )
        status_history = [
            {
                "at": _ts(e.at),
                "action": e.action,
                "from_status": e.from_status,
                "to_status": e.to_status,
                "status_code": DVCQG_STATUS.get(e.to_status),
            }
            for e in events
            if e.from_status != e.to_status
        ]
        record: dict[str, Any] = {
            "code": dossier.code,
            "procedure_code": dossier.procedure_version.procedure.code,
            "procedure_name": dossier.procedure_version.name,
            "receiving_agency": {
                "code": receiving.code,
                "electronic_id": receiving.electronic_id,
                "admin_unit_code": receiving.admin_unit_code,
            },
            "competent_agency": {
                "code": competent.code,
                "electronic_id": competent.electronic_id,
                "admin_unit_code": competent.admin_unit_code,
            },
            "channel": int(dossier.channel),
            "status": dossier.status,
            "status_code": DVCQG_STATUS.get(dossier.status),
            "submitted_at": _ts(dossier.submitted_at),
            "received_at": _ts(dossier.received_at),
            "appointment_at": _ts(dossier.due_at),
            "processing_ended_at": _ts(ended),
            "returned_at": _ts(dossier.returned_at),
            "return_mode": dossier.return_mode or None,
            "result": (
                {
                    "code": result.code,
                    "number": result.number,
                    "signed_at": _ts(result.signed_at),
                    "verification_url": verification_url(result.code),
                }
                if result is not None
                else None
            ),
            "fee_amount": int(dossier.fee_amount),
            "paid": payment["status"] == "paid",
            "paid_online": bool(payment["online"]),
            "payment_status": payment["status"],
            "digitised": dossier.digitised,
            "reused": dossier.reused,
            "history": status_history,
        }
        record["dvcqg"] = {
            "MaHoSo": dossier.code,
            "MaTTHC": record["procedure_code"],
            "MaCoQuanTiepNhan": receiving.electronic_id,
            "MaCoQuanGiaiQuyet": competent.electronic_id,
            "KenhThucHien": int(dossier.channel),
            "TrangThaiHoSo": record["status_code"],
            "NgayTiepNhan": _portal_ts(dossier.received_at),
            "NgayHenTra": _portal_ts(dossier.due_at),
            "NgayKetThucXuLy": _portal_ts(ended),
            "NgayTra": _portal_ts(dossier.returned_at),
            "HinhThuc": DVCQG_RETURN_MODE.get(dossier.return_mode) if dossier.return_mode else None,
            "MaKetQua": result.code if result is not None else "",
            "DuongDanKetQua": verification_url(result.code) if result is not None else "",
            "DuocThanhToanTrucTuyen": 1 if payment["online"] else 0,
            "HoSoCoThanhPhanSoHoa": 1 if dossier.digitised else 0,
            "TaiSuDungDuLieu": 1 if dossier.reused else 0,
        }
        out.append(record)
    return out
