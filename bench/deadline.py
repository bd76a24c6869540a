"""Due-date throughput: compiled statutory clock vs the naive day-by-day walk.

Usage: .venv/bin/python bench/deadline.py [--quick] [--cases N] [--rounds R] [--seed S]
                                         [--paused-share F]

Both implementations get the same seeded mix of dossiers received at random instants in
2025-2027 (Asia/Ho_Chi_Minh, national holidays): each procedure has a limit in one unit
(up to 60 working days, working hours, calendar days or months, or same-day); optionally
a share of the dossiers carry one or two supplement pauses. Each implementation is timed
over the whole mix several times, interleaved, and the best pass counts, which keeps noise
from other processes on a shared machine out of the ratio. The compiled calendar is built
once before timing, and that compile is reported on its own. Every answer of the compiled
engine is checked against the naive walk; any difference makes the run fail.

The last line is machine-readable:
ratio=<compiled dues per second / naive dues per second> compiled clock vs naive ...
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from motcua.core.clock import CalendarRules, CompiledCalendar, LimitUnit, Pause
from motcua.core.clock.naive import NaiveClock

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST = dt.datetime(2025, 1, 1, tzinfo=ZONE)
LAST = dt.datetime(2027, 12, 31, 23, 59, 59, tzinfo=ZONE)

#: Share of each unit in the mix. Most procedures in the national catalogue are set in
#: working days; same-day and working-hour limits come next, calendar days and months
#: are rare but present.
UNIT_WEIGHTS: dict[LimitUnit, int] = {
    LimitUnit.WORKING_DAYS: 50,
    LimitUnit.WORKING_HOURS: 15,
    LimitUnit.SAME_DAY: 15,
    LimitUnit.DAYS: 10,
    LimitUnit.MONTHS: 10,
}
#: "Limits up to 60 working days", expressed in each unit: 60 working days, 480 working
#: hours (60 days of 8 hours), 84 calendar days and 3 months all span about 60 working days.
MAX_LIMIT: dict[LimitUnit, int] = {
    LimitUnit.WORKING_DAYS: 60,
    LimitUnit.WORKING_HOURS: 480,
    LimitUnit.SAME_DAY: 1,
    LimitUnit.DAYS: 84,
    LimitUnit.MONTHS: 3,
}
#: Default share of dossiers that went through supplement requests (one or two pauses).
#: Zero keeps the headline figure to the plain (unit, limit) mix; ``--paused-share 0.2``
#: shows the case where the naive walk must also walk every pause.
PAUSED_SHARE = 0.0

Case = tuple[dt.datetime, int, LimitUnit, tuple[Pause, ...]]
DueFunction = Callable[[dt.datetime, int, LimitUnit, Sequence[Pause]], dt.datetime]


def build_cases(count: int, seed: int, paused_share: float = PAUSED_SHARE) -> list[Case]:
    rng = random.Random(seed)
    span = int((LAST - FIRST).total_seconds())
    units = list(UNIT_WEIGHTS)
    weights = list(UNIT_WEIGHTS.values())
    cases: list[Case] = []
    for _ in range(count):
        start = FIRST + dt.timedelta(seconds=rng.randrange(span))
        unit = rng.choices(units, weights)[0]
        limit = rng.randint(0 if unit is LimitUnit.SAME_DAY else 1, MAX_LIMIT[unit])
        pauses: list[Pause] = []
        if rng.random() < paused_share:
            moment = start
            for _ in range(rng.randint(1, 2)):
                paused = moment + dt.timedelta(seconds=rng.randrange(20 * 86400))
                resumed = paused + dt.timedelta(seconds=rng.randrange(3600, 15 * 86400))
                pauses.append(Pause(start=paused, end=resumed))
                moment = resumed
        cases.append((start, limit, unit, tuple(pauses)))
    return cases


def run(due: DueFunction, cases: Sequence[Case]) -> tuple[float, list[dt.datetime]]:
    """One timed pass; GC paused as timeit does, so a collection does not land on one side."""
    gc.collect()
    gc.disable()
    try:
        began = time.perf_counter()
        answers = [due(start, limit, unit, pauses) for start, limit, unit, pauses in cases]
        return time.perf_counter() - began, answers
    finally:
        gc.enable()


def best_of(
    rounds: int, compiled: DueFunction, naive: DueFunction, cases: Sequence[Case]
) -> tuple[float, float, list[dt.datetime], list[dt.datetime]]:
    """Best time of each implementation over interleaved rounds."""
    best_compiled = best_naive = float("inf")
    compiled_answers: list[dt.datetime] = []
    naive_answers: list[dt.datetime] = []
    for _ in range(rounds):
        seconds, compiled_answers = run(compiled, cases)
        best_compiled = min(best_compiled, seconds)
        seconds, naive_answers = run(naive, cases)
        best_naive = min(best_naive, seconds)
    return best_compiled, best_naive, compiled_answers, naive_answers


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small run, well under a minute")
    parser.add_argument("--cases", type=int, help="number of dossiers (default 20000, quick 4000)")
    parser.add_argument("--rounds", type=int, help="timed passes per side (default 5, quick 3)")
    parser.add_argument("--seed", type=int, default=20260213)
    parser.add_argument(
        "--paused-share",
        type=float,
        default=PAUSED_SHARE,
        help="share of dossiers with one or two supplement pauses (default 0)",
    )
    options = parser.parse_args()
    count = options.cases or (4000 if options.quick else 20000)
    rounds = options.rounds or (3 if options.quick else 5)

    rules = CalendarRules()
    cases = build_cases(count, options.seed, options.paused_share)
    paused = sum(1 for case in cases if case[3])
    print(f"cases: {count} dossiers received 2025-2027, seed {options.seed}, {paused} with pauses")
    print(
        "mix: "
        + ", ".join(
            f"{unit.value} {weight}% (1..{MAX_LIMIT[unit]})"
            for unit, weight in UNIT_WEIGHTS.items()
        )
    )

    # Results reach 2032 (60 months after 2027); compile that range once, up front.
    began = time.perf_counter()
    calendar = CompiledCalendar(rules, 2024, 2033)
    compile_seconds = time.perf_counter() - began
    naive = NaiveClock(rules)
    print(f"compile: {compile_seconds * 1000:.1f} ms for years 2024-2033 (once per rules set)")

    # Warm-up: the naive walk's holidays object fills its years lazily on first use.
    run(calendar.due, cases[:200])
    run(naive.due, cases[:200])

    compiled_time, naive_time, ours, theirs = best_of(rounds, calendar.due, naive.due, cases)
    mismatches = [
        (case, mine, reference)
        for case, mine, reference in zip(cases, ours, theirs, strict=True)
        if mine != reference
    ]
    if mismatches:
        for case, mine, reference in mismatches[:10]:
            print(f"MISMATCH {case}: compiled {mine} naive {reference}", file=sys.stderr)
        print(f"{len(mismatches)} of {count} answers differ", file=sys.stderr)
        return 1
    if calendar.year_range != (2024, 2033):
        print(f"note: calendar grew to {calendar.year_range} during timing", file=sys.stderr)
    print(f"identical answers: {count}/{count}")

    print("per unit (best of 2 passes each):")
    for unit in UNIT_WEIGHTS:
        subset = [case for case in cases if case[2] is unit]
        if not subset:
            continue
        unit_compiled, unit_naive, _, _ = best_of(2, calendar.due, naive.due, subset)
        print(
            f"  {unit.value:<14} n={len(subset):<6}"
            f" compiled {len(subset) / unit_compiled:>10,.0f}/s"
            f"  naive {len(subset) / unit_naive:>8,.0f}/s  x{unit_naive / unit_compiled:.1f}"
        )

    compiled_rate = count / compiled_time
    naive_rate = count / naive_time
    print(f"compiled: {compiled_rate:,.0f} dues/s ({compiled_time * 1e6 / count:.2f} us each)")
    print(f"naive:    {naive_rate:,.0f} dues/s ({naive_time * 1e6 / count:.2f} us each)")
    ratio = compiled_rate / naive_rate
    print(f"ratio={ratio:.1f} compiled clock vs naive day-by-day walk (due dates per second)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
