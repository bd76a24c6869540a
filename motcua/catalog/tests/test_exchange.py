"""Import and export in the national layout: round trips, row-by-row errors, all or nothing."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from motcua.catalog.demo import XLSX, demo_payloads
from motcua.catalog.exchange.engine import catalog_import, catalog_payloads
from motcua.catalog.exchange.files import read_json, read_xlsx, write_json, write_xlsx
from motcua.catalog.models import Procedure, ProcedureAssignment, ProcedureVersion
from motcua.catalog.payload import payload_coerce

pytestmark = pytest.mark.django_db


def _import_xlsx(data: bytes, **kwargs):
    return catalog_import(read_xlsx(io.BytesIO(data)), **kwargs)


def _export_xlsx() -> bytes:
    out = io.BytesIO()
    write_xlsx(catalog_payloads(), out)
    return out.getvalue()


def _wipe() -> None:
    ProcedureAssignment.objects.all().delete()
    for version in ProcedureVersion.objects.all():
        version.components.all().delete()
    ProcedureVersion.objects.all().delete()  # queryset delete: the test resets the catalogue
    Procedure.objects.all().delete()


def test_demo_catalogue_imports_from_its_xlsx_exports_and_reimports_identically(demo_org):
    # Given the committed demo catalogue imported from its xlsx
    report = _import_xlsx(XLSX.read_bytes())
    assert report.ok, report.errors[:3]
    assert report.written
    assert report.created == Procedure.objects.count() >= 40
    first = list(catalog_payloads())
    # When it is exported and imported again on top of itself
    exported = _export_xlsx()
    again = _import_xlsx(exported)
    # Then nothing changes
    assert again.written
    assert again.created == 0
    assert again.unchanged == report.total
    # And into an empty catalogue it rebuilds exactly the same content
    _wipe()
    rebuilt = _import_xlsx(exported)
    assert rebuilt.created == report.total
    assert list(catalog_payloads()) == first
    # And the same through JSON
    buffer = io.BytesIO()
    write_json(catalog_payloads(), buffer)
    _wipe()
    catalog_import(read_json(io.BytesIO(buffer.getvalue())))
    assert list(catalog_payloads()) == first


def test_committed_xlsx_matches_its_readable_source():
    # Given the YAML source and the committed xlsx, when both are read as payloads
    from_source = [payload_coerce(p).payload for p in demo_payloads()]
    from_xlsx = [
        payload_coerce(p.raw).payload for p in read_xlsx(io.BytesIO(XLSX.read_bytes())).procedures
    ]
    # Then they agree (rebuild with `manage.py catalog_demo_build` when they do not)
    assert from_xlsx == from_source


def _sheet_edit(data: bytes, sheet: str, row: int, header: str, value) -> bytes:
    book = load_workbook(io.BytesIO(data))
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    ws.cell(row=row, column=headers.index(header) + 1, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_reports_each_bad_row_in_vietnamese_and_imports_nothing(demo_org):
    # Given a catalogue file with a bad time limit, a bad quantity and an unknown agency
    data = XLSX.read_bytes()
    data = _sheet_edit(data, "Thủ tục", 2, "Thời hạn giải quyết", "ba ngày")
    data = _sheet_edit(data, "Thành phần hồ sơ", 3, "Số lượng", 0)
    data = _sheet_edit(data, "Cơ quan áp dụng", 2, "Mã cơ quan", "khong-co")
    # When it is imported
    report = _import_xlsx(data)
    # Then each error names sheet, row, column and what is wrong, and nothing was written
    assert not report.written
    assert Procedure.objects.count() == 0
    found = {(e.sheet, e.row, e.column) for e in report.errors}
    assert ("Thủ tục", 2, "Thời hạn giải quyết") in found
    assert ("Thành phần hồ sơ", 3, "Số lượng") in found
    assert ("Cơ quan áp dụng", 2, "Mã cơ quan") in found
    messages = " ".join(e.message for e in report.errors)
    assert "không phải số nguyên" in messages
    assert "khong-co" in messages


def test_valid_only_imports_the_other_procedures(demo_org):
    # Given a file where one procedure's row is invalid
    data = _sheet_edit(XLSX.read_bytes(), "Thủ tục", 2, "Mã thủ tục", "1.23")
    # When imported asking for the valid rows only
    report = _import_xlsx(data, valid_only=True)
    # Then every other procedure is there, the bad one is reported and skipped
    assert report.written
    assert report.skipped == 1
    assert Procedure.objects.count() == report.total - 1
    assert any(e.column == "Mã thủ tục" and "N.NNNNNN" in e.message for e in report.errors)


def test_missing_sheet_and_broken_file_are_explained():
    report = catalog_import(read_xlsx(io.BytesIO(b"not an excel file")))
    assert not report.written
    assert "Excel" in report.errors[0].message
    report = catalog_import(read_json(io.BytesIO(b'{"procedures": [{"code": "1.001193"}]}')))
    assert not report.written
    columns = {e.column for e in report.errors}
    assert {"name", "field_code", "time_limit", "channels"} <= columns


def test_commands_export_and_import(tmp_path, demo_org):
    # Given the demo catalogue imported by the command
    call_command("catalog_import", str(XLSX))
    # When exported to JSON by the command
    target = tmp_path / "catalogue.json"
    call_command("catalog_export", str(target))
    document = json.loads(target.read_text(encoding="utf-8"))
    # Then the JSON carries the procedures with their parts
    codes = {p["code"] for p in document["procedures"]}
    assert {"1.001193", "2.000815", "1.004194"} <= codes
    birth = next(p for p in document["procedures"] if p["code"] == "1.001193")
    assert birth["time_unit"] == "same_day"
    assert birth["components"]
    assert birth["process"]
    assert len(birth["assignments"]) == 18
