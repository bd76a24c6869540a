"""Feedback journeys in the browser: sent → answered in time → published → rated; an overdue
case in the officer's queue; a refused case seen by its sender on a phone. Every page is
checked with axe (WCAG 2.1 AA) and photographed."""

from __future__ import annotations

import re

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = (
    "Tôi là Trần Văn Bình, điện thoại 0912 345 678. Cán bộ một cửa hẹn tôi quay lại ba lần "
    "mà không ghi rõ còn thiếu giấy tờ gì."
)


def sign_out(page):
    # The phone layout folds the menu; forgetting the session is the same as signing out.
    page.context.clear_cookies()


def test_feedback_sent_answered_published_and_rated(page, demo_org):
    # Given a resident without an account on the feedback page
    page.goto("/phan-anh-kien-nghi/")
    assert_accessible(page)
    screenshot(page, "feedback-index")
    page.get_by_role("link", name="Gửi phản ánh, kiến nghị").click()
    # When they send it without a contact, they are told what to fix, and keep what they typed
    page.get_by_label("Cán bộ, công chức của một cơ quan").check()
    page.get_by_label("Hành vi, thái độ của cán bộ, công chức").check()
    page.get_by_label("Cơ quan", exact=True).select_option("hbt-bach-dang")
    page.get_by_label("Tiêu đề").fill("Cán bộ một cửa hẹn lại nhiều lần")
    page.get_by_label("Nội dung").fill(CONTENT)
    page.get_by_label("Họ và tên").fill("Trần Văn Bình")
    page.get_by_role("button", name="Gửi phản ánh", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "thư điện tử hoặc số điện thoại" in page.get_by_test_id("form-errors").inner_text()
    assert page.get_by_label("Tiêu đề").input_value() == "Cán bộ một cửa hẹn lại nhiều lần"
    assert_accessible(page)
    screenshot(page, "feedback-send-errors")
    page.get_by_label("Thư điện tử").fill("binh.tran@example.vn")
    page.get_by_role("button", name="Gửi phản ánh", exact=True).click()
    page.wait_for_load_state("networkidle")
    # Then they get a code and a secret
    code = page.get_by_test_id("sent-code").inner_text().strip()
    secret = page.get_by_test_id("sent-secret").inner_text().strip()
    assert re.match(r"^PA-\d{6}-\d{4}$", code)
    assert_accessible(page)
    screenshot(page, "feedback-sent")

    # When the ward's one-stop officer opens the new queue
    sign_in(page, "motcua.bachdang")
    page.goto("/can-bo/phan-anh/")
    assert page.get_by_test_id("count-moi").inner_text() == "1"
    assert_accessible(page)
    screenshot(page, "feedback-staff-queue")
    page.get_by_role("link", name=code).click()
    assert_accessible(page)
    screenshot(page, "feedback-staff-case-new")
    # And takes it, answers it
    page.get_by_role("button", name="Nhận xử lý", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Đã nhận xử lý" in page.get_by_role("status").inner_text()
    page.get_by_label("Câu trả lời", exact=True).fill(
        "Phường đã kiểm tra và nhắc nhở cán bộ. Ông Trần Văn Bình vui lòng gọi 0912345678 "
        "để được hẹn lại, có phiếu hướng dẫn đầy đủ."
    )
    page.get_by_role("button", name="Gửi câu trả lời", exact=True).click()
    page.wait_for_load_state("networkidle")
    # Then the public version is proposed with personal data removed, for review
    public_answer = page.get_by_label("Câu trả lời công khai").input_value()
    assert "0912345678" not in public_answer
    assert "Trần Văn Bình" not in public_answer
    assert "0912 345 678" not in page.get_by_label("Nội dung công khai").input_value()
    assert_accessible(page)
    screenshot(page, "feedback-staff-review")
    # The officer reveals the contact on purpose (logged), then publishes
    page.get_by_role("button", name="Xem thông tin liên hệ").click()
    assert "binh.tran@example.vn" in page.get_by_test_id("contact").inner_text()
    page.get_by_role("button", name="Công khai", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Đã trả lời và công khai" in page.get_by_test_id("status").inner_text()
    assert_accessible(page)
    screenshot(page, "feedback-staff-published")
    sign_out(page)

    # When the resident follows the case with code and secret
    page.goto("/phan-anh-kien-nghi/theo-doi/")
    page.get_by_label("Mã phản ánh").fill(code)
    page.get_by_label("Mã bí mật").fill(secret)
    page.get_by_role("button", name="Xem phản ánh").click()
    page.wait_for_load_state("networkidle")
    assert "nhắc nhở cán bộ" in page.get_by_test_id("answer").inner_text()
    assert_accessible(page)
    screenshot(page, "feedback-track-answered")
    # And likes the answer
    page.get_by_role("button", name="Hài lòng", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Hài lòng" in page.get_by_test_id("rating").inner_text()
    assert page.get_by_role("button", name="Hài lòng", exact=True).count() == 0

    # Then the public page shows the answer and none of the sender's details
    page.goto(f"/phan-anh-kien-nghi/{code}/")
    body = page.locator("main").inner_text()
    assert "nhắc nhở cán bộ" in body
    for personal in ("0912", "binh.tran", "Trần Văn Bình"):
        assert personal not in body
    assert_accessible(page)
    screenshot(page, "feedback-published")
    page.goto("/phan-anh-kien-nghi/?q=nhắc+nhở")
    assert code in page.locator("main").inner_text()


def test_overdue_case_in_the_leaders_queue_and_the_indicators(page, demo_org):
    from motcua.feedback.services import feedback_submit
    from motcua.feedback.tests.factories import at, conduct_data

    # Given a case received in January and never handled
    sent = feedback_submit(actor=None, data=conduct_data(), at=at("2026-01-05"))
    # When the ward's chair opens the overdue queue
    sign_in(page, "chutich.bachdang")
    page.goto("/can-bo/phan-anh/")
    page.get_by_test_id("tab-qua-han").click()
    page.wait_for_load_state("networkidle")
    # Then the case is there, marked overdue
    row = page.get_by_role("row").filter(has_text=sent.feedback.code)
    assert "Quá hạn" in row.inner_text()
    assert page.get_by_test_id("count-qua-han").inner_text() == "1"
    assert_accessible(page)
    screenshot(page, "feedback-staff-overdue")
    # And the indicator counts it as not handled on time
    page.goto("/can-bo/phan-anh/chi-so/?agency=hbt-bach-dang&start=2026-01-01&end=2026-03-31")
    assert page.get_by_test_id("on-time").inner_text() == "0,00%"
    assert page.get_by_test_id("satisfaction").inner_text() == "n/a"
    assert_accessible(page)
    screenshot(page, "feedback-indicators")


def test_refused_case_on_a_phone(mobile_page, demo_org):
    from motcua.feedback.services import feedback_submit
    from motcua.feedback.tests.factories import conduct_data

    page = mobile_page
    sent = feedback_submit(actor=None, data=conduct_data(title="Phản ánh trùng lặp"))
    # When the officer refuses without explaining, the form says what is missing
    sign_in(page, "motcua.bachdang")
    page.goto(f"/can-bo/phan-anh/{sent.feedback.code}/")
    page.locator("summary", has_text="Từ chối tiếp nhận").click()
    page.get_by_label("Lý do từ chối").select_option("duplicate")
    page.get_by_label("Giải thích cho người gửi").fill("Trùng")
    page.get_by_role("button", name="Từ chối", exact=True).click()
    page.wait_for_load_state("networkidle")
    error = page.locator("#refuse_note-error")
    assert "quá ngắn" in error.inner_text()
    assert page.get_by_label("Giải thích cho người gửi").get_attribute("aria-invalid") == "true"
    assert_accessible(page)
    screenshot(page, "feedback-staff-refuse-error-mobile")
    page.get_by_label("Giải thích cho người gửi").fill(
        "Trùng nội dung với phản ánh PA-260301-0003 đang được xử lý."
    )
    page.get_by_role("button", name="Từ chối", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "Từ chối tiếp nhận" in page.get_by_test_id("status").inner_text()
    sign_out(page)
    # Then the sender sees the refusal and its reason on their phone
    page.goto(f"/phan-anh-kien-nghi/theo-doi/?ma={sent.feedback.code}")
    page.get_by_label("Mã bí mật").fill(sent.secret)
    page.get_by_role("button", name="Xem phản ánh").click()
    page.wait_for_load_state("networkidle")
    assert "Trùng với phản ánh" in page.get_by_test_id("refusal-reason").inner_text()
    assert_accessible(page)
    screenshot(page, "feedback-track-refused-mobile")
