"""The statutory limits of one case, from the handling agency's compiled calendar (pure).

All limits are working days counted from the reception instant (DOMAIN.md §9, clock policy
§6): refuse within 2, ask for more information within 5, answer within 15, publish within 2
after the answer. A request for information stops the 15-day clock from the request until
the sender answers; the working time left at the request is handed back from the answer on.
A transfer keeps the reception instant: the limits are recomputed with the new agency's
calendar but do not restart.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from motcua.core.clock import CompiledCalendar, LimitUnit, Pause
from motcua.feedback.constants import (
    HANDLE_WITHIN_DAYS,
    PUBLISH_WITHIN_DAYS,
    REFUSE_WITHIN_DAYS,
    REQUEST_INFO_WITHIN_DAYS,
)


@dataclass(frozen=True)
class CaseDeadlines:
    refuse_due: dt.datetime
    info_request_due: dt.datetime
    #: None while the clock is stopped (information requested, not yet given).
    handle_due: dt.datetime | None


def case_deadlines(
    calendar: CompiledCalendar,
    *,
    received_at: dt.datetime,
    info_requested_at: dt.datetime | None = None,
    info_provided_at: dt.datetime | None = None,
) -> CaseDeadlines:
    days = LimitUnit.WORKING_DAYS
    handle_due: dt.datetime | None
    if info_requested_at is not None and info_provided_at is None:
        handle_due = None
    else:
        pauses = (
            [Pause(start=info_requested_at, end=info_provided_at)]
            if info_requested_at is not None and info_provided_at is not None
            else []
        )
        handle_due = calendar.due(received_at, HANDLE_WITHIN_DAYS, days, pauses)
    return CaseDeadlines(
        refuse_due=calendar.due(received_at, REFUSE_WITHIN_DAYS, days),
        info_request_due=calendar.due(received_at, REQUEST_INFO_WITHIN_DAYS, days),
        handle_due=handle_due,
    )


def publish_due(calendar: CompiledCalendar, *, answered_at: dt.datetime) -> dt.datetime:
    return calendar.due(answered_at, PUBLISH_WITHIN_DAYS, LimitUnit.WORKING_DAYS)


def at_risk_horizon(calendar: CompiledCalendar, *, now: dt.datetime, days: int) -> dt.datetime:
    """A limit due no later than this instant has at most ``days`` working days left.

    "One working day left" means due by the close of the next working day, exactly where a
    one-working-day limit counted from now would fall. ``days`` below 1 counts as 1.
    """
    return calendar.due(now, max(1, days), LimitUnit.WORKING_DAYS)
