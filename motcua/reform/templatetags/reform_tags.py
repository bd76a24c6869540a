"""Template filters for reform figures (Vietnamese number style)."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.reform import formatting

register = template.Library()


@register.filter
def ty_dong(value: Any) -> str:
    return formatting.billions(None if value is None else int(value))


@register.filter
def dong(value: Any) -> str:
    return formatting.dong(None if value is None else int(value))


@register.filter
def so(value: Any) -> str:
    return formatting.count(None if value is None else int(value))


@register.filter
def diem(value: Any) -> str:
    return formatting.points(value)


@register.filter
def overdue_on(obj: Any, today: Any) -> bool:
    return bool(obj.is_overdue(today))


@register.filter
def field_value(obj: Any, name: str) -> Any:
    """A field's display value (choices shown by label) for generic tables."""
    from motcua.reform.specs import display_value

    return display_value(obj, name)


@register.simple_tag
def record_url(agency: Any, spec: Any, obj: Any) -> str:
    from motcua.reform.views.records import detail_url

    return detail_url(agency, spec, obj)


@register.simple_tag
def cell(obj: Any, name: str) -> str:
    from motcua.reform.specs import display_value

    return display_value(obj, name)
