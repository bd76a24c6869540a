"""Vietnamese official-document formatting for the slips (Decree 30/2020 conventions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()


def _local(value: Any) -> Any:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


@register.filter
def slip_time(value: Any) -> str:
    """ "08 giờ 30 phút, ngày 19/05/2023"; a date gives "ngày 19/05/2023"; text passes."""
    value = _local(value)
    if isinstance(value, dt.datetime):
        return _("%(h)s giờ %(m)s phút, ngày %(d)s") % {
            "h": f"{value.hour:02d}",
            "m": f"{value.minute:02d}",
            "d": f"{value:%d/%m/%Y}",
        }
    if isinstance(value, dt.date):
        return _("ngày %(d)s") % {"d": f"{value:%d/%m/%Y}"}
    return "" if value is None else str(value)


@register.filter
def slip_short_time(value: Any) -> str:
    """ "08:30 19/05/2023" (hh:mm dd/mm/yyyy), for the tables of forms 05 and 06."""
    value = _local(value)
    if isinstance(value, dt.datetime):
        return f"{value:%H:%M %d/%m/%Y}"
    if isinstance(value, dt.date):
        return f"{value:%d/%m/%Y}"
    return "" if value is None else str(value)


@register.filter
def slip_date_line(value: Any, place: str = "") -> str:
    """ "Hà Nội, ngày 19 tháng 5 năm 2023"; days below 10 and months below 3 take a 0."""
    value = _local(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value or "")
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    text = _("ngày %(d)s tháng %(m)s năm %(y)s") % {"d": day, "m": month, "y": value.year}
    return f"{place}, {text}" if place else text[:1].upper() + text[1:]


_COPY_KINDS = {
    "original": gettext_lazy("Bản chính"),
    "copy": gettext_lazy("Bản sao"),
    "certified_copy": gettext_lazy("Bản sao chứng thực"),
    "certified": gettext_lazy("Bản sao chứng thực"),
}
_OUTCOMES = {
    "early": gettext_lazy("Trước hạn"),
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Quá hạn"),
}


@register.filter
def copy_kind(value: Any) -> str:
    text = _COPY_KINDS.get(str(value))
    return str(text) if text else str(value or "")


@register.filter
def outcome(value: Any) -> str:
    text = _OUTCOMES.get(str(value))
    return str(text) if text else str(value or "")
