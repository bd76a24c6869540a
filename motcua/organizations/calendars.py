"""Turn an agency's calendar data (and its ancestors') into the clock's rules."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import F

from motcua.core.clock import CalendarRules, CompiledCalendar, HoursPeriod, get_calendar
from motcua.organizations.constants import CalendarDayKind
from motcua.organizations.models import Agency, CalendarDay, CalendarRevision, OfficeHours


def calendar_version() -> int:
    """The calendar revision: one indexed read that tells whether cached rules are stale."""
    number = CalendarRevision.objects.filter(pk=1).values_list("number", flat=True).first()
    return int(number or 0)


def calendar_bump_version() -> None:
    """Caller is inside the transaction that changes the calendar."""
    if not CalendarRevision.objects.filter(pk=1).update(number=F("number") + 1):
        CalendarRevision.objects.get_or_create(pk=1, defaults={"number": 1})


_rules_cache: dict[tuple[int | None, int], CalendarRules] = {}


def rules_for_agency(agency: Agency | None) -> CalendarRules:
    """Rules for an agency: national base + overrides of the agency and its ancestors.

    A nearer agency wins: a ward's extra working day beats the district's day off on the same
    date, and the nearest agency that defines office hours defines them all.
    """
    key = (agency.pk if agency else None, calendar_version())
    cached = _rules_cache.get(key)
    if cached is not None:
        return cached
    tz = settings.TIME_ZONE
    if agency is None:
        rules = CalendarRules(tz=tz)
    else:
        chain = agency.ancestor_ids() or [agency.pk]
        depth = {pk: i for i, pk in enumerate(chain)}
        days: dict[dt.date, tuple[int, str]] = {}
        for row in CalendarDay.objects.filter(agency_id__in=chain).values(
            "agency_id", "date", "kind"
        ):
            d = depth[row["agency_id"]]
            if row["date"] not in days or days[row["date"]][0] < d:
                days[row["date"]] = (d, row["kind"])
        hours_rows = list(OfficeHours.objects.filter(agency_id__in=chain).order_by("valid_from"))
        periods: tuple[HoursPeriod, ...] = ()
        if hours_rows:
            nearest = max(depth[h.agency_id] for h in hours_rows)
            periods = tuple(
                HoursPeriod(
                    valid_from=h.valid_from,
                    intervals=(
                        (h.morning_start, h.morning_end),
                        (h.afternoon_start, h.afternoon_end),
                    ),
                    same_day_cutoff=h.same_day_cutoff,
                    weekend=frozenset({6}) if h.saturday_working else frozenset({5, 6}),
                )
                for h in hours_rows
                if depth[h.agency_id] == nearest
            )
            if periods[0].valid_from > dt.date(1990, 1, 1):
                periods = (HoursPeriod(valid_from=dt.date(1990, 1, 1)), *periods)
        rules = CalendarRules(
            tz=tz,
            periods=periods or CalendarRules().periods,
            extra_days_off=frozenset(
                d for d, (_, k) in days.items() if k == CalendarDayKind.DAY_OFF
            ),
            extra_working_days=frozenset(
                d for d, (_, k) in days.items() if k == CalendarDayKind.WORKING_DAY
            ),
        )
    if len(_rules_cache) > 4096:
        _rules_cache.clear()
    _rules_cache[key] = rules
    return rules


def calendar_for_agency(agency: Agency | None) -> CompiledCalendar:
    return get_calendar(rules_for_agency(agency))
