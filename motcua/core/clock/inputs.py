"""Input checks shared by the compiled engine and the naive reference walk.

Both implementations must reject exactly the same inputs with the same ``field`` so that
the naive walk can serve as an oracle for the engine and so that API error messages do not
depend on which implementation answered. Only validation and date arithmetic live here; the
working-time logic is deliberately written twice (engine and naive) to keep the oracle
independent.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from motcua.core.clock.types import CalendarRules, ClockError, HoursPeriod, LimitUnit, Pause

#: Years outside this window are almost certainly data-entry errors (a year typed as 226
#: or 20026); refusing them also bounds how far the engine will ever recompile.
MIN_YEAR = 1990
MAX_YEAR = 2200

#: Upper bounds of a limit per unit. Statutory limits are days to months; anything beyond
#: these caps (roughly ten to a hundred years) is a typo, not a procedure.
LIMIT_CAPS: dict[LimitUnit, int] = {
    LimitUnit.WORKING_DAYS: 3650,
    LimitUnit.WORKING_HOURS: 87600,
    LimitUnit.SAME_DAY: 1,
    LimitUnit.DAYS: 36500,
    LimitUnit.MONTHS: 1200,
}

# (unit, lowest limit, highest limit) keyed by the unit's plain string value; shared with
# the engine's inlined fast path.
LIMIT_RULES: dict[str, tuple[LimitUnit, int, int]] = {
    unit.value: (unit, 0 if unit is LimitUnit.SAME_DAY else 1, LIMIT_CAPS[unit])
    for unit in LimitUnit
}

PausePair = tuple[dt.datetime, dt.datetime]


def require_aware(value: object, field: str) -> dt.datetime:
    """Refuse naive datetimes: a wall time without a zone has no defined working instant."""
    if not isinstance(value, dt.datetime):
        raise ClockError(f"{field} must be a datetime, got {type(value).__name__}", field=field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise ClockError(f"{field} must be timezone-aware", field=field)
    return value


def require_date(value: object, field: str) -> dt.date:
    """Refuse datetimes where a calendar date is meant, since their date part is zone-bound."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ClockError(f"{field} must be a date", field=field)
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ClockError(f"{field} must lie in {MIN_YEAR}..{MAX_YEAR}", field=field)
    return value


def check_limit(limit: object, unit: object) -> tuple[int, LimitUnit]:
    """Normalise (limit, unit) and refuse values no procedure can have.

    Members are looked up by ``_value_`` because ``Enum.__hash__`` is Python code and
    would be a noticeable part of a due-date query.
    """
    key = unit._value_ if isinstance(unit, LimitUnit) else unit
    rule = LIMIT_RULES.get(key) if isinstance(key, str) else None
    if rule is None:
        raise ClockError(f"unknown time-limit unit {unit!r}", field="unit")
    found, lowest, cap = rule
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise ClockError("limit must be a whole number", field="limit")
    if limit < lowest:
        raise ClockError(f"limit must be at least {lowest} for {found.value}", field="limit")
    if limit > cap:
        raise ClockError(f"limit must be at most {cap} for {found.value}", field="limit")
    return limit, found


def check_seconds(seconds: object) -> int:
    """Working-time additions are whole, non-negative seconds (the clock's resolution)."""
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise ClockError("seconds must be a whole number", field="seconds")
    if seconds < 0:
        raise ClockError("seconds must not be negative", field="seconds")
    return seconds


def ordered_pauses(pauses: Sequence[Pause]) -> list[PausePair]:
    """Sort pauses chronologically and refuse reversed or overlapping ones.

    Overlaps are refused rather than merged because two simultaneous supplement requests
    on one dossier mean the data is wrong, and silently merging would hide that.
    """
    pairs: list[PausePair] = []
    for pause in pauses:
        start = require_aware(getattr(pause, "start", None), "pause")
        end = require_aware(getattr(pause, "end", None), "pause")
        if end < start:
            raise ClockError("a pause cannot end before it starts", field="pause")
        pairs.append((start, end))
    pairs.sort()
    for (_, previous_end), (next_start, _) in itertools.pairwise(pairs):
        if next_start < previous_end:
            raise ClockError("pauses must not overlap", field="pause")
    return pairs


def zone_for(rules: CalendarRules) -> ZoneInfo:
    """Resolve the agency's zone once, turning a bad name into a field error."""
    try:
        return ZoneInfo(rules.tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ClockError(f"unknown time zone {rules.tz!r}", field="tz") from exc


def sorted_periods(rules: CalendarRules) -> tuple[HoursPeriod, ...]:
    """Order office-hour periods by start and refuse shapes the clock cannot reason about.

    Intervals must be positive, ordered and disjoint so that a day's working time is a
    simple sorted list; a period without intervals would make a working day with no
    close of office, which no due date can land on.
    """
    if not rules.periods:
        raise ClockError("at least one office-hours period is required", field="periods")
    periods = tuple(sorted(rules.periods, key=lambda period: period.valid_from))
    for earlier, later in itertools.pairwise(periods):
        if earlier.valid_from == later.valid_from:
            raise ClockError("two office-hours periods start on the same day", field="periods")
    for period in periods:
        if not period.intervals:
            raise ClockError("an office-hours period needs at least one interval", field="periods")
        previous_end: dt.time | None = None
        for start, end in period.intervals:
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ClockError("office hours are local wall times", field="periods")
            if not start < end:
                raise ClockError(
                    "an office-hours interval must end after it starts", field="periods"
                )
            if previous_end is not None and start < previous_end:
                raise ClockError(
                    "office-hours intervals must be ordered and disjoint", field="periods"
                )
            previous_end = end
        if not period.weekend <= frozenset(range(7)):
            raise ClockError("weekend days are date.weekday() numbers 0..6", field="periods")
    return periods


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month ``months`` later, clamped to the month's end (31 Jan + 1 → 28/29 Feb)."""
    years, month_index = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month_index + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
