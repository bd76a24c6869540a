"""The API: same rules as the pages, JSON errors, 404 outside one's scope, 409 on a race."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.feedback import services
from motcua.feedback.tests.factories import at, conduct_data

pytestmark = pytest.mark.django_db

API = "/api/v1/feedback"


def test_anonymous_submit_track_and_rate(api_client_for):
    anonymous = api_client_for(None)
    # When a resident sends feedback without an account
    response = anonymous.post(f"{API}/", conduct_data(), format="json")
    assert response.status_code == 201, response.json()
    sent = response.json()
    assert sent["code"].startswith("PA-")
    assert sent["agency"] == "hbt-bach-dang"
    # Then they follow it with code and secret, and see no staff names
    case = anonymous.post(
        f"{API}/track/", {"code": sent["code"], "secret": sent["secret"]}, format="json"
    ).json()
    assert case["status"] == "new"
    assert [e["kind"] for e in case["events"]] == ["submitted"]
    assert "actor" not in case["events"][0]
    # A wrong secret looks like a code that does not exist
    wrong = anonymous.post(f"{API}/track/", {"code": sent["code"], "secret": "AAAAAAAA"})
    assert wrong.status_code == 404
    # Rating before an answer is a conflict
    early = anonymous.post(
        f"{API}/track/{sent['code']}/rating/",
        {"secret": sent["secret"], "rating": "like"},
        format="json",
    )
    assert early.status_code == 409
    assert early.json()["errors"]["status"]


def test_bad_input_answers_400_with_field_errors(api_client_for):
    response = api_client_for(None).post(
        f"{API}/",
        conduct_data(sender_email="", sender_phone="", category="bogus"),
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "category" in body["errors"]
    response = api_client_for(None).post(
        f"{API}/", conduct_data(sender_email="", sender_phone=""), format="json"
    )
    assert response.status_code == 400
    assert "thư điện tử hoặc số điện thoại" in response.json()["errors"]["sender_email"][0]


def test_staff_journey_through_the_api(api_client_for):
    sent = services.feedback_submit(actor=None, data=conduct_data())
    code = sent.feedback.code
    officer = api_client_for("motcua.bachdang")
    # The counts and the new queue show the case
    counts = officer.get(f"{API}/cases/counts/").json()
    assert counts["new"] == 1
    listed = officer.get(f"{API}/cases/", {"queue": "new"}).json()
    assert [c["code"] for c in listed["results"]] == [code]
    # Detail without contact; contact on its own, audited endpoint
    detail = officer.get(f"{API}/cases/{code}/").json()
    assert "sender_email" not in detail
    assert "binh.tran" not in str(detail)
    contact = officer.get(f"{API}/cases/{code}/contact/").json()
    assert contact["email"] == "binh.tran@example.vn"
    assert contact["personal_id_masked"] == "*********399"
    # Assign, answer, publish
    version = detail["version"]
    r = officer.post(f"{API}/cases/{code}/assign/", {"version": version}, format="json")
    assert r.status_code == 200
    assert r.json()["status"] == "processing"
    stale = officer.post(
        f"{API}/cases/{code}/refuse/",
        {"version": version, "reason": "duplicate", "note": "Trùng phản ánh khác."},
        format="json",
    )
    assert stale.status_code == 409
    r = officer.post(
        f"{API}/cases/{code}/answer/",
        {"answer": "Phường đã kiểm tra và nhắc nhở cán bộ tiếp nhận."},
        format="json",
    )
    assert r.status_code == 200
    answered = r.json()
    assert answered["deadline_state"] in {"in_time", "at_risk", "overdue"}
    leaked = officer.post(
        f"{API}/cases/{code}/publish/",
        {
            "public_title": answered["public_title"],
            "public_content": "Liên hệ 0912 345 678",
            "public_answer": answered["public_answer"],
        },
        format="json",
    )
    assert leaked.status_code == 400
    assert "số điện thoại" in leaked.json()["errors"]["public_content"][0]
    r = officer.post(
        f"{API}/cases/{code}/publish/",
        {
            "public_title": answered["public_title"],
            "public_content": answered["public_content"],
            "public_answer": answered["public_answer"],
        },
        format="json",
    )
    assert r.status_code == 200
    # The published answer is public and carries no personal data
    public = api_client_for(None).get(f"{API}/published/{code}/").json()
    assert "0912" not in str(public)
    assert "Bình" not in str(public)
    listing = api_client_for(None).get(f"{API}/published/", {"q": "nhắc nhở"}).json()
    assert listing["count"] == 1


def test_another_ward_gets_404_and_a_supervisor_403_on_actions(api_client_for, demo_org):
    code = services.feedback_submit(actor=None, data=conduct_data()).feedback.code
    other = api_client_for("motcua.minhkhai")
    assert other.get(f"{API}/cases/{code}/").status_code == 404
    assert other.get(f"{API}/cases/{code}/contact/").status_code == 404
    assert other.post(f"{API}/cases/{code}/assign/", {}, format="json").status_code == 404
    assert other.get(f"{API}/cases/", {"queue": "all"}).json()["count"] == 0
    supervisor = api_client_for("giamsat.hdnd")
    assert supervisor.get(f"{API}/cases/{code}/").status_code == 200
    denied = supervisor.post(
        f"{API}/cases/{code}/answer/", {"answer": "Một câu trả lời đủ dài ở đây."}, format="json"
    )
    assert denied.status_code == 403
    assert supervisor.get(f"{API}/cases/{code}/contact/").status_code == 403
    assert api_client_for(None).get(f"{API}/cases/").status_code in (401, 403)


def test_indicators_endpoint(api_client_for):
    sent = services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-03-02"))
    services.feedback_answer(
        actor=None,
        feedback=sent.feedback,
        answer="Phường đã trả lời đầy đủ các nội dung.",
        at=at("2026-03-10"),
    )
    services.feedback_rate(
        feedback=sent.feedback, rating="dislike", secret=sent.secret, at=at("2026-03-11")
    )
    leader = api_client_for("lanhdao.hbt")
    body = leader.get(
        f"{API}/indicators/", {"agency": "hbt", "start": "2026-03-01", "end": "2026-03-31"}
    ).json()
    assert body["on_time"] == {
        "numerator": 1,
        "denominator": 1,
        "percent": "100.00",
        "display": "100.00%",
    }
    assert body["satisfaction"]["display"] == "0.00%"
    empty = leader.get(
        f"{API}/indicators/", {"agency": "hbt", "start": "2025-01-01", "end": "2025-01-31"}
    ).json()
    assert empty["on_time"]["percent"] is None
    assert empty["on_time"]["display"] == "n/a"
    bad = leader.get(f"{API}/indicators/", {"agency": "hbt", "start": "31/03/2026"})
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"start", "end"}
    other = api_client_for("motcua.minhkhai").get(
        f"{API}/indicators/",
        {"agency": "hbt-bach-dang", "start": "2026-03-01", "end": "2026-03-31"},
    )
    assert other.status_code == 404


def test_queue_list_query_count_does_not_grow_with_cases(api_client_for):
    officer = api_client_for("motcua.bachdang")
    for _ in range(3):
        services.feedback_submit(actor=None, data=conduct_data())
    with CaptureQueriesContext(connection) as few:
        officer.get(f"{API}/cases/", {"queue": "all"})
    for _ in range(7):
        services.feedback_submit(actor=None, data=conduct_data())
    with CaptureQueriesContext(connection) as many:
        assert officer.get(f"{API}/cases/", {"queue": "all"}).json()["count"] == 10
    assert len(many) == len(few)
