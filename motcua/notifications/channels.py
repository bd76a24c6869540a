"""Ways a message leaves the system. A channel is any class with a ``name`` and ``send``.

To add one (SMS gateway, Zalo OA, …): write a class with ``name = "sms"`` and
``send(self, message)`` that delivers ``message.recipient`` / ``.subject`` / ``.body`` and
raises on failure (any exception counts as a failed attempt and is retried), then list its
dotted path in the ``MOTCUA_NOTIFICATION_CHANNELS`` setting. ``send`` may be called more than
once for one message (at-least-once delivery); use ``message.dedupe_key`` or ``message.pk`` as
the provider's idempotency key where it has one.
"""

from __future__ import annotations

from functools import cache
from typing import Protocol, runtime_checkable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.utils import DNS_NAME
from django.utils.module_loading import import_string

from motcua.notifications.models import OutboxMessage


@runtime_checkable
class Channel(Protocol):
    name: str

    def send(self, message: OutboxMessage) -> None: ...


class EmailChannel:
    """E-mail through Django's configured backend (``EMAIL_URL``), from ``DEFAULT_FROM_EMAIL``."""

    name = "email"

    def send(self, message: OutboxMessage) -> None:
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            # A stable Message-ID lets mail clients fold a duplicate of an at-least-once send.
            headers={"Message-ID": f"<outbox.{message.pk}@{DNS_NAME}>"},
            connection=get_connection(timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 30),
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        email.send(fail_silently=False)


@cache
def _load(paths: tuple[str, ...]) -> dict[str, Channel]:
    channels: dict[str, Channel] = {}
    for path in paths:
        channel = import_string(path)()
        channels[channel.name] = channel
    return channels


def channel_registry() -> dict[str, Channel]:
    """Channels named in ``MOTCUA_NOTIFICATION_CHANNELS``, by their ``name``."""
    return _load(tuple(settings.MOTCUA_NOTIFICATION_CHANNELS))


def channel_get(name: str) -> Channel:
    try:
        return channel_registry()[name]
    except KeyError:
        raise ValueError(
            f"Notification channel {name!r} is not configured; "
            f"MOTCUA_NOTIFICATION_CHANNELS has {sorted(channel_registry())}"
        ) from None
