"""Money and status formatting for the payment pages and receipts."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def so_tien(amount: Any) -> str:
    """15000 → '15.000' (Vietnamese thousands separator, no currency)."""
    if amount in (None, ""):
        return ""
    return f"{int(amount):,}".replace(",", ".")


@register.filter
def dong(amount: Any) -> str:
    """15000 → '15.000 đ'."""
    text = so_tien(amount)
    return f"{text} đ" if text else ""


@register.filter
def status_badge(status: Any) -> str:
    """Bootstrap badge class for a payment or dossier payment status (AA contrast)."""
    return {
        "paid": "text-bg-success",
        "partial": "text-bg-warning",
        "unpaid": "text-bg-danger",
        "pending": "text-bg-secondary",
        "failed": "text-bg-danger",
        "expired": "text-bg-dark",
        "refunded": "text-bg-info",
        "not_required": "text-bg-light",
        "matched": "text-bg-success",
        "no_payment": "text-bg-danger",
        "amount_differs": "text-bg-warning",
        "duplicate": "text-bg-dark",
        "applied": "text-bg-success",
        "refused": "text-bg-danger",
    }.get(str(status), "text-bg-secondary")
