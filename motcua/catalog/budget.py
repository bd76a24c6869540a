"""Internal-process budgets against the time limit (pure).

Steps run in order; consecutive steps sharing a parallel group run side by side (coordinating
agencies' branches) and count as their longest branch. Budgets are added in working hours
(8 to a working day) and compared with the committed limit when there is one, else the legal
limit. Calendar days count as 5/7 working days and months as 22 working days (holidays are
not known in advance); a same-day limit is one working day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from motcua.catalog.constants import HOURS_PER_WORKING_DAY
from motcua.core.clock import LimitUnit


@dataclass(frozen=True)
class StepBudget:
    budget: Decimal
    unit: str  # working_days | working_hours
    parallel_group: str = ""


def step_hours(step: StepBudget) -> Decimal:
    if step.unit == LimitUnit.WORKING_HOURS:
        return step.budget
    return step.budget * HOURS_PER_WORKING_DAY


def process_total_hours(steps: Sequence[StepBudget]) -> Decimal:
    """Working hours along the critical path."""
    total = Decimal(0)
    i = 0
    while i < len(steps):
        group = steps[i].parallel_group
        if not group:
            total += step_hours(steps[i])
            i += 1
            continue
        longest = Decimal(0)
        while i < len(steps) and steps[i].parallel_group == group:
            longest = max(longest, step_hours(steps[i]))
            i += 1
        total += longest
    return total


def limit_hours(limit: int, unit: str) -> Decimal:
    """The limit expressed in working hours, for comparing with a process's budgets."""
    if unit == LimitUnit.WORKING_HOURS:
        return Decimal(limit)
    if unit == LimitUnit.SAME_DAY:
        return Decimal(HOURS_PER_WORKING_DAY)
    if unit == LimitUnit.DAYS:
        return Decimal(limit * 5 // 7 * HOURS_PER_WORKING_DAY)
    if unit == LimitUnit.MONTHS:
        return Decimal(limit * 22 * HOURS_PER_WORKING_DAY)
    return Decimal(limit * HOURS_PER_WORKING_DAY)


@dataclass(frozen=True)
class BudgetCheck:
    total_hours: Decimal
    limit_hours: Decimal
    against: str  # "committed" | "legal"

    @property
    def over(self) -> bool:
        return self.total_hours > self.limit_hours

    @property
    def total_days(self) -> Decimal:
        return (self.total_hours / HOURS_PER_WORKING_DAY).quantize(Decimal("0.01"))

    @property
    def limit_days(self) -> Decimal:
        return (self.limit_hours / HOURS_PER_WORKING_DAY).quantize(Decimal("0.01"))


def budget_check(
    steps: Sequence[StepBudget],
    *,
    limit: int,
    unit: str,
    committed_limit: int | None = None,
    committed_unit: str = "",
) -> BudgetCheck:
    total = process_total_hours(steps)
    if committed_limit is not None and committed_unit:
        return BudgetCheck(total, limit_hours(committed_limit, committed_unit), "committed")
    return BudgetCheck(total, limit_hours(limit, unit), "legal")
