"""Every state change of back-office processing (DOMAIN.md §5 steps 2–6).

Each public function is one transaction: it locks the dossier row (``select_for_update``),
re-reads what it changes under that lock, checks the actor's right and the dossier's state
(a state that moved on meanwhile raises :class:`DossierConflict`: the second of two officers
acting at once gets it), changes the rows, records a :class:`Handover` for every transfer
and appends one :class:`DossierEvent` (before/after, who, when).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.constants import BudgetUnit
from motcua.core.clock import Timeliness
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.events import event_append
from motcua.dossiers.lifecycle import DossierConflict, transition
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.common import (
    SupplementItem,
    _bump,
    _check_revision,
    _lock,
    _now,
    has_role,
)
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.constants import AgencyKind, Role
from motcua.organizations.models import Agency, RoleGrant, Unit
from motcua.processing.clocking import budget_due, pause_record, pauses_from
from motcua.processing.constants import (
    ACTIVE_STEP_STATES,
    HandoverKind,
    InterAgency,
    ProcessState,
    ResultSource,
    ResultState,
    StepState,
)
from motcua.processing.models import (
    DelayNotice,
    DossierProcess,
    Handover,
    ProcessResult,
    StepFile,
    StepTask,
)

#: Roles that work steps of the internal process.
WORK_ROLES = (Role.SPECIALIST, Role.LEADER, Role.CLERK, Role.DESK_OFFICER)
#: Kinds of file accepted on a step (work papers, opinions of coordinating agencies).
STEP_FILE_KINDS = frozenset({"pdf", "jpeg", "png", "docx"})
RESULT_TEMPLATE = "van_ban_tra_ket_qua"


# --- Helpers ----------------------------------------------------------------------------------


def _process_of(dossier: Dossier) -> DossierProcess:
    process = DossierProcess.objects.select_related("agency").filter(dossier=dossier).first()
    if process is None:
        raise DossierConflict(
            _("Hồ sơ chưa được chuyển xử lý nên chưa có quy trình giải quyết."),
            status=dossier.status,
        )
    return process


def _require_processing(dossier: Dossier) -> None:
    if dossier.status == Status.SUPPLEMENT_REQUESTED:
        raise DossierConflict(
            _(
                "Hồ sơ đang tạm dừng chờ người nộp bổ sung; chỉ xử lý tiếp sau khi có hồ sơ "
                "bổ sung."
            ),
            status=dossier.status,
        )
    if dossier.status != Status.PROCESSING:
        raise DossierConflict(
            _(
                "Hồ sơ không còn ở trạng thái đang giải quyết (hiện: “%(s)s”). Tải lại trang "
                "để xem trạng thái mới."
            )
            % {"s": Status(dossier.status).label},
            status=dossier.status,
        )


def _locked_step(dossier: Dossier, step: StepTask | int) -> StepTask:
    pk = step if isinstance(step, int) else step.pk
    found = (
        StepTask.objects.select_related("agency", "unit", "process")
        .filter(pk=pk, dossier=dossier)
        .first()
    )
    if found is None:
        raise ValidationError({"step": [_("Bước xử lý không thuộc hồ sơ này.")]})
    return found


def _step_conflict(step: StepTask) -> DossierConflict:
    return DossierConflict(
        _(
            "Bước “%(name)s” đang ở tình trạng “%(state)s”: có thể người khác vừa xử lý. Tải "
            "lại trang để xem tình trạng mới."
        )
        % {"name": step.name, "state": StepState(step.state).label},
        status=step.state,
    )


def _grants(user: User, agency: Agency) -> list[RoleGrant]:
    """Active grants of ``user`` that cover ``agency`` (granted on it or above it)."""
    grants = RoleGrant.objects.active().filter(user=user).select_related("agency")
    return [g for g in grants if agency.path.startswith(g.agency.path)]


def _covers(grant: RoleGrant, agency: Agency) -> bool:
    return agency.path.startswith(grant.agency.path)


def can_work(user: User, step: StepTask) -> bool:
    """Whether ``user`` may take ``step``: the step's role (or leader) at its agency, in its
    unit when the grant is limited to one."""
    if user.is_superuser:
        return True
    for grant in _grants(user, step.agency):
        if not _covers(grant, step.agency):
            continue
        if grant.role not in (step.role, Role.LEADER):
            continue
        if (
            grant.role != Role.LEADER
            and grant.unit_id is not None
            and step.unit_id not in (None, grant.unit_id)
        ):
            continue
        return True
    return False


def is_leader(user: User, agency: Agency) -> bool:
    return has_role(user, [Role.LEADER], agency)


def _require_leader(user: User, agency: Agency) -> None:
    if not is_leader(user, agency):
        raise PermissionDenied(
            _("Chỉ lãnh đạo của %(agency)s được làm việc này.") % {"agency": agency.label}
        )


def _require_worker(user: User, step: StepTask) -> None:
    """The officer working the step, or a leader of its agency."""
    if step.assignee_id == user.pk or is_leader(user, step.agency):
        return
    raise PermissionDenied(
        _("Chỉ người đang xử lý bước “%(name)s” hoặc lãnh đạo đơn vị được làm việc này.")
        % {"name": step.name}
    )


def _text(value: str | None, field: str, *, minimum: int, label: str) -> str:
    text = (value or "").strip()
    if len(text) < minimum:
        raise ValidationError(
            {field: [_("%(label)s: ghi rõ, ít nhất %(n)s ký tự.") % {"label": label, "n": minimum}]}
        )
    return text[:2000]


def _payment_check(dossier: Dossier, step: StepTask) -> None:
    from motcua.payments.selectors import dossier_payment_blocks

    reason = dossier_payment_blocks(dossier, str(step.order))
    if reason:
        raise ValidationError({"payment": [reason]})


def _step_due(step: StepTask, process: DossierProcess, start: dt.datetime) -> dt.datetime:
    calendar = calendar_for_agency(step.agency)
    return budget_due(
        calendar, start, step.budget, step.budget_unit, pauses_from(process.pauses, since=start)
    )


def _state(step: StepTask) -> dict[str, Any]:
    return {
        "state": step.state,
        "assignee": step.assignee_id,
        "agency": step.agency_id,
        "unit": step.unit_id,
        "due_at": step.due_at,
    }


def _log(
    dossier: Dossier,
    *,
    actor: User | None,
    now: dt.datetime,
    kind: str,
    agency_id: int | None,
    data: dict[str, Any],
    action: str = Action.PROCESS_STEP,
    to_status: str | None = None,
) -> None:
    from_status = dossier.status
    event_append(
        dossier=dossier,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=to_status or from_status,
        at=now,
        agency_id=agency_id,
        data={"kind": kind, **data},
    )


def _save(dossier: Dossier, fields: Sequence[str] = ()) -> None:
    dossier.save(update_fields=_bump(dossier, list(fields)))


def _handover(
    dossier: Dossier,
    *,
    kind: str,
    now: dt.datetime,
    from_step: StepTask | None,
    to_step: StepTask | None,
    from_agency: Agency | int,
    to_agency: Agency | int,
    from_unit: Unit | int | None = None,
    to_unit: Unit | int | None = None,
    given_by: User | None = None,
    received_by: User | None = None,
    outcome: str = "",
    note: str = "",
) -> Handover:
    def _id(value: Any) -> Any:
        return value if isinstance(value, int) or value is None else value.pk

    return Handover.objects.create(
        dossier=dossier,
        kind=kind,
        from_step=from_step,
        to_step=to_step,
        from_agency_id=_id(from_agency),
        to_agency_id=_id(to_agency),
        from_unit_id=_id(from_unit),
        to_unit_id=_id(to_unit),
        given_by=given_by if given_by is not None and given_by.pk else None,
        received_by=received_by,
        received_at=now if received_by is not None else None,
        at=now,
        outcome=outcome,
        note=note[:1000],
    )


def _step_locked(
    step: StepTask, expected_revision: int | None, at: dt.datetime | None
) -> tuple[dt.datetime, Dossier, StepTask]:
    """What every step action starts with: the instant, the dossier locked and unchanged since
    the officer's page, the step re-read under that lock, the dossier still in processing."""
    now = _now(at)
    dossier = _lock(step.dossier)
    _check_revision(dossier, expected_revision)
    step = _locked_step(dossier, step)
    _require_processing(dossier)
    return now, dossier, step


def _handed_within_step(
    dossier: Dossier,
    step: StepTask,
    *,
    actor: User,
    now: dt.datetime,
    kind: str,
    handover_kind: str,
    before: dict[str, Any],
    received_by: User | None,
    note: str,
    from_unit: Unit | int | None,
    to_unit: Unit | int | None,
    data: dict[str, Any],
) -> StepTask:
    """A step that changes hands inside its agency: the hand-over (form 05), the event, the
    dossier's revision."""
    _handover(
        dossier,
        kind=handover_kind,
        now=now,
        from_step=step,
        to_step=step,
        from_agency=step.agency_id,
        from_unit=from_unit,
        to_agency=step.agency_id,
        to_unit=to_unit,
        given_by=actor,
        received_by=received_by,
        note=note,
    )
    _log(
        dossier,
        actor=actor,
        now=now,
        kind=kind,
        agency_id=step.agency_id,
        data={"step": step.order, "before": before, "after": _state(step), **data},
    )
    _save(dossier)
    return step


def _receive_pending(step: StepTask, user: User, now: dt.datetime) -> None:
    """The officer who takes a step is the receiver of the hand-overs still without one."""
    Handover.objects.filter(to_step=step, received_by__isnull=True).update(
        received_by=user, received_at=now
    )


# --- Agencies of the steps --------------------------------------------------------------------


def _resolve_agency(
    kind: str, step_name: str, lead: Agency, receiving: Agency
) -> tuple[Agency, bool]:
    """Agency of a step given the agency kind the process names: the lead agency when it is
    of that kind, else the one of that kind above, below or beside it whose name the step
    names (or the only one). (agency, found); not found: the lead agency routes it by hand."""
    if kind == lead.kind:
        return lead, True
    if kind == receiving.kind:
        return receiving, True
    related = Agency.objects.filter(kind=kind, valid_to__isnull=True)
    candidates = list(
        related.filter(pk__in=lead.ancestor_ids())
        | related.filter(parent=lead)
        | (related.filter(parent_id=lead.parent_id) if lead.parent_id else related.none())
    )
    folded = step_name.casefold()
    named = [
        a
        for a in candidates
        if (a.short_name and a.short_name.casefold() in folded) or a.name.casefold() in folded
    ]
    if len(named) == 1:
        return named[0], True
    if len(candidates) == 1:
        return candidates[0], True
    return lead, False


#: Bodies that belong to the people's committee above them (a district's Phòng, a province's
#: Sở, a one-stop desk): they sit at that committee's level of government.
_BODIES_OF_A_COMMITTEE = (
    AgencyKind.DEPARTMENT,
    AgencyKind.DISTRICT_OFFICE,
    AgencyKind.ONE_STOP_DESK,
    AgencyKind.SERVICE_CENTRE,
)


def _government_path(agency: Agency) -> str:
    """Path of the people's committee whose level ``agency`` works at."""
    if agency.kind in _BODIES_OF_A_COMMITTEE and agency.parent_id:
        return agency.path[: agency.path.rstrip("/").rfind("/") + 1]
    return agency.path


def _interagency(agency: Agency, lead: Agency) -> str:
    """Vertical when the two work at different levels of one chain of government (a ward and
    the district's Phòng Tư pháp, a commune and a province's Sở), horizontal otherwise."""
    if agency.pk == lead.pk:
        return InterAgency.NONE
    mine, theirs = _government_path(agency), _government_path(lead)
    if mine.startswith(theirs) or theirs.startswith(mine):
        return InterAgency.VERTICAL
    return InterAgency.HORIZONTAL


def _stages(steps: Sequence[Any]) -> list[int]:
    """Stage number of each step: consecutive steps of one parallel group share a stage."""
    stages: list[int] = []
    stage = 0
    previous_group = None
    for step in steps:
        group = step.parallel_group or None
        if group is None or group != previous_group:
            stage += 1
        stages.append(stage)
        previous_group = group
    return stages


# --- Starting -----------------------------------------------------------------------------


@transaction.atomic
def processing_start(
    *,
    actor: User,
    dossier: Dossier,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> DossierProcess:
    """Transfer an accepted dossier to its competent agency ("chuyển xử lý"): received →
    processing, and the version's internal process becomes step tasks.

    Reception steps at the head of the process are done (the desk did them); the first
    working stage opens now, each step due by the clock from now and its budget. The result
    return steps at the tail wait for the result. Desk officers of the receiving agency or
    leaders of the competent agency.
    """
    now = _now(at)
    dossier = _lock(dossier)
    receiving = Agency.objects.get(pk=dossier.receiving_agency_id)
    lead = Agency.objects.get(pk=dossier.competent_agency_id)
    if not (has_role(actor, [Role.DESK_OFFICER], receiving) or is_leader(actor, lead)):
        raise PermissionDenied(
            _("Chỉ cán bộ Bộ phận Một cửa của %(agency)s được chuyển hồ sơ đi xử lý.")
            % {"agency": receiving.label}
        )
    _check_revision(dossier, expected_revision)
    from_status = dossier.status
    status = transition(from_status, Action.START_PROCESSING)
    if dossier.received_at is None or dossier.due_at is None:
        raise DossierConflict(_("Hồ sơ chưa được tiếp nhận."), status=from_status)
    process = DossierProcess.objects.create(
        dossier=dossier,
        agency=lead,
        started_at=now,
        started_by=actor,
        original_due_at=dossier.due_at,
        due_at=dossier.due_at,
    )
    steps = _instantiate(process, dossier, lead, receiving, now)
    done = [s for s in steps if s.state == StepState.DONE]
    first_stage = min((s.stage for s in steps if not s.at_desk), default=None)
    opened = [s for s in steps if s.stage == first_stage] if first_stage else []
    reception = done[-1] if done else None
    for step in opened:
        _open(step, process, now)
        _handover(
            dossier,
            kind=HandoverKind.TRANSFER,
            now=now,
            from_step=reception,
            to_step=step,
            from_agency=receiving,
            from_unit=reception.unit_id if reception else None,
            to_agency=step.agency,
            to_unit=step.unit_id,
            given_by=actor,
            outcome=reception.timeliness if reception else "",
        )
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="start",
        agency_id=receiving.pk,
        action=Action.START_PROCESSING,
        to_status=status,
        data={
            "from_status": from_status,
            "steps": [{"order": s.order, "name": s.name, "agency": s.agency.code} for s in steps],
            "opened": [s.order for s in opened],
            "due_at": dossier.due_at,
        },
    )
    dossier.status = status
    _save(dossier, ["status"])
    return process


def _instantiate(
    process: DossierProcess, dossier: Dossier, lead: Agency, receiving: Agency, now: dt.datetime
) -> list[StepTask]:
    from motcua.catalog.models import ProcessStep

    source = list(
        ProcessStep.objects.filter(version_id=dossier.procedure_version_id).order_by("order")
    )
    units = {(u.agency_id, u.code): u for u in Unit.objects.filter(agency__in=[lead, receiving])}
    rows: list[StepTask] = []
    if not source:
        # A version without an internal process: one step for the specialists of the lead
        # agency, due with the dossier.
        limit_unit = dossier.limit_unit if dossier.limit_unit in BudgetUnit.values else ""
        step = StepTask(
            process=process,
            dossier=dossier,
            order=1,
            stage=1,
            name=_("Giải quyết hồ sơ"),
            role=Role.SPECIALIST,
            agency=lead,
            budget=Decimal(dossier.limit_value or 0) if limit_unit else Decimal(0),
            budget_unit=limit_unit or BudgetUnit.WORKING_DAYS,
        )
        step.save()
        return [step]
    work = [i for i, s in enumerate(source) if s.role != Role.DESK_OFFICER]
    first_work = work[0] if work else len(source)
    last_work = work[-1] if work else -1
    stages = _stages(source)
    for i, (spec, stage) in enumerate(zip(source, stages, strict=True)):
        at_desk = spec.role == Role.DESK_OFFICER and (i < first_work or i > last_work)
        if at_desk:
            agency, found = receiving, True
        else:
            agency, found = _resolve_agency(spec.agency_kind, spec.name, lead, receiving)
        unit: Unit | None = None
        if spec.unit_code:
            unit = units.get((agency.pk, spec.unit_code))
            if unit is None and agency.pk not in (lead.pk, receiving.pk):
                unit = agency.units.filter(code=spec.unit_code).first()
        rows.append(
            StepTask(
                process=process,
                dossier=dossier,
                process_step=spec,
                order=spec.order,
                stage=stage,
                name=spec.name,
                role=spec.role,
                agency=agency,
                unit=unit,
                parallel_group=spec.parallel_group,
                budget=spec.budget,
                budget_unit=spec.budget_unit,
                at_desk=at_desk,
                interagency=_interagency(agency, lead),
                needs_routing=not found,
            )
        )
    # Reception steps: done by the desk between receipt and transfer.
    received_at = dossier.received_at
    assert received_at is not None  # noqa: S101 - checked by the caller
    for i, step in enumerate(rows):
        if i >= first_work:
            break
        step.state = StepState.DONE
        step.started_at = received_at
        step.due_at = budget_due(
            calendar_for_agency(step.agency), received_at, step.budget, step.budget_unit
        )
        step.finished_at = now
        step.finished_by_id = dossier.received_by_id
        step.assignee_id = dossier.received_by_id
        step.timeliness = Timeliness(_classify(step.due_at, now))
        step.rounds = 1
    # Planned dues: every stage starting when the previous one is due.
    start = now
    for stage in sorted({s.stage for s in rows[first_work:]}):
        members = [s for s in rows[first_work:] if s.stage == stage]
        dues = [
            budget_due(calendar_for_agency(s.agency), start, s.budget, s.budget_unit)
            for s in members
        ]
        for s, due in zip(members, dues, strict=True):
            s.planned_due_at = due
        start = max(dues)
    StepTask.objects.bulk_create(rows)
    return list(StepTask.objects.filter(process=process).select_related("agency", "unit"))


def _classify(due: dt.datetime | None, finished: dt.datetime) -> str:
    from motcua.core.clock import classify

    if due is None:
        return ""
    return str(classify(due, finished))


def _open(step: StepTask, process: DossierProcess, now: dt.datetime) -> None:
    step.state = StepState.IN_PROGRESS if step.assignee_id else StepState.OPEN
    step.started_at = now
    step.due_at = _step_due(step, process, now)
    step.finished_at = None
    step.finished_by = None
    step.timeliness = ""
    step.rounds += 1
    step.risk = ""
    step.save()


# --- Working a step -------------------------------------------------------------------------


@transaction.atomic
def step_claim(
    *,
    actor: User,
    step: StepTask,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """An officer takes an open step of their unit. Of two officers claiming at once, the
    second finds it taken (DossierConflict)."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state != StepState.OPEN:
        raise _step_conflict(step)
    if not can_work(actor, step):
        raise PermissionDenied(
            _("Bước “%(name)s” dành cho %(role)s của %(agency)s.")
            % {"name": step.name, "role": Role(step.role).label, "agency": step.agency.label}
        )
    _payment_check(dossier, step)
    before = _state(step)
    step.assignee = actor
    step.state = StepState.IN_PROGRESS
    step.save(update_fields=["assignee", "state", "updated_at"])
    _receive_pending(step, actor, now)
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="claim",
        agency_id=step.agency_id,
        data={"step": step.order, "name": step.name, "before": before, "after": _state(step)},
    )
    _save(dossier)
    return step


@transaction.atomic
def step_assign(
    *,
    actor: User,
    step: StepTask,
    assignee: User,
    note: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """A leader of the step's agency gives the step to an officer who may work it."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    _require_leader(actor, step.agency)
    if step.state not in (StepState.OPEN, StepState.IN_PROGRESS):
        raise _step_conflict(step)
    if not can_work(assignee, step):
        raise ValidationError(
            {
                "assignee": [
                    _("%(name)s không có vai trò %(role)s tại %(agency)s; chọn cán bộ khác.")
                    % {
                        "name": assignee.full_name or assignee.username,
                        "role": Role(step.role).label,
                        "agency": step.agency.label,
                    }
                ]
            }
        )
    before = _state(step)
    previous = step.assignee
    step.assignee = assignee
    step.state = StepState.IN_PROGRESS
    step.save(update_fields=["assignee", "state", "updated_at"])
    if previous is None:
        _receive_pending(step, assignee, now)
    return _handed_within_step(
        dossier,
        step,
        actor=actor,
        now=now,
        kind="assign",
        handover_kind=HandoverKind.ASSIGN,
        before=before,
        received_by=assignee,
        note=note.strip(),
        from_unit=step.unit_id,
        to_unit=step.unit_id,
        data={"note": note[:500]},
    )


def _attach(step: StepTask, uploads: Sequence[Any], actor: User) -> list[str]:
    from motcua.documents.services import file_store

    ids = []
    for upload in uploads:
        stored = file_store(
            upload=upload,
            created_by=actor,
            allowed_kinds=STEP_FILE_KINDS,
            max_bytes=settings.MOTCUA_DOSSIER_FILE_MAX_BYTES,
        )
        StepFile.objects.create(step=step, stored_file=stored, added_by=actor)
        ids.append(str(stored.pk))
    return ids


def _finish(
    dossier: Dossier,
    step: StepTask,
    *,
    actor: User,
    now: dt.datetime,
    note: str,
    kind: str = HandoverKind.COMPLETE,
) -> list[StepTask]:
    """Mark ``step`` done; when its stage is complete, open the next stage (hand-overs from
    every step of the finished stage). Returns the steps opened."""
    process = step.process
    step.state = StepState.DONE
    step.finished_at = now
    step.finished_by = actor
    step.timeliness = _classify(step.due_at, now)
    step.note = note
    step.risk = ""
    step.save()
    siblings = list(
        StepTask.objects.filter(process=process, stage=step.stage)
        .exclude(pk=step.pk)
        .exclude(state__in=[StepState.DONE, StepState.CANCELLED])
    )
    if siblings:
        return []
    next_stage = (
        StepTask.objects.filter(process=process, stage__gt=step.stage, at_desk=False)
        .order_by("stage")
        .values_list("stage", flat=True)
        .first()
    )
    if next_stage is None:
        return []
    finished = list(
        StepTask.objects.filter(process=process, stage=step.stage, state=StepState.DONE)
    )
    opened = list(
        StepTask.objects.filter(process=process, stage=next_stage).select_related("agency")
    )
    for target in opened:
        target.assignee = None
        _open(target, process, now)
        for source in finished:
            _handover(
                dossier,
                kind=kind,
                now=now,
                from_step=source,
                to_step=target,
                from_agency=source.agency_id,
                from_unit=source.unit_id,
                to_agency=target.agency_id,
                to_unit=target.unit_id,
                given_by=actor,
                outcome=source.timeliness,
                note=note if source.pk == step.pk else "",
            )
    return opened


@transaction.atomic
def step_complete(
    *,
    actor: User,
    step: StepTask,
    note: str,
    files: Sequence[Any] = (),
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """The officer working the step finishes it with a note (and files); the next stage
    opens when every step of this one is done (results of coordinating agencies go back to
    the lead agency this way)."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state != StepState.IN_PROGRESS:
        raise _step_conflict(step)
    _require_worker(actor, step)
    text = _text(note, "note", minimum=3, label=_("Ý kiến xử lý"))
    _payment_check(dossier, step)
    before = _state(step)
    stored = _attach(step, files, actor)
    opened = _finish(dossier, step, actor=actor, now=now, note=text)
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="complete",
        agency_id=step.agency_id,
        data={
            "step": step.order,
            "name": step.name,
            "before": before,
            "after": _state(step),
            "timeliness": step.timeliness,
            "note": text,
            "files": stored,
            "opened": [s.order for s in opened],
        },
    )
    _save(dossier)
    return step


@transaction.atomic
def step_send_back(
    *,
    actor: User,
    step: StepTask,
    reason: str,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> list[StepTask]:
    """Return the dossier to the previous stage (reason required); its steps reopen with
    their officers and a new due instant; this stage waits again."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state not in (StepState.OPEN, StepState.IN_PROGRESS):
        raise _step_conflict(step)
    _require_worker(actor, step) if step.assignee_id else _require_leader(actor, step.agency)
    text = _text(reason, "reason", minimum=5, label=_("Lý do trả lại"))
    process = step.process
    previous_stage = (
        StepTask.objects.filter(process=process, stage__lt=step.stage, at_desk=False)
        .order_by("-stage")
        .values_list("stage", flat=True)
        .first()
    )
    if previous_stage is None:
        raise ValidationError(
            {"reason": [_("Đây là bước đầu tiên của quy trình: không có bước trước để trả lại.")]}
        )
    current = list(
        StepTask.objects.filter(process=process, stage=step.stage).exclude(
            state=StepState.CANCELLED
        )
    )
    for row in current:
        row.state = StepState.WAITING
        row.started_at = None
        row.due_at = None
        row.risk = ""
        row.save()
    targets = list(
        StepTask.objects.filter(process=process, stage=previous_stage).select_related("agency")
    )
    for target in targets:
        target.assignee_id = target.finished_by_id or target.assignee_id
        _open(target, process, now)
        _handover(
            dossier,
            kind=HandoverKind.SEND_BACK,
            now=now,
            from_step=step,
            to_step=target,
            from_agency=step.agency_id,
            from_unit=step.unit_id,
            to_agency=target.agency_id,
            to_unit=target.unit_id,
            given_by=actor,
            received_by=target.assignee,
            note=text,
        )
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="send_back",
        agency_id=step.agency_id,
        data={"step": step.order, "to": [t.order for t in targets], "reason": text},
    )
    _save(dossier)
    return targets


@transaction.atomic
def step_forward(
    *,
    actor: User,
    step: StepTask,
    to_user: User | None = None,
    to_unit: Unit | None = None,
    note: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """Give the step to another officer or another unit of the same agency."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state not in (StepState.OPEN, StepState.IN_PROGRESS):
        raise _step_conflict(step)
    _require_worker(actor, step) if step.assignee_id else _require_leader(actor, step.agency)
    if to_user is None and to_unit is None:
        raise ValidationError({"to_user": [_("Chọn cán bộ hoặc đơn vị nhận.")]})
    if to_unit is not None and to_unit.agency_id != step.agency_id:
        raise ValidationError(
            {"to_unit": [_("Đơn vị nhận phải thuộc %(a)s.") % {"a": step.agency.label}]}
        )
    before = _state(step)
    from_unit = step.unit_id
    if to_unit is not None:
        step.unit = to_unit
    if to_user is not None:
        if not can_work(to_user, step):
            raise ValidationError(
                {
                    "to_user": [
                        _("%(name)s không xử lý được bước này tại %(agency)s; chọn cán bộ khác.")
                        % {
                            "name": to_user.full_name or to_user.username,
                            "agency": step.agency.label,
                        }
                    ]
                }
            )
        step.assignee = to_user
        step.state = StepState.IN_PROGRESS
    else:
        step.assignee = None
        step.state = StepState.OPEN
    step.save(update_fields=["unit", "assignee", "state", "updated_at"])
    return _handed_within_step(
        dossier,
        step,
        actor=actor,
        now=now,
        kind="forward",
        handover_kind=HandoverKind.FORWARD,
        before=before,
        received_by=to_user,
        note=note.strip(),
        from_unit=from_unit,
        to_unit=step.unit_id,
        data={"note": note[:500]},
    )


@transaction.atomic
def step_route(
    *,
    actor: User,
    step: StepTask,
    to_agency: Agency,
    budget: Decimal | None = None,
    budget_unit: str | None = None,
    note: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """Liên thông: send a step to another agency (vertical: above or below the lead one;
    horizontal: beside it), with its own budget. The receiving agency works it from its own
    queue; when it completes the step the next one (back at the lead agency) opens."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    process = step.process
    lead = process.agency
    if not (is_leader(actor, lead) or has_role(actor, [Role.SPECIALIST], lead)):
        raise PermissionDenied(
            _("Chỉ cán bộ, lãnh đạo của cơ quan chủ trì %(a)s được chuyển liên thông.")
            % {"a": lead.label}
        )
    if step.at_desk or step.state in (StepState.DONE, StepState.CANCELLED):
        raise _step_conflict(step)
    if step.state == StepState.AWAITING_APPROVAL:
        raise _step_conflict(step)
    if to_agency.pk == step.agency_id:
        raise ValidationError({"to_agency": [_("Bước đang ở chính cơ quan này.")]})
    if budget is not None:
        if budget < 0 or budget > 999:
            raise ValidationError({"budget": [_("Thời gian từ 0 đến 999.")]})
        if budget_unit not in BudgetUnit.values:
            raise ValidationError({"budget_unit": [_("Chọn ngày làm việc hoặc giờ làm việc.")]})
        step.budget = Decimal(budget).quantize(Decimal("0.01"))
        step.budget_unit = str(budget_unit)
    before = _state(step)
    from_agency, from_unit = step.agency_id, step.unit_id
    step.agency = to_agency
    step.unit = (
        to_agency.units.filter(code=step.process_step.unit_code).first()
        if step.process_step is not None and step.process_step.unit_code
        else None
    )
    step.assignee = None
    step.needs_routing = False
    step.interagency = _interagency(to_agency, lead)
    if step.state in ACTIVE_STEP_STATES:
        step.rounds -= 1  # _open counts the same round once
        _open(step, process, now)
    else:
        step.save()
    _handover(
        dossier,
        kind=HandoverKind.ROUTE,
        now=now,
        from_step=step,
        to_step=step,
        from_agency=from_agency,
        from_unit=from_unit,
        to_agency=to_agency,
        to_unit=step.unit_id,
        given_by=actor,
        note=note.strip(),
    )
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="route",
        agency_id=lead.pk,
        data={
            "step": step.order,
            "to_agency": to_agency.code,
            "interagency": step.interagency,
            "budget": str(step.budget),
            "budget_unit": step.budget_unit,
            "before": before,
            "after": _state(step),
        },
    )
    _save(dossier)
    return step


@transaction.atomic
def step_request_approval(
    *,
    actor: User,
    step: StepTask,
    approver: User | None = None,
    note: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """The officer submits the step's work to a leader (a named one, or any leader of the
    agency)."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state != StepState.IN_PROGRESS:
        raise _step_conflict(step)
    if step.assignee_id != actor.pk:
        raise PermissionDenied(_("Chỉ người đang xử lý bước được trình duyệt."))
    if approver is not None and not is_leader(approver, step.agency):
        raise ValidationError(
            {"approver": [_("Người duyệt phải là lãnh đạo của %(a)s.") % {"a": step.agency.label}]}
        )
    before = _state(step)
    step.state = StepState.AWAITING_APPROVAL
    step.approver = approver
    step.note = note.strip()[:2000]
    step.save(update_fields=["state", "approver", "note", "updated_at"])
    return _handed_within_step(
        dossier,
        step,
        actor=actor,
        now=now,
        kind="request_approval",
        handover_kind=HandoverKind.APPROVAL,
        before=before,
        received_by=approver,
        note=note.strip(),
        from_unit=step.unit_id,
        to_unit=None,
        data={"approver": approver.pk if approver else None},
    )


def _require_approver(actor: User, step: StepTask) -> None:
    if step.approver_id is not None and step.approver_id != actor.pk and not actor.is_superuser:
        raise PermissionDenied(_("Bước này đang chờ một lãnh đạo khác duyệt."))
    _require_leader(actor, step.agency)


@transaction.atomic
def step_approve(
    *,
    actor: User,
    step: StepTask,
    note: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """The leader approves: the step is done and the next stage opens."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state != StepState.AWAITING_APPROVAL:
        raise _step_conflict(step)
    _require_approver(actor, step)
    before = _state(step)
    Handover.objects.filter(to_step=step, kind=HandoverKind.APPROVAL, received_by=None).update(
        received_by=actor, received_at=now
    )
    text = note.strip() or step.note or str(_("Đồng ý"))
    opened = _finish(dossier, step, actor=actor, now=now, note=text, kind=HandoverKind.APPROVED)
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="approve",
        agency_id=step.agency_id,
        data={
            "step": step.order,
            "before": before,
            "after": _state(step),
            "timeliness": step.timeliness,
            "note": text[:500],
            "opened": [s.order for s in opened],
        },
    )
    _save(dossier)
    return step


@transaction.atomic
def step_reject(
    *,
    actor: User,
    step: StepTask,
    reason: str,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> StepTask:
    """The leader does not approve: back to the officer with the reason."""
    now, dossier, step = _step_locked(step, expected_revision, at)
    if step.state != StepState.AWAITING_APPROVAL:
        raise _step_conflict(step)
    _require_approver(actor, step)
    text = _text(reason, "reason", minimum=5, label=_("Lý do không duyệt"))
    before = _state(step)
    step.state = StepState.IN_PROGRESS
    step.note = text
    step.save(update_fields=["state", "note", "updated_at"])
    return _handed_within_step(
        dossier,
        step,
        actor=actor,
        now=now,
        kind="reject",
        handover_kind=HandoverKind.REJECTED,
        before=before,
        received_by=step.assignee,
        note=text,
        from_unit=None,
        to_unit=step.unit_id,
        data={"reason": text},
    )


# --- Supplement during processing (the clock pauses) ------------------------------------------


@transaction.atomic
def processing_request_supplement(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[SupplementItem],
    note: str = "",
    reason: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> DossierProcess:
    """Ask the applicant for a supplement during processing (form 02 through the desk, the
    e-mail through the outbox). The clock stops until the supplement arrives. Only one is
    allowed by law: a second one needs ``reason`` and marks the dossier late by rule."""
    from motcua.dossiers.services import dossier_request_supplement

    now = _now(at)
    locked = _lock(dossier)
    _check_revision(locked, expected_revision)
    _require_processing(locked)
    process = _process_of(locked)
    process = DossierProcess.objects.select_for_update().get(pk=process.pk)
    second = process.supplement_requests >= 1
    text = note
    if second:
        why = _text(
            reason,
            "reason",
            minimum=10,
            label=_("Lý do yêu cầu bổ sung lần thứ hai (hồ sơ sẽ bị tính là trễ hạn)"),
        )
        text = f"{note.strip()}\n{_('Lý do yêu cầu bổ sung lần nữa')}: {why}".strip()
    dossier_request_supplement(actor=actor, dossier=locked, items=items, note=text, at=now)
    process.state = ProcessState.PAUSED
    process.paused_at = now
    process.supplement_requests += 1
    if process.supplement_requests > 1:
        process.late_by_rule = True
    process.save()
    return process


@transaction.atomic
def processing_resume(
    *, actor: User | None, dossier: Dossier, at: dt.datetime | None = None
) -> Dossier:
    """The supplement arrived: supplement completed → processing. The pause is recorded and
    the dossier's and the open steps' due instants are recomputed by the clock with it.

    Called by the desk's ``dossier_supplement_complete`` in the same transaction."""
    now = _now(at)
    dossier = _lock(dossier)
    from_status = dossier.status
    status = transition(from_status, Action.RESUME)
    process = DossierProcess.objects.select_for_update().get(dossier=dossier)
    paused_at = process.paused_at or now
    process.pauses = [*process.pauses, pause_record(paused_at, now)]
    process.paused_at = None
    process.state = ProcessState.ACTIVE
    pauses = pauses_from(process.pauses)
    calendar = calendar_for_agency(process.agency)
    assert dossier.received_at is not None  # noqa: S101 - processing implies a receipt
    due = calendar.due(dossier.received_at, dossier.limit_value or 0, dossier.limit_unit, pauses)
    process.due_at = due
    process.risk = ""
    process.save()
    for step in StepTask.objects.filter(process=process, state__in=ACTIVE_STEP_STATES):
        assert step.started_at is not None  # noqa: S101 - active steps have started
        step.process = process
        step.due_at = _step_due(step, process, step.started_at)
        step.risk = ""
        step.save(update_fields=["due_at", "risk", "updated_at"])
    dossier.status = status
    dossier.due_at = due
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.RESUME,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=process.agency_id,
        data={"paused_at": paused_at, "resumed_at": now, "due_at": due},
    )
    _save(dossier, ["status", "due_at"])
    return dossier


# --- Endings ------------------------------------------------------------------------------


def _close_steps(process: DossierProcess) -> int:
    return StepTask.objects.filter(
        process=process, state__in=[StepState.WAITING, *ACTIVE_STEP_STATES]
    ).update(state=StepState.CANCELLED, risk="", updated_at=timezone.now())


def processing_closed(*, dossier: Dossier, state: str, at: dt.datetime) -> None:
    """The dossier left processing without a result (withdrawn, refused): open steps close.

    Called by the desk's withdraw and refuse services inside their transaction."""
    process = DossierProcess.objects.select_for_update().filter(dossier=dossier).first()
    if process is None or process.state not in (ProcessState.ACTIVE, ProcessState.PAUSED):
        return
    _close_steps(process)
    if process.paused_at is not None:
        process.pauses = [*process.pauses, pause_record(process.paused_at, at)]
        process.paused_at = None
    process.state = state
    process.finished_at = at
    process.risk = ""
    process.save()


@transaction.atomic
def processing_stop(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The competent agency stops processing (with a notice to the applicant)."""
    from motcua.processing import notify

    now = _now(at)
    dossier = _lock(dossier)
    _check_revision(dossier, expected_revision)
    process = _process_of(dossier)
    _require_leader(actor, process.agency)
    text = _text(reason, "reason", minimum=10, label=_("Lý do dừng xử lý"))
    from_status = dossier.status
    status = transition(from_status, Action.STOP)
    closed = _close_steps(process)
    process.state = ProcessState.STOPPED
    process.finished_at = now
    process.risk = ""
    process.save()
    dossier.status = status
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.STOP,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=process.agency_id,
        data={"reason": text, "steps_closed": closed},
    )
    _save(dossier, ["status"])
    notify.processing_stopped(dossier, event)
    return dossier


# --- Form 04 (apology, new appointment) -------------------------------------------------------


def _when(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value is not None else None


@transaction.atomic
def delay_notice_issue(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    new_appointment_at: dt.datetime,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> DelayNotice:
    """The head of the competent agency apologises and gives a new appointment (form 04, PDF,
    sent to the applicant). The statutory due instant stays for the on-time rate."""
    from motcua.documents.services import file_store_bytes
    from motcua.documents.slips import slip_agency_header, slip_number_next, slip_render
    from motcua.processing import notify

    now = _now(at)
    dossier = _lock(dossier)
    _check_revision(dossier, expected_revision)
    process = _process_of(dossier)
    _require_leader(actor, process.agency)
    if dossier.status not in (Status.PROCESSING, Status.SUPPLEMENT_REQUESTED):
        _require_processing(dossier)
    text = _text(reason, "reason", minimum=10, label=_("Lý do chậm trả kết quả"))
    previous = process.appointment_at or process.due_at
    if new_appointment_at <= max(previous, now):
        raise ValidationError(
            {
                "new_appointment_at": [
                    _("Ngày hẹn mới phải sau ngày hẹn hiện tại (%(d)s) và sau lúc này.")
                    % {"d": timezone.localtime(previous).strftime("%H:%M %d/%m/%Y")}
                ]
            }
        )
    agency = process.agency
    number = slip_number_next(agency=agency, form="04")
    pdf = slip_render(
        form="04",
        context={
            **slip_agency_header(agency),
            "number": number,
            "date": timezone.localtime(now).date(),
            "applicant_name": dossier.applicant_name,
            "dossier_code": dossier.code or "",
            "procedure_name": dossier.procedure_version.name,
            "received_at": _when(dossier.received_at),
            "appointment_at": _when(previous),
            "reason": text,
            "new_appointment_at": _when(new_appointment_at),
            "signer_title": _("Thủ trưởng cơ quan"),
            "signer_name": actor.full_name or actor.username,
        },
    )
    stored = file_store_bytes(
        content=pdf, name=f"phieu-04-{dossier.code or dossier.pk}.pdf", created_by=actor
    )
    notice = DelayNotice.objects.create(
        dossier=dossier,
        number=number,
        reason=text,
        previous_appointment_at=previous,
        new_appointment_at=new_appointment_at,
        file=stored,
        issued_by=actor,
        issued_at=now,
    )
    process.appointment_at = new_appointment_at
    process.extensions += 1
    process.save(update_fields=["appointment_at", "extensions", "updated_at"])
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.EXTEND,
        from_status=dossier.status,
        to_status=dossier.status,
        at=now,
        agency_id=agency.pk,
        data={
            "slip": "04",
            "number": number,
            "reason": text,
            "previous_appointment_at": previous,
            "new_appointment_at": new_appointment_at,
        },
    )
    _save(dossier)
    notify.delay_notice_issued(dossier, event, notice)
    return notice


# --- The result -----------------------------------------------------------------------------


def _result_of(dossier: Dossier) -> ProcessResult | None:
    return (
        ProcessResult.objects.select_for_update(of=("self",))
        .select_related("draft_file", "signed")
        .filter(dossier=dossier)
        .first()
    )


def _require_lead_worker(actor: User, process: DossierProcess) -> None:
    if is_leader(actor, process.agency):
        return
    if StepTask.objects.filter(
        process=process,
        assignee=actor,
        agency=process.agency,
        state__in=ACTIVE_STEP_STATES,
    ).exists():
        return
    raise PermissionDenied(
        _("Chỉ cán bộ đang xử lý hồ sơ tại %(a)s hoặc lãnh đạo được soạn kết quả.")
        % {"a": process.agency.label}
    )


@transaction.atomic
def result_prepare(
    *,
    actor: User,
    dossier: Dossier,
    title: str,
    decision_text: str = "",
    upload: Any = None,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> ProcessResult:
    """The draft result: generated from the generic template (``decision_text``) or an
    uploaded PDF. Replaces an unsigned draft; a signed result cannot be replaced."""
    from motcua.documents.services import file_open, file_store, file_store_bytes
    from motcua.documents.signing import result_code_new, result_generate_pdf
    from motcua.documents.slips import slip_agency_header

    now = _now(at)
    dossier = _lock(dossier)
    _check_revision(dossier, expected_revision)
    _require_processing(dossier)
    process = _process_of(dossier)
    _require_lead_worker(actor, process)
    heading = _text(title, "title", minimum=3, label=_("Tên kết quả"))[:255]
    existing = _result_of(dossier)
    if existing is not None and existing.state != ResultState.DRAFT:
        raise DossierConflict(
            _("Kết quả đã được ký; không thay dự thảo được nữa."), status=dossier.status
        )
    code = ""
    if upload is not None:
        stored = file_store(
            upload=upload,
            created_by=actor,
            allowed_kinds=frozenset({"pdf"}),
            max_bytes=settings.MOTCUA_DOSSIER_FILE_MAX_BYTES,
        )
        with file_open(stored) as fh:
            if not fh.read(1024).lstrip().startswith(b"%PDF-"):
                raise ValidationError({"file": [_("Kết quả tải lên phải là tệp PDF.")]})
        source = ResultSource.UPLOAD
    else:
        body = _text(decision_text, "decision_text", minimum=10, label=_("Nội dung kết quả"))
        code = result_code_new()
        pdf = result_generate_pdf(
            template=RESULT_TEMPLATE,
            context={
                **slip_agency_header(process.agency),
                "procedure_name": dossier.procedure_version.name,
                "dossier_code": dossier.code or "",
                "applicant_name": dossier.applicant_name,
                "applicant_address": dossier.applicant_address,
                "decision_title": heading,
                "decision_text": body,
                "signer_title": _("Thủ trưởng cơ quan"),
                "verification_code": code,
                "date": timezone.localtime(now).date(),
            },
        )
        stored = file_store_bytes(
            content=pdf, name=f"du-thao-ket-qua-{dossier.code or dossier.pk}.pdf", created_by=actor
        )
        source = ResultSource.TEMPLATE
    if existing is None:
        result = ProcessResult.objects.create(
            dossier=dossier,
            source=source,
            title=heading,
            verification_code=code,
            draft_file=stored,
            prepared_by=actor,
            prepared_at=now,
        )
    else:
        result = existing
        result.source = source
        result.title = heading
        result.verification_code = code
        result.draft_file = stored
        result.prepared_by = actor
        result.prepared_at = now
        result.save()
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="result_prepare",
        agency_id=process.agency_id,
        data={"title": heading, "source": source, "file": str(stored.pk)},
    )
    _save(dossier)
    return result


def _complete_role_steps(
    dossier: Dossier,
    process: DossierProcess,
    *,
    role: str,
    actor: User,
    now: dt.datetime,
    note: str,
) -> list[int]:
    """Active steps of ``role`` at the lead agency close with the act that does them (the
    leader's signature, the clerk's number)."""
    done = []
    for step in (
        StepTask.objects.filter(
            process=process, role=role, agency=process.agency, state__in=ACTIVE_STEP_STATES
        )
        .select_related("agency", "process")
        .order_by("order")
    ):
        if step.assignee_id is None:
            step.assignee = actor
            _receive_pending(step, actor, now)
        _finish(dossier, step, actor=actor, now=now, note=note)
        done.append(step.order)
    return done


@transaction.atomic
def result_sign_draft(
    *,
    actor: User,
    dossier: Dossier,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> ProcessResult:
    """The leader of the lead agency signs the draft (PAdES with the agency certificate);
    the open leader steps of the lead agency are done with it."""
    from motcua.documents.services import file_open
    from motcua.documents.signing import result_sign

    now = _now(at)
    dossier = _lock(dossier)
    _check_revision(dossier, expected_revision)
    _require_processing(dossier)
    process = _process_of(dossier)
    _require_leader(actor, process.agency)
    result = _result_of(dossier)
    if result is None:
        raise ValidationError({"result": [_("Chưa có dự thảo kết quả để ký.")]})
    if result.state != ResultState.DRAFT:
        raise DossierConflict(_("Kết quả đã được ký trước đó."), status=dossier.status)
    with file_open(result.draft_file) as fh:
        pdf = fh.read()
    signed = result_sign(
        actor=actor,
        agency=process.agency,
        pdf_bytes=pdf,
        reason=_("Phê duyệt kết quả giải quyết hồ sơ %(code)s") % {"code": dossier.code or ""},
        location=process.agency.address or process.agency.name,
        related=("dossier", dossier.code or str(dossier.pk)),
        code=result.verification_code or None,
    )
    result.signed = signed
    result.state = ResultState.SIGNED
    result.save(update_fields=["signed", "state"])
    closed = _complete_role_steps(
        dossier, process, role=Role.LEADER, actor=actor, now=now, note=str(_("Đã ký kết quả"))
    )
    _log(
        dossier,
        actor=actor,
        now=now,
        kind="result_sign",
        agency_id=process.agency_id,
        data={"code": signed.code, "sha256": signed.sha256, "steps_done": closed},
    )
    _save(dossier)
    return result


@transaction.atomic
def result_issue(
    *,
    actor: User,
    dossier: Dossier,
    number: str | None = None,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> ProcessResult:
    """The records clerk numbers the signed result and issues it: processing → processed,
    the end of processing recorded and graded (early / on time / late, rule 7), the result
    handed to the desk (whose return steps open)."""
    from motcua.documents.signing import result_number

    now = _now(at)
    dossier = _lock(dossier)
    _check_revision(dossier, expected_revision)
    _require_processing(dossier)
    process = _process_of(dossier)
    result = _result_of(dossier)
    if result is None or result.signed is None:
        raise ValidationError({"result": [_("Kết quả chưa được lãnh đạo ký.")]})
    if result.state != ResultState.SIGNED:
        raise DossierConflict(_("Kết quả đã được vào số, ban hành."), status=dossier.status)
    result.signed = result_number(actor=actor, result=result.signed, number=number)
    _complete_role_steps(
        dossier, process, role=Role.CLERK, actor=actor, now=now, note=str(_("Đã vào số"))
    )
    pending = list(
        StepTask.objects.filter(
            process=process, at_desk=False, state__in=[StepState.WAITING, *ACTIVE_STEP_STATES]
        ).order_by("order")
    )
    if pending:
        raise ValidationError(
            {
                "result": [
                    _("Còn bước chưa xong: %(names)s. Hoàn thành các bước trước khi ban hành.")
                    % {"names": "; ".join(s.name for s in pending)}
                ]
            }
        )
    result.state = ResultState.ISSUED
    result.issued_at = now
    result.issued_by = actor
    result.save(update_fields=["state", "issued_at", "issued_by"])
    from_status = dossier.status
    status = transition(from_status, Action.COMPLETE)
    verdict = _classify(process.due_at, now)
    process.state = ProcessState.FINISHED
    process.finished_at = now
    process.timeliness = Timeliness.LATE if process.late_by_rule else verdict
    process.risk = ""
    process.save()
    last = (
        StepTask.objects.filter(process=process, at_desk=False, state=StepState.DONE)
        .order_by("-finished_at", "-order")
        .first()
    )
    returns = list(StepTask.objects.filter(process=process, at_desk=True, state=StepState.WAITING))
    for step in returns:
        _open(step, process, now)
    _handover(
        dossier,
        kind=HandoverKind.RESULT,
        now=now,
        from_step=last,
        to_step=returns[0] if returns else None,
        from_agency=process.agency_id,
        from_unit=last.unit_id if last else None,
        to_agency=dossier.receiving_agency_id,
        to_unit=returns[0].unit_id if returns else None,
        given_by=actor,
        outcome=process.timeliness,
        note=str(_("Kết quả số %(n)s") % {"n": result.signed.number}),
    )
    dossier.status = status
    signed = result.signed
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.COMPLETE,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=process.agency_id,
        data={
            "number": signed.number,
            "result_code": signed.code,
            "finished_at": now,
            "due_at": process.due_at,
            "timeliness": process.timeliness,
            "late_by_rule": process.late_by_rule,
        },
    )
    _save(dossier, ["status"])
    return result
