"""Worked examples of the statutory clock (DOMAIN.md §6), computed by hand on the 2026
calendar in Asia/Ho_Chi_Minh: Tết is 16-20 February, 22 August is a make-up working
Saturday and 31 August the day off it pays for.

Each example is checked against both the compiled engine and the naive reference walk, so
a disagreement shows up here with a readable date rather than only in the property tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Protocol
from zoneinfo import ZoneInfo

import pytest

from motcua.core.clock import (
    CalendarRules,
    ClockError,
    CompiledCalendar,
    HoursPeriod,
    LimitUnit,
    Pause,
    Timeliness,
    classify,
    clear_calendar_cache,
    get_calendar,
    is_on_time,
)
from motcua.core.clock.naive import NaiveClock

VN = ZoneInfo("Asia/Ho_Chi_Minh")
RULES = CalendarRules()


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=VN)


class Clock(Protocol):
    """What the engine and the naive walk have in common, so examples run on both."""

    def due(
        self,
        start: dt.datetime,
        limit: int,
        unit: LimitUnit | str,
        pauses: Sequence[Pause] = (),
    ) -> dt.datetime: ...

    def effective_start(self, t: dt.datetime) -> dt.datetime: ...

    def add(self, t: dt.datetime, seconds: int) -> dt.datetime: ...

    def elapsed(self, a: dt.datetime, b: dt.datetime) -> int: ...


def both(rules: CalendarRules = RULES) -> list[Clock]:
    return [get_calendar(rules), NaiveClock(rules)]


@pytest.fixture(params=["compiled", "naive"])
def clock(request: pytest.FixtureRequest) -> Clock:
    if request.param == "compiled":
        return get_calendar(RULES)
    return NaiveClock(RULES)


# ----------------------------------------------------------------- worked examples


def test_three_working_days_skip_tet(clock: Clock) -> None:
    # given a dossier received on Friday 13 Feb 2026 at 10:00, the Friday before Tết
    start = at(2026, 2, 13, 10)
    # when it has 3 working days
    due = clock.due(start, 3, LimitUnit.WORKING_DAYS)
    # then Tết (16-20) and the weekends are skipped: Mon 23, Tue 24, Wed 25 at close
    assert due == at(2026, 2, 25, 17)


def test_one_working_day_lands_on_make_up_saturday(clock: Clock) -> None:
    # given receipt on Friday 21 Aug 2026 at 11:00
    start = at(2026, 8, 21, 11)
    # when it has 1 working day
    due = clock.due(start, 1, "working_days")
    # then it is due on Saturday 22 Aug, a national make-up working day
    assert due == at(2026, 8, 22, 17)


def test_working_hours_carry_over_the_weekend(clock: Clock) -> None:
    # given receipt on Friday 6 Mar 2026 at 15:00 (2 office hours left that day)
    start = at(2026, 3, 6, 15)
    # when it has 4 working hours
    due = clock.due(start, 4, LimitUnit.WORKING_HOURS)
    # then the last 2 hours run on Monday morning
    assert due == at(2026, 3, 9, 10)


def test_same_day_after_cutoff_rolls_to_next_day(clock: Clock) -> None:
    # given a same-day procedure received one minute after the 15:00 cut-off
    start = at(2026, 3, 9, 15, 1)
    # when its due instant is computed (limits 0 and 1 mean the same)
    dues = {clock.due(start, 0, "same_day"), clock.due(start, 1, "same_day")}
    # then it is due at close of the next working day
    assert dues == {at(2026, 3, 10, 17)}


def test_same_day_before_cutoff_is_due_today(clock: Clock) -> None:
    # given receipt at 14:59:59, one second before the cut-off
    start = at(2026, 3, 9, 14, 59, 59)
    # when same-day
    due = clock.due(start, 1, LimitUnit.SAME_DAY)
    # then due at close of that day
    assert due == at(2026, 3, 9, 17)


def test_same_day_exactly_at_cutoff_rolls_over(clock: Clock) -> None:
    # given receipt exactly at the 15:00 cut-off
    # when same-day
    due = clock.due(at(2026, 3, 9, 15), 1, LimitUnit.SAME_DAY)
    # then "at or after the cut-off" means the next working day
    assert due == at(2026, 3, 10, 17)


def test_receipt_at_closing_counts_from_next_day(clock: Clock) -> None:
    # given receipt exactly at 17:00, the (exclusive) end of office hours
    # when it has 1 working day
    due = clock.due(at(2026, 3, 9, 17), 1, LimitUnit.WORKING_DAYS)
    # then the clock starts Tuesday and the one working day after that is Wednesday
    assert due == at(2026, 3, 11, 17)


def test_same_day_received_at_lunch_counts_from_afternoon(clock: Clock) -> None:
    # given receipt during lunch on a Saturday-free week
    start = at(2026, 3, 9, 12, 30)
    # when same-day: the effective start 13:00 is before the cut-off
    due = clock.due(start, 1, LimitUnit.SAME_DAY)
    # then due the same day
    assert due == at(2026, 3, 9, 17)


def test_day_off_after_make_up_saturday_is_skipped(clock: Clock) -> None:
    # given receipt on Friday 28 Aug 2026; Mon 31 Aug is the substitute day off and
    # 1-2 Sep is National Day
    start = at(2026, 8, 28, 10)
    # when it has 1 working day
    due = clock.due(start, 1, LimitUnit.WORKING_DAYS)
    # then the first working day after is Thursday 3 Sep
    assert due == at(2026, 9, 3, 17)


# ----------------------------------------------------------------- effective start


@pytest.mark.parametrize(
    ("received", "effective"),
    [
        (at(2026, 3, 9, 8), at(2026, 3, 9, 8)),  # opening instant counts
        (at(2026, 3, 9, 7, 59, 59), at(2026, 3, 9, 8)),
        (at(2026, 3, 9, 11, 59, 59), at(2026, 3, 9, 11, 59, 59)),
        (at(2026, 3, 9, 12), at(2026, 3, 9, 13)),  # interval end is exclusive
        (at(2026, 3, 9, 12, 30), at(2026, 3, 9, 13)),
        (at(2026, 3, 9, 17, 30), at(2026, 3, 10, 8)),
        (at(2026, 3, 7, 10), at(2026, 3, 9, 8)),  # Saturday -> Monday
        (at(2026, 2, 14, 9), at(2026, 2, 23, 8)),  # Saturday before Tết -> after it
    ],
)
def test_effective_start(clock: Clock, received: dt.datetime, effective: dt.datetime) -> None:
    # given a receipt instant
    # when the clock starts
    result = clock.effective_start(received)
    # then it starts at the instant itself in office hours, else at the next opening
    assert result == effective
    assert result.tzinfo is not None
    assert result.utcoffset() == dt.timedelta(hours=7)


def test_effective_start_accepts_other_zones() -> None:
    # given a receipt expressed in UTC (12:30 local)
    received = dt.datetime(2026, 3, 9, 5, 30, tzinfo=dt.UTC)
    # when the clock starts
    result = get_calendar(RULES).effective_start(received)
    # then the answer is 13:00 local, reported in the agency's zone
    assert result == at(2026, 3, 9, 13)
    assert result.tzinfo == VN


def test_sub_second_parts_are_dropped() -> None:
    # given an instant half a second before closing
    received = at(2026, 3, 9, 16, 59, 59) + dt.timedelta(microseconds=500_000)
    # when the clock starts
    result = get_calendar(RULES).effective_start(received)
    # then it is truncated to the second, still inside office hours
    assert result == at(2026, 3, 9, 16, 59, 59)


def test_add_stops_at_the_lunch_break(clock: Clock) -> None:
    # given the opening of a Monday
    start = at(2026, 3, 9, 8)
    # when four hours are added
    end = clock.add(start, 4 * 3600)
    # then they end at 12:00, not 13:00
    assert end == at(2026, 3, 9, 12)
    assert clock.add(at(2026, 3, 9, 12, 15), 0) == at(2026, 3, 9, 13)


def test_elapsed_counts_office_time_only(clock: Clock) -> None:
    # given Friday 16:00 and the following Monday 09:00
    # when the working time between them is measured
    seconds = clock.elapsed(at(2026, 3, 6, 16), at(2026, 3, 9, 9))
    # then only Friday 16-17 and Monday 08-09 count
    assert seconds == 2 * 3600
    assert clock.elapsed(at(2026, 3, 9, 9), at(2026, 3, 6, 16)) == 0


# ------------------------------------------------------------ calendar days, months


def test_calendar_days_land_on_next_working_day(clock: Clock) -> None:
    # given receipt on Monday 2 Mar 2026
    start = at(2026, 3, 2, 10)
    # when it has 5 calendar days: Saturday 7 Mar is not a working day
    due = clock.due(start, 5, LimitUnit.DAYS)
    # then it is due at close of Monday 9 Mar
    assert due == at(2026, 3, 9, 17)


def test_calendar_days_can_run_into_tet(clock: Clock) -> None:
    # given receipt on Friday 6 Feb 2026; 10 days later is Mon 16 Feb, Lunar New Year's Eve
    # when it has 10 calendar days
    due = clock.due(at(2026, 2, 6, 10), 10, "days")
    # then the due moves to the first working day after Tết
    assert due == at(2026, 2, 23, 17)


def test_months_clamp_to_month_end(clock: Clock) -> None:
    # given receipt on Friday 30 Jan 2026; one month later would be 30 February
    # when it has 1 month
    due = clock.due(at(2026, 1, 30, 9), 1, LimitUnit.MONTHS)
    # then the date is clamped to Sat 28 Feb, a day off, so it is due Mon 2 Mar
    assert due == at(2026, 3, 2, 17)


def test_months_count_from_effective_start(clock: Clock) -> None:
    # given receipt on Saturday 31 Jan 2026: the clock starts Monday 2 Feb
    # when it has 1 month
    due = clock.due(at(2026, 1, 31, 9), 1, LimitUnit.MONTHS)
    # then it is due on Monday 2 Mar
    assert due == at(2026, 3, 2, 17)


def test_months_skip_holidays(clock: Clock) -> None:
    # given receipt on Tuesday 31 Mar 2026
    # when it has 1 month: 30 Apr and 1 May are holidays, 2-3 May a weekend
    due = clock.due(at(2026, 3, 31, 9), 1, LimitUnit.MONTHS)
    # then it is due on Monday 4 May
    assert due == at(2026, 5, 4, 17)


# -------------------------------------------------------------------- overrides


def test_extra_day_off_pushes_the_due() -> None:
    # given an administrator's day off on Tuesday 24 Feb 2026
    rules = CalendarRules(extra_days_off=frozenset({dt.date(2026, 2, 24)}))
    for clock in both(rules):
        # when the Tết example is computed again
        due = clock.due(at(2026, 2, 13, 10), 3, LimitUnit.WORKING_DAYS)
        # then it moves one working day later
        assert due == at(2026, 2, 26, 17)


def test_extra_working_day_pulls_the_due() -> None:
    # given an extra working Saturday on 21 Feb 2026
    rules = CalendarRules(extra_working_days=frozenset({dt.date(2026, 2, 21)}))
    for clock in both(rules):
        # when the Tết example is computed again
        due = clock.due(at(2026, 2, 13, 10), 3, LimitUnit.WORKING_DAYS)
        # then Sat 21, Mon 23 and Tue 24 are the three working days
        assert due == at(2026, 2, 24, 17)


def test_extra_working_day_wins_over_a_national_holiday() -> None:
    # given an agency that opens on Lunar New Year's Eve
    rules = CalendarRules(extra_working_days=frozenset({dt.date(2026, 2, 16)}))
    for clock in both(rules):
        # when 1 working day is counted from Friday 13 Feb
        due = clock.due(at(2026, 2, 13, 10), 1, LimitUnit.WORKING_DAYS)
        # then Monday 16 Feb counts
        assert due == at(2026, 2, 16, 17)


def test_without_national_base_only_weekends_are_off() -> None:
    # given rules that ignore the national holidays
    rules = CalendarRules(national_base=False)
    for clock in both(rules):
        # when the Tết example is computed, and a day after a make-up Saturday's Friday
        tet = clock.due(at(2026, 2, 13, 10), 3, LimitUnit.WORKING_DAYS)
        make_up = clock.due(at(2026, 8, 21, 11), 1, LimitUnit.WORKING_DAYS)
        # then Tết days count and the make-up Saturday does not
        assert tet == at(2026, 2, 18, 17)
        assert make_up == at(2026, 8, 24, 17)


NEW_HOURS = CalendarRules(
    periods=(
        HoursPeriod(valid_from=dt.date(1990, 1, 1)),
        HoursPeriod(
            valid_from=dt.date(2026, 6, 1),
            intervals=((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 0))),
            same_day_cutoff=dt.time(14, 0),
        ),
    )
)


def test_changed_office_hours_apply_from_their_date() -> None:
    for clock in both(NEW_HOURS):
        # given receipt on Friday 29 May 2026 at 16:00, the last day of the old hours
        start = at(2026, 5, 29, 16)
        # when it has 4 working hours
        due = clock.due(start, 4, LimitUnit.WORKING_HOURS)
        # then 1 hour runs on Friday and 3 from the new 07:30 opening on Monday 1 June
        assert due == at(2026, 6, 1, 10, 30)
        # and the old opening still applies before the change, the new one after it
        assert clock.effective_start(at(2026, 5, 29, 7, 45)) == at(2026, 5, 29, 8)
        assert clock.effective_start(at(2026, 6, 1, 7, 45)) == at(2026, 6, 1, 7, 45)
        assert clock.effective_start(at(2026, 6, 1, 11, 45)) == at(2026, 6, 1, 13, 30)


def test_changed_cutoff_applies_from_its_date() -> None:
    for clock in both(NEW_HOURS):
        # given same-day receipts at 14:30, before and after the change to a 14:00 cut-off
        before = clock.due(at(2026, 5, 29, 14, 30), 1, LimitUnit.SAME_DAY)
        after = clock.due(at(2026, 6, 1, 14, 30), 1, LimitUnit.SAME_DAY)
        # then the old cut-off (15:00) keeps it same-day, the new one rolls it over
        assert before == at(2026, 5, 29, 17)
        assert after == at(2026, 6, 2, 17)


def test_different_weekend_per_period() -> None:
    # given an office that works Saturdays (weekend = Sunday only)
    rules = CalendarRules(
        periods=(HoursPeriod(valid_from=dt.date(1990, 1, 1), weekend=frozenset({6})),)
    )
    for clock in both(rules):
        # when 1 working day is counted from Friday 6 Mar 2026
        due = clock.due(at(2026, 3, 6, 10), 1, LimitUnit.WORKING_DAYS)
        # then Saturday counts
        assert due == at(2026, 3, 7, 17)


# ------------------------------------------------------------------------ pauses


def test_pause_hands_back_the_remaining_time(clock: Clock) -> None:
    # given receipt on Monday 2 Mar 2026 08:00 with 5 working days (due Mon 9 Mar 17:00)
    start = at(2026, 3, 2, 8)
    assert clock.due(start, 5, LimitUnit.WORKING_DAYS) == at(2026, 3, 9, 17)
    # and a supplement request from Wed 4 Mar 10:00 answered on Tue 10 Mar 14:00;
    # 30 working hours were left (Wed 6 + Thu 8 + Fri 8 + Mon 8)
    pause = Pause(start=at(2026, 3, 4, 10), end=at(2026, 3, 10, 14))
    # when the due is recomputed
    due = clock.due(start, 5, LimitUnit.WORKING_DAYS, [pause])
    # then the 30 hours run from Tue 14:00: Tue 3 + Wed 8 + Thu 8 + Fri 8 + Mon 3
    # hours, ending on Mon 16 Mar at 11:00
    assert due == at(2026, 3, 16, 11)


def test_pause_after_due_changes_nothing(clock: Clock) -> None:
    # given a pause that starts exactly at the due instant
    start = at(2026, 3, 2, 8)
    late = Pause(start=at(2026, 3, 9, 17), end=at(2026, 3, 20, 9))
    # when the due is recomputed
    due = clock.due(start, 5, LimitUnit.WORKING_DAYS, [late])
    # then it is unchanged
    assert due == at(2026, 3, 9, 17)


def test_pauses_apply_in_chronological_order(clock: Clock) -> None:
    # given two pauses passed out of order: the earlier one moves the due past the later
    start = at(2026, 3, 2, 8)  # 8 working hours: due Mon 2 Mar 17:00
    first = Pause(start=at(2026, 3, 2, 16), end=at(2026, 3, 3, 8))  # 1 h left -> Tue 09:00
    second = Pause(start=at(2026, 3, 3, 8, 30), end=at(2026, 3, 3, 13))  # 30 min left
    # when the due is computed
    due = clock.due(start, 8, LimitUnit.WORKING_HOURS, [second, first])
    # then the second pause still counts because it starts before the moved due
    assert due == at(2026, 3, 3, 13, 30)


# ------------------------------------------------------------------ remaining etc.


def test_remaining_is_negative_when_overdue() -> None:
    calendar = get_calendar(RULES)
    due = at(2026, 3, 9, 17)
    # given "now" an hour before and an hour (of office time) after the due instant
    # when the remaining working time is asked
    # then it is one hour, then minus one hour (the evening does not count)
    assert calendar.remaining(at(2026, 3, 9, 16), due) == 3600
    assert calendar.remaining(at(2026, 3, 10, 9), due) == -3600
    assert calendar.remaining(due, due) == 0


def test_working_days_between() -> None:
    calendar = get_calendar(RULES)
    day = dt.timedelta(days=1)
    # given the Tết example: received Fri 13 Feb, due Wed 25 Feb after 3 working days
    # when the working days from the day after receipt up to the due day are counted
    # then there are three (the span is half-open, like range())
    assert calendar.working_days_between(dt.date(2026, 2, 14), dt.date(2026, 2, 25) + day) == 3
    assert calendar.working_days_between(dt.date(2026, 2, 25), dt.date(2026, 2, 13)) == 0
    # and a year splits into months that add up: 249 working days in 2026 (make-up Sat included)
    months = [dt.date(2026, m, 1) for m in range(1, 13)] + [dt.date(2027, 1, 1)]
    per_month = [calendar.working_days_between(a, b) for a, b in itertools.pairwise(months)]
    assert sum(per_month) == calendar.working_days_between(months[0], months[-1]) == 249
    assert calendar.is_working_day(dt.date(2026, 8, 22))
    assert not calendar.is_working_day(dt.date(2026, 8, 31))


def test_is_working_instant() -> None:
    calendar = get_calendar(RULES)
    assert calendar.is_working_instant(at(2026, 3, 9, 8))
    assert not calendar.is_working_instant(at(2026, 3, 9, 12))
    assert not calendar.is_working_instant(at(2026, 3, 7, 10))


@pytest.mark.parametrize(
    ("finished", "now", "expected"),
    [
        (at(2026, 3, 9, 16, 59, 59), None, Timeliness.EARLY),
        (at(2026, 3, 9, 17), None, Timeliness.ON_TIME),
        (at(2026, 3, 9, 17, 0, 1), None, Timeliness.LATE),
        (None, at(2026, 3, 9, 17), Timeliness.IN_TIME),
        (None, at(2026, 3, 9, 17, 0, 1), Timeliness.OVERDUE),
    ],
)
def test_classify(
    finished: dt.datetime | None, now: dt.datetime | None, expected: Timeliness
) -> None:
    # given a due instant of Monday 17:00
    due = at(2026, 3, 9, 17)
    # when the work is graded
    # then early/on time/late compare the finish, in time/overdue compare now
    assert classify(due, finished, now) is expected
    assert get_calendar(RULES).classify(due, finished, now) is expected
    if finished is not None:
        assert is_on_time(due, finished) is (expected is not Timeliness.LATE)


# ------------------------------------------------------------- range and caching


def test_calendar_grows_forwards_and_backwards() -> None:
    # given a calendar compiled for 2026 only
    calendar = CompiledCalendar(RULES, 2026, 2026)
    naive = NaiveClock(RULES)
    # when a due runs into 2027 and another starts in 1995
    late = calendar.due(at(2026, 12, 30, 10), 10, LimitUnit.WORKING_DAYS)
    early = calendar.due(at(1995, 6, 1, 10), 40, LimitUnit.WORKING_HOURS)
    # then the range widens and answers match the naive walk
    assert late == naive.due(at(2026, 12, 30, 10), 10, LimitUnit.WORKING_DAYS)
    assert early == naive.due(at(1995, 6, 1, 10), 40, LimitUnit.WORKING_HOURS)
    first, last = calendar.year_range
    assert first <= 1995
    assert last >= 2027


def test_same_rules_share_one_compilation() -> None:
    # given two equal but distinct rule objects
    one = CalendarRules(extra_days_off=frozenset({dt.date(2026, 5, 5)}))
    two = CalendarRules(extra_days_off=frozenset({dt.date(2026, 5, 5)}))
    # when calendars are fetched
    # then they are compiled once, and again only after the cache is cleared
    assert get_calendar(one) is get_calendar(two)
    before = get_calendar(one)
    clear_calendar_cache()
    assert get_calendar(two) is not before


# -------------------------------------------------------------------- bad input


def implementations(rules: CalendarRules = RULES) -> list[Clock]:
    return [CompiledCalendar(rules, 2026, 2026), NaiveClock(rules)]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"start": dt.datetime(2026, 3, 9, 10)}, "start"),  # naive datetime
        ({"start": "2026-03-09"}, "start"),
        ({"limit": 0}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": 1.5}, "limit"),
        ({"limit": True}, "limit"),
        ({"limit": 3651}, "limit"),
        ({"unit": "weeks"}, "unit"),
        ({"unit": None}, "unit"),
        ({"unit": "same_day", "limit": 2}, "limit"),
        ({"unit": "working_hours", "limit": 87601}, "limit"),
        ({"unit": "days", "limit": 36501}, "limit"),
        ({"unit": "months", "limit": 1201}, "limit"),
        ({"start": at(2301, 1, 1, 10)}, "start"),
        ({"start": at(1980, 1, 2, 10)}, "start"),
        ({"pauses": [Pause(start=at(2026, 3, 10), end=at(2026, 3, 9))]}, "pause"),
        ({"pauses": [Pause(start=dt.datetime(2026, 3, 9), end=at(2026, 3, 10))]}, "pause"),
        (
            {
                "pauses": [
                    Pause(start=at(2026, 3, 9, 9), end=at(2026, 3, 9, 11)),
                    Pause(start=at(2026, 3, 9, 10), end=at(2026, 3, 9, 14)),
                ]
            },
            "pause",
        ),
    ],
)
def test_bad_due_input_names_the_field(kwargs: dict[str, object], field: str) -> None:
    arguments: dict[str, object] = {"start": at(2026, 3, 9, 10), "limit": 3, "unit": "working_days"}
    arguments.update(kwargs)
    for clock in implementations():
        # given one bad argument
        # when the due is asked
        with pytest.raises(ClockError) as caught:
            clock.due(**arguments)  # type: ignore[arg-type]
        # then the error names it
        assert caught.value.field == field


def test_bad_arguments_of_other_methods() -> None:
    calendar = CompiledCalendar(RULES, 2026, 2026)
    naive_instant = dt.datetime(2026, 3, 9, 10)
    cases: list[tuple[object, str]] = [
        (lambda: calendar.effective_start(naive_instant), "t"),
        (lambda: calendar.add(at(2026, 3, 9), -1), "seconds"),
        (lambda: calendar.elapsed(naive_instant, at(2026, 3, 9)), "a"),
        (lambda: calendar.elapsed(at(2026, 3, 9), naive_instant), "b"),
        (lambda: calendar.remaining(naive_instant, at(2026, 3, 9)), "now"),
        (lambda: calendar.working_days_between(naive_instant, dt.date(2026, 3, 9)), "a"),
        (lambda: classify(at(2026, 3, 9), finished_at=naive_instant), "finished_at"),
        (lambda: classify(naive_instant), "due"),
        (lambda: CompiledCalendar(CalendarRules(tz="Mars/Olympus")), "tz"),
        (lambda: CompiledCalendar(CalendarRules(periods=())), "periods"),
        (
            lambda: CompiledCalendar(
                CalendarRules(
                    periods=(
                        HoursPeriod(
                            valid_from=dt.date(2020, 1, 1),
                            intervals=((dt.time(13), dt.time(17)), (dt.time(8), dt.time(12))),
                        ),
                    )
                )
            ),
            "periods",
        ),
    ]
    for call, field in cases:
        # given a bad argument
        # when the method is called
        with pytest.raises(ClockError) as caught:
            call()  # type: ignore[operator]
        # then the error names it
        assert caught.value.field == field, call


def test_rules_without_any_working_day_fail_cleanly() -> None:
    # given an office whose weekend is the whole week
    rules = CalendarRules(
        periods=(HoursPeriod(valid_from=dt.date(1990, 1, 1), weekend=frozenset(range(7))),),
        national_base=False,
    )
    calendar = CompiledCalendar(rules, 2199, 2200)
    # when a due is asked
    # then it fails with a clock error rather than looping
    with pytest.raises(ClockError) as caught:
        calendar.due(at(2199, 3, 9, 10), 1, LimitUnit.WORKING_DAYS)
    assert caught.value.field == "start"
