"""A ward administrator resends a failed notification, and it reaches the mail server."""

from __future__ import annotations

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_resends_a_failed_notification_and_it_arrives(page, demo_org, smtp_server, settings):
    from motcua.notifications.constants import OutboxStatus
    from motcua.notifications.models import OutboxMessage

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Given a receipt notice that failed five times for the ward of Bạch Đằng
    OutboxMessage.objects.create(
        channel="email",
        recipient="hoa@example.vn",
        subject="Hồ sơ 000.00.07.H26-230519-0001 đã được tiếp nhận",
        body="Kính gửi bà Nguyễn Thị Hoa, hồ sơ của bà đã được tiếp nhận.",
        dedupe_key="dossier:1:event:1:email",
        status=OutboxStatus.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        agency_id=demo_org["hbt-bach-dang"].pk,
    )
    # When the ward's administrator opens the outbox page
    sign_in(page, "quantri.bachdang")
    page.goto("/can-bo/thong-bao/")
    # Then the failure is listed with its error and attempts
    table = page.get_by_test_id("outbox")
    assert "hoa@example.vn" in table.inner_text()
    assert "Connection unexpectedly closed" in table.inner_text()
    assert_accessible(page)
    screenshot(page, "desk-outbox-failures")
    # When they press "Gửi lại"
    page.get_by_role("button", name="Gửi lại").first.click()
    page.wait_for_load_state("networkidle")
    # Then the page confirms, and the mail server received it with its Vietnamese subject
    assert "vào hàng đợi gửi lại" in page.get_by_role("status").inner_text()
    [received] = smtp_server.wait_for(1)
    assert received["Subject"].strip() == "Hồ sơ 000.00.07.H26-230519-0001 đã được tiếp nhận"
    assert page.get_by_test_id("outbox-empty").is_visible()
    assert_accessible(page)
