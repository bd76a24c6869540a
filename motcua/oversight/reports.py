"""The periodic report on procedure handling: xlsx in the customary layout and a docx
narrative with a chart (matplotlib when installed, else a bar chart drawn with Pillow)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from itertools import groupby

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from motcua.organizations.models import Agency
from motcua.oversight.index import IndexResult
from motcua.oversight.periods import Period
from motcua.oversight.selectors import ReportRow

COLUMNS = [
    "STT",
    "Lĩnh vực, thủ tục",
    "Tổng số hồ sơ",
    "Từ kỳ trước chuyển sang",
    "Mới tiếp nhận trực tuyến",
    "Mới tiếp nhận trực tiếp, bưu chính",
    "Tổng số đã giải quyết",
    "Trước hạn",
    "Đúng hạn",
    "Quá hạn",
    "Tổng số đang giải quyết",
    "Trong hạn",
    "Quá hạn",
]


def _figures(r: ReportRow) -> list[int]:
    return [
        r.total,
        r.carried,
        r.new_online,
        r.new_other,
        r.resolved,
        r.early,
        r.on_time,
        r.late,
        r.in_progress,
        r.in_time,
        r.overdue,
    ]


def _sum(rows: Sequence[ReportRow], field_name: str = "", name: str = "") -> ReportRow:
    out = ReportRow(field_name, name, 0, 0, 0, 0, 0, 0, 0, 0)
    for r in rows:
        for attr in (
            "carried",
            "new_online",
            "new_other",
            "early",
            "on_time",
            "late",
            "in_time",
            "overdue",
        ):
            setattr(out, attr, getattr(out, attr) + getattr(r, attr))
    return out


def report_xlsx(*, agency: Agency, period: Period, rows: Sequence[ReportRow]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None  # noqa: S101 - a new workbook has one sheet
    ws.title = "Tình hình giải quyết"
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True, name="Times New Roman")
    ws.append([agency.name])
    ws.append(["TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"])
    ws.append(
        [f"Kỳ báo cáo: {period.label or ''} (từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y})"]
    )
    ws.append([])
    ws.append(
        [
            "",
            "",
            "Số hồ sơ nhận giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đã giải quyết",
            "",
            "",
            "",
            "Số hồ sơ đang giải quyết",
            "",
            "",
        ]
    )
    ws.append(COLUMNS)
    ws.merge_cells("C5:F5")
    ws.merge_cells("G5:J5")
    ws.merge_cells("K5:M5")
    for row in ws.iter_rows(min_row=1, max_row=6):
        for cell in row:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    for row in ws.iter_rows(min_row=5, max_row=6, max_col=len(COLUMNS)):
        for cell in row:
            cell.border = border
    number = 0
    for index, (field_name, group) in enumerate(groupby(rows, key=lambda r: r.field_name), 1):
        items = list(group)
        ws.append([_roman(index), f"Lĩnh vực {field_name}", *_figures(_sum(items))])
        for cell in ws[ws.max_row]:
            cell.font = bold
            cell.border = border
        for r in items:
            number += 1
            ws.append([number, r.procedure_name, *_figures(r)])
            for cell in ws[ws.max_row]:
                cell.border = border
    ws.append(["", "Tổng cộng", *_figures(_sum(rows))])
    for cell in ws[ws.max_row]:
        cell.font = bold
        cell.border = border
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 60
    for col in range(3, len(COLUMNS) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 13
    ws.freeze_panes = "C7"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _roman(n: int) -> str:
    values = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for v, s in values:
        while n >= v:
            out += s
            n -= v
    return out


FONT_PATHS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
)
COLOURS = {"early": (30, 123, 52), "on_time": (11, 77, 145), "late": (163, 18, 26)}


def chart_png(rows: Sequence[ReportRow]) -> bytes:
    """Stacked bars per field: resolved early, on time, late."""
    fields = [(name, _sum(list(g))) for name, g in groupby(rows, key=lambda r: r.field_name)]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return _pillow_chart(fields)
    fig, ax = plt.subplots(figsize=(8, 4), dpi=100)  # pragma: no cover - optional
    labels = [f for f, _r in fields]
    bottom = [0] * len(fields)
    for key, label in (("early", "Trước hạn"), ("on_time", "Đúng hạn"), ("late", "Quá hạn")):
        values = [getattr(r, key) for _f, r in fields]
        ax.bar(labels, values, bottom=bottom, label=label, color=[c / 255 for c in COLOURS[key]])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.legend()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def _font(size: int):  # type: ignore[no-untyped-def]
    from PIL import ImageFont

    for path in FONT_PATHS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def _pillow_chart(fields: list[tuple[str, ReportRow]]) -> bytes:
    from PIL import Image, ImageDraw

    width, height, left, bottom_margin, top = 900, 420, 60, 90, 40
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    font, small = _font(14), _font(12)
    draw.text((left, 10), "Hồ sơ đã giải quyết theo lĩnh vực", fill="black", font=font)
    peak = max([r.resolved for _f, r in fields] + [1])
    plot_h = height - top - bottom_margin
    draw.line((left, top, left, height - bottom_margin), fill="black")
    draw.line((left, height - bottom_margin, width - 20, height - bottom_margin), fill="black")
    slot = (width - left - 40) / max(1, len(fields))
    for i, (name, r) in enumerate(fields):
        x0 = left + 10 + i * slot
        x1 = x0 + slot * 0.6
        y = height - bottom_margin
        for key in ("early", "on_time", "late"):
            value = getattr(r, key)
            h = plot_h * value / peak
            if value:
                draw.rectangle((x0, y - h, x1, y), fill=COLOURS[key])
            y -= h
        draw.text((x0, y - 16), str(r.resolved), fill="black", font=small)
        draw.text((x0, height - bottom_margin + 6), name[:22], fill="black", font=small)
    for j, (key, label) in enumerate(
        (("early", "Trước hạn"), ("on_time", "Đúng hạn"), ("late", "Quá hạn"))
    ):
        x = left + j * 140
        draw.rectangle((x, height - 30, x + 14, height - 16), fill=COLOURS[key])
        draw.text((x + 20, height - 32), label, fill="black", font=small)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _percent(a: int, b: int) -> str:
    if not b:
        return "n/a"
    from decimal import Decimal

    from motcua.oversight.index import q2

    return f"{q2(Decimal(a) * 100 / b)}%".replace(".", ",")


def report_docx(
    *,
    agency: Agency,
    period: Period,
    rows: Sequence[ReportRow],
    index: IndexResult,
    chart: bytes,
) -> bytes:
    from docx import Document
    from docx.shared import Cm, Pt

    total = _sum(rows)
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    doc.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc")
    doc.add_heading(
        f"BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH {period.label.upper()}", 1
    )
    doc.add_paragraph(
        f"Đơn vị: {agency.name}. Thời gian: từ {period.start:%d/%m/%Y} đến {period.end:%d/%m/%Y}."
    )
    doc.add_heading("1. Tiếp nhận hồ sơ", 2)
    doc.add_paragraph(
        f"Tổng số hồ sơ nhận giải quyết: {total.total}, trong đó: từ kỳ trước chuyển sang "
        f"{total.carried}; mới tiếp nhận trực tuyến {total.new_online}; mới tiếp nhận trực "
        f"tiếp và qua dịch vụ bưu chính {total.new_other}."
    )
    doc.add_heading("2. Kết quả giải quyết", 2)
    doc.add_paragraph(
        f"Số hồ sơ đã giải quyết: {total.resolved}, trong đó trước hạn {total.early}, đúng hạn "
        f"{total.on_time}, quá hạn {total.late} (tỷ lệ trước hạn và đúng hạn "
        f"{_percent(total.early + total.on_time, total.resolved)}). Số hồ sơ đang giải quyết: "
        f"{total.in_progress}, trong đó trong hạn {total.in_time}, quá hạn {total.overdue}."
    )
    doc.add_picture(io.BytesIO(chart), width=Cm(16))
    doc.add_paragraph("Biểu đồ: hồ sơ đã giải quyết theo lĩnh vực (trước hạn, đúng hạn, quá hạn).")
    doc.add_heading("3. Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)", 2)
    doc.add_paragraph(
        f"Tổng điểm: {str(index.total).replace('.', ',')}/100 (trên "
        f"{index.available_points} điểm có số liệu)."
    )
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    head = table.rows[0].cells
    for cell, text in zip(head, ("Chỉ số", "Tử số/mẫu số", "Tỷ lệ", "Điểm"), strict=True):
        cell.text = text
    for ind in index.indicators:
        cells = table.add_row().cells
        cells[0].text = str(ind.label)
        cells[1].text = (
            f"{ind.numerator}/{ind.denominator}" if ind.available and ind.value is None else ""
        )
        cells[2].text = ind.display
        cells[3].text = "" if ind.score is None else f"{ind.score}/{ind.points}"
    doc.add_paragraph(
        f"Lập lúc {timezone.localtime():%H:%M ngày %d/%m/%Y} từ số liệu của hệ thống một cửa "
        "điện tử."
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def build_report(
    *,
    agency: Agency,
    period: Period,
    progress: Callable[[int], None],
    now: dt.datetime | None = None,
) -> tuple[bytes, bytes]:
    from motcua.oversight.selectors import index_for, report_rows

    rows = report_rows(agency=agency, period=period, now=now)
    progress(30)
    xlsx = report_xlsx(agency=agency, period=period, rows=rows)
    progress(50)
    index = index_for(agency=agency, period=period, now=now)
    progress(70)
    chart = chart_png(rows)
    progress(85)
    docx = report_docx(agency=agency, period=period, rows=rows, index=index, chart=chart)
    return xlsx, docx
