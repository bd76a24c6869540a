"""Background sending of outbox messages (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from motcua.notifications.services import outbox_send


@task()
def send_outbox_message(message_id: int) -> str:
    """Send one outbox message if it is still due; safe to run twice (see ``outbox_send``)."""
    return outbox_send(message_id=message_id)
