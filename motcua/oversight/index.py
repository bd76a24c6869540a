"""The Decision 766/QĐ-TTg service-quality index (DOMAIN.md §9): indicators as pure data.

An indicator has a maximum of points, an optional target, and a numerator over a
denominator. Score = min(1, ratio ÷ target) × max when there is a target, else ratio × max;
a zero denominator (or no data at all) is "n/a" and scores nothing. Percentages have two
decimals, rounded half up. Monitoring indicators (0 points) are shown but not scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

NOT_APPLICABLE = "n/a"
_CENT = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    label: Any
    points: int
    numerator: int | None = None
    denominator: int | None = None
    target: Decimal | None = None  # as a fraction, e.g. Decimal("0.8")
    note: str = ""  # why it is n/a, or where the figure comes from
    drill: bool = False  # the dossiers behind it can be listed
    value: Decimal | None = None  # for monitoring figures that are not ratios (days)
    unit: str = "%"

    @property
    def available(self) -> bool:
        return bool(self.denominator) and self.numerator is not None

    @property
    def ratio(self) -> Decimal | None:
        if not self.available:
            return None
        return Decimal(max(0, self.numerator or 0)) / Decimal(self.denominator or 1)

    @property
    def percent(self) -> Decimal | None:
        r = self.ratio
        return None if r is None else q2(r * 100)

    @property
    def display(self) -> str:
        if self.value is not None:
            return f"{self.value}"
        p = self.percent
        return NOT_APPLICABLE if p is None else f"{p}%"

    @property
    def display_vi(self) -> str:
        """As pages write it: decimal comma (73,33%)."""
        return self.display.replace(".", ",")

    @property
    def score(self) -> Decimal | None:
        r = self.ratio
        if r is None or not self.points:
            return None
        share = min(Decimal(1), r / self.target) if self.target else min(Decimal(1), r)
        return q2(share * self.points)


@dataclass(frozen=True)
class Group:
    code: str
    label: Any
    points: int
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def score(self) -> Decimal:
        return sum((i.score for i in self.indicators if i.score is not None), Decimal(0))

    @property
    def available_points(self) -> int:
        return sum(i.points for i in self.indicators if i.score is not None)


GROUPS: list[tuple[str, Any, int]] = [
    ("publicity", _("Công khai, minh bạch"), 18),
    ("progress", _("Tiến độ giải quyết"), 20),
    ("online", _("Dịch vụ công trực tuyến"), 12),
    ("payment", _("Thanh toán trực tuyến"), 10),
    ("satisfaction", _("Mức độ hài lòng"), 18),
    ("digitisation", _("Số hóa hồ sơ"), 22),
]


@dataclass(frozen=True)
class IndexResult:
    groups: list[Group]

    @property
    def indicators(self) -> list[Indicator]:
        return [i for g in self.groups for i in g.indicators]

    def get(self, code: str) -> Indicator:
        for i in self.indicators:
            if i.code == code:
                return i
        raise KeyError(code)

    @property
    def total(self) -> Decimal:
        return sum((g.score for g in self.groups), Decimal(0))

    @property
    def available_points(self) -> int:
        return sum(g.available_points for g in self.groups)
