"""The statutory clock: working time, due instants and timeliness (DOMAIN.md §6).

Pure Python on purpose (no ORM import): agencies turn their calendar data into a
:class:`CalendarRules`, and everything here is a function of those rules and instants, so
it is cheap to test exhaustively and safe to call from any layer.

Due-date policy implemented by :meth:`CompiledCalendar.due`:

1. The clock starts at the *effective start*: the receipt instant if it falls in office
   hours, otherwise the next opening (12:30 -> 13:00, Friday 17:30 -> Monday 08:00).
2. ``working_days`` N: close of office on the N-th working day strictly after the effective
   start's date.
3. ``same_day`` (limit 0 or 1): close of that day if the effective start is before the
   day's cut-off, otherwise close of the next working day.
4. ``working_hours`` H: H hours of office time after the effective start, ending at the
   earliest such instant (so it can end at 12:00, never "at 13:00" for the same work).
5. ``days`` / ``months`` N: close of office on the date N days / months later (day of
   month clamped), or on the next working day if that date is a day off.
6. Pauses (supplement requests) in chronological order: a pause from p to r with p before
   the current due hands back the working time that was left at p, counted from r.

Timeliness: finished before the due instant is early, exactly at it on time, after it
late; unfinished work is in time up to and including the due instant, then overdue.
"""

from motcua.core.clock.engine import CompiledCalendar, clear_calendar_cache, get_calendar
from motcua.core.clock.inputs import MAX_YEAR, MIN_YEAR, add_months
from motcua.core.clock.timeliness import classify, is_on_time
from motcua.core.clock.types import (
    DEFAULT_OFFICE_HOURS,
    CalendarRules,
    ClockError,
    HoursPeriod,
    LimitUnit,
    Pause,
    Timeliness,
)

__all__ = [
    "DEFAULT_OFFICE_HOURS",
    "MAX_YEAR",
    "MIN_YEAR",
    "CalendarRules",
    "ClockError",
    "CompiledCalendar",
    "HoursPeriod",
    "LimitUnit",
    "Pause",
    "Timeliness",
    "add_months",
    "classify",
    "clear_calendar_cache",
    "get_calendar",
    "is_on_time",
]
