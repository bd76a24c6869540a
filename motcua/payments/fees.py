"""Fee breakdown for display: one line per fee rule, priced by the catalogue's calculator.

The catalogue's :func:`motcua.catalog.fees.fee_compute` returns only the total. Residents and
receipts need to see what the total is made of, so each rule is priced on its own with the
same calculator (never a second implementation of the tariff), and for per-page rules the
uncapped price of one copy is computed as well to show when the cap applied.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from motcua.catalog.constants import FeeKind
from motcua.catalog.fees import FeeRuleSpec, fee_compute


def dong(amount: int) -> str:
    """12000 → '12.000 đ'."""
    return f"{amount:,}".replace(",", ".") + " đ"


@dataclass(frozen=True)
class FeeLine:
    label: str
    kind: str
    amount: int
    detail: str = ""


@dataclass(frozen=True)
class FeeBreakdown:
    lines: tuple[FeeLine, ...]
    total: int
    quantities: dict[str, int] = field(default_factory=dict)

    @property
    def free(self) -> bool:
        return self.total == 0


def _detail(rule: FeeRuleSpec, copies: int, pages: int, quantities: Mapping[str, int]) -> str:
    if rule.kind == FeeKind.EXEMPT:
        return _("Miễn")
    if rule.kind == FeeKind.FIXED:
        return _("mỗi hồ sơ")
    if rule.kind == FeeKind.PER_COPY:
        return _("%(n)s bản × %(a)s") % {"n": copies, "a": dong(rule.amount)}
    one = fee_compute([rule], {**quantities, "copies": 1})
    text = _("%(p)s trang: %(a)s mỗi bản") % {"p": pages, "a": dong(one)}
    if rule.cap_per_copy is not None:
        uncapped = fee_compute([dataclasses.replace(rule, cap_per_copy=None)], {"pages": pages})
        if uncapped > rule.cap_per_copy:
            text += " " + _("(tính %(u)s, áp mức tối đa %(c)s)") % {
                "u": dong(uncapped),
                "c": dong(rule.cap_per_copy),
            }
    if copies != 1:
        text += f" × {copies} " + _("bản")
    return text


def fee_breakdown_of(rules: Sequence[FeeRuleSpec], quantities: Mapping[str, int]) -> FeeBreakdown:
    """Lines and total for ``quantities`` ("copies", "pages"); FeeError on bad quantities."""
    total = fee_compute(rules, quantities)  # validates the quantities first
    copies = int(quantities.get("copies", 1))
    pages = int(quantities.get("pages", 1))
    lines = tuple(
        FeeLine(
            label=rule.label,
            kind=rule.kind,
            amount=fee_compute([rule], quantities),
            detail=_detail(rule, copies, pages, quantities),
        )
        for rule in rules
    )
    assert sum(line.amount for line in lines) == total  # noqa: S101 - same calculator
    kept = {k: int(v) for k, v in quantities.items() if k in ("copies", "pages")}
    return FeeBreakdown(lines=lines, total=total, quantities=kept)


def fee_breakdown(version: Any, quantities: Mapping[str, int] | None = None) -> FeeBreakdown:
    """Breakdown for a procedure version (before submission: the quantities typed so far)."""
    return fee_breakdown_of([rule.spec() for rule in version.fees.all()], quantities or {})
