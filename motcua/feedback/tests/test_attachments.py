"""Files sent with feedback: checked by the documents app, readable by the sender and the
handling agency only, a refused file leaves nothing behind."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from motcua.core.models import AuditEvent
from motcua.feedback import services
from motcua.feedback.models import Feedback, FeedbackAttachment
from motcua.feedback.tests.factories import conduct_data

pytestmark = pytest.mark.django_db


def png(name="giay-hen.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def fake_pdf():
    return SimpleUploadedFile(
        "giay-to.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )


def test_a_hostile_file_is_refused_and_nothing_is_written(demo_org):
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(actor=None, data=conduct_data(), files=[png(), fake_pdf()])
    assert "giay-to.pdf" in err.value.message_dict["attachments"][0]
    assert not Feedback.objects.exists()
    assert not FeedbackAttachment.objects.exists()


def test_too_many_files_are_refused(demo_org):
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(
            actor=None, data=conduct_data(), files=[png(f"{i}.png") for i in range(6)]
        )
    assert "tối đa 5 tệp" in err.value.message_dict["attachments"][0]


def test_files_reach_the_handling_agency_and_the_sender_only(demo_org, user_named):
    # Given feedback sent from the page with a photo of the appointment slip
    client = Client()
    data = conduct_data()
    response = client.post("/phan-anh-kien-nghi/gui/", {**data, "attachments": [png()]})
    assert response.status_code == 302
    case = Feedback.objects.get()
    attachment = case.attachments.get()
    # Then the sender can open it from the tracking page
    track = client.get(f"/phan-anh-kien-nghi/theo-doi/{case.code}/").content.decode()
    assert "giay-hen.png" in track
    own = client.get(f"/phan-anh-kien-nghi/theo-doi/{case.code}/tep/{attachment.file_id}/")
    assert own.status_code == 200
    assert own["Content-Type"] == "image/png"
    # And the ward's officer too, each download audited
    officer = Client()
    officer.force_login(user_named("motcua.bachdang"))
    url = f"/can-bo/phan-anh/{case.code}/tep/{attachment.file_id}/"
    assert officer.get(url).status_code == 200
    assert AuditEvent.objects.filter(action="feedback.attachment_view").count() == 1
    # But not another ward, a supervisor or a stranger
    other = Client()
    other.force_login(user_named("motcua.minhkhai"))
    assert other.get(url).status_code == 404
    supervisor = Client()
    supervisor.force_login(user_named("giamsat.hdnd"))
    assert supervisor.get(url).status_code == 403
    stranger = Client()
    assert (
        stranger.get(
            f"/phan-anh-kien-nghi/theo-doi/{case.code}/tep/{attachment.file_id}/"
        ).status_code
        == 404
    )


def test_api_submit_with_a_refused_file_answers_400(api_client_for):
    response = api_client_for(None).post(
        "/api/v1/feedback/", {**conduct_data(), "attachments": [fake_pdf()]}, format="multipart"
    )
    assert response.status_code == 400
    assert "giay-to.pdf" in response.json()["errors"]["attachments"][0]
    assert not Feedback.objects.exists()
    ok = api_client_for(None).post(
        "/api/v1/feedback/", {**conduct_data(), "attachments": [png()]}, format="multipart"
    )
    assert ok.status_code == 201
    officer = api_client_for("motcua.bachdang")
    detail = officer.get(f"/api/v1/feedback/cases/{ok.json()['code']}/").json()
    assert [a["name"] for a in detail["attachments"]] == ["giay-hen.png"]
    file_id = detail["attachments"][0]["id"]
    download = officer.get(f"/api/v1/feedback/cases/{ok.json()['code']}/attachments/{file_id}/")
    assert download.status_code == 200, download.content[:300]
