"""The processing API: queues, detail, actions, 409 on a lost race, 404 outside scope."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.processing.tests.helpers import accepted, local, started, step, user

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


def test_supplement_form_04_stop_and_step_files_through_the_api(world, api_client_for):
    from motcua.dossiers.tests.helpers import upload
    from motcua.processing.tests.helpers import BUILDING

    # Given a building permit with the office's specialist working the appraisal
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    specialist = api_client_for("chuyenvien.qldt")
    appraisal = step(dossier, 2)
    assert specialist.post(f"/api/v1/processing/steps/{appraisal.pk}/claim/").status_code == 200
    # When they complete it with a file (multipart)
    r = specialist.post(
        f"/api/v1/processing/steps/{appraisal.pk}/complete/",
        {"note": "Biên bản kiểm tra hiện trường", "files": [upload("bien-ban.pdf")]},
        format="multipart",
    )
    assert r.status_code == 200
    # Then the file is kept on the step and downloadable by staff who see the dossier
    from django.test import Client

    from motcua.processing.models import StepFile

    attached = StepFile.objects.get(step=appraisal)
    page = Client()
    page.force_login(user("lanhdao.hbt"))
    url = f"/can-bo/xu-ly/ho-so/{dossier.pk}/tep/{attached.stored_file_id}/"
    assert page.get(url).status_code == 200
    outsider = Client()
    outsider.force_login(user("motcua.minhkhai"))
    assert outsider.get(url).status_code == 404
    # When the district leader asks for a supplement through the API
    leader = api_client_for("lanhdao.hbt")
    r = leader.post(
        f"/api/v1/processing/dossiers/{dossier.pk}/supplement/",
        {"items": [{"name": "Bản vẽ mặt bằng", "reason": "Thiếu kích thước lô đất"}]},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["process"]["state"] == "paused"
    # A second one without a reason is a 400 naming the field (after the first resumes)
    from motcua.dossiers import services as dossier_services

    dossier_services.dossier_supplement_complete(actor=user("motcua.hbt"), dossier=dossier)
    r = leader.post(
        f"/api/v1/processing/dossiers/{dossier.pk}/supplement/",
        {"items": [{"name": "Bản vẽ", "reason": "Sai tỷ lệ bản vẽ"}]},
        format="json",
    )
    assert r.status_code == 400
    assert "reason" in r.json()["errors"]
    # Form 04 through the API
    r = leader.post(
        f"/api/v1/processing/dossiers/{dossier.pk}/delay-notice/",
        {"reason": "Chờ ý kiến Sở Xây dựng", "new_appointment_at": "2099-01-05T17:00:00+07:00"},
        format="json",
    )
    assert r.status_code == 201
    assert r.json()["number"].endswith("/XLHS")
    # A specialist may not stop processing; the leader may
    r = specialist.post(
        f"/api/v1/processing/dossiers/{dossier.pk}/stop/",
        {"reason": "Người đề nghị xin dừng"},
        format="json",
    )
    assert r.status_code == 403
    r = leader.post(
        f"/api/v1/processing/dossiers/{dossier.pk}/stop/",
        {"reason": "Người đề nghị xin dừng để điều chỉnh thiết kế"},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["process"]["dossier_status"] == "stopped"
