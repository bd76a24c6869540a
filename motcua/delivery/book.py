"""Form 06 (sổ theo dõi hồ sơ) of one desk for a period: PDF through the slips, and xlsx."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from typing import IO

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.delivery.selectors import BookRow
from motcua.documents.slips import slip_agency_header, slip_render
from motcua.organizations.models import Agency

#: Columns of the xlsx export: header and width (characters).
XLSX_COLUMNS: tuple[tuple[str, int], ...] = (
    ("TT", 5),
    ("Mã hồ sơ", 28),
    ("Tên TTHC", 36),
    ("Tên cá nhân, tổ chức", 24),
    ("Địa chỉ, số điện thoại", 30),
    ("Cơ quan chủ trì giải quyết", 28),
    ("Ngày nhận hồ sơ", 17),
    ("Ngày hẹn trả kết quả", 17),
    ("Ngày chuyển hồ sơ", 17),
    ("Ngày nhận kết quả", 17),
    ("Ngày trả kết quả", 17),
    ("Người nhận kết quả", 30),
    ("Trạng thái", 18),
)


def book_title(agency: Agency, start: dt.date, end: dt.date) -> str:
    return _("%(agency)s — từ ngày %(start)s đến ngày %(end)s") % {
        "agency": agency.name,
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
    }


def book_filename(agency: Agency, start: dt.date, end: dt.date, ext: str) -> str:
    return f"so-theo-doi-{agency.code}-{start:%Y%m%d}-{end:%Y%m%d}.{ext}"


def book_pdf(*, agency: Agency, start: dt.date, end: dt.date, rows: Sequence[BookRow]) -> bytes:
    """The book as a landscape A4 PDF (form 06 of the slips)."""
    return slip_render(
        form="06",
        context={
            **slip_agency_header(agency),
            "title_detail": book_title(agency, start, end),
            "rows": [row.as_slip_row() for row in rows],
        },
    )


def _local(value: dt.datetime | None) -> dt.datetime | None:
    # Spreadsheets hold naive local times; the sheet says which zone in its title row.
    return timezone.localtime(value).replace(tzinfo=None) if value is not None else None


def book_xlsx(
    *, agency: Agency, start: dt.date, end: dt.date, rows: Sequence[BookRow]
) -> IO[bytes]:
    """The book as an xlsx workbook (write-only, row by row), in a spooled temporary file
    positioned at its start, ready to stream."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Sổ theo dõi hồ sơ")
    for index, (_header, width) in enumerate(XLSX_COLUMNS, start=1):
        sheet.column_dimensions[_column_letter(index)].width = width
    bold = Font(bold=True)
    title = WriteOnlyCell(sheet, value=_("SỔ THEO DÕI HỒ SƠ"))
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append([book_title(agency, start, end) + " (giờ Việt Nam)"])
    header = []
    for text, _width in XLSX_COLUMNS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    for row in rows:
        values: list[object] = [
            row.seq,
            row.dossier_code,
            row.procedure_name,
            row.applicant_name,
            row.applicant_contact,
            row.lead_agency,
            _local(row.received_at),
            _local(row.appointment_at),
            _local(row.transferred_at),
            _local(row.result_received_at),
            _local(row.returned_at),
            row.recipient,
            row.status_label,
        ]
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=value)
            if isinstance(value, dt.datetime):
                cell.number_format = "hh:mm dd/mm/yyyy"
            cells.append(cell)
        sheet.append(cells)
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - returned open
    workbook.save(out)
    out.seek(0)
    return out


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))
