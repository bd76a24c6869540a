"""Keeping the counters in step with the event log, and rebuilding them from it.

:func:`on_dossier_event` is registered on :func:`motcua.dossiers.events.event_append`: it
runs inside the transaction of every dossier change, while the dossier row is locked, folds
the event into the dossier's facts and adds the difference of what the dossier contributes
to two counter tables with ``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n``
(PostgreSQL and SQLite alike; rows are touched in a fixed order so that two transactions
never wait on each other crosswise). On SQLite the ``IMMEDIATE`` transactions serialise
writers; on PostgreSQL the upsert takes the row lock, so concurrent increments add up.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, transaction

from motcua.core.clock import CompiledCalendar
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.lifecycle import NEW
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency
from motcua.oversight.facts import (
    CalendarFor,
    Contributions,
    contributions,
    diff,
    fact_apply,
    fact_new,
    fact_values,
)
from motcua.oversight.models import DossierFact, Rollup, RollupMonth

DayKey = tuple[int, dt.date, int, int, str, str]  # agency, day, procedure, field, channel, measure
MonthKey = tuple[int, dt.date, str, str]  # agency (any ancestor), month, channel, measure

_DAY_SQL = (
    "INSERT INTO oversight_rollup (agency_id, day, procedure_id, field_id, channel, measure,"
    " n, total) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (agency_id, day, procedure_id, field_id, channel, measure) DO UPDATE SET"
    " n = oversight_rollup.n + excluded.n, total = oversight_rollup.total + excluded.total"
)
_MONTH_SQL = (
    "INSERT INTO oversight_rollupmonth (agency_id, month, channel, measure, n, total)"
    " VALUES (%s, %s, %s, %s, %s, %s)"
    " ON CONFLICT (agency_id, month, channel, measure) DO UPDATE SET"
    " n = oversight_rollupmonth.n + excluded.n,"
    " total = oversight_rollupmonth.total + excluded.total"
)


def path_ids(path: str) -> list[int]:
    return [int(p) for p in path.strip("/").split("/") if p]


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _calendar_for(dossier: Dossier) -> CalendarFor:
    def lookup(agency_id: int) -> CompiledCalendar:
        agency = dossier.competent_agency
        if agency.pk != agency_id:
            agency = Agency.objects.get(pk=agency_id)
        return calendar_for_agency(agency)

    return lookup


def _keys(
    fact: DossierFact, delta: Contributions
) -> tuple[dict[DayKey, list[int]], dict[MonthKey, list[int]]]:
    days: dict[DayKey, list[int]] = {}
    months: dict[MonthKey, list[int]] = {}
    ancestors = path_ids(fact.agency_path) or [fact.agency_id]
    for (day, measure), (n, total) in delta.items():
        dkey = (fact.agency_id, day, fact.procedure_id, fact.field_id, fact.channel, measure)
        row = days.setdefault(dkey, [0, 0])
        row[0] += n
        row[1] += total
        for agency_id in ancestors:
            mkey = (agency_id, month_of(day), fact.channel, measure)
            mrow = months.setdefault(mkey, [0, 0])
            mrow[0] += n
            mrow[1] += total
    return days, months


def rollup_add(fact: DossierFact, delta: Contributions) -> None:
    """Add ``delta`` to the counters of ``fact``'s keys (the caller's transaction)."""
    if not delta:
        return
    days, months = _keys(fact, delta)
    with connection.cursor() as cursor:
        cursor.executemany(_DAY_SQL, [(*k, v[0], v[1]) for k, v in sorted(days.items())])
        cursor.executemany(_MONTH_SQL, [(*k, v[0], v[1]) for k, v in sorted(months.items())])


def on_dossier_event(event: DossierEvent, dossier: Dossier) -> None:
    """The listener: fold the event into the facts and move the counters by the difference."""
    if event.to_status == Status.DRAFT:
        return  # drafts are nobody's figures (and the online form saves often)
    if event.action == Action.SUBMIT and event.from_status in (Status.DRAFT, NEW):
        _fact_first(event, dossier)
        return
    fact = DossierFact.objects.filter(pk=dossier.pk).first()
    created = fact is None
    before = contributions(fact)
    fact = fact_apply(fact, event, dossier, _calendar_for(dossier))
    if fact is None:
        return
    if created:
        fact.save(force_insert=True)
    else:
        fact.save()
    rollup_add(fact, diff(before, contributions(fact)))


def _fact_first(event: DossierEvent, dossier: Dossier) -> None:
    """An online submission: the dossier leaves the draft stage, so it has no fact row yet
    (drafts never get one) and counts nothing until it is received. One INSERT, the agency
    path read inside it: the submission holds the day's dossier-code counter until commit."""
    fact = fact_apply(fact_new(dossier, agency_path=""), event, dossier, _calendar_for(dossier))
    if fact is None:
        return
    fields, sql = _first_insert()
    values = [f.get_db_prep_save(getattr(fact, f.attname), connection) for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, fact.agency_id])


@functools.cache
def _first_insert() -> tuple[list[Any], str]:
    """The fact row's fields but the path, and the INSERT taking the path from the agency."""
    fields = [f for f in DossierFact._meta.concrete_fields if f.attname != "agency_path"]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    # Table and column names come from the models, values are parameters.
    sql = (
        f"INSERT INTO {DossierFact._meta.db_table} ({columns}, agency_path)"  # noqa: S608
        f" SELECT {marks}, path FROM {Agency._meta.db_table} WHERE id = %s"
        " ON CONFLICT (dossier_id) DO NOTHING"
    )
    return fields, sql


def on_rating_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A resident rated a dossier (delivery app): count it on the rating's day."""
    fact = DossierFact.objects.select_for_update().filter(pk=instance.dossier_id).first()
    if fact is None:
        return
    before = contributions(fact)
    _rate(fact, instance)
    fact.save(update_fields=["rating", "rated_at"])
    rollup_add(fact, diff(before, contributions(fact)))


def _rate(fact: DossierFact, rating: Any) -> None:
    fact.rating = str(rating.value)[:24]
    fact.rated_at = rating.rated_at


def _ratings(ids: list[int]) -> dict[int, Any]:
    if not apps.is_installed("motcua.delivery"):
        return {}
    model = apps.get_model("delivery", "Rating")
    return {r.dossier_id: r for r in model.objects.filter(dossier_id__in=ids)}


# --- Rebuild ------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    dossiers: int = 0
    facts_wrong: list[int] = field(default_factory=list)
    day_rows_wrong: list[tuple[DayKey, tuple[int, int], tuple[int, int]]] = field(
        default_factory=list
    )
    month_rows_wrong: list[tuple[MonthKey, tuple[int, int], tuple[int, int]]] = field(
        default_factory=list
    )
    repaired: bool = False

    @property
    def ok(self) -> bool:
        return not (self.facts_wrong or self.day_rows_wrong or self.month_rows_wrong)


def _events_by_dossier(batch: int) -> Iterator[tuple[Dossier, list[DossierEvent], Any]]:
    ids = list(Dossier.objects.order_by("pk").values_list("pk", flat=True))
    for i in range(0, len(ids), batch):
        chunk = ids[i : i + batch]
        dossiers = {
            d.pk: d
            for d in Dossier.objects.filter(pk__in=chunk).select_related(
                "procedure_version", "competent_agency"
            )
        }
        events: dict[int, list[DossierEvent]] = defaultdict(list)
        for ev in DossierEvent.objects.filter(dossier_id__in=chunk).order_by("dossier_id", "seq"):
            events[ev.dossier_id].append(ev)
        ratings = _ratings(chunk)
        for pk in chunk:
            yield dossiers[pk], events.get(pk, []), ratings.get(pk)


def expected_facts(*, batch: int = 2000) -> Iterator[DossierFact]:
    """Facts recomputed from the dossiers and their whole logs."""
    calendars: dict[int, CompiledCalendar] = {}

    def calendar(agency_id: int) -> CompiledCalendar:
        if agency_id not in calendars:
            calendars[agency_id] = calendar_for_agency(Agency.objects.get(pk=agency_id))
        return calendars[agency_id]

    for dossier, events, rating in _events_by_dossier(batch):
        fact: DossierFact | None = None
        for ev in events:
            fact = fact_apply(fact, ev, dossier, calendar)
        if fact is not None:
            if rating is not None:
                _rate(fact, rating)
            yield fact


def _aggregate(
    facts: Iterable[DossierFact],
) -> tuple[dict[DayKey, list[int]], dict[MonthKey, list[int]]]:
    days: dict[DayKey, list[int]] = {}
    months: dict[MonthKey, list[int]] = {}
    for fact in facts:
        d, m = _keys(fact, contributions(fact))
        for k, v in d.items():
            row = days.setdefault(k, [0, 0])
            row[0] += v[0]
            row[1] += v[1]
        for mk, v in m.items():
            row = months.setdefault(mk, [0, 0])
            row[0] += v[0]
            row[1] += v[1]
    return days, months


_COMPARED = [
    f.attname for f in DossierFact._meta.fields if f.attname not in ("dossier_id", "last_seq")
]


def oversight_rebuild(*, repair: bool, limit: int = 50) -> RebuildReport:
    """Recompute facts and counters from the source of truth; report (and repair) differences.

    ``limit`` bounds how many differences of each kind are listed. Repair replaces the three
    tables in one transaction; run it when no dossier changes (it takes a few seconds per
    hundred thousand events).
    """
    report = RebuildReport()
    facts = list(expected_facts())
    report.dossiers = len(facts)
    current = {f.pk: f for f in DossierFact.objects.all()}
    wrong: list[int] = []
    for fact in facts:
        have = current.pop(fact.pk, None)
        if have is None or any(getattr(have, a) != getattr(fact, a) for a in _COMPARED):
            wrong.append(fact.pk)
    wrong.extend(current)  # facts of dossiers that no longer produce any
    report.facts_wrong = sorted(wrong)[:limit]
    days, months = _aggregate(facts)
    have_days = {
        (r.agency_id, r.day, r.procedure_id, r.field_id, r.channel, r.measure): (r.n, r.total)
        for r in Rollup.objects.all()
    }
    for k in sorted(days.keys() | have_days.keys()):
        want = tuple(days.get(k, (0, 0)))
        got = have_days.get(k, (0, 0))
        if want != got:
            report.day_rows_wrong.append((k, got, (want[0], want[1])))
    have_months = {
        (r.agency_id, r.month, r.channel, r.measure): (r.n, r.total)
        for r in RollupMonth.objects.all()
    }
    for mk in sorted(months.keys() | have_months.keys()):
        want = tuple(months.get(mk, (0, 0)))
        got = have_months.get(mk, (0, 0))
        if want != got:
            report.month_rows_wrong.append((mk, got, (want[0], want[1])))
    if repair and not report.ok:
        with transaction.atomic():
            DossierFact.objects.all().delete()
            Rollup.objects.all().delete()
            RollupMonth.objects.all().delete()
            DossierFact.objects.bulk_create(
                [DossierFact(**fact_values(f)) for f in facts], batch_size=2000
            )
            Rollup.objects.bulk_create(
                [
                    Rollup(
                        agency_id=k[0],
                        day=k[1],
                        procedure_id=k[2],
                        field_id=k[3],
                        channel=k[4],
                        measure=k[5],
                        n=v[0],
                        total=v[1],
                    )
                    for k, v in days.items()
                    if v != [0, 0]
                ],
                batch_size=5000,
            )
            RollupMonth.objects.bulk_create(
                [
                    RollupMonth(
                        agency_id=mk[0],
                        month=mk[1],
                        channel=mk[2],
                        measure=mk[3],
                        n=v[0],
                        total=v[1],
                    )
                    for mk, v in months.items()
                    if v != [0, 0]
                ],
                batch_size=5000,
            )
        report.repaired = True
    report.day_rows_wrong = report.day_rows_wrong[:limit]
    report.month_rows_wrong = report.month_rows_wrong[:limit]
    return report
