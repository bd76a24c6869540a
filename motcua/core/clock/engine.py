"""The compiled statutory clock.

Deadlines are computed for every dossier on every list page, report and reminder run, so
the working-time calendar of an agency is compiled once into flat sorted arrays of UTC
epoch seconds. Every query is then a ``bisect`` or a direct index plus arithmetic instead
of a day-by-day walk over holiday lookups (see :mod:`motcua.core.clock.naive` for that
walk, which is kept as the readable reference and the test oracle).

Vocabulary used below: the *position* of an instant is the number of working seconds from
the start of the compiled range up to it, so the working time between two instants is the
difference of their positions.
"""

from __future__ import annotations

import datetime as dt
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NoReturn, TypeVar
from zoneinfo import ZoneInfo

import holidays

from motcua.core.clock.inputs import (
    LIMIT_RULES,
    MAX_YEAR,
    MIN_YEAR,
    check_limit,
    check_seconds,
    ordered_pauses,
    require_aware,
    require_date,
    sorted_periods,
    zone_for,
)
from motcua.core.clock.timeliness import classify, is_on_time
from motcua.core.clock.types import CalendarRules, ClockError, LimitUnit, Pause, Timeliness

_T = TypeVar("_T")

#: Years compiled up front around today: covers open dossiers and recent reports, the
#: bulk of all queries, while keeping the first compile cheap.
_YEARS_BEFORE_TODAY = 2
_YEARS_AFTER_TODAY = 3
#: When a query runs past the compiled range, grow at least this much so that a run of
#: queries near the edge does not recompile again and again.
_MIN_GROWTH_YEARS = 5

_MIDNIGHT = dt.time(0, 0)
_NEVER = 1 << 62  # an epoch later than any instant the clock accepts
_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
# Module constants: cheaper than an attribute lookup on the enum class in the hot path.
_WORKING_DAYS = LimitUnit.WORKING_DAYS
_WORKING_HOURS = LimitUnit.WORKING_HOURS
_SAME_DAY = LimitUnit.SAME_DAY
_DAYS = LimitUnit.DAYS


def _epoch(value: dt.datetime, field: str) -> int:
    """UTC epoch seconds of an aware datetime, sub-second part dropped.

    Hand-rolled because ``datetime.timestamp()`` costs about twice as much and this runs
    on every query; tzdata offsets are whole seconds, so ignoring an offset's microseconds
    is exact in practice.
    """
    zone = value.tzinfo if isinstance(value, dt.datetime) else None
    offset = zone.utcoffset(value) if zone is not None else None
    if offset is None:
        require_aware(value, field)  # raises the precise error
        raise ClockError(f"{field} must be timezone-aware", field=field)
    return (
        (value.toordinal() - _EPOCH_ORDINAL) * 86400
        + value.hour * 3600
        + value.minute * 60
        + value.second
        - offset.days * 86400
        - offset.seconds
    )


class _Grow(Exception):
    """Internal signal: the compiled range must widen to ``first..last`` and the query rerun.

    Queries are rerun from scratch on a fresh table because positions are relative to the
    range start and change when the range grows backwards.
    """

    def __init__(self, first: int, last: int, field: str) -> None:
        super().__init__(first, last, field)
        self.first = first
        self.last = last
        self.field = field


@dataclass(frozen=True, slots=True)
class _Tables:
    """One immutable compilation; swapped atomically so readers never see a half-grown one."""

    first_year: int
    last_year: int
    lo: int  # epoch of local midnight starting first_year
    hi: int  # epoch of local midnight after last_year (exclusive)
    first_ordinal: int
    last_ordinal: int
    # Working intervals, sorted and disjoint: [starts[i], ends[i]).
    starts: list[int]
    ends: list[int]
    cum: list[int]  # position at starts[i]
    cum_end: list[int]  # position at ends[i]
    interval_day: list[int]  # index into the day arrays of the day owning interval i
    # Working days, sorted by date.
    day_ordinals: list[int]
    day_close: list[int]  # close of office (end of the day's last interval)
    day_close_dt: list[dt.datetime]  # the same, prebuilt in the agency's zone
    day_cutoff: list[int]  # same-day cut-off instant
    day_month: list[int]  # year * 12 + month - 1, for month arithmetic without date objects
    day_of_month: list[int]
    # Per calendar date (index: ordinal - first_ordinal): first working day on or after it,
    # len(day_ordinals) when there is none in range.
    on_or_after: list[int]
    # Ordinal of the 1st of each month from first_year (index: month - first_year * 12),
    # with one extra entry (1 January after last_year) so month lengths are differences.
    month_first: list[int]
    # Per calendar date: epoch of local midnight when the UTC offset is the same all day
    # (every day in zones without DST), else -1; lets an input in the agency's zone be
    # located from its wall time without a zone lookup.
    date_midnight: list[int]
    # Per calendar date: index of the first interval ending after its midnight.
    date_interval: list[int]
    # ``ends`` plus a sentinel, so scans over it need no bounds check.
    ends_guarded: list[int]


class CompiledCalendar:
    """Working time of one :class:`CalendarRules`, compiled for O(log n) queries.

    Instances are shared between threads through :func:`get_calendar`; the only mutation is
    widening the compiled year range, which replaces the table object under a lock.
    All inputs must be timezone-aware; outputs are in the rules' zone. Resolution is one
    second: sub-second parts of inputs are dropped.
    """

    def __init__(
        self,
        rules: CalendarRules,
        first_year: int | None = None,
        last_year: int | None = None,
    ) -> None:
        self.rules = rules
        self.zone: ZoneInfo = zone_for(rules)
        self._periods = sorted_periods(rules)
        self._period_ordinals = [period.valid_from.toordinal() for period in self._periods]
        this_year = dt.datetime.now(dt.UTC).year
        first = this_year - _YEARS_BEFORE_TODAY if first_year is None else first_year
        last = this_year + _YEARS_AFTER_TODAY if last_year is None else last_year
        first, last = max(first, MIN_YEAR), min(last, MAX_YEAR)
        if first > last:
            raise ClockError(f"year range must lie within {MIN_YEAR}..{MAX_YEAR}", field="years")
        self._lock = threading.Lock()
        self._tables = self._compile(first, last)

    # ------------------------------------------------------------------ compilation

    @property
    def year_range(self) -> tuple[int, int]:
        """Currently compiled years (inclusive); grows on demand."""
        tables = self._tables
        return tables.first_year, tables.last_year

    def _compile(self, first: int, last: int) -> _Tables:
        rules, zone = self.rules, self.zone
        national_off: set[dt.date] = set()
        make_up: set[dt.date] = set()
        if rules.national_base:
            base = holidays.country_holidays("VN", years=range(first, last + 1))
            national_off = set(base.keys())
            make_up = set(base.weekend_workdays)
        extra_off, extra_working = rules.extra_days_off, rules.extra_working_days

        starts: list[int] = []
        ends: list[int] = []
        cum: list[int] = []
        cum_end: list[int] = []
        interval_day: list[int] = []
        day_ordinals: list[int] = []
        day_close: list[int] = []
        day_close_dt: list[dt.datetime] = []
        day_cutoff: list[int] = []
        day_month: list[int] = []
        day_of_month: list[int] = []
        running = 0
        first_ordinal = dt.date(first, 1, 1).toordinal()
        last_ordinal = dt.date(last, 12, 31).toordinal()
        for ordinal in range(first_ordinal, last_ordinal + 1):
            period_index = bisect_right(self._period_ordinals, ordinal) - 1
            if period_index < 0:
                continue  # before the first office-hours period: no office hours at all
            period = self._periods[period_index]
            day = dt.date.fromordinal(ordinal)
            if day not in extra_working:
                if day in extra_off:
                    continue
                ordinary = day.weekday() not in period.weekend and day not in national_off
                if not (ordinary or day in make_up):
                    continue
            kept = False
            for start_time, end_time in period.intervals:
                start = int(dt.datetime.combine(day, start_time, zone).timestamp())
                end = int(dt.datetime.combine(day, end_time, zone).timestamp())
                if ends:
                    start = max(start, ends[-1])  # only a DST fold can make these overlap
                if end <= start:
                    continue  # an interval swallowed by a DST gap
                starts.append(start)
                ends.append(end)
                cum.append(running)
                running += end - start
                cum_end.append(running)
                interval_day.append(len(day_ordinals))
                kept = True
            if kept:
                day_ordinals.append(ordinal)
                day_close.append(ends[-1])
                day_close_dt.append(dt.datetime.fromtimestamp(ends[-1], zone))
                cutoff = dt.datetime.combine(day, period.same_day_cutoff, zone)
                day_cutoff.append(int(cutoff.timestamp()))
                day_month.append(day.year * 12 + day.month - 1)
                day_of_month.append(day.day)

        on_or_after: list[int] = []
        next_day = 0
        for ordinal in range(first_ordinal, last_ordinal + 1):
            while next_day < len(day_ordinals) and day_ordinals[next_day] < ordinal:
                next_day += 1
            on_or_after.append(next_day)
        month_first = [
            dt.date(year, month, 1).toordinal()
            for year in range(first, last + 1)
            for month in range(1, 13)
        ]
        month_first.append(dt.date(last + 1, 1, 1).toordinal())

        date_midnight: list[int] = []
        date_interval: list[int] = []
        midnight = dt.datetime.combine(dt.date(first, 1, 1), _MIDNIGHT, zone)
        midnight_epoch = int(midnight.timestamp())
        lo = midnight_epoch
        for ordinal in range(first_ordinal, last_ordinal + 1):
            following = dt.datetime.combine(dt.date.fromordinal(ordinal + 1), _MIDNIGHT, zone)
            following_epoch = int(following.timestamp())
            last_second = following - dt.timedelta(seconds=1)  # wall-clock 23:59:59
            uniform = (
                following_epoch - midnight_epoch == 86400
                and midnight.utcoffset() == last_second.utcoffset()
            )
            date_midnight.append(midnight_epoch if uniform else -1)
            date_interval.append(bisect_right(ends, midnight_epoch))
            midnight, midnight_epoch = following, following_epoch
        hi = midnight_epoch
        return _Tables(
            first_year=first,
            last_year=last,
            lo=lo,
            hi=hi,
            first_ordinal=first_ordinal,
            last_ordinal=last_ordinal,
            starts=starts,
            ends=ends,
            cum=cum,
            cum_end=cum_end,
            interval_day=interval_day,
            day_ordinals=day_ordinals,
            day_close=day_close,
            day_close_dt=day_close_dt,
            day_cutoff=day_cutoff,
            day_month=day_month,
            day_of_month=day_of_month,
            on_or_after=on_or_after,
            month_first=month_first,
            date_midnight=date_midnight,
            date_interval=date_interval,
            ends_guarded=[*ends, _NEVER],
        )

    def _grow(self, seen: _Tables, request: _Grow) -> None:
        with self._lock:
            current = self._tables
            if current is not seen:
                return  # another thread already recompiled; the caller simply retries
            first = max(MIN_YEAR, min(current.first_year, request.first))
            last = min(MAX_YEAR, max(current.last_year, request.last))
            if (first, last) == (current.first_year, current.last_year):
                raise ClockError(
                    f"the result falls outside the supported years {MIN_YEAR}..{MAX_YEAR}",
                    field=request.field,
                )
            self._tables = self._compile(first, last)

    def _retry(self, compute: Callable[[_Tables], _T]) -> _T:
        while True:
            tables = self._tables
            try:
                return compute(tables)
            except _Grow as request:
                self._grow(tables, request)

    # ------------------------------------------------------------ table primitives

    def _outside(self, tables: _Tables, epoch: int, field: str) -> NoReturn:
        year = dt.datetime.fromtimestamp(epoch, self.zone).year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ClockError(f"{field} must lie in {MIN_YEAR}..{MAX_YEAR}", field=field)
        raise _Grow(
            min(tables.first_year, year - 1),
            max(tables.last_year, year + _MIN_GROWTH_YEARS),
            field,
        )

    @staticmethod
    def _forward(tables: _Tables, field: str) -> NoReturn:
        span = tables.last_year - tables.first_year + 1
        raise _Grow(tables.first_year, tables.last_year + max(span, _MIN_GROWTH_YEARS), field)

    def _effective(self, tables: _Tables, epoch: int, field: str) -> tuple[int, int]:
        """(effective start, index of the interval it lies in)."""
        if epoch < tables.lo or epoch >= tables.hi:
            self._outside(tables, epoch, field)
        index = bisect_right(tables.starts, epoch) - 1
        if index >= 0 and epoch < tables.ends[index]:
            return epoch, index
        index += 1
        if index >= len(tables.starts):
            self._forward(tables, field)
        return tables.starts[index], index

    def _position(self, tables: _Tables, epoch: int, field: str) -> int:
        if epoch < tables.lo or epoch >= tables.hi:
            self._outside(tables, epoch, field)
        index = bisect_right(tables.starts, epoch) - 1
        if index < 0:
            return 0
        return tables.cum[index] + min(epoch, tables.ends[index]) - tables.starts[index]

    def _at_position(self, tables: _Tables, position: int, field: str) -> int:
        """Earliest instant whose position reaches ``position`` (> 0 past the range start).

        For a zero-length add the answer is the effective start, not the end of the
        previous interval (which has the same position); callers handle that case.
        """
        index = bisect_left(tables.cum_end, position)
        if index >= len(tables.cum_end):
            self._forward(tables, field)
        return tables.starts[index] + position - tables.cum[index]

    def _add(self, tables: _Tables, epoch: int, seconds: int, field: str) -> int:
        effective, index = self._effective(tables, epoch, field)
        if seconds == 0:
            return effective
        position = tables.cum[index] + effective - tables.starts[index]
        return self._at_position(tables, position + seconds, field)

    def _in_date_range(self, tables: _Tables, day: dt.date, field: str) -> int:
        ordinal = day.toordinal()
        if not tables.first_ordinal <= ordinal <= tables.last_ordinal:
            raise _Grow(
                min(tables.first_year, day.year - 1), max(tables.last_year, day.year + 1), field
            )
        return ordinal

    def _due(
        self,
        tables: _Tables,
        start: dt.datetime,
        limit: int,
        unit: LimitUnit,
        pauses: Sequence[tuple[int, int]],
    ) -> dt.datetime:
        """One attempt at :meth:`due` on one table; raises _Grow if the table is too small."""
        # Locating the start is inlined (this is the hot path of every list page and
        # report). Inputs in the agency's zone on an ordinary day are placed from their
        # wall time; anything else goes through UTC and a bisect.
        starts = tables.starts
        date = start.toordinal() - tables.first_ordinal if start.tzinfo is self.zone else -1
        if 0 <= date < len(tables.date_midnight) and tables.date_midnight[date] >= 0:
            epoch = (
                tables.date_midnight[date] + start.hour * 3600 + start.minute * 60 + start.second
            )
            ends = tables.ends_guarded
            index = tables.date_interval[date]
            while ends[index] <= epoch:  # at most the day's own intervals
                index += 1
            if index >= len(starts):
                self._forward(tables, "start")
            effective = epoch if starts[index] <= epoch else starts[index]
        else:
            epoch = _epoch(start, "start")
            effective, index = self._effective(tables, epoch, "start")
        if unit is _WORKING_HOURS:
            day = -1
            position = tables.cum[index] + effective - starts[index]
            due = self._at_position(tables, position + limit * 3600, "limit")
        else:
            day = tables.interval_day[index]
            if unit is _WORKING_DAYS:
                # The effective start's own day is a working day (it owns the interval), so
                # "the N-th working day strictly after it" is simply N entries further on.
                day += limit
            elif unit is _SAME_DAY:
                if effective >= tables.day_cutoff[day]:
                    day += 1
            else:
                if unit is _DAYS:
                    target = tables.day_ordinals[day] + limit
                else:  # months: same day-of-month N months on, clamped to the month's end
                    month = tables.day_month[day] + limit - tables.first_year * 12
                    if month + 1 >= len(tables.month_first):
                        self._forward(tables, "limit")
                    first_of_month = tables.month_first[month]
                    length = tables.month_first[month + 1] - first_of_month
                    target = first_of_month + min(tables.day_of_month[day], length) - 1
                if target > tables.last_ordinal:
                    self._forward(tables, "limit")
                day = tables.on_or_after[target - tables.first_ordinal]
            if day >= len(tables.day_ordinals):
                self._forward(tables, "limit")
            due = tables.day_close[day]
        for paused_at, resumed_at in pauses:
            if paused_at >= due:
                continue  # the work was already due when the clock stopped
            left = self._position(tables, due, "pause") - self._position(tables, paused_at, "pause")
            due = self._add(tables, resumed_at, left, "pause")
            day = -1
        if day >= 0:
            return tables.day_close_dt[day]
        return dt.datetime.fromtimestamp(due, self.zone)

    def _instant(self, epoch: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(epoch, self.zone)

    # ------------------------------------------------------------------- public API

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` has office hours under these rules (overrides included)."""
        require_date(day, "day")

        def compute(tables: _Tables) -> bool:
            ordinal = self._in_date_range(tables, day, "day")
            index = tables.on_or_after[ordinal - tables.first_ordinal]
            return index < len(tables.day_ordinals) and tables.day_ordinals[index] == ordinal

        return self._retry(compute)

    def is_working_instant(self, t: dt.datetime) -> bool:
        """Whether the clock runs at ``t`` (interval start inclusive, end exclusive)."""
        epoch = _epoch(t, "t")
        return self._retry(lambda tables: self._effective(tables, epoch, "t")[0] == epoch)

    def effective_start(self, t: dt.datetime) -> dt.datetime:
        """When the clock really starts for something received at ``t``.

        Receipts outside office hours count from the next opening, which is also what the
        policy's "counting starts the next working day" rules are measured from.
        """
        epoch = _epoch(t, "t")
        return self._instant(self._retry(lambda tables: self._effective(tables, epoch, "t")[0]))

    def add(self, t: dt.datetime, seconds: int) -> dt.datetime:
        """Earliest instant at which ``seconds`` working seconds have run since ``t``.

        "Earliest" makes four hours from 08:00 end at 12:00 rather than after lunch.
        """
        epoch = _epoch(t, "t")
        amount = check_seconds(seconds)
        return self._instant(
            self._retry(lambda tables: self._add(tables, epoch, amount, "seconds"))
        )

    def elapsed(self, a: dt.datetime, b: dt.datetime) -> int:
        """Working seconds from ``a`` to ``b``; zero when ``b`` is not after ``a``."""
        start = _epoch(a, "a")
        end = _epoch(b, "b")
        if end <= start:
            return 0
        return self._retry(
            lambda tables: self._position(tables, end, "b") - self._position(tables, start, "a")
        )

    def due(
        self,
        start: dt.datetime,
        limit: int,
        unit: LimitUnit | str,
        pauses: Sequence[Pause] = (),
    ) -> dt.datetime:
        """Due instant of work received at ``start`` with a limit of ``limit`` ``unit``.

        The policy is spelled out in :mod:`motcua.core.clock`; pauses (supplement
        requests) hand back, after the resume, the working time that was left.
        """
        # Validation inlined for well-formed input; anything unusual takes the checked route.
        if start.__class__ is not dt.datetime or start.tzinfo is None:
            _epoch(start, "start")  # raises unless it is an aware datetime (subclass)
        key = unit._value_ if isinstance(unit, LimitUnit) else unit
        rule = LIMIT_RULES.get(key) if key.__class__ is str else None
        if rule is not None and limit.__class__ is int and rule[1] <= limit <= rule[2]:
            amount, kind = limit, rule[0]
        else:
            amount, kind = check_limit(limit, unit)  # raises, or accepts an int subclass
        pairs: Sequence[tuple[int, int]] = ()
        if pauses:
            pairs = [
                (_epoch(paused, "pause"), _epoch(resumed, "pause"))
                for paused, resumed in ordered_pauses(pauses)
            ]
        while True:  # _retry inlined: this is the hot path
            tables = self._tables
            try:
                return self._due(tables, start, amount, kind, pairs)
            except _Grow as request:
                self._grow(tables, request)

    def remaining(self, now: dt.datetime, due: dt.datetime) -> int:
        """Working seconds left until ``due``; negative (working seconds overdue) after it."""
        if _epoch(now, "now") <= _epoch(due, "due"):
            return self.elapsed(now, due)
        return -self.elapsed(due, now)

    def working_days_between(self, a: dt.date, b: dt.date) -> int:
        """Working days ``d`` with ``a <= d < b``, like ``range(a, b)`` (0 when ``b <= a``).

        Half-open so that consecutive spans add up (a year is ``(1 Jan, 1 Jan next year)``)
        and so that, counted from the day after receipt, a due on day ``d`` after N working
        days gives ``working_days_between(receipt + 1 day, d + 1 day) == N``.
        """
        first = require_date(a, "a")
        last = require_date(b, "b")
        if last <= first:
            return 0

        def compute(tables: _Tables) -> int:
            low = self._in_date_range(tables, first, "a")
            high = self._in_date_range(tables, last, "b")
            return bisect_left(tables.day_ordinals, high) - bisect_left(tables.day_ordinals, low)

        return self._retry(compute)

    def classify(
        self,
        due: dt.datetime,
        finished_at: dt.datetime | None = None,
        now: dt.datetime | None = None,
    ) -> Timeliness:
        """See :func:`motcua.core.clock.timeliness.classify`; here for call-site convenience."""
        return classify(due, finished_at, now)

    def is_on_time(self, due: dt.datetime, finished_at: dt.datetime) -> bool:
        """See :func:`motcua.core.clock.timeliness.is_on_time`."""
        return is_on_time(due, finished_at)


_CACHE: dict[CalendarRules, CompiledCalendar] = {}
_CACHE_LOCK = threading.Lock()
#: Distinct rule sets are few (one per agency plus override edits); the bound only guards
#: against a caller that builds rules from unbounded data.
_CACHE_MAX = 256


def get_calendar(rules: CalendarRules) -> CompiledCalendar:
    """The process-wide compiled calendar for ``rules``, compiled on first use."""
    calendar = _CACHE.get(rules)
    if calendar is None:
        with _CACHE_LOCK:
            calendar = _CACHE.get(rules)
            if calendar is None:
                calendar = CompiledCalendar(rules)
                if len(_CACHE) >= _CACHE_MAX:
                    _CACHE.clear()
                _CACHE[rules] = calendar
    return calendar


def clear_calendar_cache() -> None:
    """Forget compiled calendars, e.g. after an administrator edits days off.

    Rules that changed are new cache keys anyway; clearing also frees the old compilations
    and picks up a newer ``holidays`` data set after an upgrade.
    """
    with _CACHE_LOCK:
        _CACHE.clear()
