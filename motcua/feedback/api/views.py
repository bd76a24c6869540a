"""Feedback API: send and follow (public), published answers (public), staff handling and
indicators (scoped to the caller's agencies; another agency's case answers 404)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.http import Http404
from django.http.response import HttpResponseBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.feedback import access, selectors, services
from motcua.feedback.api.serializers import (
    QUEUE_CHOICES,
    FeedbackAnswerSerializer,
    FeedbackAssignSerializer,
    FeedbackContactSerializer,
    FeedbackCountsSerializer,
    FeedbackIndicatorsSerializer,
    FeedbackProvideInfoSerializer,
    FeedbackPublishedSerializer,
    FeedbackPublishSerializer,
    FeedbackRateSerializer,
    FeedbackReclassifySerializer,
    FeedbackRefuseSerializer,
    FeedbackRepeatSerializer,
    FeedbackRequestInfoSerializer,
    FeedbackSenderCaseSerializer,
    FeedbackStaffCaseSerializer,
    FeedbackStaffListSerializer,
    FeedbackSubmitSerializer,
    FeedbackSubmittedSerializer,
    FeedbackTrackSerializer,
    FeedbackTransferSerializer,
)
from motcua.feedback.codes import normalise_code
from motcua.feedback.constants import TRANSITIONS, Queue
from motcua.feedback.indicators import Ratio
from motcua.feedback.models import Feedback
from motcua.feedback.services import FeedbackConflict, Submitted
from motcua.organizations.api.serializers import ErrorSerializer
from motcua.organizations.models import Agency

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


# --- staff ---------------------------------------------------------------------------------


def _with_state(case: Feedback) -> Feedback:
    case.deadline_state = selectors.deadline_state(case).state  # type: ignore[attr-defined]
    return case


class CaseListView(GenericAPIView[Feedback]):
    """A work queue of the caller's agencies."""

    queryset = Feedback.objects.none()

    serializer_class = FeedbackStaffListSerializer

    @extend_schema(
        operation_id="feedback_cases_list",
        parameters=[
            OpenApiParameter(
                "queue", OpenApiTypes.STR, enum=QUEUE_CHOICES, description="Default new."
            ),
            OpenApiParameter("q", OpenApiTypes.STR, description="Code, title or dossier code."),
            OpenApiParameter("agency", OpenApiTypes.STR, description="Agency code (subtree)."),
        ],
        responses={200: FeedbackStaffListSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        queue = request.query_params.get("queue", Queue.NEW)
        if queue not in QUEUE_CHOICES:
            return validation_response({"queue": [f"Chọn một trong: {', '.join(QUEUE_CHOICES)}."]})
        agency = None
        if request.query_params.get("agency"):
            agency = (
                selectors.indicator_agencies(user=user)
                .filter(code=request.query_params["agency"])
                .first()
            )
            if agency is None:
                raise Http404("agency")
        cases = selectors.feedback_queue(
            user=user,
            queue=queue,
            query=request.query_params.get("q", "")[:100],
            agency=agency,
        )
        page = self.paginate_queryset(cases) or []
        for case, state in selectors.deadline_states(page):
            case.deadline_state = state.state  # type: ignore[attr-defined]
        return self.get_paginated_response(FeedbackStaffListSerializer(page, many=True).data)


class CaseCountsView(APIView):
    @extend_schema(operation_id="feedback_cases_counts", responses=FeedbackCountsSerializer)
    def get(self, request: Request) -> Response:
        return Response(selectors.feedback_queue_counts(user=request_user(request)))


class CaseDetailView(APIView):
    @extend_schema(
        operation_id="feedback_cases_get",
        responses={200: FeedbackStaffCaseSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        case = selectors.feedback_get_for_user(user=request_user(request), code=code)
        return Response(FeedbackStaffCaseSerializer(_with_state(case)).data)


class ContactView(APIView):
    """The sender's contact for the handling agency's staff; every call is audited."""

    @extend_schema(
        operation_id="feedback_cases_contact", responses={200: FeedbackContactSerializer, **ERRORS}
    )
    def get(self, request: Request, code: str) -> Response:
        user = request_user(request)
        case = selectors.feedback_get_for_user(user=user, code=code)
        shown = services.feedback_contact_view(actor=user, feedback=case)
        return Response(FeedbackContactSerializer(shown.__dict__).data)


class AttachmentView(APIView):
    """One attached file, for the handling agency's staff; every download is audited."""

    @extend_schema(
        operation_id="feedback_cases_attachment",
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, **ERRORS},
    )
    def get(self, request: Request, code: str, file_id: uuid.UUID) -> HttpResponseBase:
        user = request_user(request)
        case = selectors.feedback_get_for_user(user=user, code=code)
        stored = services.feedback_attachment_open(feedback=case, attachment_id=file_id, actor=user)
        return stored_file_response(stored)


class _StaffAction(ConflictAware, APIView):
    body_class: type[Any]

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        raise NotImplementedError

    def post(self, request: Request, code: str) -> Response:
        user = request_user(request)
        case = selectors.feedback_get_for_user(user=user, code=code)
        body = self.body_class(data=request.data)
        body.is_valid(raise_exception=True)
        case = self.run(user, case, dict(body.validated_data))
        return Response(FeedbackStaffCaseSerializer(_with_state(case)).data)


def _action_schema(name: str, body: type[Any]) -> Callable[[_F], _F]:
    return extend_schema(
        operation_id=f"feedback_cases_{name}",
        request=body,
        responses={200: FeedbackStaffCaseSerializer, **CHANGE_ERRORS},
    )


class AssignView(_StaffAction):
    body_class = FeedbackAssignSerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        person = None
        if data.get("assignee"):
            person = (
                selectors.handling_officers(agency=case.agency)
                .filter(username=data["assignee"])
                .first()
            )
            if person is None:
                raise ValidationError(
                    {"assignee": ["Không có cán bộ xử lý phản ánh nào với tên đăng nhập này."]}
                )
        return services.feedback_assign(
            actor=user, feedback=case, assignee=person, expected_version=data.get("version")
        )

    @_action_schema("assign", FeedbackAssignSerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class TransferView(_StaffAction):
    body_class = FeedbackTransferSerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        target = selectors.transfer_targets().filter(code=data["agency"]).first()
        if target is None:
            raise ValidationError({"agency": ["Không có cơ quan mã này đang hoạt động."]})
        return services.feedback_transfer(
            actor=user,
            feedback=case,
            to_agency=target,
            reason=data["reason"],
            expected_version=data.get("version"),
        )

    @_action_schema("transfer", FeedbackTransferSerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class RequestInfoView(_StaffAction):
    body_class = FeedbackRequestInfoSerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        return services.feedback_request_info(
            actor=user,
            feedback=case,
            question=data["question"],
            expected_version=data.get("version"),
        )

    @_action_schema("request_information", FeedbackRequestInfoSerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class RefuseView(_StaffAction):
    body_class = FeedbackRefuseSerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        return services.feedback_refuse(
            actor=user,
            feedback=case,
            reason=data["reason"],
            note=data["note"],
            expected_version=data.get("version"),
        )

    @_action_schema("refuse", FeedbackRefuseSerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class AnswerView(_StaffAction):
    body_class = FeedbackAnswerSerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        return services.feedback_answer(
            actor=user, feedback=case, answer=data["answer"], expected_version=data.get("version")
        )

    @_action_schema("answer", FeedbackAnswerSerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class PublishView(_StaffAction):
    body_class = FeedbackPublishSerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        return services.feedback_publish(
            actor=user,
            feedback=case,
            public_title=data["public_title"],
            public_content=data["public_content"],
            public_answer=data["public_answer"],
            expected_version=data.get("version"),
        )

    @_action_schema("publish", FeedbackPublishSerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


class ReclassifyView(_StaffAction):
    body_class = FeedbackReclassifySerializer

    def run(self, user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        return services.feedback_reclassify(
            actor=user,
            feedback=case,
            category=data["category"],
            note=data.get("note", ""),
            expected_version=data.get("version"),
        )

    @_action_schema("reclassify", FeedbackReclassifySerializer)
    def post(self, request: Request, code: str) -> Response:
        return super().post(request, code)


def _ratio(ratio: Ratio) -> dict[str, Any]:
    return {
        "numerator": ratio.numerator,
        "denominator": ratio.denominator,
        "percent": ratio.percent,
        "display": str(ratio),
    }


class IndicatorsView(APIView):
    """Decision 766 feedback indicators of an agency's subtree for a period."""

    @extend_schema(
        operation_id="feedback_indicators",
        parameters=[
            OpenApiParameter("agency", OpenApiTypes.STR, required=True),
            OpenApiParameter("start", OpenApiTypes.DATE, required=True, description="First day."),
            OpenApiParameter("end", OpenApiTypes.DATE, required=True, description="Last day."),
        ],
        responses={200: FeedbackIndicatorsSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        errors: dict[str, list[str]] = {}
        for name in ("agency", "start", "end"):
            if not params.get(name):
                errors[name] = ["Thiếu tham số bắt buộc."]
        dates: dict[str, dt.date] = {}
        for name in ("start", "end"):
            if params.get(name):
                try:
                    dates[name] = dt.date.fromisoformat(params[name])
                except ValueError:
                    errors[name] = ["Ngày có dạng YYYY-MM-DD, ví dụ 2026-03-31."]
        if len(dates) == 2 and dates["end"] < dates["start"]:
            errors["end"] = ["Ngày kết thúc phải sau ngày bắt đầu."]
        if errors:
            return validation_response(errors)
        user = request_user(request)
        agency: Agency | None = (
            selectors.indicator_agencies(user=user).filter(code=params["agency"]).first()
        )
        if agency is None:
            raise Http404("agency")
        result = selectors.feedback_indicators(
            user=user, agency=agency, period=(dates["start"], dates["end"])
        )
        return Response(
            FeedbackIndicatorsSerializer(
                {
                    "agency": agency.code,
                    "start": dates["start"],
                    "end": dates["end"],
                    "on_time": _ratio(result.on_time),
                    "satisfaction": _ratio(result.satisfaction),
                    "received": result.received,
                    "complaints": result.complaints,
                }
            ).data
        )
