from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers.constants import Status

register = template.Library()

_STATUS_CLASSES = {
    Status.DRAFT: "text-bg-light border",
    Status.SUBMITTED: "text-bg-warning",
    Status.RECEIVED: "text-bg-primary",
    Status.PROCESSING: "text-bg-primary",
    Status.SUPPLEMENT_REQUESTED: "text-bg-warning",
    Status.SUPPLEMENT_COMPLETED: "text-bg-info",
    Status.REFUSED: "text-bg-danger",
    Status.STOPPED: "text-bg-secondary",
    Status.PROCESSED: "text-bg-success",
    Status.RESULT_RETURNED: "text-bg-success",
    Status.WITHDRAWN: "text-bg-secondary",
}


@register.filter
def status_class(status: str) -> str:
    return (
        str(_STATUS_CLASSES.get(Status(status), "text-bg-light border"))
        if status in Status.values
        else "text-bg-light border"
    )


@register.filter
def status_label(status: str) -> str:
    return str(Status(status).label) if status in Status.values else status


@register.filter
def vn_time(value: Any) -> str:
    """'14:05 19/05/2023' in Asia/Ho_Chi_Minh."""
    if not value:
        return ""
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


@register.filter
def filesize(value: Any) -> str:
    size = int(value or 0)
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, size // 1024)} KB"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def yesno_vi(value: Any) -> str:
    if value is True:
        return _("Có")
    if value is False:
        return _("Không")
    return "" if value is None else str(value)
