"""Template helpers of the feedback pages: accessible form fields, limits and badges."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms, template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

register = template.Library()


@register.inclusion_tag("feedback/_field.html")
def fb_field(bound: forms.BoundField, col: str = "") -> dict[str, Any]:
    """Label, input, help and errors, with aria-describedby pointing at help and errors."""
    widget = bound.field.widget
    css = "form-control"
    if isinstance(widget, forms.Select):
        css = "form-select"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
        css = ""
    described = []
    if bound.help_text:
        described.append(f"{bound.auto_id}-help")
    if bound.errors:
        described.append(f"{bound.auto_id}-error")
        css += " is-invalid"
    attrs: dict[str, Any] = {}
    if css:
        attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if bound.errors:
        attrs["aria-invalid"] = "true"
    if bound.field.required:
        attrs["required"] = True
    return {
        "field": bound,
        "widget": bound.as_widget(attrs=attrs),
        "radio": isinstance(widget, forms.RadioSelect),
        "col": col,
    }


@register.filter
def local_time(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return f"{timezone.localtime(value):%H:%M %d/%m/%Y}"


@register.filter
def working_time(seconds: int | None) -> str:
    """Working time left (or overdue) in working days and hours of 8 hours."""
    if seconds is None:
        return "—"
    total = abs(int(seconds)) // 3600
    days, hours = divmod(total, 8)
    parts = []
    if days:
        parts.append(_("%(n)d ngày làm việc") % {"n": days})
    if hours or not days:
        parts.append(_("%(n)d giờ") % {"n": hours})
    text = " ".join(parts)
    return _("quá %(t)s") % {"t": text} if seconds < 0 else _("còn %(t)s") % {"t": text}


_STATE_LABELS = {
    "overdue": _l("Quá hạn"),
    "at_risk": _l("Sắp đến hạn"),
    "in_time": _l("Trong hạn"),
    "stopped": _l("Tạm dừng tính hạn"),
}


@register.simple_tag
def state_badge(state: str) -> SafeString | str:
    if state not in _STATE_LABELS:
        return ""
    return format_html(
        '<span class="fb-badge fb-{}" data-testid="deadline-state">{}</span>',
        state,
        _STATE_LABELS[state],
    )


@register.simple_tag
def status_badge(case: Any) -> SafeString:
    return format_html(
        '<span class="fb-badge fb-{}" data-testid="status">{}</span>',
        case.status,
        case.get_status_display(),
    )


@register.filter
def percent(ratio: Any) -> str:
    value = getattr(ratio, "percent", None)
    if value is None:
        return "n/a"
    return f"{value:.2f}".replace(".", ",") + "%"
