"""Feedback API for everyone: send, follow with code and secret, published answers."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.feedback import access, selectors, services
from motcua.feedback.api.common import (
    CHANGE_ERRORS,
    ConflictAware,
    _submitted,
    _user_or_none,
)
from motcua.feedback.api.serializers import (
    FeedbackProvideInfoSerializer,
    FeedbackPublishedSerializer,
    FeedbackRateSerializer,
    FeedbackRepeatSerializer,
    FeedbackSenderCaseSerializer,
    FeedbackSubmitSerializer,
    FeedbackSubmittedSerializer,
    FeedbackTrackSerializer,
)
from motcua.feedback.codes import normalise_code
from motcua.feedback.constants import TRANSITIONS
from motcua.feedback.models import Feedback
from motcua.organizations.api.serializers import ErrorSerializer


class SubmitView(APIView):
    """Send feedback; anonymous senders give a name and an e-mail or phone."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="feedback_submit",
        request=FeedbackSubmitSerializer,
        responses={201: FeedbackSubmittedSerializer, 400: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        body = FeedbackSubmitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        files = data.pop("attachments", [])
        sent = services.feedback_submit(actor=_user_or_none(request), data=data, files=files)
        return _submitted(request, sent)


class PublishedListView(GenericAPIView[Feedback]):
    """Published answers, newest first, with personal data removed."""

    permission_classes = [permissions.AllowAny]
    queryset = Feedback.objects.none()
    serializer_class = FeedbackPublishedSerializer

    @extend_schema(
        operation_id="feedback_published_list",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words to search for."),
            OpenApiParameter("agency", OpenApiTypes.STR, description="Agency code (subtree)."),
        ],
    )
    def get(self, request: Request) -> Response:
        cases = selectors.feedback_published(
            query=request.query_params.get("q", "")[:200],
            agency_code=request.query_params.get("agency", ""),
        )
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(FeedbackPublishedSerializer(page, many=True).data)


class PublishedDetailView(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="feedback_published_get",
        responses={200: FeedbackPublishedSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        return Response(
            FeedbackPublishedSerializer(selectors.feedback_published_get(code=code)).data
        )


def _sender_view(case: Feedback) -> dict[str, Any]:
    case.can_rate = case.status in TRANSITIONS["rate"] and not case.rating  # type: ignore[attr-defined]
    case.can_repeat = (  # type: ignore[attr-defined]
        case.status in TRANSITIONS["repeat"] and not case.repeats.exists()
    )
    return dict(FeedbackSenderCaseSerializer(case).data)


class TrackView(APIView):
    """Open one's own case with its code and secret (or signed in as the sender)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="feedback_track",
        request=FeedbackTrackSerializer,
        responses={200: FeedbackSenderCaseSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        body = FeedbackTrackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = normalise_code(body.validated_data["code"])
        address = access.client_address(request)
        if not access.attempts_left(code, address):
            return validation_response(
                {"secret": ["Bạn đã nhập sai quá nhiều lần. Hãy thử lại sau 15 phút."]},
                status_code=429,
            )
        case = selectors.feedback_for_sender(
            code=code, secret=body.validated_data["secret"], user=_user_or_none(request)
        )
        if case is None:
            access.record_failure(code, address)
            raise Http404("feedback")
        return Response(_sender_view(case))


class MyFeedbackView(APIView):
    @extend_schema(operation_id="feedback_mine", responses=FeedbackSenderCaseSerializer(many=True))
    def get(self, request: Request) -> Response:
        cases = selectors.feedback_of_sender(user=request_user(request))[:200]
        return Response([_sender_view(c) for c in cases])


class _SenderAction(ConflictAware, APIView):
    permission_classes = [permissions.AllowAny]

    def _case(self, request: Request, code: str, secret: str) -> Feedback:
        case = selectors.feedback_for_sender(
            code=code, secret=secret or None, user=_user_or_none(request)
        )
        if case is None:
            raise Http404("feedback")
        return case


class ProvideInfoView(_SenderAction):
    @extend_schema(
        operation_id="feedback_provide_information",
        request=FeedbackProvideInfoSerializer,
        responses={200: FeedbackSenderCaseSerializer, **CHANGE_ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        body = FeedbackProvideInfoSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        secret = body.validated_data.get("secret", "")
        case = services.feedback_provide_info(
            feedback=self._case(request, code, secret),
            reply=body.validated_data["reply"],
            actor=_user_or_none(request),
            secret=secret or None,
            files=body.validated_data.get("attachments", []),
        )
        return Response(_sender_view(case))


class RateView(_SenderAction):
    @extend_schema(
        operation_id="feedback_rate",
        request=FeedbackRateSerializer,
        responses={200: FeedbackSenderCaseSerializer, **CHANGE_ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        body = FeedbackRateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        secret = body.validated_data.get("secret", "")
        case = services.feedback_rate(
            feedback=self._case(request, code, secret),
            rating=body.validated_data["rating"],
            actor=_user_or_none(request),
            secret=secret or None,
        )
        return Response(_sender_view(case))


class RepeatView(_SenderAction):
    @extend_schema(
        operation_id="feedback_repeat",
        request=FeedbackRepeatSerializer,
        responses={201: FeedbackSubmittedSerializer, **CHANGE_ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        body = FeedbackRepeatSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        secret = body.validated_data.get("secret", "")
        sent = services.feedback_repeat(
            feedback=self._case(request, code, secret),
            content=body.validated_data["content"],
            actor=_user_or_none(request),
            secret=secret or None,
        )
        return _submitted(request, sent)
