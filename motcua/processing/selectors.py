"""Reads of processing, always scoped to the user (404 outside their agencies).

Queue functions take the user and return querysets ordered by due instant, so pages, the
API and benchmarks share them. A queue page is a handful of short queries: the user's grants
and agencies, all the tab counts in one statement (:func:`queue_counts`), the page's ids,
then those rows. Every queue filter names the agencies by an id list and reads only the
step table: the partial indexes on active steps outside the desk (``step_active_*``: by
agency, by assignee, by due instant, carrying the columns the counts test) and on open
processes (``proc_open_*``) keep counts index-only scans and the first page an ordered
index scan, at a million dossiers. Steps of a dossier paused for a supplement are left out
through the (few) paused processes, not by joining the dossier table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.dossiers.models import Dossier
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency, RoleGrant
from motcua.processing.constants import (
    ACTIVE_STEP_STATES,
    OPEN_PROCESS_STATES,
    ProcessState,
    Queue,
    ResultState,
    StepState,
)
from motcua.processing.models import DelayNotice, DossierProcess, Handover, ProcessResult, StepTask

#: Roles whose holders have a processing workspace.
PROCESSING_ROLES = (Role.SPECIALIST, Role.LEADER, Role.CLERK)


@dataclass(frozen=True)
class QueueFilters:
    """Optional narrowing of a queue: procedure code, step state, due range (local dates)."""

    procedure: str = ""
    state: str = ""
    due_from: dt.date | None = None
    due_to: dt.date | None = None


@dataclass
class Scope:
    """The user's processing grants, read once per request."""

    user: User
    grants: list[RoleGrant] = field(default_factory=list)
    #: (id, path) of every agency under any grant, read once (second query).
    agencies: list[tuple[int, str]] = field(default_factory=list)

    def ids_under(self, paths: list[str]) -> list[int]:
        """Agencies at or below any of ``paths`` (the subtree a grant covers)."""
        return [pk for pk, path in self.agencies if any(path.startswith(p) for p in paths)]

    @property
    def leader_paths(self) -> list[str]:
        return [g.agency.path for g in self.grants if g.role == Role.LEADER]

    @property
    def clerk_paths(self) -> list[str]:
        return [g.agency.path for g in self.grants if g.role == Role.CLERK]

    @property
    def any_paths(self) -> list[str]:
        return sorted({g.agency.path for g in self.grants})

    @property
    def is_leader(self) -> bool:
        return bool(self.leader_paths) or self.user.is_superuser

    @property
    def first_agency(self) -> Agency | None:
        return self.grants[0].agency if self.grants else None


def scope_for(user: User) -> Scope:
    """The user's active grants of processing roles (one query)."""
    if not user.is_authenticated:
        return Scope(user=user)
    grants = list(
        RoleGrant.objects.active()
        .filter(user=user, role__in=[*PROCESSING_ROLES, Role.DESK_OFFICER])
        .select_related("agency")
        .order_by("agency__path", "role")
    )
    paths = sorted({g.agency.path for g in grants})
    agencies: list[tuple[int, str]] = []
    if paths:
        q = Q(pk__in=[])
        for path in paths:
            q |= Q(path__startswith=path)
        agencies = list(Agency.objects.filter(q).values_list("pk", "path"))
    return Scope(user=user, grants=grants, agencies=agencies)


def _under(scope: Scope, paths: list[str], field: str = "agency") -> Q:
    """Rows whose ``field`` (an Agency foreign key) is at or below one of ``paths``: a plain
    ``IN`` list of ids, so the composite indexes starting with the agency are used."""
    return Q(**{f"{field}__in": scope.ids_under(paths)})


def _visible_q(scope: Scope) -> Q:
    if scope.user.is_superuser:
        return Q()
    return _under(scope, scope.any_paths)


def _unit_q(scope: Scope) -> Q:
    """Open steps the user's grants make them eligible to claim (role, agency, unit)."""
    q = Q(pk__in=[])
    for grant in scope.grants:
        part = Q(agency__in=scope.ids_under([grant.agency.path]), role=grant.role)
        if grant.unit_id is not None:
            part &= Q(unit_id=grant.unit_id) | Q(unit__isnull=True)
        q |= part
    return q


def _approval_q(scope: Scope) -> Q:
    q = Q(approver=scope.user)
    if scope.leader_paths:
        q |= Q(approver__isnull=True) & _under(scope, scope.leader_paths)
    return Q(state=StepState.AWAITING_APPROVAL) & q


def _work_q(scope: Scope) -> Q:
    """Everything the user works on or may pick up (leaders: everything at their agencies).

    Queues also filter by the visible agencies; when the user leads every agency they see
    (a ward chair, a district leader), that is all their work: no per-row alternatives, so
    the due range alone bounds the index scan."""
    if (
        not scope.user.is_superuser
        and scope.leader_paths
        and set(scope.ids_under(scope.any_paths)) <= set(scope.ids_under(scope.leader_paths))
    ):
        return Q()
    q = (
        Q(assignee=scope.user, state__in=[StepState.IN_PROGRESS, StepState.AWAITING_APPROVAL])
        | (Q(state=StepState.OPEN) & _unit_q(scope))
        | _approval_q(scope)
    )
    if scope.leader_paths:
        q |= _under(scope, scope.leader_paths)
    return q


def at_risk_threshold(scope: Scope, now: dt.datetime) -> dt.datetime:
    """Due instants up to this one are "at risk": close of office on the N-th working day
    from now (N = MOTCUA_PROCESSING_AT_RISK_WORKING_DAYS), by the user's agency calendar."""
    days = int(getattr(settings, "MOTCUA_PROCESSING_AT_RISK_WORKING_DAYS", 1))
    calendar = calendar_for_agency(scope.first_agency)
    if days <= 0:
        return now
    return calendar.due(now, days, "working_days")


def _local_day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _filtered(qs: QuerySet[Any], filters: QueueFilters | None, prefix: str = "") -> QuerySet[Any]:
    if filters is None:
        return qs
    if filters.procedure:
        qs = qs.filter(
            **{f"{prefix}dossier__procedure_version__procedure__code": filters.procedure}
        )
    if filters.due_from:
        qs = qs.filter(due_at__gte=_local_day_start(filters.due_from))
    if filters.due_to:
        qs = qs.filter(due_at__lt=_local_day_start(filters.due_to + dt.timedelta(days=1)))
    return qs


def _running_q() -> Q:
    """Steps whose dossier is being processed, not paused for a supplement: the processes
    paused are few, so ``NOT IN`` their ids is a hashed lookup per step, no join."""
    paused = DossierProcess.objects.filter(state=ProcessState.PAUSED).values("pk")
    return ~Q(process__in=paused)


def _steps_base() -> QuerySet[StepTask]:
    return StepTask.objects.filter(
        Q(at_desk=False, state__in=ACTIVE_STEP_STATES) & _running_q()
    ).select_related(
        "dossier",
        "dossier__procedure_version",
        "agency",
        "unit",
        "assignee",
        "process",
    )


def queue_steps(
    *,
    user: User,
    queue: str,
    filters: QueueFilters | None = None,
    now: dt.datetime | None = None,
    scope: Scope | None = None,
) -> QuerySet[StepTask]:
    """Steps of one queue, earliest due first.

    - ``mine``: steps I am working (in progress, or submitted for approval);
    - ``unit``: open steps of my units/roles nobody has taken yet;
    - ``approval``: steps waiting for my approval (named, or any leader of my agency);
    - ``at_risk`` / ``overdue``: active steps in my work (leaders: all of their agencies)
      due within the threshold / already past their due instant.
    """
    scope = scope or scope_for(user)
    now = now or timezone.now()
    qs = _steps_base()
    if queue == Queue.MINE:
        qs = qs.filter(
            assignee=user, state__in=[StepState.IN_PROGRESS, StepState.AWAITING_APPROVAL]
        )
    elif queue == Queue.UNIT:
        qs = qs.filter(Q(state=StepState.OPEN) & _unit_q(scope))
    elif queue == Queue.APPROVAL:
        qs = qs.filter(_approval_q(scope))
    elif queue == Queue.AT_RISK:
        qs = qs.filter(_work_q(scope), due_at__gte=now, due_at__lte=at_risk_threshold(scope, now))
    elif queue == Queue.OVERDUE:
        qs = qs.filter(_work_q(scope), due_at__lt=now)
    else:
        raise Http404("queue")
    if not user.is_superuser:
        qs = qs.filter(_visible_q(scope))
    # Steps of dossiers paused for a supplement wait (``_steps_base``): nobody's work now.
    if filters is not None and filters.state:
        qs = qs.filter(state=filters.state)
    return _filtered(qs, filters).order_by("due_at", "id")


def agency_processes(
    *,
    user: User,
    filters: QueueFilters | None = None,
    agency: Agency | None = None,
    scope: Scope | None = None,
) -> QuerySet[DossierProcess]:
    """The leader's view: every open dossier of the agencies they lead, earliest due first
    (``filters.state``: ``active`` or ``paused``)."""
    scope = scope or scope_for(user)
    qs = DossierProcess.objects.filter(state__in=OPEN_PROCESS_STATES).select_related(
        "dossier", "dossier__procedure_version", "agency"
    )
    if not user.is_superuser:
        qs = qs.filter(_under(scope, scope.leader_paths))
    if agency is not None:
        qs = qs.filter(agency=agency)
    if filters is not None and filters.state in OPEN_PROCESS_STATES:
        qs = qs.filter(state=filters.state)
    return _filtered(qs, filters).order_by("due_at", "id")


def results_to_issue(*, user: User, scope: Scope | None = None) -> QuerySet[ProcessResult]:
    """Signed results waiting for a number at the agencies where the user is records clerk."""
    scope = scope or scope_for(user)
    qs = ProcessResult.objects.filter(state=ResultState.SIGNED).select_related(
        "dossier", "dossier__procedure_version", "signed"
    )
    if not user.is_superuser:
        qs = qs.filter(_under(scope, scope.clerk_paths, "dossier__process__agency"))
    return qs.order_by("dossier__process__due_at", "id")


def page_rows(qs: QuerySet[Any], start: int, stop: int) -> list[Any]:
    """Rows ``start:stop`` of an ordered queue in two short queries: the page's ids through the
    composite index (no joins but the filters'), then those rows with their related objects.
    At a million dossiers this keeps a page in milliseconds whatever the joins."""
    ids = list(qs.values_list("pk", flat=True)[start:stop])
    rows = qs.model._default_manager.filter(pk__in=ids)
    if qs.query.select_related:
        rows = rows.select_related(*_related(qs))
    found = {row.pk: row for row in rows}
    return [found[pk] for pk in ids if pk in found]


def _related(qs: QuerySet[Any]) -> list[str]:
    def walk(tree: Any, prefix: str = "") -> list[str]:
        out: list[str] = []
        if not isinstance(tree, dict):
            return out
        for key, sub in tree.items():
            out.append(prefix + key)
            out.extend(walk(sub, prefix + key + "__"))
        return out

    return walk(qs.query.select_related)


def queue_counts(
    *, user: User, now: dt.datetime | None = None, scope: Scope | None = None
) -> dict[str, int]:
    """Rows in each queue (the tabs' badges, the leader's view, the clerk's results), all in
    one statement: one ``COUNT`` subquery per queue, each on the index that fits it."""
    scope = scope or scope_for(user)
    now = now or timezone.now()
    threshold = at_risk_threshold(scope, now)
    steps = StepTask.objects.filter(Q(at_desk=False, state__in=ACTIVE_STEP_STATES) & _running_q())
    if not user.is_superuser:
        steps = steps.filter(_visible_q(scope))
    work = _work_q(scope)
    asked: dict[str, QuerySet[Any]] = {
        "mine": steps.filter(
            assignee=user, state__in=[StepState.IN_PROGRESS, StepState.AWAITING_APPROVAL]
        ),
        "unit": steps.filter(Q(state=StepState.OPEN) & _unit_q(scope)),
        "approval": steps.filter(_approval_q(scope)),
        "at_risk": steps.filter(work, due_at__gte=now, due_at__lte=threshold),
        "overdue": steps.filter(work, due_at__lt=now),
    }
    if scope.is_leader:
        asked["agency"] = agency_processes(user=user, scope=scope)
    if scope.clerk_paths:
        asked["results"] = results_to_issue(user=user, scope=scope)
    found = _counts(asked)
    return {k: found.get(k, 0) for k in (*asked, "agency", "results")}


def _counts(asked: dict[str, QuerySet[Any]]) -> dict[str, int]:
    """``{name: qs.count()}`` in one round trip: ``SELECT (SELECT COUNT(*) …), …``."""
    parts: list[str] = []
    params: list[Any] = []
    alias = next(iter(asked.values())).db
    for queryset in asked.values():
        sql, args = queryset.order_by().values("pk").query.sql_with_params()
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params.extend(args)
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(n or 0) for name, n in zip(asked, row, strict=True)}


# --- One dossier --------------------------------------------------------------------------------


def process_get_for_user(*, user: User, dossier_id: int) -> DossierProcess:
    """The processing of a dossier the user may see: staff of the lead agency (or above), or
    of an agency one of its steps is routed to. 404 otherwise, as if it did not exist."""
    process = (
        DossierProcess.objects.select_related(
            "dossier",
            "dossier__procedure_version",
            "dossier__receiving_agency",
            "dossier__competent_agency",
            "agency",
        )
        .filter(dossier_id=dossier_id)
        .first()
    )
    if process is None:
        raise Http404("process")
    if user.is_superuser:
        return process
    scope = scope_for(user)
    paths = scope.any_paths
    if any(process.agency.path.startswith(p) for p in paths):
        return process
    if any(
        process.dossier.receiving_agency.path.startswith(p)
        for p in [g.agency.path for g in scope.grants if g.role == Role.DESK_OFFICER]
    ):
        return process
    if StepTask.objects.filter(process=process).filter(_under(scope, paths)).exists():
        return process
    raise Http404("process")


def process_steps(process: DossierProcess) -> list[StepTask]:
    return list(
        StepTask.objects.filter(process=process)
        .select_related("agency", "unit", "assignee", "approver", "finished_by")
        .prefetch_related("attachments__stored_file")
        .order_by("order")
    )


def process_handovers(dossier: Dossier) -> list[Handover]:
    return list(
        Handover.objects.filter(dossier=dossier)
        .select_related(
            "from_agency", "to_agency", "from_unit", "to_unit", "given_by", "received_by"
        )
        .order_by("at", "id")
    )


def process_notices(dossier: Dossier) -> list[DelayNotice]:
    return list(DelayNotice.objects.filter(dossier=dossier).select_related("issued_by"))


def process_result(dossier: Dossier) -> ProcessResult | None:
    return (
        ProcessResult.objects.select_related("signed", "draft_file", "prepared_by")
        .filter(dossier=dossier)
        .first()
    )


def step_get_for_user(*, user: User, step_id: int) -> StepTask:
    """A step whose dossier the user may see (404 otherwise)."""
    step = (
        StepTask.objects.select_related("dossier", "agency", "unit", "process")
        .filter(pk=step_id)
        .first()
    )
    if step is None:
        raise Http404("step")
    process_get_for_user(user=user, dossier_id=step.dossier_id)
    return step


def transfer_queue(*, user: User) -> QuerySet[Dossier]:
    """Dossiers accepted at the user's desks and not yet transferred ("chờ chuyển xử lý")."""
    scope = scope_for(user)
    paths = [g.agency.path for g in scope.grants if g.role == Role.DESK_OFFICER]
    qs = Dossier.objects.filter(status="received").select_related(
        "procedure_version", "competent_agency"
    )
    if not user.is_superuser:
        qs = qs.filter(_under(scope, paths, "receiving_agency"))
    return qs.order_by("received_at", "id")


def form05_context(process: DossierProcess) -> dict[str, Any]:
    """Form 05 (process-control slip) from the recorded hand-overs."""
    from motcua.documents.slips import slip_agency_header

    dossier = process.dossier
    handovers = process_handovers(dossier)

    def place(agency: Agency, unit: Any) -> str:
        return f"{unit.name} – {agency.name}" if unit is not None else agency.name

    def person(u: User | None) -> str:
        return (u.full_name or u.username) if u is not None else ""

    coordinating = sorted(
        {
            s.agency.name
            for s in StepTask.objects.filter(process=process)
            .exclude(agency=process.agency)
            .exclude(agency_id=dossier.receiving_agency_id)
            .select_related("agency")
        }
    )
    return {
        **slip_agency_header(process.agency),
        "dossier_code": dossier.code or "",
        "applicant_name": dossier.applicant_name,
        "procedure_name": dossier.procedure_version.name,
        "lead_agency": process.agency.name,
        "coordinating_agencies": coordinating,
        "received_at": dossier.received_at,
        "appointment_at": process.appointment_at or process.due_at,
        "handovers": [
            {
                "from_name": place(h.from_agency, h.from_unit),
                "to_name": place(h.to_agency, h.to_unit),
                "at": h.at,
                "giver": person(h.given_by),
                "receiver": person(h.received_by),
                "outcome": h.outcome,
                "note": f"{h.get_kind_display()}{': ' + h.note if h.note else ''}",
            }
            for h in handovers
        ],
    }
