"""Value types of the statutory clock (DOMAIN.md §6).

The clock is pure: nothing in ``motcua.core.clock`` touches the ORM. Agencies turn their
calendar data into a :class:`CalendarRules` and ask :func:`motcua.core.clock.get_calendar`
for a compiled calendar.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class LimitUnit(StrEnum):
    """Units in which a statutory or committed time limit is expressed."""

    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"
    DAYS = "days"
    MONTHS = "months"


class Timeliness(StrEnum):
    """How a finished (or unfinished) piece of work stands against its due instant."""

    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"
    IN_TIME = "in_time"
    OVERDUE = "overdue"


Interval = tuple[dt.time, dt.time]

DEFAULT_OFFICE_HOURS: tuple[Interval, ...] = (
    (dt.time(8, 0), dt.time(12, 0)),
    (dt.time(13, 0), dt.time(17, 0)),
)


@dataclass(frozen=True)
class HoursPeriod:
    """Office hours in force from ``valid_from`` (inclusive) until the next period starts."""

    valid_from: dt.date
    intervals: tuple[Interval, ...] = DEFAULT_OFFICE_HOURS
    same_day_cutoff: dt.time = dt.time(15, 0)
    weekend: frozenset[int] = frozenset({5, 6})  # date.weekday(): Saturday=5, Sunday=6


@dataclass(frozen=True)
class CalendarRules:
    """Everything that decides working time for one agency.

    ``extra_days_off`` and ``extra_working_days`` are administrator overrides and win over
    the national base (``holidays`` VN, including its make-up working Saturdays) when
    ``national_base`` is true.
    """

    tz: str = "Asia/Ho_Chi_Minh"
    periods: tuple[HoursPeriod, ...] = (HoursPeriod(valid_from=dt.date(1990, 1, 1)),)
    extra_days_off: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)
    national_base: bool = True


@dataclass(frozen=True)
class Pause:
    """A stop of the clock (supplement request) from ``start`` to ``end`` (aware datetimes)."""

    start: dt.datetime
    end: dt.datetime


class ClockError(ValueError):
    """Bad input to the clock. ``field`` names the offending argument for error messages."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field
