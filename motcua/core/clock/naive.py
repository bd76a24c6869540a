"""Reference implementation of the statutory clock: a plain day-by-day walk.

This is the policy written the way a person would apply it with a wall calendar: step
through the days, ask the ``holidays`` data and the administrator's overrides whether each
one is a working day, and step through its office hours. Nothing is precomputed, which
makes it easy to check against the policy text. It serves as the oracle in the property
tests and as the baseline in ``bench/deadline.py``; production code uses the compiled
engine (:mod:`motcua.core.clock.engine`), which must give identical answers.

Instants are handled in UTC internally: Python compares two datetimes that share a
``ZoneInfo`` by wall time, which is wrong around DST folds, whereas UTC comparison is not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import holidays

from motcua.core.clock.inputs import (
    MAX_YEAR,
    MIN_YEAR,
    add_months,
    check_limit,
    check_seconds,
    ordered_pauses,
    require_aware,
    sorted_periods,
    zone_for,
)
from motcua.core.clock.types import CalendarRules, ClockError, HoursPeriod, LimitUnit, Pause

_ONE_DAY = dt.timedelta(days=1)

OfficeInterval = tuple[dt.datetime, dt.datetime]


class NaiveClock:
    """Answers the same questions as :class:`CompiledCalendar` by walking the calendar."""

    def __init__(self, rules: CalendarRules) -> None:
        self.rules = rules
        self.zone = zone_for(rules)
        self.periods: tuple[HoursPeriod, ...] = sorted_periods(rules)
        # Without ``years`` the holidays object fills in each year the first time it is asked.
        self.national: holidays.HolidayBase | None = (
            holidays.country_holidays("VN") if rules.national_base else None
        )

    # ------------------------------------------------------------------ one date

    def period_for(self, day: dt.date) -> HoursPeriod | None:
        """The office-hours period in force: the latest one that has started by ``day``."""
        in_force: HoursPeriod | None = None
        for period in self.periods:
            if period.valid_from > day:
                break
            in_force = period
        return in_force

    def is_working_day(self, day: dt.date) -> bool:
        period = self.period_for(day)
        if period is None:
            return False  # no office hours were defined yet on that date
        if day in self.rules.extra_working_days:
            return True
        if day in self.rules.extra_days_off:
            return False
        ordinary = day.weekday() not in period.weekend
        if self.national is None:
            return ordinary
        # Asking about the holiday first makes the object load day.year, which is also
        # what records that year's make-up working Saturdays.
        holiday = day in self.national
        make_up = day in self.national.weekend_workdays
        return (ordinary and not holiday) or make_up

    def office_hours(self, day: dt.date) -> list[OfficeInterval]:
        """The day's working intervals as UTC instants (empty on a day off)."""
        period = self.period_for(day)
        if period is None or not self.is_working_day(day):
            return []
        hours: list[OfficeInterval] = []
        for start_time, end_time in period.intervals:
            start = dt.datetime.combine(day, start_time, self.zone).astimezone(dt.UTC)
            end = dt.datetime.combine(day, end_time, self.zone).astimezone(dt.UTC)
            if hours:
                start = max(start, hours[-1][1])  # only a DST fold can make these overlap
            if end > start:
                hours.append((start, end))
        return hours

    def close_of_office(self, day: dt.date) -> dt.datetime:
        return self.office_hours(day)[-1][1]

    def next_working_day(self, day: dt.date, *, field: str) -> dt.date:
        """``day`` itself if it is a working day, otherwise the first one after it."""
        while not self.is_working_day(day):
            day = self._step(day, field)
        return day

    # ------------------------------------------------------------------ instants

    def effective_start(self, t: dt.datetime, *, field: str = "t") -> dt.datetime:
        moment = self._utc(t, field)
        day = self._local_date(moment, field)
        while True:
            for start, end in self.office_hours(day):
                if moment < end:
                    return max(moment, start).astimezone(self.zone)
            day = self._step(day, field)

    def add(self, t: dt.datetime, seconds: int, *, field: str = "seconds") -> dt.datetime:
        left = check_seconds(seconds)
        moment = self._utc(self.effective_start(t, field=field), field)
        day = self._local_date(moment, field)
        while True:
            for start, end in self.office_hours(day):
                if end <= moment:
                    continue
                begin = max(start, moment)
                available = int((end - begin).total_seconds())
                if left <= available:
                    return (begin + dt.timedelta(seconds=left)).astimezone(self.zone)
                left -= available
            day = self._step(day, field)

    def elapsed(self, a: dt.datetime, b: dt.datetime, *, field: str | None = None) -> int:
        """Working seconds from ``a`` to ``b``; ``field`` overrides the blamed argument name."""
        field_a, field_b = (field, field) if field else ("a", "b")
        start, end = self._utc(a, field_a), self._utc(b, field_b)
        if end <= start:
            return 0
        total = 0
        day, last = self._local_date(start, field_a), self._local_date(end, field_b)
        while day <= last:
            for office_start, office_end in self.office_hours(day):
                overlap = min(office_end, end) - max(office_start, start)
                if overlap > dt.timedelta(0):
                    total += int(overlap.total_seconds())
            day += _ONE_DAY
        return total

    def due(
        self,
        start: dt.datetime,
        limit: int,
        unit: LimitUnit | str,
        pauses: Sequence[Pause] = (),
    ) -> dt.datetime:
        """The policy of :meth:`CompiledCalendar.due`, applied step by step."""
        require_aware(start, "start")
        amount, kind = check_limit(limit, unit)
        pairs = ordered_pauses(pauses)
        effective = self.effective_start(start, field="start")
        day = effective.date()  # effective is in the agency's zone
        if kind is LimitUnit.WORKING_DAYS:
            counted = 0
            while counted < amount:
                day = self._step(day, "limit")
                if self.is_working_day(day):
                    counted += 1
            due = self.close_of_office(day)
        elif kind is LimitUnit.SAME_DAY:
            # The effective start lies in office hours, so a period is in force that day.
            period = self.period_for(day) or self.periods[0]
            cutoff = dt.datetime.combine(day, period.same_day_cutoff, self.zone)
            if effective >= cutoff.astimezone(dt.UTC):  # compared as instants, not wall times
                day = self.next_working_day(self._step(day, "limit"), field="limit")
            due = self.close_of_office(day)
        elif kind is LimitUnit.WORKING_HOURS:
            due = self.add(effective, amount * 3600, field="limit")
        elif kind is LimitUnit.DAYS:
            day = self.next_working_day(day + dt.timedelta(days=amount), field="limit")
            due = self.close_of_office(day)
        else:
            day = self.next_working_day(add_months(day, amount), field="limit")
            due = self.close_of_office(day)
        for paused, resumed in pairs:
            if self._utc(paused, "pause") >= due:
                continue  # the work was already due when the clock stopped
            left = self.elapsed(paused, due, field="pause")
            due = self.add(resumed, left, field="pause")
        return due.astimezone(self.zone)

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _utc(t: dt.datetime, field: str) -> dt.datetime:
        """UTC, truncated to the clock's one-second resolution."""
        return require_aware(t, field).astimezone(dt.UTC).replace(microsecond=0)

    def _local_date(self, moment: dt.datetime, field: str) -> dt.date:
        day = moment.astimezone(self.zone).date()
        if not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ClockError(f"{field} must lie in {MIN_YEAR}..{MAX_YEAR}", field=field)
        return day

    @staticmethod
    def _step(day: dt.date, field: str) -> dt.date:
        """Next date; refuses to walk past the supported years (e.g. rules with no working day)."""
        following = day + _ONE_DAY
        if not MIN_YEAR <= following.year <= MAX_YEAR:
            raise ClockError(
                f"the result falls outside the supported years {MIN_YEAR}..{MAX_YEAR}",
                field=field,
            )
        return following
