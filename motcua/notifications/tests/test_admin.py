"""Administrators see their subtree's failed notifications and resend them (page and API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from motcua.core.models import AuditEvent
from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage
from motcua.organizations.constants import Role
from motcua.organizations.services import role_grant

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(small_tree: dict[str, Any], django_user_model: Any, settings: Any) -> dict[str, Any]:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    make = django_user_model.objects.create
    ward_admin = make(username="quantri.bachdang")
    district_admin = make(username="quantri.hbt")
    officer = make(username="motcua.bachdang")
    role_grant(actor=None, user=ward_admin, role=Role.ADMIN, agency=small_tree["hbt-bach-dang"])
    role_grant(actor=None, user=district_admin, role=Role.ADMIN, agency=small_tree["hbt"])
    role_grant(actor=None, user=officer, role=Role.DESK_OFFICER, agency=small_tree["hbt-bach-dang"])
    return {"ward_admin": ward_admin, "district_admin": district_admin, "officer": officer}


def failed_message(agency: Any, key: str) -> OutboxMessage:
    """A message that failed five times and was given up."""
    return OutboxMessage.objects.create(
        channel="email",
        recipient=f"{key}@example.vn",
        subject=f"Hồ sơ {key} đã được tiếp nhận",
        body="…",
        dedupe_key=key,
        status=OutboxStatus.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 mailbox unavailable",
        next_attempt_at=None,
        agency_id=agency.pk,
    )


def test_ward_admin_sees_own_failures_and_resends(
    client, people, small_tree, django_capture_on_commit_callbacks
):
    # Given failures in two wards
    mine = failed_message(small_tree["hbt-bach-dang"], "bach-dang-1")
    failed_message(small_tree["hbt-nguyen-du"], "nguyen-du-1")
    client.force_login(people["ward_admin"])
    # When the ward's administrator opens the outbox page
    page = client.get(reverse("notifications:outbox")).content.decode()
    # Then only their ward's failure shows, with its error and attempts
    assert "bach-dang-1@example.vn" in page
    assert "550 mailbox unavailable" in page
    assert "nguyen-du-1@example.vn" not in page
    # When they press "Gửi lại"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[mine.pk]), follow=True)
    # Then it is sent again, the page says so, and the audit trail records who did it
    assert "vào hàng đợi gửi lại" in response.content.decode()
    mine.refresh_from_db()
    assert mine.status == OutboxStatus.SENT
    event = AuditEvent.objects.get(action="notification.resend")
    assert event.actor == people["ward_admin"]
    assert event.data["before"]["attempts"] == 5


def test_other_wards_messages_cannot_be_resent_by_guessing_ids(client, people, small_tree):
    theirs = failed_message(small_tree["hbt-nguyen-du"], "nguyen-du-1")
    client.force_login(people["ward_admin"])
    response = client.post(reverse("notifications:resend", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == OutboxStatus.FAILED


def test_district_admin_sees_every_ward_below(client, people, small_tree):
    failed_message(small_tree["hbt-bach-dang"], "bach-dang-1")
    failed_message(small_tree["hbt-nguyen-du"], "nguyen-du-1")
    client.force_login(people["district_admin"])
    page = client.get(reverse("notifications:outbox")).content.decode()
    assert "bach-dang-1@example.vn" in page
    assert "nguyen-du-1@example.vn" in page


def test_officers_without_admin_role_are_turned_away(client, people):
    client.force_login(people["officer"])
    assert client.get(reverse("notifications:outbox")).status_code == 403


def test_api_lists_scoped_failures_and_resends(
    people, small_tree, django_capture_on_commit_callbacks
):
    mine = failed_message(small_tree["hbt-bach-dang"], "bach-dang-1")
    theirs = failed_message(small_tree["hbt-nguyen-du"], "nguyen-du-1")
    api = APIClient()
    api.force_authenticate(people["ward_admin"])
    listed = api.get("/api/v1/notifications/", {"status": "failed"})
    assert listed.status_code == 200
    assert [m["id"] for m in listed.json()["results"]] == [mine.pk]
    assert listed.json()["results"][0]["gave_up"] is True
    assert api.post(f"/api/v1/notifications/{theirs.pk}/resend/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        resent = api.post(f"/api/v1/notifications/{mine.pk}/resend/")
    assert resent.status_code == 200
    mine.refresh_from_db()
    assert mine.status == OutboxStatus.SENT
    officer = APIClient()
    officer.force_authenticate(people["officer"])
    denied = officer.get("/api/v1/notifications/")
    assert denied.status_code == 403
    assert "detail" in denied.json()
