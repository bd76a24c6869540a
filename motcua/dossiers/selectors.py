"""Reads of dossiers, always scoped to the person asking.

- Staff see the dossiers received at, or to be decided by, an agency their roles cover; any
  other dossier answers 404, exactly like one that does not exist.
- Residents see their own dossiers (filed by them, for them, or with their help).
- The public sees, with the code and the secret printed on slip 01, a masked summary.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.codes import secret_matches
from motcua.dossiers.constants import AWAITING_DESK, PUBLIC_ACTIONS, Action, Channel, Status
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent, DossierFile
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user, agency_subtree

#: Roles that work on dossiers (and so may read them in their agencies).
STAFF_ROLES = (
    Role.DESK_OFFICER,
    Role.SPECIALIST,
    Role.LEADER,
    Role.CLERK,
    Role.SUPERVISOR,
    Role.ADMIN,
)


def _base() -> QuerySet[Dossier]:
    return Dossier.objects.select_related(
        "procedure_version",
        "procedure_version__procedure",
        "receiving_agency",
        "competent_agency",
    )


def _with_components(qs: QuerySet[Dossier]) -> QuerySet[Dossier]:
    files = DossierFile.objects.select_related("stored_file").order_by("id")
    return qs.prefetch_related(
        Prefetch(
            "components",
            queryset=DossierComponent.objects.order_by("order").prefetch_related(
                Prefetch("attachments", queryset=files)
            ),
        )
    )


def staff_agency_ids(*, user: User, roles: Sequence[str] = STAFF_ROLES) -> QuerySet[Agency]:
    return agency_list_for_user(user=user, roles=roles).values("pk")  # type: ignore[return-value]


def dossier_list_for_staff(*, user: User) -> QuerySet[Dossier]:
    """Dossiers received at or decided by the agencies the user's staff roles cover."""
    agencies = staff_agency_ids(user=user)
    return (
        _base()
        .exclude(status=Status.DRAFT)
        .filter(Q(receiving_agency__in=agencies) | Q(competent_agency__in=agencies))
    )


def dossier_get_for_staff(*, user: User, pk: int) -> Dossier:
    """One dossier with its components and files; 404 outside the user's agencies."""
    dossier = _with_components(dossier_list_for_staff(user=user)).filter(pk=pk).first()
    if dossier is None:
        raise Http404("dossier")
    return dossier


def desk_queue(*, user: User, agency: Agency | None = None) -> QuerySet[Dossier]:
    """Dossiers waiting for the desk's check at the agencies where the user is a desk
    officer (online ones included), oldest first."""
    agencies = staff_agency_ids(user=user, roles=[Role.DESK_OFFICER])
    qs = _base().filter(
        receiving_agency__in=agencies, status__in=AWAITING_DESK, received_at__isnull=True
    )
    if agency is not None:
        qs = qs.filter(receiving_agency=agency)
    return qs.order_by("submitted_at", "id")


def desk_agencies(*, user: User) -> QuerySet[Agency]:
    """Agencies in which the user may receive dossiers (desk officer)."""
    return agency_list_for_user(user=user, roles=[Role.DESK_OFFICER]).order_by("path")


def user_is_desk_officer(*, user: User) -> bool:
    return desk_agencies(user=user).exists()


def dossier_list_for_applicant(*, user: User) -> QuerySet[Dossier]:
    """'My dossiers': filed by the user, for the user, or with the user's help."""
    if not user.is_authenticated:
        return Dossier.objects.none()
    return (
        _base()
        .filter(Q(applicant_user=user) | Q(submitted_by=user) | Q(assisted_by=user))
        .exclude(status=Status.WITHDRAWN, code__isnull=True)
        .order_by("-updated_at", "-id")
    )


def dossier_get_for_applicant(*, user: User, pk: int) -> Dossier:
    dossier = _with_components(dossier_list_for_applicant(user=user)).filter(pk=pk).first()
    if dossier is None:
        raise Http404("dossier")
    return dossier


def dossier_events(*, dossier: Dossier, public_only: bool = False) -> list[DossierEvent]:
    """The dossier's log, oldest first (the caller already may read the dossier)."""
    qs = DossierEvent.objects.filter(dossier=dossier).select_related("actor").order_by("seq")
    if public_only:
        qs = qs.filter(action__in=[a.value for a in PUBLIC_ACTIONS])
    return list(qs)


def last_event(*, dossier: Dossier, action: str) -> DossierEvent | None:
    return DossierEvent.objects.filter(dossier=dossier, action=action).order_by("-seq").first()


#: Short-lived, per-process memo of the look-ups every filing repeats (which version is in
#: force, which agency has a code, through which channels it applies a procedure). Catalogue
#: and organisation changes reach new filings within LOOKUP_SECONDS.
LOOKUP_SECONDS = 60.0
_lookups: dict[tuple[Any, ...], tuple[float, Any]] = {}


def _memo(key: tuple[Any, ...], load: Any) -> Any:
    now = time.monotonic()
    hit = _lookups.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    if len(_lookups) > 8192:
        _lookups.clear()
    _lookups[key] = (now + LOOKUP_SECONDS, value)
    return value


def lookups_clear() -> None:
    """Forget memoised look-ups (tests, after a catalogue import)."""
    _lookups.clear()


def version_for_filing(*, code: str, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version of procedure ``code`` in force on ``on`` (today): the one a dossier filed now
    keeps. One query (memoised briefly); components and fees come from the services' cache."""
    day = on or timezone.localdate()

    def load() -> ProcedureVersion | None:
        return (
            ProcedureVersion.objects.in_force(day)
            .filter(procedure__code=code)
            .select_related("procedure")
            .order_by("-effective_from", "-number")
            .first()
        )

    found: ProcedureVersion | None = _memo(("version", code, day), load)
    return found


def agency_for_filing(*, code: str) -> Agency | None:
    """An agency by code, for filing (names and codes are public)."""
    found: Agency | None = _memo(("agency", code), lambda: Agency.objects.filter(code=code).first())
    return found


def assignment_channels(*, procedure_id: int, agency_id: int, on: dt.date) -> list[int] | None:
    """Channels through which the agency applies the procedure on ``on``; None if it does not."""
    from motcua.catalog.models import ProcedureAssignment

    def load() -> list[int] | None:
        channels = (
            ProcedureAssignment.objects.filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=on),
                procedure_id=procedure_id,
                agency_id=agency_id,
                valid_from__lte=on,
            )
            .values_list("channels", flat=True)
            .first()
        )
        return None if channels is None else [int(c) for c in channels or []]

    found: list[int] | None = _memo(("assignment", procedure_id, agency_id, on), load)
    return found


def mask_name(name: str) -> str:
    """'Nguyễn Văn An' -> 'N*** V** An': initials and the given name only."""
    words = name.split()
    if not words:
        return ""
    masked = [w[0] + "*" * (len(w) - 1) for w in words[:-1]]
    return " ".join([*masked, words[-1]])


@dataclass(frozen=True)
class TrackingStep:
    at: Any
    action: str
    label: str
    status_label: str


@dataclass(frozen=True)
class TrackingView:
    """What the public tracking page may show: nothing personal beyond a masked name."""

    code: str
    applicant: str
    procedure_code: str
    procedure_name: str
    agency_name: str
    competent_name: str
    status: str
    status_label: str
    submitted_at: Any
    received_at: Any
    due_at: Any
    timeline: list[TrackingStep] = field(default_factory=list)
    missing: list[dict[str, str]] = field(default_factory=list)
    refusal_reason: str = ""
    timeliness: str = ""
    #: New appointment given by form 04 (apology), if any; ``due_at`` stays the statutory one.
    new_appointment_at: Any = None


def tracking_view(*, dossier: Dossier) -> TrackingView:
    steps = [
        TrackingStep(
            at=e.at,
            action=e.action,
            label=str(Action(e.action).label),
            status_label=str(Status(e.to_status).label),
        )
        for e in dossier_events(dossier=dossier, public_only=True)
    ]
    missing: list[dict[str, str]] = []
    refusal = ""
    if dossier.status == Status.SUPPLEMENT_REQUESTED:
        event = last_event(dossier=dossier, action=Action.REQUEST_SUPPLEMENT)
        if event is not None:
            missing = [
                {"name": str(i.get("name", "")), "reason": str(i.get("reason", ""))}
                for i in event.data.get("items", [])
            ]
    if dossier.status == Status.REFUSED:
        event = last_event(dossier=dossier, action=Action.REFUSE)
        refusal = str(event.data.get("reason", "")) if event is not None else ""
    new_appointment = None
    extend = last_event(dossier=dossier, action=Action.EXTEND) if dossier.received_at else None
    if extend is not None and extend.data.get("new_appointment_at"):
        new_appointment = parse_datetime(str(extend.data["new_appointment_at"]))
    timeliness = ""
    if dossier.due_at is not None and dossier.status not in (
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.STOPPED,
    ):
        from motcua.core.clock import classify

        timeliness = classify(dossier.due_at, None, timezone.now()).value
    return TrackingView(
        code=dossier.code or "",
        applicant=mask_name(dossier.applicant_name),
        procedure_code=dossier.procedure_version.procedure.code,
        procedure_name=dossier.procedure_version.name,
        agency_name=dossier.receiving_agency.name,
        competent_name=dossier.competent_agency.name,
        status=dossier.status,
        status_label=str(Status(dossier.status).label),
        submitted_at=dossier.submitted_at,
        received_at=dossier.received_at,
        due_at=dossier.due_at,
        timeline=steps,
        missing=missing,
        refusal_reason=refusal,
        timeliness=timeliness,
        new_appointment_at=new_appointment,
    )


def dossier_track(*, code: str, secret: str) -> TrackingView | None:
    """The public view of a dossier, if the code and the secret match (None otherwise).

    Looked up by the (unique) code, then the secret compared in constant time.
    """
    code = (code or "").strip().upper()
    if not code or len(code) > 40:
        return None
    dossier = _base().filter(code=code).exclude(status=Status.DRAFT).first()
    if dossier is None or not secret_matches(dossier.tracking_secret, secret):
        return None
    return tracking_view(dossier=dossier)


def dossier_track_for_owner(*, user: User, code: str) -> TrackingView | None:
    """The signed-in applicant may follow their own dossier by its code alone."""
    code = (code or "").strip().upper()
    dossier = dossier_list_for_applicant(user=user).filter(code=code).first()
    return tracking_view(dossier=dossier) if dossier is not None else None


def file_for_staff(*, user: User, dossier_pk: int, attachment_pk: int) -> DossierFile:
    dossier = dossier_get_for_staff(user=user, pk=dossier_pk)
    return _attachment_of(dossier, attachment_pk)


def file_for_applicant(*, user: User, dossier_pk: int, attachment_pk: int) -> DossierFile:
    dossier = dossier_get_for_applicant(user=user, pk=dossier_pk)
    return _attachment_of(dossier, attachment_pk)


def _attachment_of(dossier: Dossier, attachment_pk: int) -> DossierFile:
    attachment = (
        DossierFile.objects.filter(pk=attachment_pk, dossier_component__dossier=dossier)
        .select_related("stored_file")
        .first()
    )
    if attachment is None:
        raise Http404("file")
    return attachment


def draft_for_procedure(*, user: User, procedure_code: str) -> Dossier | None:
    """The user's newest draft of a procedure, to resume it."""
    return (
        dossier_list_for_applicant(user=user)
        .filter(
            status=Status.DRAFT,
            submitted_by=user,
            procedure_version__procedure__code=procedure_code,
        )
        .order_by("-updated_at")
        .first()
    )


def assisted_filings_count(*, agency: Agency, start: dt.date, end: dt.date) -> int:
    """Online dossiers filed with a support-team member's help (``assisted_by`` set), received
    at or decided by ``agency`` or a unit under it, submitted from ``start`` to ``end``
    (local dates, both included). A count for the reform report: no dossier is shown."""
    low = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    high = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    ids = list(agency_subtree(agency=agency).values_list("pk", flat=True))
    return (
        Dossier.objects.filter(
            Q(receiving_agency_id__in=ids) | Q(competent_agency_id__in=ids),
            channel=Channel.ONLINE,
            assisted_by__isnull=False,
            submitted_at__gte=low,
            submitted_at__lt=high,
        )
        .exclude(status=Status.DRAFT)
        .count()
    )
