"""Collections (số thu phí, lệ phí): by agency (subtree), procedure, method and period, and
their spreadsheet export. Money counted on the day it was confirmed (Vietnam time); refunds
are shown beside it so that net = collected − refunded."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncDay, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.models import Agency
from motcua.payments.constants import SETTLED, Method
from motcua.payments.models import Payment

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GROUPS = ("day", "month")


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, the day after end 00:00) in Vietnam time, as aware datetimes."""
    low = dt.datetime.combine(start, dt.time(0), tzinfo=VN)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0), tzinfo=VN)
    return low, high


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    count: int
    amount: int
    refunded: int

    @property
    def net(self) -> int:
        return self.amount - self.refunded


@dataclass
class Collections:
    agency: Agency
    start: dt.date
    end: dt.date
    group: str
    total: Row
    by_agency: list[Row] = field(default_factory=list)
    by_procedure: list[Row] = field(default_factory=list)
    by_method: list[Row] = field(default_factory=list)
    by_period: list[Row] = field(default_factory=list)
    #: period label → method → amount, for the stacked chart
    chart: dict[str, Any] = field(default_factory=dict)


def collection_payments(*, agency: Agency, start: dt.date, end: dt.date) -> QuerySet[Payment]:
    low, high = period_bounds(start, end)
    return Payment.objects.filter(
        agency__path__startswith=agency.path,
        status__in=SETTLED,
        paid_at__gte=low,
        paid_at__lt=high,
    )


def _rows(qs: QuerySet[Payment], key: str, labels: dict[Any, str]) -> list[Row]:
    rows = []
    for item in (
        qs.values(key)
        .annotate(n=Count("id"), amount=Sum("amount"), refunded=Sum("refunded_amount"))
        .order_by(key)
    ):
        value = item[key]
        rows.append(
            Row(
                key=str(value),
                label=labels.get(value, str(value)),
                count=item["n"],
                amount=int(item["amount"] or 0),
                refunded=int(item["refunded"] or 0),
            )
        )
    return rows


def _period_label(value: Any, group: str) -> str:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value, VN).date() if timezone.is_aware(value) else value.date()
    return f"{value:%m/%Y}" if group == "month" else f"{value:%d/%m/%Y}"


def collections_compute(
    *, agency: Agency, start: dt.date, end: dt.date, group: str = "day"
) -> Collections:
    """Totals for the agency's subtree; the caller has checked the user may see it."""
    group = group if group in GROUPS else "day"
    qs = collection_payments(agency=agency, start=start, end=end)
    totals = qs.aggregate(n=Count("id"), amount=Sum("amount"), refunded=Sum("refunded_amount"))
    total = Row(
        "total",
        _("Tổng cộng"),
        totals["n"] or 0,
        int(totals["amount"] or 0),
        int(totals["refunded"] or 0),
    )
    agencies = {
        pk: short or name
        for pk, short, name in Agency.objects.filter(path__startswith=agency.path).values_list(
            "pk", "short_name", "name"
        )
    }
    codes = set(qs.values_list("procedure_code", flat=True).distinct())
    names = _procedure_names(codes)
    methods = {m.value: str(m.label) for m in Method}
    trunc = TruncMonth("paid_at", tzinfo=VN) if group == "month" else TruncDay("paid_at", tzinfo=VN)
    periods = qs.annotate(period=trunc)
    by_period = [
        Row(
            key=_period_label(r["period"], group),
            label=_period_label(r["period"], group),
            count=r["n"],
            amount=int(r["amount"] or 0),
            refunded=int(r["refunded"] or 0),
        )
        for r in periods.values("period")
        .annotate(n=Count("id"), amount=Sum("amount"), refunded=Sum("refunded_amount"))
        .order_by("period")
    ]
    stacked: dict[str, dict[str, int]] = defaultdict(dict)
    for r in periods.values("period", "method").annotate(amount=Sum("amount")).order_by("period"):
        stacked[_period_label(r["period"], group)][r["method"]] = int(r["amount"] or 0)
    labels = [row.label for row in by_period]
    chart = {
        "labels": labels,
        "datasets": [
            {"label": methods[m], "method": m, "data": [stacked[p].get(m, 0) for p in labels]}
            for m in methods
            if any(stacked[p].get(m) for p in labels)
        ],
    }
    return Collections(
        agency=agency,
        start=start,
        end=end,
        group=group,
        total=total,
        by_agency=sorted(_rows(qs, "agency_id", agencies), key=lambda r: -r.amount),
        by_procedure=sorted(_rows(qs, "procedure_code", names), key=lambda r: -r.amount),
        by_method=_rows(qs, "method", methods),
        by_period=by_period,
        chart=chart,
    )


def _procedure_names(codes: set[str]) -> dict[Any, str]:
    from motcua.catalog.selectors import procedure_version_in_force

    names: dict[Any, str] = {}
    for code in sorted(codes):
        version = procedure_version_in_force(code=code)
        names[code] = f"{code} – {version.name}" if version is not None else code
    return names


def collections_xlsx(result: Collections, payments: QuerySet[Payment]) -> bytes:
    """A workbook: summary, one sheet per grouping, and every payment of the period."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    summary = book.active
    assert summary is not None  # noqa: S101 - a new workbook has one sheet
    summary.title = "Tổng hợp"
    bold = Font(bold=True)
    summary.append([_("Số thu phí, lệ phí"), result.agency.name])
    summary.append([_("Từ ngày"), result.start.strftime("%d/%m/%Y")])
    summary.append([_("Đến ngày"), result.end.strftime("%d/%m/%Y")])
    summary.append([_("Số khoản"), result.total.count])
    summary.append([_("Đã thu (đồng)"), result.total.amount])
    summary.append([_("Đã hoàn trả (đồng)"), result.total.refunded])
    summary.append([_("Thực thu (đồng)"), result.total.net])
    for cell in summary["A"]:
        cell.font = bold
    heading = [
        _("Mã"),
        _("Tên"),
        _("Số khoản"),
        _("Đã thu (đồng)"),
        _("Đã hoàn trả (đồng)"),
        _("Thực thu (đồng)"),
    ]
    for title, rows in (
        ("Theo cơ quan", result.by_agency),
        ("Theo thủ tục", result.by_procedure),
        ("Theo hình thức", result.by_method),
        ("Theo kỳ", result.by_period),
    ):
        sheet = book.create_sheet(title)
        sheet.append(heading)
        for cell in sheet[1]:
            cell.font = bold
        for row in rows:
            sheet.append([row.key, row.label, row.count, row.amount, row.refunded, row.net])
    detail = book.create_sheet("Chi tiết")
    detail.append(
        [
            _("Thời điểm"),
            _("Mã hồ sơ"),
            _("Mã thủ tục"),
            _("Cơ quan thu"),
            _("Hình thức"),
            _("Mã thanh toán"),
            _("Biên lai"),
            _("Số tiền (đồng)"),
            _("Đã hoàn trả (đồng)"),
        ]
    )
    for cell in detail[1]:
        cell.font = bold
    methods = {m.value: str(m.label) for m in Method}
    for p in payments.select_related("dossier", "agency", "receipt").order_by("paid_at", "id"):
        receipt = getattr(p, "receipt", None)
        detail.append(
            [
                timezone.localtime(p.paid_at, VN).strftime("%d/%m/%Y %H:%M") if p.paid_at else "",
                p.dossier.code or "",
                p.procedure_code,
                p.agency.name,
                methods.get(p.method, p.method),
                p.reference,
                receipt.label if receipt is not None else "",
                int(p.amount),
                int(p.refunded_amount),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
