"""The processing API: queues, detail, actions, 409 on a lost race, 404 outside scope."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.processing.tests.helpers import accepted, local, started, step

pytestmark = pytest.mark.django_db


def test_queue_claim_complete_and_conflict(world, api_client_for):
    # Given a transferred birth registration
    dossier = started(at=local(2026, 3, 9, 9))
    specialist = api_client_for("tuphap.bachdang")
    # When the specialist lists the unit queue
    r = specialist.get("/api/v1/processing/queues/unit/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["dossier_code"] == dossier.code
    assert row["state"] == "open"
    revision = Dossier.objects.get(pk=dossier.pk).revision
    # And claims the step
    r = specialist.post(
        f"/api/v1/processing/steps/{row['id']}/claim/", {"revision": revision}, format="json"
    )
    assert r.status_code == 200
    assert r.json()["assignee"] == "tuphap.bachdang"
    # Then the leader, acting on the same page, gets 409 with a message
    leader = api_client_for("chutich.bachdang")
    r = leader.post(
        f"/api/v1/processing/steps/{row['id']}/claim/", {"revision": revision}, format="json"
    )
    assert r.status_code == 409
    assert "tải lại trang" in r.json()["detail"].lower()
    # And completing without a note is a 400 naming the field
    r = specialist.post(f"/api/v1/processing/steps/{row['id']}/complete/", {}, format="json")
    assert r.status_code == 400
    assert "note" in r.json()["errors"]
    r = specialist.post(
        f"/api/v1/processing/steps/{row['id']}/complete/",
        {"note": "Đủ điều kiện"},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["state"] == "done"
    # And the counts and the dossier's detail follow
    counts = leader.get("/api/v1/processing/counts/").json()
    assert counts["unit"] == 1  # the leader's signature step waits for her
    detail = leader.get(f"/api/v1/processing/dossiers/{dossier.pk}/").json()
    assert [s["state"] for s in detail["steps"]] == ["done", "done", "open", "waiting"]
    assert len(detail["handovers"]) == 2
    r = leader.get(f"/api/v1/processing/dossiers/{dossier.pk}/form-05.pdf")
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"


def test_other_wards_officer_gets_404(world, api_client_for):
    dossier = started()
    other = api_client_for("motcua.minhkhai")
    assert other.get(f"/api/v1/processing/dossiers/{dossier.pk}/").status_code == 404
    step_id = step(dossier, 2).pk
    assert other.post(f"/api/v1/processing/steps/{step_id}/claim/", {}).status_code == 404
    assert other.get("/api/v1/processing/queues/unit/").json()["count"] == 0


def test_desk_starts_processing_through_the_api(world, api_client_for):
    dossier = accepted()
    desk = api_client_for("motcua.bachdang")
    r = desk.post(f"/api/v1/processing/dossiers/{dossier.pk}/start/", {}, format="json")
    assert r.status_code == 201
    assert r.json()["process"]["dossier_status"] == "processing"
    # a second transfer is a conflict
    r = desk.post(f"/api/v1/processing/dossiers/{dossier.pk}/start/", {}, format="json")
    assert r.status_code == 409
