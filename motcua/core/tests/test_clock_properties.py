"""Property tests of the statutory clock.

The compiled engine's bisect arithmetic is easy to get subtly wrong at interval edges, so
besides invariants of the policy we check it against the naive day-by-day walk on random
inputs, with and without administrator overrides and a change of office hours.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.core.clock import (
    CalendarRules,
    CompiledCalendar,
    HoursPeriod,
    LimitUnit,
    Pause,
    get_calendar,
)
from motcua.core.clock.naive import NaiveClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ONE_SECOND = dt.timedelta(seconds=1)

DEFAULT = CalendarRules()
CUSTOM = CalendarRules(
    periods=(
        HoursPeriod(valid_from=dt.date(1990, 1, 1)),
        HoursPeriod(
            valid_from=dt.date(2025, 7, 1),
            intervals=((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0))),
            same_day_cutoff=dt.time(14, 0),
        ),
        HoursPeriod(
            valid_from=dt.date(2026, 9, 1),
            intervals=((dt.time(7, 0), dt.time(11, 0)), (dt.time(12, 30), dt.time(16, 30))),
            weekend=frozenset({6}),
        ),
    ),
    extra_days_off=frozenset({dt.date(2025, 3, 3), dt.date(2026, 2, 23), dt.date(2027, 1, 4)}),
    extra_working_days=frozenset({dt.date(2025, 3, 8), dt.date(2026, 2, 18), dt.date(2027, 4, 3)}),
)
NO_BASE = CalendarRules(national_base=False)
ALL_RULES = [DEFAULT, CUSTOM, NO_BASE]
NAIVE = {rules: NaiveClock(rules) for rules in ALL_RULES}

FIRST = dt.datetime(2024, 1, 1, tzinfo=VN)
LAST = dt.datetime(2027, 12, 31, 23, 59, 59, tzinfo=VN)
SPAN = int((LAST - FIRST).total_seconds())

# Starts are drawn in seconds, but biased towards office boundaries where bugs hide.
_boundary_times = st.sampled_from(
    [dt.time(h, m, s) for h, m in [(7, 0), (7, 30), (8, 0), (11, 30), (12, 0), (13, 0), (13, 30), (15, 0), (17, 0)] for s in (0, 1)]
    + [dt.time(7, 59, 59), dt.time(11, 59, 59), dt.time(12, 59, 59), dt.time(14, 59, 59), dt.time(16, 59, 59)]
)


@st.composite
def instants(draw: st.DrawFn) -> dt.datetime:
    if draw(st.booleans()):
        moment = FIRST + dt.timedelta(seconds=draw(st.integers(0, SPAN)))
    else:
        day = draw(st.dates(FIRST.date(), LAST.date()))
        moment = dt.datetime.combine(day, draw(_boundary_times), VN)
    # Inputs may come in any zone; the answer must not depend on it.
    return moment.astimezone(dt.UTC) if draw(st.booleans()) else moment


@st.composite
def limits(draw: st.DrawFn) -> tuple[int, LimitUnit]:
    unit = draw(st.sampled_from(list(LimitUnit)))
    if unit is LimitUnit.SAME_DAY:
        return draw(st.integers(0, 1)), unit
    return draw(st.integers(1, 60)), unit


@st.composite
def pauses_after(draw: st.DrawFn, start: dt.datetime) -> list[Pause]:
    """Zero to three disjoint pauses around and after ``start``, in random order."""
    count = draw(st.integers(0, 3))
    offsets = sorted(
        draw(st.lists(st.integers(-2 * 86400, 120 * 86400), min_size=2 * count, max_size=2 * count))
    )
    pauses = [
        Pause(start=start + dt.timedelta(seconds=a), end=start + dt.timedelta(seconds=b))
        for a, b in zip(offsets[::2], offsets[1::2], strict=True)
    ]
    return draw(st.permutations(pauses))


PROPERTY = settings(max_examples=150, deadline=None)


@PROPERTY
@given(rules=st.sampled_from(ALL_RULES), start=instants(), limit=limits())
def test_due_is_in_working_time_or_at_an_interval_end(
    rules: CalendarRules, start: dt.datetime, limit: tuple[int, LimitUnit]
) -> None:
    # given any start and limit (no pauses)
    calendar = get_calendar(rules)
    # when the due is computed
    due = calendar.due(start, *limit)
    # then the second before it is working time, i.e. the clock is running up to the due
    assert calendar.elapsed(due - ONE_SECOND, due) == 1
    assert due >= calendar.effective_start(start)


@PROPERTY
@given(
    rules=st.sampled_from(ALL_RULES),
    start=instants(),
    seconds=st.integers(0, 200 * 3600),
)
def test_add_and_elapsed_round_trip(rules: CalendarRules, start: dt.datetime, seconds: int) -> None:
    # given a start and an amount of working time
    calendar = get_calendar(rules)
    # when the amount is added
    end = calendar.add(start, seconds)
    # then exactly that much working time separates them, and no earlier instant has it
    assert calendar.elapsed(start, end) == seconds
    if seconds:
        assert calendar.elapsed(start, end - ONE_SECOND) == seconds - 1
    else:
        assert end == calendar.effective_start(start)


@PROPERTY
@given(rules=st.sampled_from(ALL_RULES), a=instants(), b=instants(), c=instants())
def test_elapsed_is_additive(rules: CalendarRules, a: dt.datetime, b: dt.datetime, c: dt.datetime) -> None:
    # given three ordered instants
    a, b, c = sorted([a, b, c])
    calendar = get_calendar(rules)
    # when the working time is measured piecewise
    # then the pieces add up, and remaining() is its signed version
    assert calendar.elapsed(a, c) == calendar.elapsed(a, b) + calendar.elapsed(b, c)
    assert calendar.remaining(a, c) == calendar.elapsed(a, c)
    assert calendar.remaining(c, a) == -calendar.elapsed(a, c)


@PROPERTY
@given(
    rules=st.sampled_from(ALL_RULES),
    start=instants(),
    limit=limits(),
    extra=st.integers(0, 30),
    later=st.integers(0, 30 * 86400),
)
def test_due_is_monotonic_in_limit_and_start(
    rules: CalendarRules,
    start: dt.datetime,
    limit: tuple[int, LimitUnit],
    extra: int,
    later: int,
) -> None:
    calendar = get_calendar(rules)
    amount, unit = limit
    bigger = min(amount + extra, 1) if unit is LimitUnit.SAME_DAY else amount + extra
    # given a due
    due = calendar.due(start, amount, unit)
    # when the limit grows or the start moves later
    # then the due never moves earlier
    assert calendar.due(start, bigger, unit) >= due
    assert calendar.due(start + dt.timedelta(seconds=later), amount, unit) >= due


@PROPERTY
@given(rules=st.sampled_from(ALL_RULES), start=instants(), limit=limits(), data=st.data())
def test_pauses_never_make_a_due_earlier(
    rules: CalendarRules, start: dt.datetime, limit: tuple[int, LimitUnit], data: st.DataObject
) -> None:
    calendar = get_calendar(rules)
    # given any set of disjoint pauses
    pauses = data.draw(pauses_after(start))
    # when the due is computed with them
    paused = calendar.due(start, *limit, pauses)
    # then it is no earlier than without them
    assert paused >= calendar.due(start, *limit)


@settings(max_examples=300, deadline=None)
@given(rules=st.sampled_from(ALL_RULES), start=instants(), limit=limits(), data=st.data())
def test_compiled_engine_matches_naive_walk(
    rules: CalendarRules, start: dt.datetime, limit: tuple[int, LimitUnit], data: st.DataObject
) -> None:
    # given random inputs, sometimes with supplement pauses
    pauses = data.draw(pauses_after(start))
    calendar, naive = get_calendar(rules), NAIVE[rules]
    # when both implementations answer
    # then they agree to the second, on the due and on the primitives it is built from
    assert calendar.due(start, *limit, pauses) == naive.due(start, *limit, pauses)
    assert calendar.effective_start(start) == naive.effective_start(start)
    seconds = data.draw(st.integers(0, 100 * 3600))
    assert calendar.add(start, seconds) == naive.add(start, seconds)
    other = data.draw(instants())
    assert calendar.elapsed(start, other) == naive.elapsed(start, other)


@settings(max_examples=40, deadline=None)
@given(rules=st.sampled_from(ALL_RULES), start=instants(), limit=limits())
def test_a_narrow_compilation_grows_to_the_same_answers(
    rules: CalendarRules, start: dt.datetime, limit: tuple[int, LimitUnit]
) -> None:
    # given a calendar compiled for a single year far from the query
    calendar = CompiledCalendar(rules, 2030, 2030)
    # when it is asked about 2024-2027
    # then it recompiles and answers like the shared calendar
    assert calendar.due(start, *limit) == get_calendar(rules).due(start, *limit)
