"""The pages, as a resident and an officer use them (Django test client)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from motcua.feedback import services
from motcua.feedback.models import Feedback
from motcua.feedback.tests.factories import at, conduct_data

pytestmark = pytest.mark.django_db


def client_for(user_named, username):
    client = Client()
    client.force_login(user_named(username))
    return client


def form_data(**overrides):
    data = conduct_data(**overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_resident_sends_follows_and_sees_the_code_and_secret_once(demo_org):
    client = Client()
    # When an anonymous resident sends feedback
    response = client.post("/phan-anh-kien-nghi/gui/", form_data())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    # Then the code and the secret are shown
    case = Feedback.objects.get()
    assert case.code in page
    secret = re.search(r'data-testid="sent-secret">([A-Z0-9-]+)<', page).group(1)
    # And shown only once
    assert client.get("/phan-anh-kien-nghi/da-gui/").status_code == 302
    # When someone else follows with a wrong secret, they are told, and see nothing
    other = Client()
    wrong = other.post("/phan-anh-kien-nghi/theo-doi/", {"code": case.code, "secret": "AAAA-AAAA"})
    assert wrong.status_code == 400
    assert "không đúng" in wrong.content.decode()
    assert other.get(f"/phan-anh-kien-nghi/theo-doi/{case.code}/").status_code == 302
    # When they type the right code and secret (any case, with or without dash)
    ok = other.post(
        "/phan-anh-kien-nghi/theo-doi/", {"code": case.code.lower(), "secret": secret.lower()}
    )
    assert ok.status_code == 302
    detail = other.get(ok["Location"]).content.decode()
    assert case.title in detail
    assert "Mới tiếp nhận" in detail


def test_bad_input_is_explained_by_field_and_kept(demo_org):
    response = Client().post(
        "/phan-anh-kien-nghi/gui/",
        form_data(sender_email="binh@", sender_phone="", title="Tiêu đề giữ nguyên"),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Thư điện tử: Địa chỉ thư điện tử không đúng dạng" in page
    assert 'value="Tiêu đề giữ nguyên"' in page
    assert 'aria-describedby="id_sender_email-error"' in page
    assert 'id="id_sender_email-error"' in page
    assert not Feedback.objects.exists()


def test_too_many_wrong_secrets_are_refused(demo_org, settings):
    settings.MOTCUA_FEEDBACK_TRACKING_ATTEMPTS = 2
    sent = services.feedback_submit(actor=None, data=conduct_data())
    client = Client(REMOTE_ADDR="10.9.8.7")
    for _ in range(2):
        client.post("/phan-anh-kien-nghi/theo-doi/", {"code": sent.feedback.code, "secret": "x"})
    response = client.post(
        "/phan-anh-kien-nghi/theo-doi/", {"code": sent.feedback.code, "secret": sent.secret}
    )
    assert "quá nhiều lần" in response.content.decode()


def test_officer_handles_from_the_queue_to_publication(demo_org, user_named):
    sent = services.feedback_submit(actor=None, data=conduct_data())
    officer = client_for(user_named, "motcua.bachdang")
    # The new case is in the officer's "new" queue with a count
    queue = officer.get("/can-bo/phan-anh/").content.decode()
    assert sent.feedback.code in queue
    assert 'data-testid="count-moi">1<' in queue
    url = f"/can-bo/phan-anh/{sent.feedback.code}/"
    # Taking it, answering it
    assert officer.post(url + "nhan-xu-ly/", {"version": 1}).status_code == 302
    response = officer.post(url + "tra-loi/", {"answer": "Quá ngắn"})
    assert response.status_code == 400
    assert "Câu trả lời quá ngắn" in response.content.decode()
    response = officer.post(
        url + "tra-loi/",
        {"answer": "Phường đã kiểm tra và nhắc nhở cán bộ; liên hệ 0912345678 nếu cần."},
    )
    assert response.status_code == 302
    page = officer.get(url).content.decode()
    assert 'data-testid="auto-hidden"' in page
    case = Feedback.objects.get()
    # Publishing the reviewed text
    response = officer.post(
        url + "cong-khai/",
        {
            "version": case.version,
            "public_title": case.public_title,
            "public_content": case.public_content,
            "public_answer": case.public_answer,
        },
    )
    assert response.status_code == 302
    # The public page shows the answer without any personal data
    public = Client().get(f"/phan-anh-kien-nghi/{case.code}/").content.decode()
    assert "nhắc nhở cán bộ" in public
    for secret_bit in ("0912", "binh.tran", "001090012399", "Trần Văn Bình", "*********399"):
        assert secret_bit not in public
    listing = Client().get("/phan-anh-kien-nghi/?q=nhắc+nhở").content.decode()
    assert case.code in listing


def test_stale_form_shows_a_conflict_message(demo_org, user_named):
    sent = services.feedback_submit(actor=None, data=conduct_data())
    officer = client_for(user_named, "motcua.bachdang")
    url = f"/can-bo/phan-anh/{sent.feedback.code}/"
    officer.post(url + "nhan-xu-ly/", {"version": 1})
    response = officer.post(
        url + "tu-choi/",
        {"version": 1, "reason": "duplicate", "note": "Trùng phản ánh khác."},
        follow=True,
    )
    assert "vừa được người khác cập nhật" in response.content.decode()
    assert Feedback.objects.get().status == "processing"


def test_officer_of_another_ward_gets_404(demo_org, user_named):
    sent = services.feedback_submit(actor=None, data=conduct_data())
    other = client_for(user_named, "motcua.minhkhai")
    url = f"/can-bo/phan-anh/{sent.feedback.code}/"
    assert other.get(url).status_code == 404
    assert other.post(url + "nhan-xu-ly/", {}).status_code == 404
    assert other.post(url + "lien-he/").status_code == 404
    assert sent.feedback.code not in other.get("/can-bo/phan-anh/?hang=tat-ca").content.decode()
    # A resident has no staff pages at all
    assert client_for(user_named, "dan.nguyenvanan").get("/can-bo/phan-anh/").status_code == 404


def test_contact_is_revealed_on_request_and_only_to_the_handling_agency(demo_org, user_named):
    sent = services.feedback_submit(actor=None, data=conduct_data())
    url = f"/can-bo/phan-anh/{sent.feedback.code}/"
    officer = client_for(user_named, "motcua.bachdang")
    assert "binh.tran@example.vn" not in officer.get(url).content.decode()
    shown = officer.post(url + "lien-he/", HTTP_HX_REQUEST="true").content.decode()
    assert "binh.tran@example.vn" in shown
    assert "*********399" in shown
    assert "001090012399" not in shown
    supervisor = client_for(user_named, "giamsat.hdnd")
    assert supervisor.get(url).status_code == 200
    assert supervisor.post(url + "lien-he/").status_code == 403


def test_overdue_case_is_in_the_overdue_queue(demo_org, user_named):
    services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-01-05"))
    leader = client_for(user_named, "chutich.bachdang")
    page = leader.get("/can-bo/phan-anh/?hang=qua-han").content.decode()
    assert 'data-testid="count-qua-han">1<' in page
    assert "Quá hạn" in page


def test_indicator_page_shows_na_without_data(demo_org, user_named):
    page = client_for(user_named, "lanhdao.hbt").get(
        "/can-bo/phan-anh/chi-so/?agency=hbt&start=2026-01-01&end=2026-01-31"
    )
    assert page.status_code == 200
    assert 'data-testid="on-time">n/a<' in page.content.decode()
    bad = client_for(user_named, "lanhdao.hbt").get(
        "/can-bo/phan-anh/chi-so/?agency=hbt&start=2026-02-01&end=2026-01-01"
    )
    assert bad.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu" in bad.content.decode()


def test_sender_answers_a_request_and_rates_from_the_tracking_page(demo_org, user_named):
    sent = services.feedback_submit(actor=None, data=conduct_data())
    services.feedback_assign(actor=user_named("motcua.bachdang"), feedback=sent.feedback)
    services.feedback_request_info(
        actor=user_named("motcua.bachdang"),
        feedback=sent.feedback,
        question="Xin cho biết ngày bạn đến nộp hồ sơ.",
    )
    client = Client()
    client.post(
        "/phan-anh-kien-nghi/theo-doi/", {"code": sent.feedback.code, "secret": sent.secret}
    )
    base = f"/phan-anh-kien-nghi/theo-doi/{sent.feedback.code}/"
    page = client.get(base).content.decode()
    assert "Xin cho biết ngày" in page
    assert "Ngô Thị Hồng" not in page  # the officer who took it stays internal
    response = client.post(base + "bo-sung/", {"reply": "Ngày 10/02/2026 buổi sáng."})
    assert response.status_code == 302
    assert Feedback.objects.get().status == "processing"
    services.feedback_answer(actor=None, feedback=sent.feedback, answer="Phường đã xử lý xong.")
    assert client.post(base + "danh-gia/", {"rating": "dislike"}).status_code == 302
    page = client.get(base).content.decode()
    assert "Không hài lòng" in page
    # The signed-in sender sees their own cases; a resident without cases sees none
    mine = client_for(user_named, "dan.nguyenvanan").get("/phan-anh-kien-nghi/cua-toi/")
    assert "Bạn chưa gửi phản ánh nào" in mine.content.decode()
