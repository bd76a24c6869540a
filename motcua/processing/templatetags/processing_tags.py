from __future__ import annotations

import datetime as dt

from django import template

from motcua.processing.constants import Risk, StepState, TimelinessChoice

register = template.Library()

_TIMELINESS: dict[str, str] = {
    TimelinessChoice.EARLY: "text-bg-success",
    TimelinessChoice.ON_TIME: "text-bg-success",
    TimelinessChoice.LATE: "text-bg-danger",
    TimelinessChoice.IN_TIME: "text-bg-light border",
    TimelinessChoice.OVERDUE: "text-bg-danger",
}
_STATES: dict[str, str] = {
    StepState.WAITING: "text-bg-light border",
    StepState.OPEN: "text-bg-warning",
    StepState.IN_PROGRESS: "text-bg-primary",
    StepState.AWAITING_APPROVAL: "text-bg-info",
    StepState.DONE: "text-bg-success",
    StepState.CANCELLED: "text-bg-secondary",
}


@register.filter
def timeliness_class(value: str) -> str:
    return _TIMELINESS.get(value, "text-bg-light border") if value else ""


@register.filter
def timeliness_label(value: str) -> str:
    return str(TimelinessChoice(value).label) if value in TimelinessChoice.values else ""


@register.filter
def step_state_class(value: str) -> str:
    return _STATES.get(value, "text-bg-light border")


@register.simple_tag
def due_flag(
    due: dt.datetime | None, now: dt.datetime, threshold: dt.datetime | None = None
) -> str:
    """'overdue', 'at_risk' or '' for a due instant seen at ``now``."""
    if due is None:
        return ""
    if due < now:
        return str(Risk.OVERDUE)
    if threshold is not None and due <= threshold:
        return str(Risk.AT_RISK)
    return ""
