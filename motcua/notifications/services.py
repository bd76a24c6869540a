"""Writing to the outbox and sending from it.

A message is written in the transaction of the change that causes it
(:func:`notification_enqueue`), so it exists exactly when the change does, and sending is
queued only after that transaction commits. Sending is at least once: a worker *claims* a due
message (row lock, then pushes ``next_attempt_at`` past a lease and counts the attempt,
committed before any network call), sends it, then records the outcome. A crash between
sending and recording makes it send again after the lease; nothing is ever lost.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import QuerySet
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.notifications.channels import channel_get
from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage

logger = logging.getLogger(__name__)

#: How long a claimed message is hidden from other workers while one sends it.
CLAIM_LEASE = dt.timedelta(minutes=5)
_DUE_STATUSES = (OutboxStatus.PENDING, OutboxStatus.FAILED)


def _render(template: str, context: dict[str, Any]) -> tuple[str, str]:
    body = render_to_string(template, context).strip()
    html = ""
    if template.endswith(".txt"):
        sibling = template[: -len(".txt")] + ".html"
        try:
            html = get_template(sibling).render(context).strip()
        except TemplateDoesNotExist:
            html = ""
    return body, html


def _schedule(message_id: int, *, at: dt.datetime | None = None) -> None:
    """Queue the sending task (after the surrounding transaction commits)."""
    from motcua.notifications.tasks import send_outbox_message

    def enqueue() -> None:
        task = send_outbox_message
        if at is not None:
            from django_tasks import default_task_backend

            if not default_task_backend.supports_defer:
                return  # `manage.py outbox_flush` picks it up when due
            task = task.using(run_after=at)
        try:
            task.enqueue(message_id)
        except Exception:  # a queue hiccup must not undo the caller's committed change
            logger.exception(
                "outbox: could not queue message %s; outbox_flush will send it", message_id
            )

    transaction.on_commit(enqueue)


def notification_enqueue(
    *,
    channel: str,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    agency_id: int | None = None,
    related: models.Model | None = None,
) -> OutboxMessage | None:
    """Write one message to the outbox; sent after the caller's transaction commits.

    Call it inside the transaction of the change it reports. ``template`` is a Django template
    path for the plain-text body (a ``.txt`` template may have an ``.html`` sibling, used as
    the HTML alternative); it is rendered now, with ``context``. With a ``dedupe_key`` already
    in the outbox the existing message is returned and nothing is added or sent again.
    Returns None (and writes nothing) when ``to`` is empty: the person has no address in this
    channel. Callers check consent for optional notifications (``accounts.selectors``).
    """
    to = (to or "").strip()
    if not to:
        return None
    channel_get(channel)  # an unknown channel is a programming error: fail loudly
    existing = OutboxMessage.objects.filter(dedupe_key=dedupe_key).first()
    if existing is not None:
        return existing
    body, body_html = _render(template, context)
    message = OutboxMessage(
        channel=channel,
        recipient=to,
        subject=" ".join(subject.split())[:255],
        body=body,
        body_html=body_html,
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
        agency_id=agency_id,
        related_type=related._meta.label_lower if related is not None else "",
        related_id=str(related.pk) if related is not None else "",
    )
    try:
        with transaction.atomic():
            message.save()
    except IntegrityError:
        # Enqueued by a concurrent transaction with the same key a moment ago.
        return OutboxMessage.objects.get(dedupe_key=dedupe_key)
    _schedule(message.pk)
    return message


def _backoff(attempts: int) -> dt.timedelta:
    base = settings.MOTCUA_NOTIFY_RETRY_SECONDS
    return dt.timedelta(seconds=base * (2 ** max(attempts - 1, 0)))


def _locked(queryset: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
    if connection.features.has_select_for_update_skip_locked:
        return queryset.select_for_update(skip_locked=True)
    return queryset.select_for_update()


def _claim(message_id: int) -> OutboxMessage | None:
    now = timezone.now()
    with transaction.atomic():
        message = (
            _locked(OutboxMessage.objects.filter(pk=message_id))
            .filter(status__in=_DUE_STATUSES, next_attempt_at__lte=now)
            .first()
        )
        if message is None:  # sent, given up, not yet due, or being sent by another worker
            return None
        message.attempts += 1
        message.next_attempt_at = now + CLAIM_LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message


def outbox_send(*, message_id: int) -> str:
    """Send one due message once; returns "sent", "retry", "failed" or "skipped".

    Safe to run twice and from many workers: a message that is sent, not due, or claimed by
    another worker is skipped.
    """
    message = _claim(message_id)
    if message is None:
        return "skipped"
    error = ""
    try:
        channel_get(message.channel).send(message)
    except Exception as exc:  # any failure of a channel is recorded and retried
        error = f"{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    with transaction.atomic():
        row = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if not error:
            row.status = OutboxStatus.SENT
            row.sent_at = now
            row.next_attempt_at = None
            row.last_error = ""
            outcome = "sent"
        else:
            row.status = OutboxStatus.FAILED
            row.last_error = error
            if row.attempts >= settings.MOTCUA_NOTIFY_MAX_ATTEMPTS:
                row.next_attempt_at = None
                outcome = "failed"
            else:
                row.next_attempt_at = now + _backoff(row.attempts)
                outcome = "retry"
                _schedule(row.pk, at=row.next_attempt_at)
        row.save(update_fields=["status", "sent_at", "next_attempt_at", "last_error"])
    if error:
        logger.warning(
            "outbox: message %s via %s failed (attempt %s): %s",
            row.pk,
            row.channel,
            row.attempts,
            error,
        )
    return outcome


def outbox_due(*, now: dt.datetime | None = None) -> QuerySet[OutboxMessage]:
    """Messages waiting to be sent or retried whose time has come."""
    now = now or timezone.now()
    return OutboxMessage.objects.filter(
        status__in=_DUE_STATUSES, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")


def outbox_flush(*, limit: int | None = None) -> dict[str, int]:
    """Send every due message now (cron, or sites without a worker); counts by outcome."""
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0}
    ids = list(outbox_due().values_list("pk", flat=True)[:limit])
    for message_id in ids:
        counts[outbox_send(message_id=message_id)] += 1
    return counts


def _user_may_manage(user: User, message: OutboxMessage) -> bool:
    from motcua.notifications.selectors import outbox_list_for_user

    return outbox_list_for_user(user=user).filter(pk=message.pk).exists()


@transaction.atomic
def notification_resend(*, actor: User, message: OutboxMessage) -> OutboxMessage:
    """Send a message again now: an administrator's answer to a failure (audited)."""
    if not _user_may_manage(actor, message):
        raise PermissionDenied(_("Bạn không có quyền gửi lại thông báo này."))
    row = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if row.status == OutboxStatus.PENDING and row.attempts == 0:
        raise ValidationError(
            {"status": _("Thông báo này đang chờ gửi lần đầu, chưa cần gửi lại.")}
        )
    before = {
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "sent_at": row.sent_at,
    }
    row.status = OutboxStatus.PENDING
    row.attempts = 0
    row.next_attempt_at = timezone.now()
    row.save(update_fields=["status", "attempts", "next_attempt_at"])
    audit_record(
        actor=actor,
        action="notification.resend",
        obj=row,
        agency_id=row.agency_id,
        data={"before": before, "channel": row.channel, "dedupe_key": row.dedupe_key},
    )
    _schedule(row.pk)
    return row
