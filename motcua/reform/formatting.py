"""How figures are written for Vietnamese readers: 323,386 tỷ đồng; 1.234.567 đ; 85,42."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

NO_DATA = "chưa có dữ liệu"


def _vi(text: str) -> str:
    """Swap the separators of an English-formatted number: 1,234.5 → 1.234,5."""
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def number(value: Any, decimals: int = 0) -> str:
    if value is None:
        return _(NO_DATA)
    return _vi(f"{Decimal(value):,.{decimals}f}")


def points(value: Any) -> str:
    """Index points with two decimals: 85,42."""
    return number(value, 2)


def billions(value: int | None) -> str:
    """Đồng as billions with three decimals: 323386000000 → '323,386 tỷ đồng'."""
    if value is None:
        return _(NO_DATA)
    return _("%(v)s tỷ đồng") % {"v": number(Decimal(value) / Decimal(10**9), 3)}


def dong(value: int | None) -> str:
    if value is None:
        return _(NO_DATA)
    return f"{number(value)} đ"


def percent(value: Any, decimals: int = 2) -> str:
    if value is None:
        return _(NO_DATA)
    return f"{number(value, decimals)}%"


def count(value: int | None) -> str:
    return _(NO_DATA) if value is None else number(value)
