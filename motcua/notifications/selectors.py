"""Reads of the outbox, scoped to the administrators of the agencies it was sent for."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.models import User
from motcua.notifications.constants import OutboxStatus
from motcua.notifications.models import OutboxMessage
from motcua.organizations.constants import Role
from motcua.organizations.selectors import agency_list_for_user


def outbox_list_for_user(*, user: User) -> QuerySet[OutboxMessage]:
    """Messages an administrator may see: those of agencies in their subtree (all: superuser).

    Messages sent in no agency's name (account e-mails) are the system administrator's.
    """
    if not user.is_authenticated:
        return OutboxMessage.objects.none()
    if user.is_superuser:
        return OutboxMessage.objects.all()
    agency_ids = agency_list_for_user(user=user, roles=[Role.ADMIN]).values("pk")
    return OutboxMessage.objects.filter(agency_id__in=agency_ids)


def outbox_failures_for_user(*, user: User) -> QuerySet[OutboxMessage]:
    """Failed messages (retrying or given up), newest failure first."""
    return (
        outbox_list_for_user(user=user)
        .filter(status=OutboxStatus.FAILED)
        .order_by("-created_at", "-pk")
    )


def outbox_get_for_user(*, user: User, pk: int) -> OutboxMessage:
    from django.http import Http404

    message = outbox_list_for_user(user=user).filter(pk=pk).first()
    if message is None:
        raise Http404("message")
    return message


def user_manages_notifications(*, user: User) -> bool:
    return user.is_authenticated and (
        user.is_superuser or agency_list_for_user(user=user, roles=[Role.ADMIN]).exists()
    )
