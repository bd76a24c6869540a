"""Demo catalogue: 47 procedures of quận Hai Bà Trưng and its 18 wards (2023).

``demo_data/catalogue.yaml`` is the readable source; :func:`demo_payloads` turns it into
payloads (with internal processes from templates and assignments by level), and
``manage.py catalog_demo_build`` writes them with the exporter to ``demo_catalogue.xlsx``,
which :func:`seed_demo_data` imports like any other file in the national layout.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from motcua.catalog.budget import limit_hours
from motcua.catalog.constants import HOURS_PER_WORKING_DAY, Level
from motcua.catalog.eform import eform_dump
from motcua.organizations.demo import HBT_OFFICES, HBT_WARDS

DATA_DIR = Path(__file__).parent / "demo_data"
SOURCE = DATA_DIR / "catalogue.yaml"
XLSX = DATA_DIR / "demo_catalogue.xlsx"
WARD_CODES = [f"hbt-{suffix}" for suffix, _name, _code in HBT_WARDS]
DISTRICT_CODE = "hbt"
OFFICE_NAMES = dict(HBT_OFFICES)


def _step(
    name: str,
    role: str,
    kind: str,
    unit: str,
    budget: Any,
    unit_of: str,
    group: str = "",
    order: int = 0,
) -> dict[str, Any]:
    return {
        "order": order,
        "name": name,
        "role": role,
        "agency_kind": kind,
        "unit_code": unit,
        "budget": Decimal(str(budget)).quantize(Decimal("0.01")),
        "budget_unit": "working_hours" if unit_of == "h" else "working_days",
        "parallel_group": group,
        "description": "",
    }


def _template_steps(spec: dict[str, Any], hours: Decimal) -> list[dict[str, Any]]:
    days = hours / HOURS_PER_WORKING_DAY
    if spec["template"] == "ward":
        unit = spec["unit"]
        if days <= 1:
            return [
                _step("Tiếp nhận, kiểm tra hồ sơ", "desk_officer", "commune", "mot-cua", 1, "h"),
                _step("Thẩm định, trình ký", "specialist", "commune", unit, 3, "h"),
                _step("Lãnh đạo UBND phường ký", "leader", "commune", "lanh-dao", 2, "h"),
                _step("Trả kết quả", "desk_officer", "commune", "mot-cua", 1, "h"),
            ]
        return [
            _step("Tiếp nhận, kiểm tra hồ sơ", "desk_officer", "commune", "mot-cua", 0.5, "d"),
            _step("Thẩm định, trình ký", "specialist", "commune", unit, days - Decimal("1.5"), "d"),
            _step("Lãnh đạo UBND phường ký", "leader", "commune", "lanh-dao", 0.5, "d"),
            _step("Trả kết quả", "desk_officer", "commune", "mot-cua", 0.5, "d"),
        ]
    office = OFFICE_NAMES[spec["office"]]
    if days <= 1:
        return [
            _step("Tiếp nhận, kiểm tra hồ sơ", "desk_officer", "district", "mot-cua", 1, "h"),
            _step(f"{office} thẩm định", "specialist", "district_office", "", 3, "h"),
            _step(f"Lãnh đạo {office} ký", "leader", "district_office", "", 2, "h"),
            _step("Trả kết quả", "desk_officer", "district", "mot-cua", 1, "h"),
        ]
    return [
        _step("Tiếp nhận, kiểm tra hồ sơ", "desk_officer", "district", "mot-cua", 0.5, "d"),
        _step(f"{office} thẩm định", "specialist", "district_office", "", days - 2, "d"),
        _step(f"Lãnh đạo {office} xem xét", "leader", "district_office", "", 0.5, "d"),
        _step("Lãnh đạo UBND quận ký", "leader", "district", "lanh-dao", 0.5, "d"),
        _step("Vào sổ, trả kết quả", "clerk", "district", "van-thu", 0.5, "d"),
    ]


def _steps_text(level: str, channels: list[int], where: str) -> str:
    ways = ["trực tiếp tại Bộ phận Một cửa " + where]
    if 3 in channels:
        ways.append("qua dịch vụ bưu chính công ích")
    if 2 in channels:
        ways.append("trực tuyến trên Cổng dịch vụ công")
    return (
        f"Bước 1: Người yêu cầu nộp hồ sơ {', '.join(ways)}.\n"
        "Bước 2: Cán bộ tiếp nhận kiểm tra hồ sơ: đầy đủ thì cấp Phiếu tiếp nhận và hẹn trả "
        "kết quả; chưa đầy đủ thì hướng dẫn bổ sung một lần bằng Phiếu yêu cầu bổ sung.\n"
        "Bước 3: Cơ quan có thẩm quyền giải quyết; người yêu cầu nhận kết quả theo ngày hẹn."
    )


def demo_payloads() -> list[dict[str, Any]]:
    import yaml

    source = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    defaults = source["defaults"]
    payloads = []
    for raw in source["procedures"]:
        item = {**defaults, **raw}
        level = item["level"]
        limit, unit, limit_note = item["time"]
        committed = item.get("committed") or [None, "", ""]
        channels = item["channels"]
        process = item["process"]
        office = item.get("office") or (
            process.get("office", "") if isinstance(process, dict) else ""
        )
        if level == Level.COMMUNE:
            where = "UBND phường"
            body = "Ủy ban nhân dân cấp xã"
        else:
            where = "UBND quận"
            body = "Ủy ban nhân dân cấp huyện" + (f" ({OFFICE_NAMES[office]})" if office else "")
        if isinstance(process, str):
            steps = [_step(*row) for row in source["processes"][process]]
        else:
            hours = limit_hours(
                committed[0] if committed[0] else limit, committed[1] if committed[0] else unit
            )
            steps = _template_steps(process, hours)
        for i, step in enumerate(steps, start=1):
            step["order"] = i
        agencies_at = item.get("agencies") or [level]
        assignment_codes = []
        if Level.COMMUNE in agencies_at:
            assignment_codes += WARD_CODES
        if Level.DISTRICT in agencies_at:
            assignment_codes.append(DISTRICT_CODE)
        note = source["unverified"] if item.get("unverified") else ""
        eform = item.get("eform")
        payloads.append(
            {
                "code": str(item["code"]),
                "name": item["name"],
                "field_code": item["field"],
                "field_name": source["fields"][item["field"]],
                "level": level,
                "applicant_types": item["applicant_types"],
                "decision_number": item["decision"][0],
                "decision_date": dt.date.fromisoformat(str(item["decision"][1])),
                "steps_text": _steps_text(level, channels, where),
                "channels": channels,
                "time_limit": limit,
                "time_unit": unit,
                "time_limit_note": limit_note,
                "committed_limit": committed[0],
                "committed_unit": committed[1],
                "committed_decision": committed[2],
                "implementing_agency": item.get("implementing", body),
                "competent_agency": item.get("competent", body),
                "coordinating_agencies": item.get("coordinating", ""),
                "result_type": item["result"],
                "legal_basis": source["legal"][item["field"]],
                "conditions": item["conditions"],
                "online_level": item["online_level"],
                "full_process_eligible": bool(item.get("full_process_eligible", False)),
                "eform_schema": eform_dump(source["eforms"][eform]) if eform else "",
                "status": item["status"],
                "effective_from": item["effective_from"],
                "effective_to": None,
                "budget_override_reason": item.get("budget_override_reason", ""),
                "note": note,
                "synthetic": False,
                "components": [
                    {
                        "order": i,
                        "name": c[0],
                        "copy_kind": c[1],
                        "quantity": c[2],
                        "mandatory": c[3],
                        "form_code": c[4],
                        "form_file": "",
                        "reusable_from": c[5],
                    }
                    for i, c in enumerate(item["components"], start=1)
                ],
                "fees": [
                    {
                        "order": i,
                        "label": f[0],
                        "kind": f[1],
                        "amount": f[2],
                        "tiers": f[3],
                        "cap_per_copy": f[4],
                        "note": f[5],
                    }
                    for i, f in enumerate(item["fees"], start=1)
                ],
                "process": steps,
                "assignments": [
                    {
                        "agency": code,
                        "valid_from": dt.date(2023, 1, 1),
                        "valid_to": None,
                        "channels": channels,
                    }
                    for code in sorted(assignment_codes)
                ],
            }
        )
    return payloads


def demo_xlsx_write(path: Path = XLSX) -> int:
    from motcua.catalog.exchange.files import write_xlsx

    with path.open("wb") as stream:
        return write_xlsx(demo_payloads(), stream)


def seed_demo_data(*, agencies: dict[str, Any], stdout: Any) -> None:
    """Import the committed demo catalogue (idempotent: a second run reports 'unchanged')."""
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_xlsx

    with XLSX.open("rb") as stream:
        report = catalog_import(read_xlsx(stream))
    if not report.written:
        raise RuntimeError("; ".join(str(e) for e in report.errors[:5]))
    stdout.write(
        f"catalog: {report.total} procedures ({report.created} new, {report.unchanged} unchanged)"
    )
