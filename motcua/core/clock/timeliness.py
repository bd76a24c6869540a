"""Verdicts on a due instant; independent of any calendar because they compare instants."""

from __future__ import annotations

import datetime as dt

from motcua.core.clock.inputs import require_aware
from motcua.core.clock.types import Timeliness


def is_on_time(due: dt.datetime, finished_at: dt.datetime) -> bool:
    """Policy: on time means finished no later than the due instant (early counts too)."""
    return require_aware(finished_at, "finished_at") <= require_aware(due, "due")


def classify(
    due: dt.datetime,
    finished_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Timeliness:
    """Grade finished work as early/on time/late and unfinished work as in time/overdue.

    ``now`` defaults to the current instant so that callers that only render a badge do
    not have to fetch the time themselves; tests pass it explicitly.
    """
    require_aware(due, "due")
    if finished_at is not None:
        finished = require_aware(finished_at, "finished_at")
        if finished < due:
            return Timeliness.EARLY
        if finished == due:
            return Timeliness.ON_TIME
        return Timeliness.LATE
    current = dt.datetime.now(dt.UTC) if now is None else require_aware(now, "now")
    return Timeliness.IN_TIME if current <= due else Timeliness.OVERDUE
