"""Reporting periods (DOMAIN.md §9): month, quarter, 6 months, 9 months, year, or any range.

A period is two local dates, both included. ``parse_period`` reads the query-string form
used by pages and the API: ``kind`` (``month``, ``quarter``, ``half``, ``nine``, ``year``,
``custom``), ``year``, ``number`` (month 1–12, quarter 1–4) or ``start``/``end``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    label: str = ""

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = timezone.get_default_timezone()
        first = dt.datetime.combine(self.start, dt.time(0), zone)
        after = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(0), zone)
        return first, after

    @property
    def whole_months(self) -> bool:
        last = calendar.monthrange(self.end.year, self.end.month)[1]
        return self.start.day == 1 and self.end.day == last

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same shape just before (months back when whole months)."""
        if self.whole_months:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            return labelled(month_span(add_months(self.start, -months), months))
        length = dt.timedelta(days=self.days)
        return Period(self.start - length, self.end - length)


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_span(first: dt.date, months: int, label: str = "") -> Period:
    last_month = add_months(first, months - 1)
    last = calendar.monthrange(last_month.year, last_month.month)[1]
    return Period(first, last_month.replace(day=last), label)


def month(year: int, number: int) -> Period:
    return month_span(
        dt.date(year, number, 1), 1, _("Tháng %(m)d/%(y)d") % {"m": number, "y": year}
    )


def quarter(year: int, number: int) -> Period:
    roman = ["I", "II", "III", "IV"][number - 1]
    return month_span(
        dt.date(year, 3 * number - 2, 1), 3, _("Quý %(q)s năm %(y)d") % {"q": roman, "y": year}
    )


def year_period(year: int) -> Period:
    return month_span(dt.date(year, 1, 1), 12, _("Năm %(y)d") % {"y": year})


def months_from_january(year: int, months: int) -> Period:
    label = _("%(n)d tháng đầu năm %(y)d") % {"n": months, "y": year}
    return month_span(dt.date(year, 1, 1), months, label)


def labelled(period: Period) -> Period:
    """The same dates with the customary label (month, quarter, year, or the two months)."""
    start, end = period.start, period.end
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 1:
        return month(start.year, start.month)
    if months == 3 and start.month in (1, 4, 7, 10):
        return quarter(start.year, (start.month - 1) // 3 + 1)
    if months == 12 and start.month == 1:
        return year_period(start.year)
    if start.month == 1 and months in (6, 9):
        return months_from_january(start.year, months)
    return Period(start, end, f"{start:%m/%Y} – {end:%m/%Y}")


KINDS = ("month", "quarter", "half", "nine", "year", "custom")


def _int(params: Mapping[str, str], name: str, low: int, high: int, default: int) -> int:
    raw = params.get(name) or ""
    if raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ValidationError({name: [_("Nhập một số nguyên.")]}) from None
    if not low <= value <= high:
        raise ValidationError(
            {name: [_("Giá trị phải từ %(a)d đến %(b)d.") % {"a": low, "b": high}]}
        )
    return value


def _date(params: Mapping[str, str], name: str) -> dt.date:
    raw = params.get(name) or ""
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({name: [_("Nhập ngày dạng YYYY-MM-DD.")]}) from None


def parse_period(params: Mapping[str, str], *, today: dt.date | None = None) -> Period:
    """The period a page or the API asked for (default: the current month so far)."""
    today = today or timezone.localdate()
    kind = params.get("kind") or "month"
    if kind not in KINDS:
        raise ValidationError(
            {"kind": [_("Chọn tháng, quý, 6 tháng, 9 tháng, năm hoặc khoảng ngày.")]}
        )
    year = _int(params, "year", 2000, 2100, today.year)
    if kind == "month":
        return month(year, _int(params, "number", 1, 12, today.month))
    if kind == "quarter":
        return quarter(year, _int(params, "number", 1, 4, (today.month - 1) // 3 + 1))
    if kind == "half":
        return months_from_january(year, 6)
    if kind == "nine":
        return months_from_january(year, 9)
    if kind == "year":
        return year_period(year)
    start, end = _date(params, "start"), _date(params, "end")
    if end < start:
        raise ValidationError({"end": [_("Ngày kết thúc phải sau ngày bắt đầu.")]})
    if (end - start).days > 3 * 366:
        raise ValidationError({"end": [_("Khoảng thời gian tối đa 3 năm.")]})
    return Period(start, end, f"{start:%d/%m/%Y} – {end:%d/%m/%Y}")
