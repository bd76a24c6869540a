from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def dong(amount: Any) -> str:
    """12000 -> '12.000 đ' (Vietnamese thousands separator)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,}".replace(",", ".") + " đ"


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current GET query with some parameters changed (pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return str(params.urlencode())
