from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.core.http import request_user
from motcua.notifications import selectors, services
from motcua.notifications.api.serializers import (
    OutboxMessageDetailSerializer,
    OutboxMessageSerializer,
)
from motcua.notifications.models import OutboxMessage
from motcua.organizations.api.serializers import ErrorSerializer


@extend_schema_view(
    list=extend_schema(
        operation_id="notifications_list",
        summary="Outbox messages of the agencies the caller administers",
        responses={200: OutboxMessageSerializer(many=True), 403: ErrorSerializer},
    ),
    retrieve=extend_schema(
        operation_id="notifications_retrieve",
        responses={200: OutboxMessageDetailSerializer, 404: ErrorSerializer},
    ),
)
class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[OutboxMessage]
):
    """The notification outbox, for agency administrators (their subtree) and superusers."""

    filterset_fields = ["status", "channel"]
    queryset = OutboxMessage.objects.none()

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return OutboxMessageSerializer
        return OutboxMessageDetailSerializer

    def get_queryset(self) -> QuerySet[OutboxMessage]:
        user = request_user(self.request)
        if not selectors.user_manages_notifications(user=user):
            raise PermissionDenied("Chỉ quản trị cơ quan xem được thông báo gửi đi.")
        return selectors.outbox_list_for_user(user=user).order_by("-created_at", "-pk")

    @extend_schema(
        operation_id="notifications_resend",
        request=None,
        responses={200: OutboxMessageDetailSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def resend(self, request: Request, pk: str) -> Response:
        """Queue the message to be sent again now (audited)."""
        message = self.get_object()
        message = services.notification_resend(actor=request_user(request), message=message)
        return Response(OutboxMessageDetailSerializer(message).data)
