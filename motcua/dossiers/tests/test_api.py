"""The dossier API: resident side, desk side, tracking; errors in one shape, never a 500."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.documents.models import StoredFile
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import stored_blobs
from motcua.dossiers.tests.files import broken_pdf, exe_bytes, pdf_bomb, pdf_bytes, zip_bomb
from motcua.dossiers.tests.helpers import BIRTH_FORM, EXTRACT_FORM, pdf_text, submitted

pytestmark = pytest.mark.django_db


def _online(api, key: str | None, **extra):  # type: ignore[no-untyped-def]
    data = {
        "procedure": "1.001193",
        "agency": "hbt-bach-dang",
        "applicant_email": "an@example.vn",
        "eform": json.dumps(BIRTH_FORM),
        "component": ["1", "2"],
        "file": [
            SimpleUploadedFile("to-khai.pdf", pdf_bytes("To khai")),
            SimpleUploadedFile("chung-sinh.pdf", pdf_bytes("Chung sinh")),
        ],
        **extra,
    }
    headers = {"Idempotency-Key": key} if key else {}
    return api.post("/api/v1/dossiers/online/", data, format="multipart", headers=headers)


def test_one_request_filing_is_idempotent_on_its_key(api_client_for, intake_catalogue):
    api = api_client_for("dan.nguyenvanan")
    first = _online(api, "k-123")
    again = _online(api, "k-123")
    assert first.status_code == 201, first.json()
    assert again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["status"] == Status.SUBMITTED
    assert Dossier.objects.count() == 1
    assert StoredFile.objects.count() == 2 + 0  # the retry stored nothing new


def test_draft_flow_through_the_api(api_client_for, intake_catalogue):
    api = api_client_for("dan.nguyenvanan")
    created = api.post(
        "/api/v1/dossiers/",
        {"procedure": "2.000635", "agency": "hbt-bach-dang", "eform": EXTRACT_FORM},
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["fee_amount"] == 24000
    pk = body["id"]
    patched = api.patch(
        f"/api/v1/dossiers/{pk}/",
        {"eform": {**EXTRACT_FORM, "so_ban": 1}, "revision": body["revision"]},
        format="json",
    )
    assert patched.json()["fee_amount"] == 8000
    stale = api.patch(
        f"/api/v1/dossiers/{pk}/",
        {"eform": EXTRACT_FORM, "revision": body["revision"]},
        format="json",
    )
    assert stale.status_code == 409
    component = patched.json()["components"][0]["id"]
    upload = api.post(
        f"/api/v1/dossiers/{pk}/files/",
        {"component": component, "file": SimpleUploadedFile("a.pdf", pdf_bytes())},
        format="multipart",
    )
    assert upload.status_code == 201
    submitted_ = api.post(f"/api/v1/dossiers/{pk}/submit/", headers={"Idempotency-Key": "d-1"})
    assert submitted_.status_code == 200, submitted_.json()
    assert submitted_.json()["code"]
    mine = api.get("/api/v1/dossiers/").json()
    assert [d["id"] for d in mine["results"]] == [pk]


def test_submitting_an_incomplete_draft_answers_400_with_field_errors(
    api_client_for, intake_catalogue
):
    api = api_client_for("dan.nguyenvanan")
    pk = api.post(
        "/api/v1/dossiers/", {"procedure": "1.001193", "agency": "hbt-bach-dang"}, format="json"
    ).json()["id"]
    response = api.post(f"/api/v1/dossiers/{pk}/submit/")
    body = response.json()
    assert response.status_code == 400
    assert "eform.ho_ten_tre" in body["errors"]
    assert "files" in body["errors"]
    assert Dossier.objects.get(pk=pk).status == Status.DRAFT


HOSTILE = [
    ("exe", "giay.pdf", exe_bytes()),
    ("zip-bomb", "to-khai.docx", zip_bomb()),
    ("pdf-bomb", "bomb.pdf", pdf_bomb()),
    ("broken", "hong.pdf", broken_pdf()),
    ("traversal", "../../../../tmp/x.pdf", b"#!/bin/sh\nrm -rf /\n"),
]


@pytest.mark.parametrize(("label", "name", "content"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_uploads_answer_4xx_and_store_nothing(
    api_client_for, intake_catalogue, settings, label, name, content
):
    api = api_client_for("dan.nguyenvanan")
    draft = api.post(
        "/api/v1/dossiers/",
        {"procedure": "1.001193", "agency": "hbt-bach-dang", "eform": BIRTH_FORM},
        format="json",
    ).json()
    attach = api.post(
        f"/api/v1/dossiers/{draft['id']}/files/",
        {"component": draft["components"][0]["id"], "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    one_shot = _online(
        api,
        f"h-{label}",
        file=[SimpleUploadedFile(name, content), SimpleUploadedFile("b.pdf", pdf_bytes())],
    )
    for response in (attach, one_shot):
        assert 400 <= response.status_code < 500, response.content
        body = response.json()
        assert body["detail"]
        assert body["errors"]
    assert StoredFile.objects.count() == 0
    assert Dossier.objects.count() == 1  # the draft, intact; the one-shot left nothing
    assert Dossier.objects.get().eform_data == {**BIRTH_FORM, "dang_ky_dung_han": False}
    assert stored_blobs(settings.MEDIA_ROOT) == []


def test_oversized_upload_answers_413(api_client_for, intake_catalogue, settings):
    settings.MOTCUA_DOSSIER_FILE_MAX_BYTES = 100_000
    api = api_client_for("dan.nguyenvanan")
    draft = api.post(
        "/api/v1/dossiers/", {"procedure": "1.001193", "agency": "hbt-bach-dang"}, format="json"
    ).json()
    response = api.post(
        f"/api/v1/dossiers/{draft['id']}/files/",
        {
            "component": draft["components"][0]["id"],
            "file": SimpleUploadedFile("lon.pdf", pdf_bytes(pad_to=300_000)),
        },
        format="multipart",
    )
    assert response.status_code == 413
    assert "file" in response.json()["errors"]


def test_desk_api_receives_checks_scans_accepts_and_prints(api_client_for, intake_catalogue):
    api = api_client_for("motcua.bachdang")
    created = api.post(
        "/api/v1/desk/dossiers/",
        {
            "procedure": "1.001193",
            "competent_agency": "hbt-bach-dang",
            "channel": "1",
            "applicant": {"name": "Phạm Thu Trang", "id_number": "001195008888"},
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    pk = body["id"]
    rows = {c["order"]: c["id"] for c in body["components"]}
    early = api.post(f"/api/v1/desk/dossiers/{pk}/accept/", {}, format="json")
    assert early.status_code == 400  # nothing received yet
    for order in (1, 2):
        scan = api.post(
            f"/api/v1/desk/dossiers/{pk}/scans/",
            {"component": rows[order], "file": SimpleUploadedFile("s.pdf", pdf_bytes())},
            format="multipart",
        )
        assert scan.status_code == 201
    checked = api.post(
        f"/api/v1/desk/dossiers/{pk}/checklist/",
        {
            "components": [
                {
                    "id": rows[3],
                    "received": True,
                    "original_seen": True,
                    "copy_kind": "present_original",
                    "quantity": 1,
                }
            ]
        },
        format="json",
    )
    assert checked.status_code == 200
    accepted = api.post(f"/api/v1/desk/dossiers/{pk}/accept/", {}, format="json")
    assert accepted.status_code == 200
    code = accepted.json()["code"]
    assert accepted.json()["slips"] == ["01"]
    slip = api.get(f"/api/v1/desk/dossiers/{pk}/slips/01/")
    assert slip["Content-Type"] == "application/pdf"
    assert code in pdf_text(slip.content)
    again = api.post(
        f"/api/v1/desk/dossiers/{pk}/refuse/",
        {"reason": "Không hợp lệ theo quy định"},
        format="json",
    )
    assert again.status_code == 409
    assert again.json()["detail"]


def test_desk_supplement_and_refusal_through_the_api(api_client_for, user_named, intake_catalogue):
    resident = user_named("dan.nguyenvanan")
    one = submitted(resident, key="a")
    two = submitted(resident, key="b")
    api = api_client_for("motcua.bachdang")
    queue = api.get("/api/v1/desk/queue/").json()
    assert [d["id"] for d in queue] == [one.pk, two.pk]  # oldest first
    row = one.components.get(order=2)
    supp = api.post(
        f"/api/v1/desk/dossiers/{one.pk}/supplement/",
        {"items": [{"component": row.pk, "reason": "Thiếu trang 2"}], "note": "Nộp lại bản rõ"},
        format="json",
    )
    assert supp.status_code == 200
    assert supp.json()["status"] == Status.SUPPLEMENT_REQUESTED
    assert "Thiếu trang 2" in pdf_text(api.get(f"/api/v1/desk/dossiers/{one.pk}/slips/02/").content)
    empty = api.post(f"/api/v1/desk/dossiers/{two.pk}/supplement/", {"items": []}, format="json")
    assert empty.status_code == 400
    refused = api.post(
        f"/api/v1/desk/dossiers/{two.pk}/refuse/",
        {"reason": "Không thuộc thẩm quyền giải quyết của phường"},
        format="json",
    )
    assert refused.status_code == 200
    assert "thẩm quyền" in pdf_text(api.get(f"/api/v1/desk/dossiers/{two.pk}/slips/03/").content)
    mine = api_client_for("dan.nguyenvanan")
    assert mine.get(f"/api/v1/dossiers/{two.pk}/slips/03/").status_code == 200
    assert mine.get(f"/api/v1/dossiers/{two.pk}/slips/01/").status_code == 404


def test_officer_of_another_ward_gets_404_in_the_api(api_client_for, user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    other = api_client_for("motcua.minhkhai")
    for url in (
        f"/api/v1/desk/dossiers/{dossier.pk}/",
        f"/api/v1/desk/dossiers/{dossier.pk}/slips/01/",
    ):
        assert other.get(url).status_code == 404
    assert other.post(f"/api/v1/desk/dossiers/{dossier.pk}/accept/", {}).status_code == 404
    assert other.get("/api/v1/desk/queue/").json() == []
    assert (
        api_client_for("xungkich.bachdang").get(f"/api/v1/dossiers/{dossier.pk}/").status_code
        == 404
    )
    assert api_client_for(None).get("/api/v1/dossiers/").status_code in (401, 403)


def test_tracking_api_and_its_rate_limit(api_client_for, user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    public = api_client_for(None)
    ok = public.get("/api/v1/tracking/", {"code": dossier.code, "secret": dossier.tracking_secret})
    assert ok.status_code == 200
    assert ok.json()["status"] == Status.SUBMITTED
    assert "applicant_id_number" not in ok.json()
    owner = api_client_for("dan.nguyenvanan").get("/api/v1/tracking/", {"code": dossier.code})
    assert owner.status_code == 200
    assert public.get("/api/v1/tracking/", {"code": dossier.code}).status_code == 404
    for _ in range(30):
        public.get("/api/v1/tracking/", {"code": dossier.code, "secret": "X"})
    limited = public.get("/api/v1/tracking/", {"code": dossier.code, "secret": "X"})
    assert limited.status_code == 429
    assert limited["Retry-After"]


def test_queue_reads_a_constant_number_of_queries(api_client_for, user_named, intake_catalogue):
    resident = user_named("dan.nguyenvanan")
    submitted(resident, key="q1")
    api = api_client_for("motcua.bachdang")
    with CaptureQueriesContext(connection) as one:
        api.get("/api/v1/desk/queue/")
    for i in range(5):
        submitted(resident, key=f"q{i + 2}")
    with CaptureQueriesContext(connection) as six:
        assert len(api.get("/api/v1/desk/queue/").json()) == 6
    assert len(six.captured_queries) == len(one.captured_queries)


def test_malformed_one_request_filing_answers_400_not_500(api_client_for, intake_catalogue):
    api = api_client_for("dan.nguyenvanan")
    bad_json = _online(api, "m1", eform="{not json")
    assert bad_json.status_code == 400
    assert "eform" in bad_json.json()["errors"]
    mismatch = _online(api, "m2", component=["1"])
    assert mismatch.status_code == 400
    assert "component" in mismatch.json()["errors"]
    unknown = _online(api, "m3", procedure="9.999999")
    assert unknown.status_code == 400
    assert "procedure" in unknown.json()["errors"]
    too_long = _online(api, "m4", applicant_name="A" * 500)
    assert too_long.status_code == 400
    assert Dossier.objects.count() == 0
