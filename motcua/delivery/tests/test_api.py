"""API: returning results, ratings, the tracking book and the national-portal sync."""

from __future__ import annotations

import pytest

from motcua.delivery.tests.helpers import processed_dossier
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_return_at_the_desk_through_the_api(api_client_for, user_named, world):
    # Given a processed dossier and the ward's desk officer
    dossier = processed_dossier(user_named)
    api = api_client_for("motcua.bachdang")
    assert [d["code"] for d in api.get("/api/v1/delivery/returns/").json()] == [dossier.code]
    # When the request misses the recipient's ID
    bad = api.post(
        f"/api/v1/delivery/dossiers/{dossier.pk}/return-desk/",
        {"recipient_relation": "self", "recipient_name": "Nguyễn Văn An"},
        format="json",
    )
    # Then 400 names the field
    assert bad.status_code == 400
    assert "recipient_id_number" in bad.json()["errors"]
    # And a complete one returns the result; a second one is a conflict
    body = {
        "recipient_relation": "self",
        "recipient_name": "Nguyễn Văn An",
        "recipient_id_number": "001090012345",
        "papers": "Giấy khai sinh",
    }
    ok = api.post(f"/api/v1/delivery/dossiers/{dossier.pk}/return-desk/", body, format="json")
    assert ok.status_code == 200
    state = ok.json()
    assert state["status"] == "result_returned"
    assert state["record"]["recipient_name"] == "Nguyễn Văn An"
    assert state["result"]["verification_url"].endswith(f"/xac-thuc/{state['result']['code']}/")
    again = api.post(f"/api/v1/delivery/dossiers/{dossier.pk}/return-desk/", body, format="json")
    assert again.status_code == 409
    # And the book lists it in JSON
    rows = api.get(
        "/api/v1/delivery/tracking-book/",
        {"agency": "hbt-bach-dang", "from": "2026-03-01", "to": "2026-03-31"},
    ).json()
    assert rows[0]["dossier_code"] == dossier.code
    assert rows[0]["recipient"] == "Nguyễn Văn An"


def test_scoping_answers_404_to_another_ward(api_client_for, user_named, world):
    dossier = processed_dossier(user_named)
    other = api_client_for("motcua.minhkhai")
    assert other.get(f"/api/v1/delivery/dossiers/{dossier.pk}/").status_code == 404
    assert other.get(f"/api/v1/delivery/dossiers/{dossier.pk}/result/").status_code == 404
    assert other.get(f"/api/v1/sync/dossiers/{dossier.code}/").status_code == 404
    period = {"from": "2026-03-01", "to": "2026-03-31"}
    page = other.get("/api/v1/sync/dossiers/", period).json()
    assert page["results"] == []
    book = other.get("/api/v1/delivery/tracking-book/", {**period, "agency": "hbt-bach-dang"})
    assert book.status_code == 404
    # a resident is not staff: no sync export
    assert (
        api_client_for("dan.nguyenvanan").get("/api/v1/sync/dossiers/", period).status_code == 403
    )


def test_owner_downloads_through_the_api_and_a_stranger_gets_404(api_client_for, user_named, world):
    dossier = processed_dossier(user_named)
    from motcua.accounts.models import User

    User.objects.create_user("dan.khac", "khac@example.vn", "x", is_resident=True)
    assert (
        api_client_for("dan.khac").get(f"/api/v1/delivery/my/{dossier.pk}/result/").status_code
        == 404
    )
    response = api_client_for("dan.nguyenvanan").get(f"/api/v1/delivery/my/{dossier.pk}/result/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert Dossier.objects.get(pk=dossier.pk).status == "result_returned"


def test_rating_with_the_secret_once(api_client_for, user_named, world):
    dossier = processed_dossier(user_named)
    from motcua.delivery.services import result_download

    result_download(user=user_named("dan.nguyenvanan"), dossier=dossier)
    api_client = api_client_for(None)
    body = {"code": dossier.code, "secret": dossier.tracking_secret, "value": "very_satisfied"}
    first = api_client.post("/api/v1/delivery/tracking/rating/", body, format="json")
    assert first.status_code == 201
    assert first.json()["value"] == "very_satisfied"
    second = api_client.post("/api/v1/delivery/tracking/rating/", body, format="json")
    assert second.status_code == 409
    wrong = api_client.post(
        "/api/v1/delivery/tracking/rating/", {**body, "secret": "ZZZZZZZZ"}, format="json"
    )
    assert wrong.status_code == 404
    # And the district leader counts it for the district's subtree
    got = (
        api_client_for("lanhdao.hbt")
        .get(
            "/api/v1/delivery/ratings/counts/",
            {"agency": "hbt", "from": "2026-01-01", "to": "2026-12-31"},
        )
        .json()
    )
    assert got["very_satisfied"] == 1
    assert got["total"] == 1


def test_sync_record_carries_the_portal_fields(api_client_for, user_named, world):
    # Given two dossiers of March, one returned at the desk
    returned = processed_dossier(user_named, key="a", day=9)
    processed_dossier(user_named, key="b", day=10)
    api = api_client_for("motcua.bachdang")
    api.post(
        f"/api/v1/delivery/dossiers/{returned.pk}/return-desk/",
        {
            "recipient_relation": "self",
            "recipient_name": "Nguyễn Văn An",
            "recipient_id_number": "001090012345",
        },
        format="json",
    )
    # When the sync export is read one record a page
    period = {"from": "2026-03-01", "to": "2026-03-31", "agency": "hbt-bach-dang", "limit": 1}
    first = api.get("/api/v1/sync/dossiers/", period).json()
    second = api.get("/api/v1/sync/dossiers/", {**period, "cursor": first["next_cursor"]}).json()
    # Then the cursor walks both dossiers once
    assert first["count"] == 1
    assert second["count"] == 1
    assert second["next_cursor"] is None
    record = first["results"][0]
    assert record["code"] == returned.code
    # And the record has the portal's facts
    assert record["procedure_code"] == "1.001193"
    assert record["receiving_agency"]["electronic_id"] == returned.receiving_agency.electronic_id
    assert record["channel"] == 2
    assert record["status"] == "result_returned"
    assert record["status_code"] == 10
    assert record["received_at"].startswith("2026-03-09T09:00:00")
    assert record["appointment_at"] is not None
    assert record["processing_ended_at"].startswith("2026-03-09T16:00:00")
    assert record["returned_at"] is not None
    assert record["return_mode"] == "desk"
    assert record["result"]["verification_url"].endswith("/")
    assert record["paid"] is False
    assert record["digitised"] is True
    assert [h["to_status"] for h in record["history"]] == [
        "submitted",
        "received",
        "processing",
        "processed",
        "result_returned",
    ]
    portal = record["dvcqg"]
    assert portal["MaHoSo"] == returned.code
    assert portal["KenhThucHien"] == 2
    assert portal["NgayTiepNhan"] == "20260309090000"
    assert portal["HinhThuc"] == 0
    # And the single record answers the same
    single = api.get(f"/api/v1/sync/dossiers/{returned.code}/").json()
    assert single["history"] == record["history"]
    # A forged cursor is a 400 naming the field
    bad = api.get("/api/v1/sync/dossiers/", {**period, "cursor": "!!"})
    assert bad.status_code == 400
    assert "cursor" in bad.json()["errors"]


def test_sync_export_command_writes_the_period(user_named, world, tmp_path):
    # Given two processed dossiers of March 2026 at Bạch Đằng
    first = processed_dossier(user_named, key="a", day=9)
    second = processed_dossier(user_named, key="b", day=10)
    out = tmp_path / "sync.json"
    # When the operator exports March for the district's subtree
    from django.core.management import call_command

    call_command(
        "sync_export",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "--agency",
        "hbt",
        "--out",
        str(out),
    )
    # Then the file is one JSON document with both records and their portal fields
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["count"] == 2
    assert [d["code"] for d in data["dossiers"]] == [first.code, second.code]
    assert data["dossiers"][0]["dvcqg"]["TrangThaiHoSo"] == 9
    # And a period before them exports nothing
    call_command("sync_export", "--from", "2026-02-01", "--to", "2026-02-28", "--out", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["count"] == 0


def test_guessing_secrets_through_the_rating_is_limited(
    api_client_for, user_named, world, settings
):
    # Given a limit of 3 tracking attempts a minute
    settings.MOTCUA_TRACKING_RATE_PER_MINUTE = 3
    dossier = processed_dossier(user_named)
    api = api_client_for(None)
    body = {"code": dossier.code, "secret": "WRONG123", "value": "satisfied"}
    # When someone keeps guessing the secret
    answers = [api.post("/api/v1/delivery/tracking/rating/", body, format="json") for _ in range(4)]
    # Then the fourth attempt is refused with 429 and Retry-After
    assert [a.status_code for a in answers] == [404, 404, 404, 429]
    assert int(answers[-1]["Retry-After"]) > 0
