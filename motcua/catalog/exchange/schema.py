"""The national database's layout: sheets, Vietnamese column headers, and value conversion.

One procedure travels as a *payload*: a dict of typed values (``str``, ``int``, ``date``,
``Decimal``, lists of codes) with the lists ``components``, ``fees``, ``process`` and
``assignments``. Spreadsheet cells and JSON values are turned into payload values by
:func:`coerce` (which accepts a code or its Vietnamese label, a date cell, "dd/mm/yyyy" or ISO
text) and back by :func:`to_cell` / :func:`to_json`, so Excel and JSON round trips are
loss-free by construction.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models

from motcua.catalog.constants import (
    ApplicantType,
    BudgetUnit,
    Channel,
    CopyKind,
    FeeKind,
    Level,
    OnlineLevel,
    TimeUnit,
    VersionStatus,
)
from motcua.catalog.eform import eform_dump
from motcua.catalog.text import normalise
from motcua.organizations.constants import AgencyKind, Role

YES, NO = "Có", "Không"
LIST_SEPARATOR = "; "


class CellError(ValueError):
    """A value that cannot be read; the message is Vietnamese and names the fix."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: str  # str text int opt_int date opt_date bool choice multi decimal json
    choices: type[models.Choices] | None = None
    required: bool = False
    width: int = 18


def _labels(choices: type[models.Choices]) -> dict[str, Any]:
    """normalised label or value -> value."""
    out: dict[str, Any] = {}
    for value, label in choices.choices:
        out[normalise(str(label))] = value
        out[normalise(str(value))] = value
    return out


def _choice(value: Any, choices: type[models.Choices]) -> Any:
    if isinstance(value, int) and not isinstance(value, bool) and value in choices.values:
        return value
    key = normalise(str(value))
    found = _labels(choices).get(key)
    if found is None:
        allowed = ", ".join(str(label) for label in choices.labels)
        raise CellError(f"'{value}' không hợp lệ; chọn một trong: {allowed}.")
    return found


def _choices(column: Column) -> type[models.Choices]:
    if column.choices is None:
        raise TypeError(f"column {column.key} has no choices")
    return column.choices


def coerce(column: Column, value: Any) -> Any:
    """Cell or JSON value -> payload value, or :class:`CellError`."""
    if isinstance(value, str):
        value = value.strip()
    blank = value is None or value == "" or value == []
    if blank:
        if column.required:
            raise CellError("Không được để trống.")
        return {
            "opt_int": None,
            "opt_date": None,
            "date": None,
            "int": None,
            "bool": False,
            "multi": [],
            "decimal": None,
            "json": "",
            "choice": "",
        }.get(column.kind, "")
    kind = column.kind
    if kind in ("str", "text"):
        if column.key == "code" and isinstance(value, float):
            return f"{value:.6f}"  # a code typed as a number in Excel: 2.0002 -> 2.000200
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)
    if kind in ("int", "opt_int"):
        if isinstance(value, bool):
            raise CellError("Phải là số nguyên.")
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, int):
            return value
        text = str(value).replace(".", "").replace(",", "").replace(" ", "")
        if text.lstrip("-").isdigit():
            return int(text)
        raise CellError(f"'{value}' không phải số nguyên.")
    if kind == "decimal":
        try:
            number = Decimal(str(value).replace(",", "."))
        except InvalidOperation as exc:
            raise CellError(f"'{value}' không phải số (ví dụ 0,5 hoặc 1.5).") from exc
        if not number.is_finite():
            raise CellError(f"'{value}' không phải số.")
        return number.quantize(Decimal("0.01"))
    if kind in ("date", "opt_date"):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value)
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date, no time)
            except ValueError:
                continue
        raise CellError(f"'{value}' không phải ngày (ghi dạng dd/mm/yyyy).")
    if kind == "bool":
        if isinstance(value, bool):
            return value
        key = normalise(str(value))
        if key in {"co", "x", "1", "true", "yes"}:
            return True
        if key in {"khong", "0", "false", "no"}:
            return False
        raise CellError(f"'{value}' không hợp lệ; ghi 'Có' hoặc 'Không'.")
    if kind == "choice":
        return _choice(value, _choices(column))
    if kind == "multi":
        items = value if isinstance(value, list) else str(value).replace(",", ";").split(";")
        out = []
        for item in items:
            if isinstance(item, str) and not item.strip():
                continue
            found = _choice(item.strip() if isinstance(item, str) else item, _choices(column))
            if found not in out:
                out.append(found)
        return out
    if kind == "json":
        if isinstance(value, dict):
            return eform_dump(value)
        try:
            return eform_dump(json.loads(str(value)))
        except json.JSONDecodeError as exc:
            raise CellError(f"Không phải JSON hợp lệ (dòng {exc.lineno}): {exc.msg}.") from exc
    raise AssertionError(kind)


def _label(choices: type[models.Choices], value: Any) -> str:
    return str(dict(choices.choices).get(value, value))


def to_cell(column: Column, value: Any) -> Any:
    """Payload value -> spreadsheet cell (labels, dates, Có/Không)."""
    if value is None or value == "" or value == []:
        return None
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "choice":
        return _label(_choices(column), value)
    if column.kind == "multi":
        return LIST_SEPARATOR.join(_label(_choices(column), v) for v in value)
    if column.kind == "decimal":
        return float(value)
    return value


def to_json(column: Column, value: Any) -> Any:
    """Payload value -> JSON value (codes, ISO dates, decimals as strings)."""
    if column.kind in ("date", "opt_date"):
        return value.isoformat() if value else None
    if column.kind == "decimal":
        return None if value is None else str(value)
    if column.kind == "json":
        return json.loads(value) if value else None
    return value


PROCEDURE_SHEET = "Thủ tục"
COMPONENT_SHEET = "Thành phần hồ sơ"
FEE_SHEET = "Phí, lệ phí"
STEP_SHEET = "Quy trình nội bộ"
ASSIGNMENT_SHEET = "Cơ quan áp dụng"
CODE_HEADER = "Mã thủ tục"

PROCEDURE_COLUMNS: list[Column] = [
    Column("code", CODE_HEADER, "str", required=True, width=12),
    Column("name", "Tên thủ tục", "str", required=True, width=50),
    Column("field_code", "Mã lĩnh vực", "str", required=True, width=14),
    Column("field_name", "Lĩnh vực", "str", required=True, width=24),
    Column("level", "Cấp thực hiện", "choice", Level, required=True),
    Column("applicant_types", "Đối tượng thực hiện", "multi", ApplicantType, required=True),
    Column("decision_number", "Số quyết định công bố", "str"),
    Column("decision_date", "Ngày quyết định công bố", "opt_date"),
    Column("steps_text", "Trình tự thực hiện", "text", width=50),
    Column("channels", "Cách thức thực hiện", "multi", Channel, required=True, width=30),
    Column("time_limit", "Thời hạn giải quyết", "int", required=True, width=10),
    Column("time_unit", "Đơn vị thời hạn", "choice", TimeUnit, required=True),
    Column("time_limit_note", "Ghi chú thời hạn", "str", width=30),
    Column("committed_limit", "Thời hạn cam kết", "opt_int", width=10),
    Column("committed_unit", "Đơn vị thời hạn cam kết", "choice", TimeUnit),
    Column("committed_decision", "Quyết định đăng ký cam kết", "str"),
    Column("implementing_agency", "Cơ quan thực hiện", "str", width=30),
    Column("competent_agency", "Cơ quan có thẩm quyền", "str", width=30),
    Column("coordinating_agencies", "Cơ quan phối hợp", "str", width=30),
    Column("result_type", "Kết quả thực hiện", "str", width=30),
    Column("legal_basis", "Căn cứ pháp lý", "text", width=50),
    Column("conditions", "Yêu cầu, điều kiện", "text", width=40),
    Column("online_level", "Mức độ dịch vụ công trực tuyến", "choice", OnlineLevel, required=True),
    Column("full_process_eligible", "Đủ điều kiện toàn trình", "bool"),
    Column("eform_schema", "Biểu mẫu điện tử (JSON Schema)", "json", width=40),
    Column("status", "Trạng thái", "choice", VersionStatus, required=True),
    Column("effective_from", "Hiệu lực từ", "date", required=True),
    Column("effective_to", "Hiệu lực đến", "opt_date"),
    Column("budget_override_reason", "Lý do chấp nhận vượt thời hạn", "text", width=30),
    Column("note", "Ghi chú", "text", width=40),
    Column("synthetic", "Dữ liệu tổng hợp", "bool"),
]

COMPONENT_COLUMNS: list[Column] = [
    Column("order", "STT", "int", required=True, width=6),
    Column("name", "Tên giấy tờ", "str", required=True, width=50),
    Column("copy_kind", "Loại bản", "choice", CopyKind, required=True, width=24),
    Column("quantity", "Số lượng", "int", required=True, width=9),
    Column("mandatory", "Bắt buộc", "bool", width=9),
    Column("form_code", "Mẫu đơn, tờ khai", "str", width=30),
    Column("form_file", "Tệp mẫu", "str", width=30),
    Column("reusable_from", "Tái sử dụng từ", "str", width=30),
]

FEE_COLUMNS: list[Column] = [
    Column("order", "STT", "int", required=True, width=6),
    Column("label", "Tên khoản thu", "str", required=True, width=40),
    Column("kind", "Cách tính", "choice", FeeKind, required=True, width=24),
    Column("amount", "Mức thu (đồng)", "int", width=14),
    Column("tiers", "Bậc theo trang", "str", width=20),
    Column("cap_per_copy", "Tối đa mỗi bản (đồng)", "opt_int", width=14),
    Column("note", "Ghi chú, miễn giảm", "str", width=40),
]

STEP_COLUMNS: list[Column] = [
    Column("order", "STT", "int", required=True, width=6),
    Column("name", "Tên bước", "str", required=True, width=40),
    Column("role", "Vai trò thực hiện", "choice", Role, required=True, width=24),
    Column("agency_kind", "Loại cơ quan", "choice", AgencyKind, required=True, width=24),
    Column("unit_code", "Mã đơn vị", "str", width=14),
    Column("budget", "Thời gian", "decimal", required=True, width=9),
    Column("budget_unit", "Đơn vị thời gian", "choice", BudgetUnit, required=True),
    Column("parallel_group", "Nhóm song song", "str", width=10),
    Column("description", "Mô tả", "str", width=40),
]

ASSIGNMENT_COLUMNS: list[Column] = [
    Column("agency", "Mã cơ quan", "str", required=True, width=20),
    Column("valid_from", "Áp dụng từ", "date", required=True, width=12),
    Column("valid_to", "Áp dụng đến", "opt_date", width=12),
    Column("channels", "Kênh tiếp nhận", "multi", Channel, required=True, width=30),
]

# (payload list key, sheet name, columns) for the child sheets, in sheet order.
CHILD_SHEETS: list[tuple[str, str, list[Column]]] = [
    ("components", COMPONENT_SHEET, COMPONENT_COLUMNS),
    ("fees", FEE_SHEET, FEE_COLUMNS),
    ("process", STEP_SHEET, STEP_COLUMNS),
    ("assignments", ASSIGNMENT_SHEET, ASSIGNMENT_COLUMNS),
]

COLUMNS_BY_SECTION: dict[str, list[Column]] = {
    "procedure": PROCEDURE_COLUMNS,
    **{key: cols for key, _sheet, cols in CHILD_SHEETS},
}
SHEET_BY_SECTION = {"procedure": PROCEDURE_SHEET, **{k: s for k, s, _c in CHILD_SHEETS}}


@dataclass(frozen=True)
class Location:
    """Where a value came from: sheet (or JSON section), 1-based row, column header."""

    sheet: str
    row: int
    column: str


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.sheet}, dòng {self.row}" + (f", cột '{self.column}'" if self.column else "")
        return f"{where}: {self.message}"


Locator = Callable[[str, int | None, str], Location]
