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

# Office-hour edges of all rule sets, and a second either side: where off-by-one bugs hide.
_EDGES = sorted(
    {
        (dt.datetime.combine(dt.date(2000, 1, 1), edge) + dt.timedelta(seconds=shift)).time()
        for edge in [
            dt.time(7, 0),
            dt.time(7, 30),
            dt.time(8, 0),
            dt.time(11, 0),
            dt.time(11, 30),
            dt.time(12, 0),
            dt.time(12, 30),
            dt.time(13, 0),
            dt.time(13, 30),
            dt.time(14, 0),
            dt.time(15, 0),
            dt.time(16, 30),
            dt.time(17, 0),
            dt.time(0, 0),
        ]
        for shift in (-1, 0, 1)
    }
)
_boundary_times = st.sampled_from(_EDGES)


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
def test_elapsed_is_additive(
    rules: CalendarRules, a: dt.datetime, b: dt.datetime, c: dt.datetime
) -> None:
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


@settings(max_examples=500, deadline=None)
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


# Days around Tết 2026, the make-up Saturday and its day off, the CUSTOM period changes
# and overrides, a plain week, and a year end.
_EDGE_DAYS = [
    dt.date(2025, 3, 3),
    dt.date(2025, 3, 8),
    dt.date(2025, 6, 30),
    dt.date(2025, 12, 31),
    dt.date(2026, 2, 13),
    dt.date(2026, 2, 14),
    dt.date(2026, 8, 21),
    dt.date(2026, 8, 22),
    dt.date(2026, 8, 31),
    dt.date(2026, 3, 6),
    dt.date(2026, 3, 9),
]


def test_engine_matches_naive_walk_on_every_office_edge() -> None:
    # given every office-hour edge (and a second either side) on tricky days
    mismatches = []
    for rules in ALL_RULES:
        calendar, naive = get_calendar(rules), NAIVE[rules]
        for day in _EDGE_DAYS:
            for time in _EDGES:
                start = dt.datetime.combine(day, time, VN)
                for unit in LimitUnit:
                    for amount in (0, 1) if unit is LimitUnit.SAME_DAY else (1, 2, 13):
                        # when both implementations compute the due
                        ours = calendar.due(start, amount, unit)
                        theirs = naive.due(start, amount, unit)
                        if ours != theirs:
                            mismatches.append((rules, start, amount, unit, ours, theirs))
    # then they agree everywhere
    assert mismatches == []


@settings(max_examples=100, deadline=None)
@given(
    rules=st.sampled_from(ALL_RULES),
    first=st.dates(FIRST.date(), LAST.date()),
    length=st.integers(-5, 120),
)
def test_working_days_between_counts_like_the_walk(
    rules: CalendarRules, first: dt.date, length: int
) -> None:
    # given a span of dates
    last = first + dt.timedelta(days=length)
    naive = NAIVE[rules]
    # when its working days are counted
    counted = get_calendar(rules).working_days_between(first, last)
    # then it is the number of days in range(first, last) that the walk calls working
    walked = sum(
        naive.is_working_day(first + dt.timedelta(days=offset)) for offset in range(max(length, 0))
    )
    assert counted == walked


# An office in a DST zone whose first interval spans the 02:00-03:00 change, so that
# intervals shrink (spring gap) or grow (autumn fold); no national base, so only the
# zone arithmetic is under test.
BERLIN = ZoneInfo("Europe/Berlin")
DST_RULES = CalendarRules(
    tz="Europe/Berlin",
    periods=(
        HoursPeriod(
            valid_from=dt.date(1990, 1, 1),
            intervals=((dt.time(1, 30), dt.time(3, 30)), (dt.time(8, 0), dt.time(12, 0))),
            same_day_cutoff=dt.time(2, 30),
            weekend=frozenset(),
        ),
    ),
    national_base=False,
)
DST_NAIVE = NaiveClock(DST_RULES)
_DST_DAYS = [
    dt.date(2025, 3, 30),
    dt.date(2025, 10, 26),
    dt.date(2026, 3, 29),
    dt.date(2026, 10, 25),
]


@st.composite
def dst_instants(draw: st.DrawFn) -> dt.datetime:
    day = draw(st.sampled_from(_DST_DAYS)) + dt.timedelta(days=draw(st.integers(-1, 1)))
    moment = dt.datetime.combine(day, dt.time(0), dt.UTC) + dt.timedelta(
        seconds=draw(st.integers(-3 * 3600, 27 * 3600))
    )
    return moment.astimezone(BERLIN) if draw(st.booleans()) else moment


@settings(max_examples=150, deadline=None)
@given(start=dst_instants(), limit=limits(), data=st.data())
def test_engine_matches_naive_walk_across_dst_changes(
    start: dt.datetime, limit: tuple[int, LimitUnit], data: st.DataObject
) -> None:
    # given instants around the DST changes in an office open across them
    calendar = get_calendar(DST_RULES)
    # when both implementations answer
    # then they agree, and real elapsed time (not wall time) is counted
    assert calendar.due(start, *limit) == DST_NAIVE.due(start, *limit)
    assert calendar.effective_start(start) == DST_NAIVE.effective_start(start)
    other = data.draw(dst_instants())
    assert calendar.elapsed(start, other) == DST_NAIVE.elapsed(start, other)
    seconds = data.draw(st.integers(0, 30 * 3600))
    assert calendar.add(start, seconds) == DST_NAIVE.add(start, seconds)


def test_dst_changes_shrink_and_grow_office_time() -> None:
    calendar = get_calendar(DST_RULES)
    # given the 01:30-03:30 interval on the spring and autumn change days of 2026
    # when its working time is measured
    spring = calendar.elapsed(
        dt.datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN), dt.datetime(2026, 3, 29, 5, 0, tzinfo=BERLIN)
    )
    autumn = calendar.elapsed(
        dt.datetime(2026, 10, 25, 0, 0, tzinfo=BERLIN),
        dt.datetime(2026, 10, 25, 5, 0, tzinfo=BERLIN),
    )
    # then it lasts one real hour in spring and three in autumn
    assert spring == 3600
    assert autumn == 3 * 3600
