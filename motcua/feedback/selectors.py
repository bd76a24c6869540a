"""Reads of feedback cases, always scoped to what the caller may see.

Staff see the cases handled by the agencies their grants cover (a grant covers the agency's
subtree); a case outside that scope answers 404 exactly like a code that does not exist.
The sender sees their own case after signing in or with the tracking secret; everyone sees
published answers, which carry no personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.clock import CompiledCalendar
from motcua.feedback import codes
from motcua.feedback.constants import (
    CONTACT_ROLES,
    HANDLE_ROLES,
    TRANSFER_ROLES,
    TRANSITIONS,
    VIEW_ROLES,
    DueKind,
    Kind,
    Queue,
    Rating,
    Status,
)
from motcua.feedback.deadlines import at_risk_horizon
from motcua.feedback.indicators import CaseFacts, Ratio, on_time_ratio, satisfaction_ratio
from motcua.feedback.models import Feedback, FeedbackEvent
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency, RoleGrant
from motcua.organizations.selectors import agency_list_for_user, agency_subtree

# --- Scope and permissions -----------------------------------------------------------------


def _agencies_for(user: User, roles: Iterable[str]) -> QuerySet[Agency]:
    if not user.is_authenticated:
        return Agency.objects.none()
    return agency_list_for_user(user=user, roles=list(roles))


def feedback_visible(*, user: User) -> QuerySet[Feedback]:
    """Cases handled by an agency the user's staff grants cover."""
    return Feedback.objects.filter(agency__in=_agencies_for(user, VIEW_ROLES)).select_related(
        "agency", "named_agency", "assignee"
    )


def feedback_get_for_user(*, user: User, code: str) -> Feedback:
    """The case with this code if the user may see it; 404 otherwise."""
    case = feedback_visible(user=user).filter(code=codes.normalise_code(code)).first()
    if case is None:
        raise Http404("feedback")
    return case


def _covers(user: User, agency: Agency, roles: Iterable[str]) -> bool:
    return _agencies_for(user, roles).filter(pk=agency.pk).exists()


def user_can_handle(*, user: User, agency: Agency) -> bool:
    return _covers(user, agency, HANDLE_ROLES)


def user_can_transfer(*, user: User, agency: Agency) -> bool:
    return _covers(user, agency, TRANSFER_ROLES)


def user_can_see_contact(*, user: User, agency: Agency) -> bool:
    return _covers(user, agency, CONTACT_ROLES)


def user_is_feedback_staff(*, user: User) -> bool:
    return _agencies_for(user, VIEW_ROLES).exists()


@dataclass(frozen=True)
class CasePermissions:
    handle: bool
    transfer: bool
    contact: bool

    def can(self, action: str, status: str) -> bool:
        """Whether the staff member may take ``action`` on a case in ``status`` now."""
        allowed = status in TRANSITIONS.get(action, frozenset())
        if action == "transfer":
            return allowed and self.transfer
        return allowed and self.handle


def case_permissions(*, user: User, feedback: Feedback) -> CasePermissions:
    return CasePermissions(
        handle=user_can_handle(user=user, agency=feedback.agency),
        transfer=user_can_transfer(user=user, agency=feedback.agency),
        contact=user_can_see_contact(user=user, agency=feedback.agency),
    )


def handling_officers(*, agency: Agency) -> QuerySet[User]:
    """Officers who handle feedback in this agency itself (for reminders and assignment)."""
    user_ids = (
        RoleGrant.objects.active()
        .filter(agency=agency, role__in=list(HANDLE_ROLES))
        .values_list("user_id", flat=True)
    )
    return User.objects.filter(pk__in=user_ids, is_active=True).order_by("full_name")


def transfer_targets(*, exclude: Agency | None = None) -> QuerySet[Agency]:
    today = timezone.localdate()
    targets = Agency.objects.valid_on(today).order_by("path")
    if exclude is not None:
        targets = targets.exclude(pk=exclude.pk)
    return targets


# --- Sender access -------------------------------------------------------------------------


def _secret_keys() -> list[str]:
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def feedback_secret_matches(*, feedback: Feedback, secret: str) -> bool:
    return codes.secret_matches(feedback.code, secret, feedback.secret_digest, keys=_secret_keys())


def feedback_for_sender(
    *, code: str, secret: str | None = None, user: User | None = None
) -> Feedback | None:
    """The case if the caller is its sender: signed in as the sender, or with its secret."""
    case = (
        Feedback.objects.select_related("agency", "named_agency", "repeat_of")
        .filter(code=codes.normalise_code(code))
        .first()
    )
    if case is None:
        return None
    if user is not None and user.is_authenticated and case.sender_id == user.pk:
        return case
    if secret and feedback_secret_matches(feedback=case, secret=secret):
        return case
    return None


def feedback_of_sender(*, user: User) -> QuerySet[Feedback]:
    if not user.is_authenticated:
        return Feedback.objects.none()
    return Feedback.objects.filter(sender=user).select_related("agency").order_by("-received_at")


def feedback_events(*, feedback: Feedback, for_sender: bool) -> QuerySet[FeedbackEvent]:
    events = feedback.events.select_related("actor", "agency").order_by("at", "id")
    if for_sender:
        events = events.filter(visible_to_sender=True)
    return events


# --- Published answers ---------------------------------------------------------------------


def feedback_published(*, query: str = "", agency_code: str = "") -> QuerySet[Feedback]:
    """Published answers (public text only), newest first, optionally searched."""
    cases = Feedback.objects.filter(status=Status.PUBLISHED).select_related("agency")
    words = query.split()[:8]
    for word in words:
        cases = cases.filter(
            Q(public_title__icontains=word)
            | Q(public_content__icontains=word)
            | Q(public_answer__icontains=word)
            | Q(code__iexact=word)
            | Q(procedure_code=word)
        )
    if agency_code:
        agency = Agency.objects.filter(code=agency_code).first()
        cases = cases.filter(agency__in=agency_subtree(agency=agency)) if agency else cases.none()
    return cases.order_by("-published_at")


def feedback_published_get(*, code: str) -> Feedback:
    case = feedback_published().filter(code=codes.normalise_code(code)).first()
    if case is None:
        raise Http404("feedback")
    return case


# --- Queues --------------------------------------------------------------------------------

_RUNNING = [Status.NEW, Status.PROCESSING, Status.ANSWERED]


def at_risk_days() -> int:
    return int(getattr(settings, "MOTCUA_FEEDBACK_AT_RISK_WORKING_DAYS", 1))


def _calendar(agency: Agency) -> CompiledCalendar:
    return calendar_for_agency(agency)


def _at_risk_q(cases: QuerySet[Feedback], now: dt.datetime) -> Q:
    """Cases due from now up to the at-risk horizon of their own agency's calendar."""
    agency_ids = set(
        cases.filter(status__in=_RUNNING, current_due__gte=now).values_list("agency_id", flat=True)
    )
    days = at_risk_days()
    q = Q(pk__in=[])
    for agency in Agency.objects.filter(pk__in=agency_ids):
        horizon = at_risk_horizon(_calendar(agency), now=now, days=days)
        q |= Q(agency_id=agency.pk, current_due__lte=horizon)
    return q & Q(status__in=_RUNNING, current_due__gte=now)


def _queue_filter(cases: QuerySet[Feedback], queue: str, now: dt.datetime) -> QuerySet[Feedback]:
    if queue == Queue.NEW:
        return cases.filter(status=Status.NEW)
    if queue == Queue.ASSIGNED:
        return cases.filter(status=Status.PROCESSING)
    if queue == Queue.WAITING:
        return cases.filter(status=Status.WAITING_INFO)
    if queue == Queue.AWAITING_PUBLICATION:
        return cases.filter(status=Status.ANSWERED)
    if queue == Queue.OVERDUE:
        return cases.filter(status__in=_RUNNING, current_due__lt=now)
    if queue == Queue.AT_RISK:
        return cases.filter(_at_risk_q(cases, now))
    return cases


def feedback_queue(
    *,
    user: User,
    queue: str = Queue.NEW,
    query: str = "",
    agency: Agency | None = None,
    now: dt.datetime | None = None,
) -> QuerySet[Feedback]:
    now = now or timezone.now()
    cases = feedback_visible(user=user)
    if agency is not None:
        cases = cases.filter(agency__in=agency_subtree(agency=agency))
    cases = _queue_filter(cases, queue, now)
    for word in query.split()[:8]:
        cases = cases.filter(
            Q(code__icontains=word) | Q(title__icontains=word) | Q(dossier_code__icontains=word)
        )
    if queue == Queue.ALL:
        return cases.order_by("-received_at")
    return cases.order_by("current_due", "received_at")


def feedback_queue_counts(
    *, user: User, agency: Agency | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    now = now or timezone.now()
    cases = feedback_visible(user=user)
    if agency is not None:
        cases = cases.filter(agency__in=agency_subtree(agency=agency))
    return {q.value: _queue_filter(cases, q.value, now).count() for q in Queue}


@dataclass(frozen=True)
class DeadlineState:
    """How the case stands against the limit it now runs against, for badges."""

    due: dt.datetime | None
    due_kind: str
    state: str  # "in_time", "at_risk", "overdue", "stopped" or "" (closed)
    remaining_seconds: int | None


def deadline_state(
    feedback: Feedback,
    *,
    now: dt.datetime | None = None,
    calendars: dict[int, CompiledCalendar] | None = None,
) -> DeadlineState:
    """``calendars`` (agency id → calendar) lets a list page look each agency up once."""
    now = now or timezone.now()
    if feedback.status == Status.WAITING_INFO:
        return DeadlineState(None, "", "stopped", None)
    due = feedback.current_due
    if due is None or feedback.status not in _RUNNING:
        return DeadlineState(None, "", "", None)
    if calendars is None:
        calendars = {}
    calendar = calendars.get(feedback.agency_id)
    if calendar is None:
        calendar = calendars[feedback.agency_id] = _calendar(feedback.agency)
    remaining = calendar.remaining(now, due)
    if now > due:
        state = "overdue"
    elif due <= at_risk_horizon(calendar, now=now, days=at_risk_days()):
        state = "at_risk"
    else:
        state = "in_time"
    return DeadlineState(due, feedback.current_due_kind or DueKind.HANDLE, state, remaining)


def deadline_states(
    cases: Iterable[Feedback], *, now: dt.datetime | None = None
) -> list[tuple[Feedback, DeadlineState]]:
    """Each case with its deadline state, each agency's calendar fetched once."""
    now = now or timezone.now()
    calendars: dict[int, CompiledCalendar] = {}
    return [(c, deadline_state(c, now=now, calendars=calendars)) for c in cases]


# --- Indicators ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Local calendar dates, both included."""

    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = timezone.get_default_timezone()
        first = dt.datetime.combine(self.start, dt.time(0), zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0), zone)
        return first, after


def _period(period: Period | Sequence[dt.date]) -> Period:
    if isinstance(period, Period):
        return period
    start, end = period
    return Period(start=start, end=end)


def _facts(cases: QuerySet[Feedback]) -> list[CaseFacts]:
    return [
        CaseFacts(**row)
        for row in cases.values(
            "received_at",
            "refuse_due",
            "handle_due",
            "answered_at",
            "refused_at",
            "info_requested_at",
            "info_provided_at",
            "rating",
            "rated_at",
        )
    ]


@dataclass(frozen=True)
class FeedbackIndicators:
    agency: Agency
    period: Period
    on_time: Ratio
    satisfaction: Ratio
    received: int
    complaints: int


def feedback_indicators_for(
    *, agency: Agency, period: Period | Sequence[dt.date], now: dt.datetime | None = None
) -> FeedbackIndicators:
    """The two Decision 766 feedback indicators of an agency's subtree (system read)."""
    now = now or timezone.now()
    period = _period(period)
    start, end = period.bounds()
    cases = Feedback.objects.filter(agency__in=agency_subtree(agency=agency))
    # Only cases received before the period's end can be decided or rated in it.
    facts = _facts(cases.filter(received_at__lt=end))
    received = cases.filter(received_at__gte=start, received_at__lt=end)
    return FeedbackIndicators(
        agency=agency,
        period=period,
        on_time=on_time_ratio(facts, start=start, end=end, now=now),
        satisfaction=satisfaction_ratio(facts, start=start, end=end),
        received=received.count(),
        complaints=received.filter(kind=Kind.COMPLAINT).count(),
    )


def feedback_indicators(
    *,
    user: User,
    agency: Agency,
    period: Period | Sequence[dt.date],
    now: dt.datetime | None = None,
) -> FeedbackIndicators:
    """The same for a user, who must see the agency (404 otherwise)."""
    if not _agencies_for(user, VIEW_ROLES).filter(pk=agency.pk).exists():
        raise Http404("agency")
    return feedback_indicators_for(agency=agency, period=period, now=now)


def indicator_agencies(*, user: User) -> QuerySet[Agency]:
    return _agencies_for(user, VIEW_ROLES).order_by("path")


def _complaint_cases(agency: Agency, period: Period | Sequence[dt.date]) -> QuerySet[Feedback]:
    """Complaints received, or dislikes given, in the period about dossiers of the subtree."""
    start, end = _period(period).bounds()
    subtree = agency_subtree(agency=agency)
    about = Q(agency__in=subtree) | Q(named_agency__in=subtree)
    complaint = Q(kind=Kind.COMPLAINT, received_at__gte=start, received_at__lt=end)
    dislike = Q(rating=Rating.DISLIKE, rated_at__gte=start, rated_at__lt=end)
    return Feedback.objects.filter(about & (complaint | dislike)).exclude(dossier_code="")


def dossier_codes_with_complaints(agency: Agency, period: Period | Sequence[dt.date]) -> set[str]:
    """Codes of dossiers that drew a complaint, or a dislike of the answer, in the period."""
    return set(_complaint_cases(agency, period).values_list("dossier_code", flat=True))


def dossier_ids_with_complaints(agency: Agency, period: Period | Sequence[dt.date]) -> set[int]:
    """Ids of dossiers with a complaint in the period, for the dossier-satisfaction indicator.

    A dossier "has a complaint" when feedback about it counts as a complaint (sent as one,
    or a repeat after an answer) and was received in the period, or when its sender disliked
    the answer in the period. The dossier's own like/dislike belongs to the dossiers app,
    which adds it.
    """
    rows = _complaint_cases(agency, period).exclude(dossier__isnull=True)
    return set(rows.values_list("dossier_id", flat=True))


@dataclass(frozen=True)
class IndexFeedback:
    """What the Decision 766 index takes from feedback, read in one query."""

    on_time: Ratio
    satisfaction: Ratio
    complaint_dossier_ids: frozenset[int]


def index_feedback_for(
    *,
    agency_ids: Sequence[int],
    period: Period | Sequence[dt.date],
    now: dt.datetime | None = None,
) -> IndexFeedback:
    """The two feedback indicators and the dossiers with a complaint, for a subtree given as
    its agency ids: the figures of :func:`feedback_indicators_for` and
    :func:`dossier_ids_with_complaints` in one query instead of four."""
    now = now or timezone.now()
    start, end = _period(period).bounds()
    ids = list(agency_ids)
    dislike = Q(rating=Rating.DISLIKE, rated_at__gte=start, rated_at__lt=end)
    rows = Feedback.objects.filter(
        (Q(agency_id__in=ids) | Q(named_agency_id__in=ids)) & (Q(received_at__lt=end) | dislike)
    ).values(
        "agency_id",
        "kind",
        "dossier_id",
        "dossier_code",
        "received_at",
        "refuse_due",
        "handle_due",
        "answered_at",
        "refused_at",
        "info_requested_at",
        "info_provided_at",
        "rating",
        "rated_at",
    )
    own = set(ids)
    facts: list[CaseFacts] = []
    complained: set[int] = set()
    for row in rows:
        received_at = row["received_at"]
        if row["agency_id"] in own and received_at < end:
            facts.append(
                CaseFacts(
                    received_at=received_at,
                    refuse_due=row["refuse_due"],
                    handle_due=row["handle_due"],
                    answered_at=row["answered_at"],
                    refused_at=row["refused_at"],
                    info_requested_at=row["info_requested_at"],
                    info_provided_at=row["info_provided_at"],
                    rating=row["rating"],
                    rated_at=row["rated_at"],
                )
            )
        if row["dossier_id"] is None or not row["dossier_code"]:
            continue
        if (row["kind"] == Kind.COMPLAINT and start <= received_at < end) or (
            row["rating"] == Rating.DISLIKE
            and row["rated_at"] is not None
            and start <= row["rated_at"] < end
        ):
            complained.add(row["dossier_id"])
    return IndexFeedback(
        on_time=on_time_ratio(facts, start=start, end=end, now=now),
        satisfaction=satisfaction_ratio(facts, start=start, end=end),
        complaint_dossier_ids=frozenset(complained),
    )
