"""Decision 766 indicators on feedback, as pure functions over plain case facts.

Two of the Satisfaction group's indicators (DOMAIN.md §9) come from here:

* **Feedback handled on time** ("tỷ lệ PAKN được xử lý đúng hạn", 6 points).
  Every case gets at most one *decision instant* and a verdict:

  - refused in screening (no later than the 2-working-day refusal limit, or while waiting for
    information the sender never gave): not counted — it was never feedback to handle;
  - answered or refused later, no later than the handling limit: on time, decided when
    closed;
  - answered or refused after the handling limit, or still open when the limit passed:
    late, decided at the limit (the moment it became late);
  - still open and within its limit, or waiting for information (clock stopped): not yet
    decided, not counted.

  The indicator for a period is (cases decided on time in the period) ÷ (cases decided in
  the period). Each case falls in exactly one period, so months add up to quarters, and a
  period in progress is not penalised for cases that can still be answered on time.

* **Satisfaction with feedback handling** (6 points): likes ÷ (likes + dislikes) among the
  ratings given in the period.

A zero denominator gives "n/a"; percentages have two decimals, rounded half up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

NOT_APPLICABLE = "n/a"
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if self.denominator == 0:
            return None
        value = Decimal(self.numerator) * 100 / Decimal(self.denominator)
        return value.quantize(_CENT, rounding=ROUND_HALF_UP)

    def __str__(self) -> str:
        percent = self.percent
        return NOT_APPLICABLE if percent is None else f"{percent}%"


@dataclass(frozen=True)
class CaseFacts:
    """What the indicators need to know about one case; nothing personal."""

    received_at: dt.datetime
    refuse_due: dt.datetime
    handle_due: dt.datetime | None
    answered_at: dt.datetime | None = None
    refused_at: dt.datetime | None = None
    info_requested_at: dt.datetime | None = None
    info_provided_at: dt.datetime | None = None
    rating: str = ""
    rated_at: dt.datetime | None = None

    @property
    def waiting_for_information(self) -> bool:
        return self.info_requested_at is not None and self.info_provided_at is None


@dataclass(frozen=True)
class Decision:
    at: dt.datetime
    on_time: bool


def handling_decision(case: CaseFacts, *, now: dt.datetime) -> Decision | None:
    """When (and how) the case counts in the on-time indicator; None: it does not (yet)."""
    if case.refused_at is not None and (
        case.refused_at <= case.refuse_due or case.waiting_for_information
    ):
        return None  # screened out
    closed_at = case.answered_at or case.refused_at
    due = case.handle_due
    if due is None:  # clock stopped while waiting for the sender
        return None
    if closed_at is not None:
        if closed_at <= due:
            return Decision(at=closed_at, on_time=True)
        return Decision(at=due, on_time=False)
    if now > due:
        return Decision(at=due, on_time=False)
    return None


def on_time_ratio(
    cases: Iterable[CaseFacts], *, start: dt.datetime, end: dt.datetime, now: dt.datetime
) -> Ratio:
    """Feedback handled on time among feedback decided in ``[start, end)``."""
    on_time = total = 0
    for case in cases:
        decision = handling_decision(case, now=now)
        if decision is None or not (start <= decision.at < end):
            continue
        total += 1
        on_time += decision.on_time
    return Ratio(on_time, total)


def satisfaction_ratio(
    cases: Iterable[CaseFacts], *, start: dt.datetime, end: dt.datetime
) -> Ratio:
    """Likes among the ratings given in ``[start, end)``."""
    likes = total = 0
    for case in cases:
        if not case.rating or case.rated_at is None or not (start <= case.rated_at < end):
            continue
        total += 1
        likes += case.rating == "like"
    return Ratio(likes, total)
