"""The oversight API gives the figures the pages show, scoped to the caller."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db
MARCH = {"agency": "hbt-bach-dang", "kind": "month", "year": "2026", "number": "3"}


def test_index_metrics_and_drill_down(march, api_client_for):
    # Given the ward's leader
    api = api_client_for("chutich.bachdang")
    # When they read the March index
    index = api.get("/api/v1/oversight/index/", MARCH).json()
    # Then the figures are those of the hand computation
    assert index["total"] == "33.30"
    progress = next(i for g in index["groups"] for i in g["indicators"] if i["code"] == "progress")
    assert (progress["numerator"], progress["denominator"], progress["percent"]) == (
        33,
        45,
        "73.33",
    )
    synced = next(i for g in index["groups"] for i in g["indicators"] if i["code"] == "synced")
    assert synced["display"] == "n/a"
    # And the counters split by channel, with the stock at the end of March
    metrics = api.get("/api/v1/oversight/metrics/", MARCH).json()
    received = {c["channel"]: c["n"] for c in metrics["counters"] if c["measure"] == "received"}
    assert received == {"1": 27, "2": 12, "3": 7}
    assert metrics["stock_at_end"] == {"in_time": 4, "overdue": 3}
    # And the dossiers behind the score can be listed
    missing = api.get("/api/v1/oversight/index/progress/dossiers/", {**MARCH, "part": "missing"})
    assert missing.json()["count"] == 12
    # And trend, backlog, heat map, late list, ranking answer
    trend = api.get("/api/v1/oversight/trend/", {**MARCH, "count": 2}).json()
    assert [p["progress"] for p in trend] == ["60.00", "73.33"]
    assert api.get("/api/v1/oversight/backlog/", MARCH).status_code == 200
    heat = api.get("/api/v1/oversight/heatmap/", MARCH).json()
    assert {c["field"] for c in heat} == {"Hộ tịch", "Hoạt động xây dựng"}
    late = api.get("/api/v1/oversight/late/", MARCH).json()
    assert len(late) == 9 + 7  # 9 resolved late in March; the 7 still open are overdue today
    ranking = api.get("/api/v1/oversight/ranking/", MARCH).json()
    assert ranking[0]["agency"]["code"] == "hbt-bach-dang"
    # And the Circular 01/2018 evaluation of a late dossier with two supplements
    dossier = march["groups"]["E"][0]
    evaluation = api.get(f"/api/v1/oversight/dossiers/{dossier.pk}/evaluation/").json()
    points = {c["number"]: c["points"] for c in evaluation["criteria"]}
    assert points[1] == 0
    assert points[3] == 1
    assert points[2] is None


def test_bad_input_scope_and_public_index(march, api_client_for):
    # Given Minh Khai's administrator
    api = api_client_for("quantri.minhkhai")
    # When they ask for Bạch Đằng, or for a thirteenth month
    assert api.get("/api/v1/oversight/index/", MARCH).status_code == 404
    bad = api.get("/api/v1/oversight/index/", {"kind": "month", "number": "13"})
    # Then the answers are 404 and 400 naming the field
    assert bad.status_code == 400
    assert "number" in bad.json()["errors"]
    # And anyone can read the public index, without signing in
    public = api_client_for(None).get("/api/v1/oversight/public/index/", MARCH)
    assert public.status_code == 200
    codes = [row["agency"]["code"] for row in public.json()]
    assert "hbt-bach-dang" in codes
    assert "hbt" in codes


def test_report_request_through_the_api(
    march, api_client_for, settings, django_capture_on_commit_callbacks
):
    # Given tasks that run at once
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    api = api_client_for("lanhdao.hbt")
    # When the leader asks for the first quarter's report of the district
    with django_capture_on_commit_callbacks(execute=True):
        answer = api.post(
            "/api/v1/oversight/reports/",
            {"agency": "hbt", "kind": "quarter", "year": 2026, "number": 1},
            format="json",
        )
    # Then it is accepted and, once built, links to both files
    assert answer.status_code == 202
    job = api.get(f"/api/v1/oversight/reports/{answer.json()['id']}/").json()
    assert job["state"] == "done"
    assert job["xlsx_url"].endswith("/xlsx/")
