"""Reading bank statements (CSV or XLSX) into lines. Pure: bytes in, lines out, no ORM.

Columns are found by their heading, whatever the bank calls them and in any order:

- date: "Ngày", "Ngày giao dịch", "Ngày hạch toán", "date", "booking date"
- amount: "Số tiền", "Ghi có", "Số tiền ghi có", "amount", "credit"
- description: "Nội dung", "Diễn giải", "Mô tả", "Nội dung giao dịch", "description",
  "reference", "remark"
- bank transaction id: "Mã giao dịch", "Số bút toán", "Số tham chiếu", "transaction id",
  "bank_txn_id", "ref no"

Amounts may be written "15.000", "15,000", "15000", "15000.00" or "15.000 đ"; a negative
amount (or a debit) is kept and later ignored. Dates may be dd/mm/yyyy (with or without a
time), yyyy-mm-dd, or a spreadsheet date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

COLUMNS: dict[str, tuple[str, ...]] = {
    "date": (
        "ngay",
        "ngay giao dich",
        "ngay hach toan",
        "ngay gd",
        "date",
        "booking date",
        "transaction date",
        "value date",
    ),
    "amount": (
        "so tien",
        "ghi co",
        "so tien ghi co",
        "so tien gd",
        "amount",
        "credit",
        "credit amount",
    ),
    "description": (
        "noi dung",
        "dien giai",
        "mo ta",
        "noi dung giao dich",
        "noi dung ck",
        "description",
        "reference",
        "remark",
        "details",
    ),
    "bank_txn_id": (
        "ma giao dich",
        "so but toan",
        "so tham chieu",
        "ma gd",
        "transaction id",
        "bank txn id",
        "ref no",
        "reference number",
        "txn id",
    ),
}


class StatementError(ValueError):
    """The file as a whole cannot be read (no heading row, wrong format)."""


@dataclass(frozen=True)
class ParsedLine:
    row: int
    booked_on: dt.date | None
    amount: int | None
    description: str
    bank_txn_id: str
    error: str = ""


def _key(heading: Any) -> str:
    text = str(heading or "").replace("đ", "d").replace("Đ", "D")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _columns(headings: list[Any]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    keys = [_key(h) for h in headings]
    for name, aliases in COLUMNS.items():
        for i, key in enumerate(keys):
            if key in aliases and i not in found.values():
                found[name] = i
                break
    return found if set(found) == set(COLUMNS) else None


_GROUPED = re.compile(r"^-?\d{1,3}([.,])\d{3}(\1\d{3})*$")
_DECIMALS = re.compile(r"^(-?\d+)[.,]0{1,2}$")


def parse_amount(value: Any) -> int:
    """Integer đồng from a cell; ValueError when it is not a whole amount."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(value)
        return int(value)
    text = str(value or "").strip().upper()
    text = re.sub(r"(VND|VNĐ|Đ|D)$", "", text).strip().replace(" ", "").replace("+", "")
    if _GROUPED.match(text):
        return int(re.sub(r"[.,]", "", text))
    match = _DECIMALS.match(text)
    if match:
        return int(match.group(1))
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    raise ValueError(value)


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(text.split(" ")[0], pattern).date()  # noqa: DTZ007
        except ValueError:
            continue
    raise ValueError(value)


def _lines(rows: list[list[Any]], first_row: int) -> list[ParsedLine]:
    header_at = None
    columns = None
    for i, row in enumerate(rows[:20]):  # banks put a title block above the table
        columns = _columns(row)
        if columns:
            header_at = i
            break
    if columns is None or header_at is None:
        raise StatementError(
            _(
                "Không tìm thấy dòng tiêu đề có đủ các cột: ngày, số tiền, nội dung, mã giao "
                "dịch. Hãy kiểm tra tệp sao kê có dòng tiêu đề với các cột đó."
            )
        )
    lines: list[ParsedLine] = []
    for offset, row in enumerate(rows[header_at + 1 :]):
        number = first_row + header_at + 1 + offset
        cells = [row[i] if i < len(row) else None for i in range(max(columns.values()) + 1)]
        if all(c in (None, "") for c in cells):
            continue
        description = str(cells[columns["description"]] or "").strip()[:500]
        txn = str(cells[columns["bank_txn_id"]] or "").strip()[:80]
        errors = []
        try:
            booked = parse_date(cells[columns["date"]])
        except ValueError:
            booked = None
            errors.append(_("ngày không hợp lệ"))
        try:
            amount = parse_amount(cells[columns["amount"]])
        except ValueError:
            amount = None
            errors.append(_("số tiền không phải số nguyên đồng"))
        if not txn:
            errors.append(_("thiếu mã giao dịch ngân hàng"))
        lines.append(
            ParsedLine(
                row=number,
                booked_on=booked,
                amount=amount,
                description=description,
                bank_txn_id=txn,
                error="; ".join(errors),
            )
        )
    return lines


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementError(_("Tệp CSV phải được lưu với bảng mã UTF-8."))


def read_csv(content: bytes) -> list[ParsedLine]:
    text = _decode(content)
    if "\x00" in text:
        raise StatementError(_("Tệp không phải văn bản CSV."))
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    return _lines(rows, first_row=1)


def read_xlsx(content: bytes) -> list[ParsedLine]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise StatementError(_("Không mở được tệp Excel: %(e)s") % {"e": exc}) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    return _lines(rows, first_row=1)


def is_xlsx(content: bytes) -> bool:
    return content[:4] == b"PK\x03\x04"


def read_statement(content: bytes) -> list[ParsedLine]:
    """Lines of a CSV or XLSX statement (told apart by the bytes, not the name)."""
    return read_xlsx(content) if is_xlsx(content) else read_csv(content)
