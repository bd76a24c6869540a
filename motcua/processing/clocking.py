"""Step and dossier due instants from the statutory clock (DOMAIN.md §6 rules 2, 4, 6, 8).

A step's budget is a number of working days or working hours, possibly a fraction (0.25
working day). Whole numbers go straight to :meth:`CompiledCalendar.due` (a whole working day
ends at close of office, rule 2; hours run from the effective start, rule 4). A fraction of a
day is that many working hours (``HOURS_PER_WORKING_DAY`` = 8 a day, so 0.25 day = 2 hours,
1.5 days = 12 hours), again through ``due``; a fraction that is not a whole number of hours
is counted in working seconds with ``add`` and the pauses applied the way the engine does
(the working time left at the pause is added again from the resume).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from motcua.catalog.constants import HOURS_PER_WORKING_DAY
from motcua.core.clock import CompiledCalendar, LimitUnit, Pause


def pauses_from(raw: Sequence[Any], *, since: dt.datetime | None = None) -> list[Pause]:
    """Pauses stored as ``[[start, end], …]`` ISO strings; only those starting at or after
    ``since`` (a pause before a step started does not give that step time back)."""
    out: list[Pause] = []
    for item in raw or []:
        start = dt.datetime.fromisoformat(item[0])
        end = dt.datetime.fromisoformat(item[1])
        if since is not None and start < since:
            continue
        out.append(Pause(start=start, end=end))
    return out


def pause_record(start: dt.datetime, end: dt.datetime) -> list[str]:
    return [start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()]


def budget_due(
    calendar: CompiledCalendar,
    start: dt.datetime,
    budget: Decimal,
    unit: str,
    pauses: Sequence[Pause] = (),
) -> dt.datetime:
    """Due instant of a step that became workable at ``start`` with this budget."""
    amount = Decimal(budget)
    if amount <= 0:
        return calendar.effective_start(start)
    if unit == LimitUnit.WORKING_DAYS and amount == amount.to_integral_value():
        return calendar.due(start, int(amount), LimitUnit.WORKING_DAYS, pauses)
    hours = amount * HOURS_PER_WORKING_DAY if unit == LimitUnit.WORKING_DAYS else amount
    if hours == hours.to_integral_value():
        return calendar.due(start, int(hours), LimitUnit.WORKING_HOURS, pauses)
    seconds = int(hours * 3600)
    due = calendar.add(calendar.effective_start(start), seconds)
    for pause in sorted(pauses, key=lambda p: p.start):
        if pause.start >= due:
            continue
        left = calendar.elapsed(pause.start, due)
        due = calendar.add(calendar.effective_start(pause.end), left)
    return due
