"""Reminders to officers and e-mails to senders, each sent once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.feedback import services
from motcua.feedback.constants import Queue
from motcua.feedback.models import FeedbackReminder
from motcua.feedback.selectors import feedback_queue
from motcua.feedback.tests.factories import at, conduct_data

pytestmark = pytest.mark.django_db


def outbox():
    from motcua.notifications.models import OutboxMessage

    return OutboxMessage.objects.order_by("id")


def test_sender_gets_an_email_for_a_request_an_answer_and_a_refusal(demo_org, user_named):
    officer = user_named("motcua.bachdang")
    first = services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-03-02"))
    services.feedback_request_info(
        actor=officer,
        feedback=first.feedback,
        question="Xin cho biết ngày bạn đến nộp hồ sơ.",
        at=at("2026-03-03"),
    )
    services.feedback_provide_info(
        feedback=first.feedback,
        reply="Ngày 10 tháng 2, buổi sáng.",
        secret=first.secret,
        at=at("2026-03-04"),
    )
    services.feedback_answer(
        actor=officer,
        feedback=first.feedback,
        answer="Phường đã nhắc nhở cán bộ tiếp nhận hồ sơ.",
        at=at("2026-03-05"),
    )
    second = services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-03-02"))
    services.feedback_refuse(
        actor=officer,
        feedback=second.feedback,
        reason="duplicate",
        note="Trùng với phản ánh đã gửi trước.",
        at=at("2026-03-03"),
    )
    subjects = [(m.recipient, m.subject) for m in outbox()]
    assert subjects == [
        (
            "binh.tran@example.vn",
            f"Phản ánh {first.feedback.code}: cơ quan đề nghị bổ sung thông tin",
        ),
        ("binh.tran@example.vn", f"Phản ánh {first.feedback.code} đã được trả lời"),
        ("binh.tran@example.vn", f"Phản ánh {second.feedback.code} không được tiếp nhận"),
    ]
    assert "Phường đã nhắc nhở cán bộ" in outbox()[1].body


def test_reminders_go_once_per_case_state_and_day(demo_org, user_named):
    # Given one case overdue (received in January) and one due the next working day
    overdue = services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-01-05"))
    services.feedback_assign(
        actor=user_named("motcua.bachdang"), feedback=overdue.feedback, at=at("2026-01-06")
    )
    services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-03-02"))  # due 23/3
    now = at("2026-03-20", "08:30")  # Friday: 23/3 is the next working day
    assert feedback_queue(user=user_named("chutich.bachdang"), queue=Queue.AT_RISK, now=now)
    # When the reminder command runs twice the same morning
    out = StringIO()
    call_command("feedback_remind", "--at", "2026-03-20T08:30+07:00", stdout=out)
    call_command("feedback_remind", "--at", "2026-03-20T09:30+07:00", stdout=out)
    # Then each case was reminded once, the second run sent nothing
    assert "reminders sent: 2 (overdue 1, at risk 1)" in out.getvalue()
    assert "reminders sent: 0" in out.getvalue()
    assert set(FeedbackReminder.objects.values_list("state", flat=True)) == {"overdue", "at_risk"}
    # The ward's officers (desk officer, specialist, leader) got one e-mail each per case
    recipients = sorted(m.recipient for m in outbox())
    assert recipients == sorted(
        [
            "motcua.bachdang@motcua.invalid",
            "tuphap.bachdang@motcua.invalid",
            "chutich.bachdang@motcua.invalid",
        ]
        * 2
    )
    # And the next working day the overdue case is reminded again
    call_command("feedback_remind", "--at", "2026-03-23T08:30+07:00", stdout=out)
    assert FeedbackReminder.objects.filter(state="overdue").count() == 2
    timeline = overdue.feedback.events.filter(kind="reminded")
    assert timeline.count() == 2
    assert not timeline.first().visible_to_sender


def test_remind_rejects_a_bad_instant(demo_org):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("feedback_remind", "--at", "hôm qua", stdout=StringIO())
