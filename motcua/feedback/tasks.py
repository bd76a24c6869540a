"""Background work of the feedback app (django-tasks; safe to run twice)."""

from __future__ import annotations

from django_tasks import task

from motcua.feedback.integrations import send_plain_email


@task()
def feedback_email_send(*, to: str, subject: str, body: str) -> None:
    """Send one e-mail to a sender or an officer (used when the notifications app is absent)."""
    send_plain_email(to=to, subject=subject, body=body)


@task()
def feedback_remind_run() -> int:
    """The same work as ``manage.py feedback_remind``, for a worker schedule.

    Reminders are unique per case, state, limit and day, so a second run on the same day
    sends nothing new.
    """
    from motcua.feedback.services import feedback_send_reminders

    return len(feedback_send_reminders().sent)
