"""What the feedback API views share: error responses, the 409 for conflicts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.urls import reverse
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.accounts.models import User
from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.feedback.api.serializers import (
    FeedbackSubmittedSerializer,
)
from motcua.feedback.services import FeedbackConflict, Submitted
from motcua.organizations.api.serializers import ErrorSerializer

_F = TypeVar("_F", bound=Callable[..., Any])
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
CHANGE_ERRORS = {**ERRORS, 409: ErrorSerializer}


class ConflictAware:
    """Turn a lost race or a stale version into 409 with the usual error body."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, FeedbackConflict):
            return validation_response({"status": [exc.message]}, status_code=409)
        return super().handle_exception(exc)  # type: ignore[misc,no-any-return]


def _user_or_none(request: Request) -> User | None:
    return request_user(request) if request.user and request.user.is_authenticated else None


def _submitted(request: Request, sent: Submitted) -> Response:
    case = sent.feedback
    data = {
        "code": case.code,
        "secret": sent.secret_display,
        "agency": case.agency.code,
        "handle_due": case.handle_due,
        "tracking_url": request.build_absolute_uri(reverse("feedback:track") + f"?ma={case.code}"),
    }
    return Response(FeedbackSubmittedSerializer(data).data, status=status.HTTP_201_CREATED)
