"""The catalogue API: public reads, staff writes, errors by field, nothing half-saved."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.demo import XLSX
from motcua.catalog.models import ImportJob, Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


def test_public_search_is_paginated_with_codes_and_names(demo_catalogue, api_client_for):
    client = api_client_for(None)
    body = client.get("/api/v1/procedures/", {"search": "dang ky khai sinh"}).json()
    assert body["count"] >= 1
    assert "next" in body
    assert any(
        r["code"] == "1.001193" and r["name"] == "Thủ tục đăng ký khai sinh"
        for r in body["results"]
    )
    assert client.get("/api/v1/procedures/", {"search": "1.0011"}).json()["count"] >= 1
    levels = {
        r["level"]
        for r in client.get("/api/v1/procedures/", {"level": "district"}).json()["results"]
    }
    assert levels == {"district"}


def test_list_query_count_does_not_grow_with_the_page(demo_catalogue, api_client_for):
    client = api_client_for(None)
    with CaptureQueriesContext(connection) as queries:
        assert len(client.get("/api/v1/procedures/").json()["results"]) == 47
    assert len(queries) <= 5


def test_detail_carries_everything_a_dossier_needs(demo_catalogue, api_client_for):
    body = api_client_for(None).get("/api/v1/procedures/2.000815/").json()
    assert body["time_unit"] == "same_day"
    assert body["number"] == 1
    assert body["fees"][0]["tiers"] == "1-2:2000; 3-:1000"
    assert body["fees"][0]["cap_per_copy"] == 200000
    assert [c["copy_kind"] for c in body["components"]] == ["present_original", "copy"]
    assert body["process"]
    assert body["budget"]["over"] is False
    assert len(body["agencies"]) == 19
    birth = api_client_for(None).get("/api/v1/procedures/1.001193/").json()
    assert birth["eform_schema"]["properties"]["ngay_sinh"]["format"] == "date"
    assert api_client_for(None).get("/api/v1/procedures/9.999999/").status_code == 404


def test_history_and_the_draft_publish_flow(demo_catalogue, api_client_for):
    officer = api_client_for("caicach.hbt")
    # Anonymous callers cannot write
    assert api_client_for(None).post("/api/v1/procedures/1.001193/draft/").status_code == 403
    # Given a draft started from the published version
    draft = officer.post("/api/v1/procedures/1.001193/draft/").json()
    assert draft["status"] == "draft"
    assert draft["number"] == 2
    # When it is updated with a bad value, the error names the field and nothing changes
    bad = officer.put(
        "/api/v1/procedures/1.001193/draft/",
        {**draft, "time_limit": "ba", "fees": [{"label": "", "kind": "x"}]},
        format="json",
    )
    assert bad.status_code == 400
    errors = bad.json()["errors"]
    assert {"time_limit", "fees[0].label", "fees[0].kind"} <= set(errors)
    assert ProcedureVersion.objects.get(procedure__code="1.001193", number=2).fees.count() == 1
    # When it is updated correctly and published
    draft["time_limit_note"] = "Cập nhật theo quy định mới"
    assert (
        officer.put("/api/v1/procedures/1.001193/draft/", draft, format="json").status_code == 200
    )
    published = officer.post(
        "/api/v1/procedures/1.001193/publish/", {"effective_from": "2099-01-01"}, format="json"
    )
    assert published.status_code == 200, published.json()
    # Then the history shows both versions, and today's version is still the first
    history = api_client_for(None).get("/api/v1/procedures/1.001193/versions/").json()
    assert [(h["number"], h["status"]) for h in history] == [(2, "published"), (1, "published")]
    assert api_client_for(None).get("/api/v1/procedures/1.001193/").json()["number"] == 1
    assert (
        api_client_for(None)
        .get("/api/v1/procedures/1.001193/", {"on": "2099-01-02"})
        .json()["number"]
        == 2
    )


def test_create_refuses_bad_input_without_writing(demo_catalogue, api_client_for):
    officer = api_client_for("caicach.hbt")
    response = officer.post("/api/v1/procedures/", {"code": "abc", "name": ""}, format="json")
    assert response.status_code == 400
    assert {"code", "name", "level", "channels"} <= set(response.json()["errors"])
    assert officer.post("/api/v1/procedures/", ["x"], format="json").status_code == 400
    assert not Procedure.objects.filter(code="abc").exists()


def test_publishing_over_budget_needs_an_admin_reason(demo_catalogue, api_client_for):
    officer, admin = api_client_for("caicach.hbt"), api_client_for("quantri.hbt")
    draft = officer.post("/api/v1/procedures/2.000720/draft/").json()
    draft["process"][1]["budget"] = "9"
    assert (
        officer.put("/api/v1/procedures/2.000720/draft/", draft, format="json").status_code == 200
    )
    refused = officer.post("/api/v1/procedures/2.000720/publish/", {}, format="json")
    assert refused.status_code == 400
    assert "override_reason" in refused.json()["errors"]
    report = officer.get("/api/v1/procedures/over-budget/").json()
    assert {r["code"] for r in report} == {"1.003003", "2.000720"}
    denied = officer.post(
        "/api/v1/procedures/2.000720/publish/", {"override_reason": "Tạm chấp nhận"}, format="json"
    )
    assert denied.status_code == 403
    ok = admin.post(
        "/api/v1/procedures/2.000720/publish/",
        {"override_reason": "Tạm chấp nhận", "effective_from": "2099-01-01"},
        format="json",
    )
    assert ok.status_code == 200
    assert ok.json()["budget_override_reason"] == "Tạm chấp nhận"


def test_assignments_and_counts(demo_catalogue, api_client_for):
    officer = api_client_for("caicach.hbt")
    before = api_client_for(None).get("/api/v1/procedures/counts/").json()
    response = officer.post(
        "/api/v1/procedures/1.001193/assignments/",
        {"agency": "hbt", "valid_from": "2024-01-01", "channels": [1, 2]},
        format="json",
    )
    assert response.status_code == 201
    after = api_client_for(None).get("/api/v1/procedures/counts/").json()
    assert after["by_agency"]["hbt"] == before["by_agency"]["hbt"] + 1
    unknown = officer.post(
        "/api/v1/procedures/1.001193/assignments/",
        {"agency": "khong-co", "valid_from": "2024-01-01", "channels": [1]},
        format="json",
    )
    assert unknown.status_code == 400
    assert "agency" in unknown.json()["errors"]
    rows = officer.get("/api/v1/procedures/1.001193/assignments/").json()
    assert len(rows) == 19


def test_retire_removes_the_procedure_from_search(demo_catalogue, api_client_for):
    officer = api_client_for("caicach.hbt")
    assert (
        officer.post(
            "/api/v1/procedures/1.000954/retire/", {"on": "2024-12-31"}, format="json"
        ).status_code
        == 200
    )
    codes = [
        r["code"]
        for r in api_client_for(None)
        .get("/api/v1/procedures/", {"search": "gia dinh van hoa"})
        .json()["results"]
    ]
    assert "1.000954" not in codes


def test_import_upload_runs_as_a_job(demo_org, api_client_for, settings, monkeypatch, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn()
    )
    officer, admin = api_client_for("caicach.hbt"), api_client_for("quantri.hbt")
    # A reform officer's import stops at the over-budget process only an admin may accept
    refused = officer.post(
        "/api/v1/catalog-imports/",
        {"file": SimpleUploadedFile("demo.xlsx", XLSX.read_bytes())},
        format="multipart",
    )
    assert refused.status_code == 202
    job = officer.get(f"/api/v1/catalog-imports/{refused.json()['id']}/").json()
    assert job["status"] == "failed"
    assert job["created_count"] == 0
    assert any(e["column"] == "Lý do chấp nhận vượt thời hạn" for e in job["errors"])
    assert not Procedure.objects.exists()
    # An administrator's import of the same file goes through
    response = admin.post(
        "/api/v1/catalog-imports/",
        {"file": SimpleUploadedFile("demo.xlsx", XLSX.read_bytes())},
        format="multipart",
    )
    job = admin.get(f"/api/v1/catalog-imports/{response.json()['id']}/").json()
    assert job["status"] == "done"
    assert job["created_count"] == 47
    assert job["percent"] == 100
    wrong = admin.post(
        "/api/v1/catalog-imports/", {"file": SimpleUploadedFile("a.txt", b"x")}, format="multipart"
    )
    assert wrong.status_code == 400
    assert "file" in wrong.json()["errors"]
    assert ImportJob.objects.count() == 2
    # Another user's job is not visible
    assert officer.get(f"/api/v1/catalog-imports/{response.json()['id']}/").status_code == 404
