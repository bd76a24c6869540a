"""Fee calculation (pure, integer đồng): fixed, per copy, per page with tiers and a cap."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from motcua.catalog.constants import FeeKind


class FeeError(ValueError):
    """Quantities that cannot be priced; ``errors`` maps a quantity name to a message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class FeeTier:
    """Price of each page from ``first`` to ``last`` (inclusive; None = no upper bound)."""

    first: int
    last: int | None
    amount: int


@dataclass(frozen=True)
class FeeRuleSpec:
    kind: str
    amount: int = 0
    tiers: tuple[FeeTier, ...] = field(default=())
    cap_per_copy: int | None = None
    label: str = ""


def tier_parse(text: str) -> tuple[FeeTier, ...]:
    """'1-2:2000; 3-:1000' -> tiers (the spreadsheet's notation)."""
    tiers: list[FeeTier] = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        span, _, amount = part.partition(":")
        first, _, last = span.partition("-")
        tiers.append(
            FeeTier(int(first), int(last) if last.strip() else None, int(amount.replace(".", "")))
        )
    return tuple(tiers)


def tier_format(tiers: Sequence[FeeTier]) -> str:
    return "; ".join(f"{t.first}-{'' if t.last is None else t.last}:{t.amount}" for t in tiers)


def tiers_check(tiers: Sequence[FeeTier]) -> str | None:
    """A message when tiers do not start at page 1 and follow each other without gaps."""
    expected = 1
    for i, t in enumerate(tiers):
        if t.amount < 0:
            return "Mức thu mỗi trang không được âm."
        if t.first != expected:
            return f"Bậc {i + 1} phải bắt đầu từ trang {expected}."
        if t.last is None:
            if i != len(tiers) - 1:
                return "Chỉ bậc cuối cùng được để trống trang kết thúc."
            return None
        if t.last < t.first:
            return f"Bậc {i + 1}: trang kết thúc nhỏ hơn trang bắt đầu."
        expected = t.last + 1
    return None


def _page_price(tiers: Sequence[FeeTier], pages: int) -> int:
    total = 0
    for t in tiers:
        if pages < t.first:
            break
        upto = pages if t.last is None else min(pages, t.last)
        total += (upto - t.first + 1) * t.amount
    return total


def _quantity(quantities: Mapping[str, int], name: str) -> int:
    value = quantities.get(name, 1)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        label = {"copies": "Số bản", "pages": "Số trang"}.get(name, name)
        raise FeeError({name: f"{label} phải là số nguyên từ 1 trở lên."})
    return value


def fee_compute(rules: Sequence[FeeRuleSpec], quantities: Mapping[str, int]) -> int:
    """Total in đồng for ``quantities`` ("copies", "pages" per copy; both default to 1).

    fixed: once per dossier; per_copy: amount × copies; per_page: the tiers priced page by
    page for one copy, capped at ``cap_per_copy``, times copies; exempt: nothing.
    """
    copies = _quantity(quantities, "copies")
    pages = _quantity(quantities, "pages")
    total = 0
    for rule in rules:
        if rule.kind == FeeKind.FIXED:
            total += rule.amount
        elif rule.kind == FeeKind.PER_COPY:
            total += rule.amount * copies
        elif rule.kind == FeeKind.PER_PAGE:
            one = _page_price(rule.tiers, pages) if rule.tiers else rule.amount * pages
            if rule.cap_per_copy is not None:
                one = min(one, rule.cap_per_copy)
            total += one * copies
    return total
