"""The reform API: registers, transitions, error shape, bounded queries."""

from __future__ import annotations

import pytest

from motcua.core.models import AuditEvent
from motcua.reform.models import ReformTask, SupportTeam

pytestmark = pytest.mark.django_db


def test_register_create_update_list_with_filters(reform_demo, api_client_for):
    api = api_client_for("caicach.bachdang")
    # When the ward's officer records a new team through the API
    created = api.post(
        "/api/v1/reform/support-teams/",
        {
            "agency": "hbt-bach-dang",
            "name": "Tổ công nghệ số chợ Bạch Đằng",
            "kind": "community",
            "decision_date": "2023-06-01",
            "area_covered": "Chợ Bạch Đằng",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    team_id = created.json()["id"]
    # And renames it
    patched = api.patch(
        f"/api/v1/reform/support-teams/{team_id}/",
        {"name": "Tổ công nghệ số chợ và tổ dân phố 5"},
        format="json",
    )
    assert patched.status_code == 200
    # Then the list has it, and the change is audited with before and after
    listed = api.get("/api/v1/reform/support-teams/?agency=hbt-bach-dang").json()
    assert listed["count"] == 15
    event = AuditEvent.objects.filter(action="reform.supportteam.update").latest("id")
    assert event.data["before"]["name"] == "Tổ công nghệ số chợ Bạch Đằng"


def test_bad_input_gets_a_vietnamese_error_naming_the_field(reform_demo, api_client_for):
    api = api_client_for("caicach.hbt")
    response = api.post(
        "/api/v1/reform/investment-projects/",
        {
            "agency": "hbt",
            "name": "Trụ sở mới",
            "level": "district",
            "kind": "new",
            "start_year": 2024,
            "end_year": 2022,
            "total_investment": -5,
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert "total_investment" in body["errors"]
    response = api.post(
        "/api/v1/reform/investment-projects/",
        {
            "agency": "hbt",
            "name": "Trụ sở mới",
            "level": "district",
            "kind": "new",
            "start_year": 2024,
            "end_year": 2022,
            "total_investment": 5_000_000_000,
        },
        format="json",
    )
    assert response.status_code == 400
    assert (
        "Năm hoàn thành không được trước năm khởi công" in response.json()["errors"]["end_year"][0]
    )
    # A lifecycle field cannot be written directly
    task = ReformTask.objects.filter(plan__agency=reform_demo["hbt"], status="in_progress").first()
    response = api.patch(f"/api/v1/reform/plan-tasks/{task.pk}/", {"status": "done"}, format="json")
    task.refresh_from_db()
    assert response.status_code == 400
    assert "status" in response.json()["errors"]
    assert task.status == "in_progress"


def test_transitions_through_the_api(reform_demo, api_client_for):
    supervisor, officer = api_client_for("giamsat.hdnd"), api_client_for("caicach.hbt")
    issued = supervisor.post(
        "/api/v1/reform/recommendations/",
        {
            "agency": "hbt",
            "title": "Tăng tỷ lệ hồ sơ trực tuyến",
            "text": "Đạt 50% trong năm.",
            "source": "supervision",
            "issued_on": "2026-03-02",
            "deadline_mode": "working_days",
            "limit_working_days": 10,
        },
        format="json",
    )
    assert issued.status_code == 201, issued.json()
    rec = issued.json()
    assert rec["due_on"] == "2026-03-16"
    assert (
        officer.post(
            f"/api/v1/reform/recommendations/{rec['id']}/close/", {"note": "Xong"}, format="json"
        ).status_code
        == 403
    )
    assert (
        officer.post(
            f"/api/v1/reform/recommendations/{rec['id']}/progress/",
            {"note": "Đạt 52%", "done": True},
            format="json",
        ).status_code
        == 200
    )
    closed = supervisor.post(
        f"/api/v1/reform/recommendations/{rec['id']}/close/", {"note": "Đạt"}, format="json"
    )
    assert closed.json()["status"] == "closed"
    history = supervisor.get(f"/api/v1/reform/recommendations/{rec['id']}/history/").json()
    assert [h["to_status"] for h in history] == ["open", "reported_done", "closed"]
    # A task moves only along its lifecycle
    task = ReformTask.objects.filter(plan__agency=reform_demo["hbt"], status="in_progress").first()
    moved = officer.post(
        f"/api/v1/reform/plan-tasks/{task.pk}/status/",
        {"status": "done", "completed_on": "2023-09-30"},
        format="json",
    )
    assert moved.json()["status"] == "done"
    again = officer.post(
        f"/api/v1/reform/plan-tasks/{task.pk}/status/", {"status": "cancelled"}, format="json"
    )
    assert again.status_code == 400
    assert "status" in again.json()["errors"]


def test_list_endpoint_query_count_does_not_grow_with_rows(
    reform_demo, api_client_for, django_assert_max_num_queries
):
    api = api_client_for("giamsat.hdnd")
    assert SupportTeam.objects.count() >= 250
    with django_assert_max_num_queries(12):
        response = api.get("/api/v1/reform/support-teams/?agency=hbt")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 50
