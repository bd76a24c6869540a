"""Declaration e-forms: a JSON Schema subset, checked, rendered and validated (pure).

Supported: an object with ``properties`` whose values have ``type`` string, integer, number
or boolean (``format: date`` on strings), and optionally ``title``, ``description``, ``enum``,
``maxLength``, ``pattern``; the object may have ``title``, ``description`` and ``required``.
Anything else is refused by :func:`eform_schema_errors`, so what staff publish is exactly
what the portal can render and the intake can validate.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

TYPES = {"string", "integer", "number", "boolean"}
OBJECT_KEYS = {"type", "title", "description", "properties", "required", "$schema"}
PROPERTY_KEYS = {"type", "title", "description", "enum", "maxLength", "pattern", "format"}
FORMATS = {"date"}
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
EMPTY_SCHEMA: dict[str, Any] = {"type": "object", "properties": {}, "required": []}


def eform_parse(text: str) -> tuple[dict[str, Any] | None, list[str]]:
    """JSON text -> (schema, errors)."""
    if not text.strip():
        return dict(EMPTY_SCHEMA), []
    try:
        schema = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [f"Không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}."]
    errors = eform_schema_errors(schema)
    return (schema if not errors else None), errors


def eform_dump(schema: Mapping[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2)


def eform_schema_errors(schema: Any) -> list[str]:
    """Why ``schema`` is not in the supported subset (empty list: it is)."""
    if not isinstance(schema, dict):
        return ["Biểu mẫu phải là một đối tượng JSON ({...})."]
    errors: list[str] = []
    if schema.get("type") != "object":
        errors.append('Thuộc tính "type" của biểu mẫu phải là "object".')
    errors.extend(
        f'Thuộc tính "{key}" của biểu mẫu không được hỗ trợ.'
        for key in sorted(set(schema) - OBJECT_KEYS)
    )
    errors.extend(
        f'"{key}" phải là chuỗi.'
        for key in ("title", "description")
        if key in schema and not isinstance(schema[key], str)
    )
    props = schema.get("properties", {})
    if not isinstance(props, dict):
        return [*errors, '"properties" phải là một đối tượng.']
    for name, prop in props.items():
        errors.extend(f'Trường "{name}": {m}' for m in _property_errors(name, prop))
    required = schema.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        errors.append('"required" phải là danh sách tên trường.')
    else:
        errors.extend(
            f'"required" nêu trường "{r}" không có trong "properties".'
            for r in required
            if r not in props
        )
    return errors


def _property_errors(name: str, prop: Any) -> list[str]:
    if not NAME.match(name):
        return ["tên trường chỉ gồm chữ cái không dấu, chữ số, gạch dưới; tối đa 64 ký tự."]
    if not isinstance(prop, dict):
        return ["phải là một đối tượng."]
    errors = [f'thuộc tính "{k}" không được hỗ trợ.' for k in sorted(set(prop) - PROPERTY_KEYS)]
    kind = prop.get("type")
    if kind not in TYPES:
        errors.append('"type" phải là một trong string, integer, number, boolean.')
        return errors
    errors.extend(
        f'"{key}" phải là chuỗi.'
        for key in ("title", "description")
        if key in prop and not isinstance(prop[key], str)
    )
    if "format" in prop and (kind != "string" or prop["format"] not in FORMATS):
        errors.append('"format" chỉ hỗ trợ "date" cho trường kiểu string.')
    if "maxLength" in prop and (
        kind != "string" or not isinstance(prop["maxLength"], int) or prop["maxLength"] < 1
    ):
        errors.append('"maxLength" phải là số nguyên dương, chỉ dùng cho trường kiểu string.')
    if "pattern" in prop:
        if kind != "string" or not isinstance(prop["pattern"], str):
            errors.append('"pattern" phải là chuỗi, chỉ dùng cho trường kiểu string.')
        else:
            try:
                re.compile(prop["pattern"])
            except re.error as exc:
                errors.append(f'"pattern" không phải biểu thức chính quy hợp lệ: {exc}.')
    if "enum" in prop:
        enum = prop["enum"]
        if not isinstance(enum, list) or not enum:
            errors.append('"enum" phải là danh sách không rỗng.')
        elif not all(_is_type(v, kind) for v in enum):
            errors.append(f'các giá trị của "enum" phải có kiểu {kind}.')
    return errors


def _is_type(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, bool)


@dataclass
class EformField:
    """What a template needs to render one input."""

    name: str
    label: str
    kind: str
    input_type: str
    required: bool
    help: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)
    max_length: int | None = None
    pattern: str = ""
    value: Any = ""
    errors: list[str] = field(default_factory=list)

    @property
    def dom_id(self) -> str:
        return f"ef-{self.name}"

    @property
    def checked(self) -> bool:
        return self.value in (True, "on", "true", "1")


def eform_fields(
    schema: Mapping[str, Any],
    values: Mapping[str, Any] | None = None,
    errors: Mapping[str, list[str]] | None = None,
) -> list[EformField]:
    values = values or {}
    errors = errors or {}
    required = set(schema.get("required", []))
    fields = []
    for name, prop in schema.get("properties", {}).items():
        kind = prop.get("type", "string")
        if "enum" in prop:
            input_type = "select"
        elif kind == "boolean":
            input_type = "checkbox"
        elif kind in ("integer", "number"):
            input_type = "number"
        elif prop.get("format") == "date":
            input_type = "date"
        elif prop.get("maxLength", 0) > 200:
            input_type = "textarea"
        else:
            input_type = "text"
        value = values.get(name, "")
        fields.append(
            EformField(
                name=name,
                label=prop.get("title") or name,
                kind=kind,
                input_type=input_type,
                required=name in required,
                help=prop.get("description", ""),
                choices=[(str(v), str(v)) for v in prop.get("enum", [])],
                max_length=prop.get("maxLength"),
                pattern=prop.get("pattern", ""),
                value="" if value is None else value,
                errors=list(errors.get(name, [])),
            )
        )
    return fields


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _coerce(prop: Mapping[str, Any], value: Any, label: str) -> tuple[Any, str | None]:
    kind = prop.get("type", "string")
    if kind == "boolean":
        if isinstance(value, bool):
            return value, None
        text = str(value).strip().lower()
        if text in {"on", "true", "1", "có"}:
            return True, None
        if text in {"", "off", "false", "0", "không"}:
            return False, None
        return None, f"{label}: chọn có hoặc không."
    if kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return value, None
        text = str(value).strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text), None
        return None, f"{label}: nhập một số nguyên, ví dụ 3."
    if kind == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value, None
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            return None, f"{label}: nhập một số, ví dụ 2,5."
        if not number.is_finite():
            return None, f"{label}: nhập một số, ví dụ 2,5."
        return (int(number) if number == number.to_integral_value() else float(number)), None
    text = value if isinstance(value, str) else str(value)
    text = text.strip()
    if prop.get("format") == "date":
        try:
            return dt.date.fromisoformat(text).isoformat(), None
        except ValueError:
            try:
                day = dt.datetime.strptime(text, "%d/%m/%Y").date()  # noqa: DTZ007 (a date)
                return day.isoformat(), None
            except ValueError:
                return None, f"{label}: nhập ngày theo dạng ngày/tháng/năm, ví dụ 19/05/2023."
    return text, None


def eform_validate(
    schema: Mapping[str, Any], data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check submitted ``data`` against ``schema``: (cleaned values, Vietnamese errors by field).

    ``data`` may be a dict of JSON values or a Django QueryDict from an HTML form (checkboxes
    absent when unticked). Cleaned values have the schema's types; dates are ISO strings.
    """
    cleaned: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        label = prop.get("title") or name
        raw = data.get(name)
        if prop.get("type") == "boolean" and raw is None:
            raw = False
        if _blank(raw):
            if name in required:
                errors[name] = [f"{label}: không được để trống."]
            continue
        value, error = _coerce(prop, raw, label)
        if error:
            errors[name] = [error]
            continue
        if prop.get("type") == "boolean" and value is False and name in required:
            errors[name] = [f"{label}: cần đánh dấu để tiếp tục."]
            continue
        problems = []
        if (
            "enum" in prop
            and value not in prop["enum"]
            and str(value) not in map(str, prop["enum"])
        ):
            problems.append(f"{label}: chọn một giá trị trong danh sách.")
        elif "enum" in prop:
            value = next(v for v in prop["enum"] if str(v) == str(value))
        if isinstance(value, str) and "maxLength" in prop and len(value) > prop["maxLength"]:
            problems.append(f"{label}: tối đa {prop['maxLength']} ký tự (hiện có {len(value)}).")
        # JSON Schema's pattern is a search, not a full match
        if isinstance(value, str) and prop.get("pattern") and not re.search(prop["pattern"], value):
            problems.append(f"{label}: không đúng định dạng yêu cầu.")
        if problems:
            errors[name] = problems
        else:
            cleaned[name] = value
    unknown = sorted(set(data) - set(schema.get("properties", {})) - {"csrfmiddlewaretoken"})
    if unknown and isinstance(data, dict):
        errors["__all__"] = [f"Trường không có trong biểu mẫu: {', '.join(unknown)}."]
    return cleaned, errors
