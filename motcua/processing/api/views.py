"""Processing API (/api/v1/processing/…): queues, one dossier's processing, and every action.

Reads are scoped like the pages (404 outside the user's agencies); a change that lost a race
or was made on a stale revision answers 409 with ``{"detail", "errors"}``.
"""

from __future__ import annotations

import math
from typing import Any, cast

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.core.http import request_user
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.services import SupplementItem
from motcua.organizations.api.serializers import ErrorSerializer
from motcua.organizations.models import Agency, Unit
from motcua.processing import selectors, services
from motcua.processing.api.serializers import (
    QUEUE_CHOICES,
    ApprovalSerializer,
    AssignSerializer,
    CompleteSerializer,
    DelayNoticeBodySerializer,
    DelayNoticeSerializer,
    ForwardSerializer,
    ProcessDetailSerializer,
    ProcessingCountsSerializer,
    ProcessingReasonSerializer,
    ProcessingResultSerializer,
    ProcessingRevisionSerializer,
    ProcessingStepSerializer,
    ProcessingSupplementSerializer,
    ProcessPageSerializer,
    ProcessSerializer,
    QueueQuerySerializer,
    ResultIssueSerializer,
    ResultPrepareSerializer,
    RouteSerializer,
    StepNoteSerializer,
    StepPageSerializer,
)
from motcua.processing.models import DossierProcess

PAGE_SIZE = 25
ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
QUEUE_PARAMS = [
    OpenApiParameter("procedure", OpenApiTypes.STR, description="Procedure code, e.g. 1.001193"),
    OpenApiParameter("state", OpenApiTypes.STR, description="Step state (or active/paused)"),
    OpenApiParameter("due_from", OpenApiTypes.DATE, description="Due on or after (local date)"),
    OpenApiParameter("due_to", OpenApiTypes.DATE, description="Due on or before (local date)"),
    OpenApiParameter("page", OpenApiTypes.INT, description=f"Page of {PAGE_SIZE} rows"),
]


def _error(detail: str, errors: dict[str, list[str]] | None = None, code: int = 400) -> Response:
    return Response({"detail": detail, "errors": errors or {}}, status=code)


class _Base(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DossierConflict):
            return _error(exc.message, {"status": [exc.status]} if exc.status else {}, 409)
        return super().handle_exception(exc)


def _filters(request: Request) -> tuple[selectors.QueueFilters, int]:
    query = QueueQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    data = query.validated_data
    return (
        selectors.QueueFilters(
            procedure=data.get("procedure") or "",
            state=data.get("state") or "",
            due_from=data.get("due_from"),
            due_to=data.get("due_to"),
        ),
        int(data.get("page") or 1),
    )


def _page(qs: QuerySet[Any], page: int) -> tuple[list[Any], int, int]:
    count = qs.count()
    pages = max(1, math.ceil(count / PAGE_SIZE))
    start = (page - 1) * PAGE_SIZE
    return selectors.page_rows(qs, start, start + PAGE_SIZE), count, pages


class QueueView(_Base):
    @extend_schema(
        operation_id="processing_queue",
        parameters=[
            OpenApiParameter(
                "queue", OpenApiTypes.STR, location=OpenApiParameter.PATH, enum=QUEUE_CHOICES
            ),
            *QUEUE_PARAMS,
        ],
        responses={200: StepPageSerializer, **ERRORS},
        description="Steps of one queue, earliest due first: mine, unit (unclaimed in my "
        "units), approval (waiting for me), at_risk, overdue.",
    )
    def get(self, request: Request, queue: str) -> Response:
        if queue not in QUEUE_CHOICES:
            raise Http404("queue")
        filters, page = _filters(request)
        qs = selectors.queue_steps(user=request_user(request), queue=queue, filters=filters)
        rows, count, pages = _page(qs, page)
        return Response(
            {
                "count": count,
                "page": page,
                "pages": pages,
                "results": ProcessingStepSerializer(rows, many=True).data,
            }
        )


class AgencyView(_Base):
    @extend_schema(
        operation_id="processing_agency",
        parameters=QUEUE_PARAMS,
        responses={200: ProcessPageSerializer, **ERRORS},
        description="The leader's view: every open dossier of the agencies they lead, earliest "
        "due first.",
    )
    def get(self, request: Request) -> Response:
        filters, page = _filters(request)
        qs = selectors.agency_processes(user=request_user(request), filters=filters)
        rows, count, pages = _page(qs, page)
        return Response(
            {
                "count": count,
                "page": page,
                "pages": pages,
                "results": ProcessSerializer(rows, many=True).data,
            }
        )


class CountsView(_Base):
    @extend_schema(
        operation_id="processing_counts", responses={200: ProcessingCountsSerializer, **ERRORS}
    )
    def get(self, request: Request) -> Response:
        return Response(selectors.queue_counts(user=request_user(request)))


def _detail(user: User, dossier_id: int) -> dict[str, Any]:
    process = selectors.process_get_for_user(user=user, dossier_id=dossier_id)
    return {
        "process": process,
        "steps": selectors.process_steps(process),
        "handovers": selectors.process_handovers(process.dossier),
        "result": selectors.process_result(process.dossier),
        "delay_notices": selectors.process_notices(process.dossier),
    }


class DossierProcessView(_Base):
    @extend_schema(
        operation_id="processing_dossier",
        responses={200: ProcessDetailSerializer, **ERRORS},
        description="A dossier's processing: steps, hand-overs (form 05), result, forms 04.",
    )
    def get(self, request: Request, dossier_id: int) -> Response:
        return Response(ProcessDetailSerializer(_detail(request_user(request), dossier_id)).data)


def _process(request: Request, dossier_id: int) -> DossierProcess:
    return selectors.process_get_for_user(user=request_user(request), dossier_id=dossier_id)


def _fresh(request: Request, dossier_id: int, code: int = 200) -> Response:
    data = ProcessDetailSerializer(_detail(request_user(request), dossier_id)).data
    return Response(data, status=code)


class StartView(_Base):
    @extend_schema(
        operation_id="processing_start",
        request=ProcessingRevisionSerializer,
        responses={201: ProcessDetailSerializer, **ERRORS},
        description="Transfer an accepted dossier to processing (desk officers of the "
        "receiving agency).",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        from motcua.dossiers.selectors import dossier_list_for_staff

        user = request_user(request)
        dossier = dossier_list_for_staff(user=user).filter(pk=dossier_id).first()
        if dossier is None:
            raise Http404("dossier")
        body = ProcessingRevisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.processing_start(
            actor=user, dossier=dossier, expected_revision=body.validated_data.get("revision")
        )
        return _fresh(request, dossier_id, 201)


class SupplementView(_Base):
    @extend_schema(
        operation_id="processing_supplement",
        request=ProcessingSupplementSerializer,
        responses={200: ProcessDetailSerializer, **ERRORS},
        description="Ask the applicant for a supplement: the clock pauses until it arrives. A "
        "second request needs `reason` and counts the dossier late.",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        process = _process(request, dossier_id)
        body = ProcessingSupplementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.processing_request_supplement(
            actor=request_user(request),
            dossier=process.dossier,
            items=[
                SupplementItem(
                    reason=i["reason"], component_id=i.get("component_id"), name=i.get("name", "")
                )
                for i in data["items"]
            ],
            note=data.get("note", ""),
            reason=data.get("reason", ""),
            expected_revision=data.get("revision"),
        )
        return _fresh(request, dossier_id)


class StopView(_Base):
    @extend_schema(
        operation_id="processing_stop",
        request=ProcessingReasonSerializer,
        responses={200: ProcessDetailSerializer, **ERRORS},
        description="The competent agency stops processing (leaders); the applicant is told.",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        process = _process(request, dossier_id)
        body = ProcessingReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.processing_stop(
            actor=request_user(request),
            dossier=process.dossier,
            reason=body.validated_data["reason"],
            expected_revision=body.validated_data.get("revision"),
        )
        return _fresh(request, dossier_id)


class DelayNoticeView(_Base):
    @extend_schema(
        operation_id="processing_delay_notice",
        request=DelayNoticeBodySerializer,
        responses={201: DelayNoticeSerializer, **ERRORS},
        description="Form 04: apology and new appointment (leaders of the competent agency).",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        process = _process(request, dossier_id)
        body = DelayNoticeBodySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        notice = services.delay_notice_issue(
            actor=request_user(request),
            dossier=process.dossier,
            reason=body.validated_data["reason"],
            new_appointment_at=body.validated_data["new_appointment_at"],
            expected_revision=body.validated_data.get("revision"),
        )
        return Response(DelayNoticeSerializer(notice).data, status=201)


class ResultView(_Base):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(
        operation_id="processing_result_prepare",
        request={
            "multipart/form-data": ResultPrepareSerializer,
            "application/json": ResultPrepareSerializer,
        },
        responses={200: ProcessingResultSerializer, **ERRORS},
        description="The draft result: from the template (`decision_text`) or an uploaded PDF.",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        process = _process(request, dossier_id)
        body = ResultPrepareSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        result = services.result_prepare(
            actor=request_user(request),
            dossier=process.dossier,
            title=data["title"],
            decision_text=data.get("decision_text", ""),
            upload=data.get("file"),
            expected_revision=data.get("revision"),
        )
        return Response(ProcessingResultSerializer(result).data)


class ResultSignView(_Base):
    @extend_schema(
        operation_id="processing_result_sign",
        request=ProcessingRevisionSerializer,
        responses={200: ProcessingResultSerializer, **ERRORS},
        description="The leader signs the draft with the agency certificate (PAdES).",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        process = _process(request, dossier_id)
        body = ProcessingRevisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.result_sign_draft(
            actor=request_user(request),
            dossier=process.dossier,
            expected_revision=body.validated_data.get("revision"),
        )
        return Response(ProcessingResultSerializer(result).data)


class ResultIssueView(_Base):
    @extend_schema(
        operation_id="processing_result_issue",
        request=ResultIssueSerializer,
        responses={200: ProcessingResultSerializer, **ERRORS},
        description="The records clerk numbers and issues the signed result: the dossier is "
        "processed.",
    )
    def post(self, request: Request, dossier_id: int) -> Response:
        process = _process(request, dossier_id)
        body = ResultIssueSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        result = services.result_issue(
            actor=request_user(request),
            dossier=process.dossier,
            number=body.validated_data.get("number") or None,
            expected_revision=body.validated_data.get("revision"),
        )
        return Response(ProcessingResultSerializer(result).data)


class Form05View(_Base):
    @extend_schema(
        operation_id="processing_form_05",
        responses={
            (200, "application/pdf"): OpenApiResponse(
                response=OpenApiTypes.BINARY, description="Form 05 (process-control slip)."
            ),
            **ERRORS,
        },
    )
    def get(self, request: Request, dossier_id: int) -> HttpResponse:
        from motcua.documents.slips import slip_render

        process = _process(request, dossier_id)
        pdf = slip_render(form="05", context=selectors.form05_context(process))
        response = HttpResponse(pdf, content_type="application/pdf")
        name = f"phieu-05-{process.dossier.code or process.dossier_id}.pdf"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


# --- Step actions --------------------------------------------------------------------------------


def _user(username: str, field: str) -> User:
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise DjangoValidationError({field: ["Không tìm thấy cán bộ có tên đăng nhập này."]})
    return user


def _step_action(request: Request, step_id: int, action: str) -> Any:
    user = request_user(request)
    step = selectors.step_get_for_user(user=user, step_id=step_id)
    if action == "claim":
        body: Any = ProcessingRevisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return services.step_claim(
            actor=user, step=step, expected_revision=body.validated_data.get("revision")
        )
    if action == "assign":
        body = AssignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        return services.step_assign(
            actor=user,
            step=step,
            assignee=_user(d["assignee"], "assignee"),
            note=d.get("note", ""),
            expected_revision=d.get("revision"),
        )
    if action == "complete":
        body = CompleteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        return services.step_complete(
            actor=user,
            step=step,
            note=d["note"],
            files=request.FILES.getlist("files") if hasattr(request, "FILES") else [],
            expected_revision=d.get("revision"),
        )
    if action == "send-back":
        body = ProcessingReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        services.step_send_back(
            actor=user, step=step, reason=d["reason"], expected_revision=d.get("revision")
        )
        return step
    if action == "forward":
        body = ForwardSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        unit = None
        if d.get("to_unit"):
            unit = Unit.objects.filter(agency_id=step.agency_id, code=d["to_unit"]).first()
            if unit is None:
                raise DjangoValidationError({"to_unit": ["Không có đơn vị này trong cơ quan."]})
        return services.step_forward(
            actor=user,
            step=step,
            to_user=_user(d["to_user"], "to_user") if d.get("to_user") else None,
            to_unit=unit,
            note=d.get("note", ""),
            expected_revision=d.get("revision"),
        )
    if action == "route":
        body = RouteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        agency = Agency.objects.filter(code=d["to_agency"]).first()
        if agency is None:
            raise DjangoValidationError({"to_agency": ["Không có cơ quan mang mã này."]})
        return services.step_route(
            actor=user,
            step=step,
            to_agency=agency,
            budget=d.get("budget"),
            budget_unit=d.get("budget_unit"),
            note=d.get("note", ""),
            expected_revision=d.get("revision"),
        )
    if action == "request-approval":
        body = ApprovalSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        return services.step_request_approval(
            actor=user,
            step=step,
            approver=_user(d["approver"], "approver") if d.get("approver") else None,
            note=d.get("note", ""),
            expected_revision=d.get("revision"),
        )
    if action == "approve":
        body = StepNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        return services.step_approve(
            actor=user, step=step, note=d.get("note", ""), expected_revision=d.get("revision")
        )
    if action == "reject":
        body = ProcessingReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        d = body.validated_data
        return services.step_reject(
            actor=user, step=step, reason=d["reason"], expected_revision=d.get("revision")
        )
    raise Http404("action")


STEP_BODIES: dict[str, Any] = {
    "claim": ProcessingRevisionSerializer,
    "assign": AssignSerializer,
    "complete": CompleteSerializer,
    "send-back": ProcessingReasonSerializer,
    "forward": ForwardSerializer,
    "route": RouteSerializer,
    "request-approval": ApprovalSerializer,
    "approve": StepNoteSerializer,
    "reject": ProcessingReasonSerializer,
}
STEP_HELP = {
    "claim": "Take an open step of my unit (409 when someone took it first).",
    "assign": "A leader gives the step to an officer.",
    "complete": "Finish the step with a note (and files, multipart `files`).",
    "send-back": "Return to the previous step (reason required).",
    "forward": "Give the step to another officer or unit of the agency.",
    "route": "Liên thông: send the step to another agency with its own budget.",
    "request-approval": "Submit the step to a leader.",
    "approve": "The leader approves: the step is done.",
    "reject": "The leader does not approve (reason required).",
}


def _step_view(action: str) -> type[APIView]:
    body = STEP_BODIES[action]

    class StepActionView(_Base):
        parser_classes = [MultiPartParser, FormParser, JSONParser]

        @extend_schema(
            operation_id=f"processing_step_{action.replace('-', '_')}",
            request={"application/json": body, "multipart/form-data": body},
            responses={200: ProcessingStepSerializer, **ERRORS},
            description=STEP_HELP[action],
        )
        def post(self, request: Request, step_id: int) -> Response:
            step = _step_action(request, step_id, action)
            step.refresh_from_db()
            return Response(ProcessingStepSerializer(step).data)

    StepActionView.__name__ = f"Step{action.title().replace('-', '')}View"
    return cast(type[APIView], StepActionView)


STEP_VIEWS = {action: _step_view(action) for action in STEP_BODIES}
