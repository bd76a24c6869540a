"""Reading and writing catalogue files: Excel (.xlsx, one sheet per table) and JSON.

Readers return :class:`ParsedFile`: one raw payload per procedure plus a way to say where
each value came from, so the importer can report "sheet, row, column: message".
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from motcua.catalog.exchange.schema import (
    CHILD_SHEETS,
    CODE_HEADER,
    COLUMNS_BY_SECTION,
    PROCEDURE_COLUMNS,
    PROCEDURE_SHEET,
    Column,
    Location,
    RowError,
    to_cell,
    to_json,
)
from motcua.catalog.text import normalise

JSON_FORMAT = "motcua-catalog"


@dataclass
class ParsedProcedure:
    raw: dict[str, Any]
    # (section, index in that section) -> (sheet, row); section "procedure" has index None
    rows: dict[tuple[str, int | None], tuple[str, int]] = field(default_factory=dict)
    # JSON files name columns by their keys, spreadsheets by their Vietnamese headers
    by_key: bool = False

    def locate(self, section: str, index: int | None, key: str) -> Location:
        sheet, row = self.rows.get((section, index), self.rows[("procedure", None)])
        columns = COLUMNS_BY_SECTION.get(section, PROCEDURE_COLUMNS)
        header = key if self.by_key else next((c.header for c in columns if c.key == key), key)
        if section != "procedure" and index is None:
            header = ""
        return Location(sheet, row, header)

    @property
    def code(self) -> str:
        return str(self.raw.get("code") or "").strip()


@dataclass
class ParsedFile:
    procedures: list[ParsedProcedure] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    has_assignments: bool = False


# --- Excel ---------------------------------------------------------------------------------


def _header_map(header_row: Iterable[Any], columns: list[Column]) -> dict[int, Column]:
    by_header = {normalise(c.header): c for c in columns}
    out: dict[int, Column] = {}
    for i, value in enumerate(header_row):
        column = by_header.get(normalise(str(value or "")))
        if column is not None:
            out[i] = column
    return out


def _rows(sheet: Any) -> Iterator[tuple[int, tuple[Any, ...]]]:
    yield from enumerate(sheet.iter_rows(values_only=True), start=1)


def read_xlsx(stream: IO[bytes]) -> ParsedFile:
    parsed = ParsedFile()
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a non-xlsx file
        parsed.errors.append(RowError("", 0, "", f"Không đọc được tệp Excel (.xlsx): {exc}"))
        return parsed
    if PROCEDURE_SHEET not in book.sheetnames:
        parsed.errors.append(
            RowError(PROCEDURE_SHEET, 0, "", f"Thiếu trang tính '{PROCEDURE_SHEET}'.")
        )
        return parsed
    by_code: dict[str, ParsedProcedure] = {}
    rows = _rows(book[PROCEDURE_SHEET])
    header = next(rows, (1, ()))[1]
    mapping = _header_map(header, PROCEDURE_COLUMNS)
    missing = [c.header for c in PROCEDURE_COLUMNS if c.required and c not in mapping.values()]
    for name in missing:
        parsed.errors.append(RowError(PROCEDURE_SHEET, 1, name, "Thiếu cột bắt buộc."))
    if missing:
        return parsed
    for number, row in rows:
        if not any(v not in (None, "") for v in row):
            continue
        raw: dict[str, Any] = {c.key: row[i] if i < len(row) else None for i, c in mapping.items()}
        item = ParsedProcedure(raw=raw, rows={("procedure", None): (PROCEDURE_SHEET, number)})
        for section, _sheet, _cols in CHILD_SHEETS:
            raw[section] = []
        code = item.code
        if code and code in by_code:
            first = by_code[code].rows[("procedure", None)][1]
            parsed.errors.append(
                RowError(PROCEDURE_SHEET, number, CODE_HEADER, f"Mã {code} trùng với dòng {first}.")
            )
            continue
        by_code[code] = item
        parsed.procedures.append(item)
    for section, sheet_name, columns in CHILD_SHEETS:
        if sheet_name not in book.sheetnames:
            continue
        if section == "assignments":
            parsed.has_assignments = True
        rows = _rows(book[sheet_name])
        header = next(rows, (1, ()))[1]
        code_cols = [
            i for i, v in enumerate(header) if normalise(str(v or "")) == normalise(CODE_HEADER)
        ]
        mapping = _header_map(header, columns)
        missing = [c.header for c in columns if c.required and c not in mapping.values()]
        if not code_cols:
            missing.insert(0, CODE_HEADER)
        for name in missing:
            parsed.errors.append(RowError(sheet_name, 1, name, "Thiếu cột bắt buộc."))
        if missing:
            continue
        for number, row in rows:
            if not any(v not in (None, "") for v in row):
                continue
            code_value = row[code_cols[0]]
            code = (
                f"{code_value:.6f}"
                if isinstance(code_value, float)
                else str(code_value or "").strip()
            )
            owner = by_code.get(code)
            if owner is None:
                parsed.errors.append(
                    RowError(
                        sheet_name,
                        number,
                        CODE_HEADER,
                        f"Không có thủ tục mã '{code}' trong trang '{PROCEDURE_SHEET}'.",
                    )
                )
                continue
            values = {c.key: row[i] if i < len(row) else None for i, c in mapping.items()}
            owner.rows[(section, len(owner.raw[section]))] = (sheet_name, number)
            owner.raw[section].append(values)
    book.close()
    return parsed


def _cell(sheet: Any, value: Any, column: Column) -> Any:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if column.kind in ("date", "opt_date") and value is not None:
        cell.number_format = "DD/MM/YYYY"
    if column.kind in ("text", "json") and value:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def write_xlsx(payloads: Iterable[dict[str, Any]], stream: IO[bytes]) -> int:
    """Write payloads in the national layout; returns the number of procedures written."""
    book = Workbook(write_only=True)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="A50E1F")
    sheets: dict[str, tuple[Any, list[Column]]] = {}
    layout = [("procedure", PROCEDURE_SHEET, PROCEDURE_COLUMNS), *CHILD_SHEETS]
    for section, name, columns in layout:
        sheet = book.create_sheet(name)
        full = (
            columns
            if section == "procedure"
            else [Column("code", CODE_HEADER, "str", width=12), *columns]
        )
        for i, column in enumerate(full, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = column.width
        sheet.freeze_panes = "B2"
        header = []
        for column in full:
            cell = WriteOnlyCell(sheet, value=column.header)
            cell.font = bold
            cell.fill = fill
            header.append(cell)
        sheet.append(header)
        sheets[section] = (sheet, full)
    count = 0
    for payload in payloads:
        count += 1
        sheet, columns = sheets["procedure"]
        sheet.append([_cell(sheet, to_cell(c, payload.get(c.key)), c) for c in columns])
        for section, _name, _cols in CHILD_SHEETS:
            sheet, columns = sheets[section]
            for row in payload.get(section, []):
                values = {"code": payload["code"], **row}
                sheet.append([_cell(sheet, to_cell(c, values.get(c.key)), c) for c in columns])
    book.save(stream)
    return count


# --- JSON ----------------------------------------------------------------------------------


def payload_to_json(payload: dict[str, Any]) -> dict[str, Any]:
    out = {c.key: to_json(c, payload.get(c.key)) for c in PROCEDURE_COLUMNS}
    for section, _sheet, columns in CHILD_SHEETS:
        out[section] = [
            {c.key: to_json(c, row.get(c.key)) for c in columns} for row in payload.get(section, [])
        ]
    return out


def write_json(payloads: Iterable[dict[str, Any]], stream: IO[bytes]) -> int:
    items = [payload_to_json(p) for p in payloads]
    document = {
        "format": JSON_FORMAT,
        "version": 1,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "procedures": items,
    }
    stream.write(json.dumps(document, ensure_ascii=False, indent=1).encode())
    return len(items)


def read_json(stream: IO[bytes]) -> ParsedFile:
    parsed = ParsedFile()
    try:
        document = json.loads(stream.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        parsed.errors.append(RowError("", 0, "", f"Không đọc được tệp JSON: {exc}"))
        return parsed
    items = document.get("procedures") if isinstance(document, dict) else document
    if not isinstance(items, list):
        parsed.errors.append(
            RowError("", 0, "procedures", "Tệp JSON phải có danh sách 'procedures'.")
        )
        return parsed
    seen: dict[str, int] = {}
    for i, raw in enumerate(items):
        if not isinstance(raw, dict):
            parsed.errors.append(RowError("procedures", i + 1, "", "Phải là một đối tượng."))
            continue
        item = ParsedProcedure(
            raw=raw, rows={("procedure", None): ("procedures", i + 1)}, by_key=True
        )
        if "assignments" in raw:
            parsed.has_assignments = True
        for section, _sheet, _cols in CHILD_SHEETS:
            rows = raw.get(section) or []
            for j in range(len(rows) if isinstance(rows, list) else 0):
                item.rows[(section, j)] = (f"procedures[{i + 1}].{section}", j + 1)
        code = item.code
        if code and code in seen:
            parsed.errors.append(
                RowError("procedures", i + 1, "code", f"Mã {code} trùng với mục {seen[code]}.")
            )
            continue
        seen[code] = i + 1
        parsed.procedures.append(item)
    return parsed


def read_file(name: str, stream: IO[bytes]) -> ParsedFile:
    if name.lower().endswith(".json"):
        return read_json(stream)
    if name.lower().endswith(".xlsx"):
        return read_xlsx(io.BytesIO(stream.read()))
    parsed = ParsedFile()
    parsed.errors.append(RowError("", 0, "", "Chỉ nhận tệp .xlsx hoặc .json."))
    return parsed


def write_file(name: str, payloads: Iterable[dict[str, Any]], stream: IO[bytes]) -> int:
    if name.lower().endswith(".json"):
        return write_json(payloads, stream)
    return write_xlsx(payloads, stream)
