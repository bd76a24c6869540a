"""The outbox: one message per dedupe key, sent after commit, retried, resent by an admin."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import transaction

from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage
from motcua.notifications.services import notification_enqueue, outbox_flush

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def enqueue(key: str = "dossier-1-received", **overrides: Any) -> OutboxMessage | None:
    arguments: dict[str, Any] = {
        "channel": "email",
        "to": "hoa@example.vn",
        "subject": "Hồ sơ của bạn đã được tiếp nhận",
        "template": "notifications/email/test.txt",
        "context": {"name": "Nguyễn Thị Hoa"},
        "dedupe_key": key,
    }
    arguments.update(overrides)
    return notification_enqueue(**arguments)


def test_same_dedupe_key_twice_sends_one_email():
    # When the same event is reported twice, in two transactions
    with transaction.atomic():
        first = enqueue()
    with transaction.atomic():
        second = enqueue()
    # Then one message exists and one e-mail left, with the rendered body
    assert first is not None
    assert second is not None
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Hồ sơ của bạn đã được tiếp nhận"
    assert "Xin chào Nguyễn Thị Hoa" in mail.outbox[0].body
    first.refresh_from_db()
    assert first.status == OutboxStatus.SENT
    assert first.sent_at is not None
    # And flushing later sends nothing again
    assert outbox_flush()["sent"] == 0
    assert len(mail.outbox) == 1


def test_nothing_is_sent_when_the_callers_transaction_rolls_back():
    class Boom(Exception):
        pass

    def change_that_fails() -> None:
        with transaction.atomic():
            enqueue()
            raise Boom

    # When the change that reported the event fails after enqueueing
    with pytest.raises(Boom):
        change_that_fails()
    # Then no message exists and nothing was sent
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []
