"""Feedback API for staff: queues, cases and their steps, indicators; scoped to the
caller's agencies (another agency's case answers 404, a stale version 409)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.http.response import HttpResponseBase
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.feedback import selectors, services
from motcua.feedback.api.common import (
    _F,
    CHANGE_ERRORS,
    ERRORS,
    ConflictAware,
)
from motcua.feedback.api.serializers import (
    QUEUE_CHOICES,
    FeedbackAnswerSerializer,
    FeedbackAssignSerializer,
    FeedbackContactSerializer,
    FeedbackCountsSerializer,
    FeedbackIndicatorsSerializer,
    FeedbackPublishSerializer,
    FeedbackReclassifySerializer,
    FeedbackRefuseSerializer,
    FeedbackRequestInfoSerializer,
    FeedbackStaffCaseSerializer,
    FeedbackStaffListSerializer,
    FeedbackTransferSerializer,
)
from motcua.feedback.constants import Queue
from motcua.feedback.indicators import Ratio
from motcua.feedback.models import Feedback
from motcua.organizations.api.serializers import ErrorSerializer
from motcua.organizations.models import Agency


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
