"""The outbox: one message per dedupe key, sent after commit, retried, resent by an admin."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction
from django.utils import timezone

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


class BrokenChannel:
    """A channel whose provider is down."""

    name = "email"
    calls = 0

    def send(self, message: OutboxMessage) -> None:
        BrokenChannel.calls += 1
        raise ConnectionRefusedError("smtp.example.vn:25 refused the connection")


@pytest.fixture
def broken_email(settings: Any) -> Any:
    from motcua.notifications.channels import _load

    BrokenChannel.calls = 0
    settings.MOTCUA_NOTIFICATION_CHANNELS = [f"{__name__}.BrokenChannel"]
    _load.cache_clear()
    yield BrokenChannel
    _load.cache_clear()


def make_due(message: OutboxMessage) -> None:
    OutboxMessage.objects.filter(pk=message.pk, next_attempt_at__isnull=False).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def test_failing_channel_is_retried_with_growing_waits_then_marked_failed(broken_email, settings):
    # Given at most 3 attempts and a provider that is down
    settings.MOTCUA_NOTIFY_MAX_ATTEMPTS = 3
    settings.MOTCUA_NOTIFY_RETRY_SECONDS = 60
    with transaction.atomic():
        message = enqueue()
    assert message is not None
    # Then the first attempt (right after commit) fails and a retry is scheduled a minute on
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.FAILED, 1)
    assert "refused the connection" in message.last_error
    first_wait = message.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < first_wait <= dt.timedelta(seconds=60)
    # And nothing is sent again before it is due
    assert outbox_flush()["retry"] == 0
    # When the retries come due, the wait doubles, then it gives up
    make_due(message)
    assert outbox_flush() == {"sent": 0, "retry": 1, "failed": 0, "skipped": 0}
    message.refresh_from_db()
    assert message.next_attempt_at - timezone.now() > dt.timedelta(seconds=110)
    make_due(message)
    assert outbox_flush()["failed"] == 1
    message.refresh_from_db()
    assert message.attempts == 3
    assert message.gave_up
    assert broken_email.calls == 3
    # And once given up, flushing leaves it alone
    assert outbox_flush() == {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}


def test_sending_twice_is_harmless():
    from motcua.notifications.tasks import send_outbox_message

    with transaction.atomic():
        message = enqueue()
    assert message is not None
    # When a second worker runs the same task after the first sent it
    result = send_outbox_message.call(message.pk)
    assert result == "skipped"
    assert len(mail.outbox) == 1


def test_no_address_means_no_message():
    with transaction.atomic():
        assert enqueue(to="  ") is None
    assert OutboxMessage.objects.count() == 0


def test_html_sibling_template_becomes_the_html_alternative(tmp_path, settings):
    templates = tmp_path / "templates" / "notifications" / "email"
    templates.mkdir(parents=True)
    (templates / "hello.txt").write_text("Xin chào {{ name }}")
    (templates / "hello.html").write_text("<p>Xin chào <b>{{ name }}</b></p>")
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path / "templates", *settings.TEMPLATES[0]["DIRS"]]}
    ]
    with transaction.atomic():
        message = enqueue(template="notifications/email/hello.txt", key="html-1")
    assert message is not None
    sent = mail.outbox[0]
    assert sent.body == "Xin chào Nguyễn Thị Hoa"
    assert sent.alternatives[0][0] == "<p>Xin chào <b>Nguyễn Thị Hoa</b></p>"


def test_message_arrives_at_a_real_smtp_server_with_a_vietnamese_subject(smtp_server):
    # Given Django's e-mail going to an SMTP server on the loopback interface
    # When a notification is enqueued and its transaction commits
    with transaction.atomic():
        enqueue(subject="Thông báo: hồ sơ 000.00.07.H26-230519-0001 đã có kết quả")
    # Then the server received it, subject and body intact
    [received] = smtp_server.wait_for(1)
    # (a long encoded subject is folded onto a continuation line: readers drop the fold)
    assert received["Subject"].strip() == "Thông báo: hồ sơ 000.00.07.H26-230519-0001 đã có kết quả"
    assert received["To"] == "hoa@example.vn"
    assert received["From"] == settings.DEFAULT_FROM_EMAIL
    assert "Xin chào Nguyễn Thị Hoa" in received.get_content()
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT


def test_smtp_server_down_is_recorded_as_a_failure(settings):
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port
    with transaction.atomic():
        message = enqueue()
    assert message is not None
    message.refresh_from_db()
    assert message.status == OutboxStatus.FAILED
    assert "ConnectionRefused" in message.last_error
