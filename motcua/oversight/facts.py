"""Folding a dossier's events into its :class:`DossierFact`, and what a fact contributes.

The same fold serves the live listener (one event at a time, inside the event's transaction)
and ``oversight_rebuild`` (every event of every dossier, in order), so the counters a rebuild
produces are by construction those the listener keeps.

Events relied on (DossierEvent.action, from/to status, at, data):

* ``submit`` / ``receive_at_desk`` — the dossier exists for oversight (not drafts);
* ``accept`` — received: the clock starts (``Dossier.received_at``, limit, flags);
* ``request_supplement`` — before receipt a contact with the desk; after receipt a pause of
  the clock that starts at the event, and one more supplement during processing;
* ``complete_supplement`` (or ``resume``) — the pause ends;
* ``complete`` — processing finished (status ``processed``): early / on time / late;
* ``refuse`` · ``withdraw`` · ``stop`` — the other endings;
* ``pay`` with ``data.method`` in the online methods — paid online;
* ``return_result`` — returned; electronic when ``Dossier.return_mode`` (or ``data.mode``)
  is ``electronic``;
* any event with ``data.rating`` (or ``data.grade``) — the applicant's rating; ratings of the
  delivery app (``delivery.Rating`` rows, not events) are counted when saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from motcua.core.clock import CompiledCalendar, Pause, classify
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.oversight.constants import (
    DISLIKE_GRADES,
    OUTCOME_MEASURE,
    Measure,
    Outcome,
)
from motcua.oversight.models import DossierFact

ONLINE_PAYMENT_METHODS = frozenset({"qr", "gateway"})
ENDINGS = {
    Action.REFUSE: Outcome.REFUSED,
    Action.WITHDRAW: Outcome.WITHDRAWN,
    Action.STOP: Outcome.STOPPED,
}

Key = tuple[dt.date, str]
Contributions = dict[Key, tuple[int, int]]
CalendarFor = Callable[[int], CompiledCalendar]


def local_day(t: dt.datetime) -> dt.date:
    return timezone.localtime(t).date()


def _parse(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def fact_pauses(fact: DossierFact) -> list[Pause]:
    return [Pause(_parse(a), _parse(b)) for a, b in fact.pauses]


def fact_new(dossier: Dossier, agency_path: str | None = None) -> DossierFact:
    """Facts of a dossier that has just left the draft stage (``agency_path``: the competent
    agency's path when the caller fills it itself, without reading the agency)."""
    version = dossier.procedure_version
    if agency_path is None:
        agency_path = dossier.competent_agency.path
    return DossierFact(
        dossier_id=dossier.pk,
        code=dossier.code or "",
        agency_id=dossier.competent_agency_id,
        agency_path=agency_path,
        receiving_agency_id=dossier.receiving_agency_id,
        procedure_id=version.procedure_id,
        field_id=version.field_id or 0,
        channel=dossier.channel,
        full_process_eligible=bool(version.full_process_eligible),
        full_process=(
            dossier.channel == "2"
            and bool(version.full_process_eligible)
            and version.online_level == "full"
        ),
    )


def _recompute_due(fact: DossierFact, dossier: Dossier, calendar: CompiledCalendar) -> None:
    if fact.received_at is None:
        return
    if fact.limit_value:
        fact.due_at = calendar.due(
            fact.received_at, int(fact.limit_value), fact.limit_unit, fact_pauses(fact)
        )
    else:
        fact.due_at = dossier.due_at


def _close_pause(fact: DossierFact, at: dt.datetime) -> None:
    if fact.pause_open_at is not None:
        fact.pauses = [*fact.pauses, [fact.pause_open_at.isoformat(), at.isoformat()]]
        fact.pause_open_at = None


def fact_apply(
    fact: DossierFact | None,
    event: DossierEvent,
    dossier: Dossier,
    calendar_for: CalendarFor,
) -> DossierFact | None:
    """The facts after ``event``; ``None`` while the dossier is only a draft."""
    action = event.action
    if fact is None:
        if event.to_status == Status.DRAFT or (
            action == Action.WITHDRAW and event.from_status == Status.DRAFT
        ):
            return None
        fact = fact_new(dossier)
    if event.seq <= fact.last_seq:
        return fact  # already folded (a rebuild running over a live listener)
    fact.last_seq = event.seq
    at = event.at
    if dossier.code and not fact.code:
        fact.code = dossier.code
    if fact.received_at is None and fact.finished_at is None:
        # Flags count as they stand at receipt.
        fact.digitised = bool(dossier.digitised)
        fact.reused = bool(dossier.reused)
        fact.fee_bearing = dossier.fee_amount > 0
    if action == Action.ACCEPT:
        fact.received_at = dossier.received_at or at
        fact.limit_value = dossier.limit_value
        fact.limit_unit = dossier.limit_unit or ""
        _recompute_due(fact, dossier, calendar_for(fact.agency_id))
    elif action == Action.REQUEST_SUPPLEMENT:
        if fact.received_at is not None:
            fact.supplements += 1
            fact.pause_open_at = at
        else:
            fact.intake_supplements += 1
    elif action in (Action.COMPLETE_SUPPLEMENT, Action.RESUME):
        if fact.pause_open_at is not None:
            _close_pause(fact, at)
            _recompute_due(fact, dossier, calendar_for(fact.agency_id))
    elif action == Action.COMPLETE and fact.finished_at is None:
        _close_pause(fact, at)
        calendar = calendar_for(fact.agency_id)
        _recompute_due(fact, dossier, calendar)
        fact.finished_at = at
        if fact.received_at is not None:
            paused = sum(calendar.elapsed(p.start, p.end) for p in fact_pauses(fact))
            fact.processing_seconds = max(0, calendar.elapsed(fact.received_at, at) - paused)
        if fact.supplements > 1 or fact.due_at is None:
            fact.outcome = Outcome.LATE
        else:
            fact.outcome = Outcome(str(classify(fact.due_at, at)))
    elif action in ENDINGS and fact.finished_at is None:
        _close_pause(fact, at)
        fact.finished_at = at
        fact.outcome = ENDINGS[Action(action)]
    elif action == Action.PAY:
        if fact.paid_online_at is None and event.data.get("method") in ONLINE_PAYMENT_METHODS:
            fact.paid_online_at = at
    elif action == Action.RETURN_RESULT and fact.returned_at is None:
        fact.returned_at = at
        mode = getattr(dossier, "return_mode", "") or event.data.get("mode", "")
        fact.returned_electronic = mode == "electronic"
    grade = event.data.get("rating") or event.data.get("grade")
    if grade:
        fact.rating = str(grade)[:24]
        fact.rated_at = at
    return fact


def contributions(fact: DossierFact | None) -> Contributions:
    """Counters this dossier adds: (local day, measure) → (count, value)."""
    out: Contributions = {}
    if fact is None:
        return out

    def add(t: dt.datetime | None, measure: str, value: int = 0) -> None:
        if t is None:
            return
        key = (local_day(t), measure)
        n, total = out.get(key, (0, 0))
        out[key] = (n + 1, total + value)

    received = fact.received_at
    add(received, Measure.RECEIVED)
    if received is not None:
        if fact.full_process_eligible:
            add(received, Measure.FULL_PROCESS_ELIGIBLE)
        if fact.full_process:
            add(received, Measure.FULL_PROCESS)
        if fact.digitised:
            add(received, Measure.DIGITISED)
        if fact.reused:
            add(received, Measure.REUSED)
        if fact.fee_bearing:
            add(received, Measure.FEE_BEARING)
            if fact.paid_online_at is not None:
                # Counted with its cohort: fee-bearing dossiers received that day and paid
                # online (whenever the payment came), as the indicator divides them.
                add(received, Measure.PAID_ONLINE)
    if fact.outcome:
        add(fact.finished_at, OUTCOME_MEASURE[Outcome(fact.outcome)])
        if fact.processing_seconds is not None:
            add(fact.finished_at, Measure.PROCESSING_SECONDS, int(fact.processing_seconds))
    add(fact.returned_at, Measure.RETURNED)
    if fact.returned_electronic:
        add(fact.returned_at, Measure.RETURNED_ELECTRONIC)
    if fact.rating:
        add(fact.rated_at, Measure.RATED)
        if fact.rating.lower() in DISLIKE_GRADES:
            add(fact.rated_at, Measure.RATED_DISLIKE)
    return out


def diff(before: Contributions, after: Contributions) -> Contributions:
    out: Contributions = {}
    for key in before.keys() | after.keys():
        n0, t0 = before.get(key, (0, 0))
        n1, t1 = after.get(key, (0, 0))
        if (n1 - n0, t1 - t0) != (0, 0):
            out[key] = (n1 - n0, t1 - t0)
    return out


def fact_snapshot(fact: DossierFact | None) -> DossierFact | None:
    """A detached copy (the fold mutates in place)."""
    if fact is None:
        return None
    copy = DossierFact(**{f.attname: getattr(fact, f.attname) for f in DossierFact._meta.fields})
    copy.pauses = list(fact.pauses)
    return copy


def fact_values(fact: DossierFact) -> dict[str, Any]:
    return {f.attname: getattr(fact, f.attname) for f in DossierFact._meta.fields}
