"""The reform API: every register (list, detail, create, update) and every transition.

Lists take ``?agency=<code>`` (that agency and everything under it), ``?year=`` and
``?status=``. A record the caller may not see answers 404, exactly like one that does not
exist. Writes go through the services, so they are checked and audited like the pages.
"""

from __future__ import annotations

import datetime as dt
from importlib import import_module
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.reform import access, selectors, services
from motcua.reform.api import serializers as s
from motcua.reform.constants import ReportStatus
from motcua.reform.models import (
    FollowUpAction,
    IndexAssessment,
    IndexCriterion,
    IndexFramework,
    Inspection,
    LimitProposal,
    Recommendation,
    ReformRecord,
    ReformTask,
    SupervisionReport,
)
from motcua.reform.selectors import Period
from motcua.reform.services.index import leaf_criteria
from motcua.reform.specs import BY_API, Spec

LIST_PARAMETERS = [
    OpenApiParameter(
        "agency",
        OpenApiTypes.STR,
        description="Agency code: only records of that agency and below.",
    ),
    OpenApiParameter("year", OpenApiTypes.INT, description="Year of the record."),
    OpenApiParameter("status", OpenApiTypes.STR, description="Status value."),
]
ERRORS = {400: s.ErrorSerializer, 403: s.ErrorSerializer, 404: s.ErrorSerializer}


class RecordViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,  # type: ignore[type-arg]
):
    spec: Spec

    def get_queryset(self) -> QuerySet[Any]:
        spec = self.spec
        agency = None
        code = self.request.query_params.get("agency")
        if code:
            agency = access.reform_agency_get(user=self.request.user, code=code)
        rows = selectors.record_list(user=self.request.user, model=spec.model, agency=agency)
        if spec.select_related:
            rows = rows.select_related(*spec.select_related)
        year = self.request.query_params.get("year")
        if year and spec.year_lookup:
            if not year.isdigit():
                raise Http404("year")
            rows = rows.filter(**{spec.year_lookup: int(year)})
        state = self.request.query_params.get("status")
        if state and spec.status_field:
            rows = rows.filter(**{spec.status_field: state})
        return rows.order_by(*spec.model._meta.ordering or ["pk"])

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        if self.spec.create_service:
            module, name = self.spec.create_service.rsplit(".", 1)
            obj = getattr(import_module(module), name)(actor=self.request.user, data=data)
        else:
            obj = services.record_create(actor=self.request.user, model=self.spec.model, data=data)
        serializer.instance = obj

    def perform_update(self, serializer: Any) -> None:
        serializer.instance = services.record_update(
            actor=self.request.user,
            obj=serializer.instance,
            changes=dict(serializer.validated_data),
        )

    def _record(self, model: type[ReformRecord], pk: Any) -> Any:
        return selectors.record_get(user=self.request.user, model=model, pk=pk)


def _annotated(spec: Spec, cls: type[RecordViewSet]) -> type[RecordViewSet]:
    name = str(spec.model._meta.verbose_name)
    serializer = s.SERIALIZERS[spec.api]
    return extend_schema_view(
        list=extend_schema(
            summary=f"List: {name}",
            parameters=LIST_PARAMETERS,
            responses={200: serializer(many=True), 404: s.ErrorSerializer},
        ),
        retrieve=extend_schema(
            summary=f"Detail: {name}", responses={200: serializer, 404: s.ErrorSerializer}
        ),
        create=extend_schema(
            summary=f"Create: {name}", request=serializer, responses={201: serializer, **ERRORS}
        ),
        update=extend_schema(
            summary=f"Replace: {name}", request=serializer, responses={200: serializer, **ERRORS}
        ),
        partial_update=extend_schema(
            summary=f"Update: {name}", request=serializer, responses={200: serializer, **ERRORS}
        ),
    )(cls)


def make_viewset(spec: Spec, base: type[RecordViewSet] = RecordViewSet) -> type[RecordViewSet]:
    cls = type(
        f"{spec.model.__name__}ViewSet",
        (base,),
        {
            "spec": spec,
            "serializer_class": s.SERIALIZERS[spec.api],
            "queryset": spec.model._default_manager.none(),
        },
    )
    return _annotated(spec, cls)


# --- Registers with transitions ---------------------------------------------------------


class TaskViewSet(RecordViewSet):
    @extend_schema(
        request=s.ReformTaskStatusSerializer, responses={200: s.SERIALIZERS["plan-tasks"], **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        task = self._record(ReformTask, pk)
        body = s.ReformTaskStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        task = services.task_set_status(
            actor=request.user,
            task=task,
            status=body.validated_data["status"],
            completed_on=body.validated_data.get("completed_on"),
            result=body.validated_data.get("result"),
        )
        return Response(self.get_serializer(task).data)


class InspectionViewSet(RecordViewSet):
    @extend_schema(
        request=s.ReformInspectionStatusSerializer,
        responses={200: s.SERIALIZERS["inspections"], **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        inspection = self._record(Inspection, pk)
        body = s.ReformInspectionStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        inspection = services.inspection_set_status(
            actor=request.user,
            inspection=inspection,
            status=body.validated_data["status"],
            conducted_on=body.validated_data.get("conducted_on"),
            conclusion=body.validated_data.get("conclusion"),
        )
        return Response(self.get_serializer(inspection).data)

    @extend_schema(
        methods=["get"],
        responses={200: s.ReformAttachmentSerializer(many=True), 404: s.ErrorSerializer},
    )
    @extend_schema(
        methods=["post"],
        request={"multipart/form-data": s.ReformUploadSerializer},
        responses={201: s.ReformAttachmentSerializer, **ERRORS},
    )
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request: Request, pk: str) -> Response:
        inspection = self._record(Inspection, pk)
        if request.method == "GET":
            return Response(
                s.ReformAttachmentSerializer(inspection.attachments.all(), many=True).data
            )
        body = s.ReformUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        attachment = services.inspection_attach(
            actor=request.user, inspection=inspection, upload=body.validated_data["file"]
        )
        return Response(
            s.ReformAttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED
        )


class FollowUpViewSet(RecordViewSet):
    @extend_schema(
        request=s.ReformFollowUpStatusSerializer,
        responses={200: s.SERIALIZERS["follow-ups"], **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def status(self, request: Request, pk: str) -> Response:
        item = self._record(FollowUpAction, pk)
        body = s.ReformFollowUpStatusSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        item = services.follow_up_set_status(
            actor=request.user,
            action=item,
            status=body.validated_data["status"],
            done_on=body.validated_data.get("done_on"),
            result=body.validated_data.get("result"),
        )
        return Response(self.get_serializer(item).data)


class LimitProposalViewSet(RecordViewSet):
    @extend_schema(
        request=s.ReformDecisionSerializer,
        responses={200: s.SERIALIZERS["limit-proposals"], **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str) -> Response:
        proposal = self._record(LimitProposal, pk)
        body = s.ReformDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        proposal = services.review_decision_apply(
            actor=request.user,
            proposal=proposal,
            approved=body.validated_data["approved"],
            decided_on=body.validated_data.get("decided_on"),
            decision_number=body.validated_data.get("decision_number", ""),
        )
        return Response(self.get_serializer(proposal).data)


class RecommendationViewSet(RecordViewSet):
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(
        summary="Issue a recommendation",
        request=s.RecommendationIssueSerializer,
        responses={201: s.SERIALIZERS["recommendations"], **ERRORS},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.RecommendationIssueSerializer(data=request.data, context={"request": request})
        body.is_valid(raise_exception=True)
        rec = services.recommendation_issue(actor=request.user, **body.validated_data)
        return Response(self.get_serializer(rec).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: s.RecommendationUpdateSerializer(many=True), 404: s.ErrorSerializer}
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        rec = self._record(Recommendation, pk)
        entries = rec.updates.select_related("actor").prefetch_related("attachments")
        return Response(s.RecommendationUpdateSerializer(entries, many=True).data)

    @extend_schema(
        request={
            "multipart/form-data": s.ReformProgressSerializer,
            "application/json": s.ReformProgressSerializer,
        },
        responses={200: s.SERIALIZERS["recommendations"], **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: str) -> Response:
        rec = self._record(Recommendation, pk)
        body = s.ReformProgressSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = services.recommendation_report_progress(
            actor=request.user,
            recommendation=rec,
            note=body.validated_data["note"],
            done=body.validated_data["done"],
            uploads=request.FILES.getlist("files"),
        )
        return Response(self.get_serializer(rec).data)

    @extend_schema(
        request={
            "multipart/form-data": s.ReformCloseSerializer,
            "application/json": s.ReformCloseSerializer,
        },
        responses={200: s.SERIALIZERS["recommendations"], **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str) -> Response:
        rec = self._record(Recommendation, pk)
        body = s.ReformCloseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = services.recommendation_close(
            actor=request.user,
            recommendation=rec,
            note=body.validated_data["note"],
            uploads=request.FILES.getlist("files"),
        )
        return Response(self.get_serializer(rec).data)

    @extend_schema(
        request=s.ReformNoteSerializer, responses={200: s.SERIALIZERS["recommendations"], **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        rec = self._record(Recommendation, pk)
        body = s.ReformNoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = services.recommendation_reopen(
            actor=request.user, recommendation=rec, note=body.validated_data["note"]
        )
        return Response(self.get_serializer(rec).data)

    @extend_schema(
        request=s.ReformDeadlineSerializer,
        responses={200: s.SERIALIZERS["recommendations"], **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def deadline(self, request: Request, pk: str) -> Response:
        rec = self._record(Recommendation, pk)
        body = s.ReformDeadlineSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rec = services.recommendation_set_deadline(
            actor=request.user, recommendation=rec, **body.validated_data
        )
        return Response(self.get_serializer(rec).data)


class FrameworkViewSet(RecordViewSet):
    @extend_schema(responses={200: s.ReformRankingRowSerializer(many=True), 404: s.ErrorSerializer})
    @action(detail=True, methods=["get"])
    def ranking(self, request: Request, pk: str) -> Response:
        framework = self._record(IndexFramework, pk)
        rows = selectors.index_ranking(framework=framework, parent_id=framework.agency_id)
        return Response(
            s.ReformRankingRowSerializer(
                [
                    {
                        "rank": r["rank"],
                        "agency": r["agency"].code,
                        "name": r["agency"].name,
                        "total": r["total"],
                    }
                    for r in rows
                ],
                many=True,
            ).data
        )


class AssessmentViewSet(RecordViewSet):
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(
        summary="Open a self-assessment",
        request=s.ReformAssessmentStartSerializer,
        responses={201: s.SERIALIZERS["index-assessments"], **ERRORS},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        body = s.ReformAssessmentStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        framework = self._record(IndexFramework, body.validated_data["framework"])
        agency = access.reform_agency_get(user=request.user, code=body.validated_data["agency"])
        assessment = services.assessment_start(
            actor=request.user, framework=framework, agency=agency
        )
        return Response(self.get_serializer(assessment).data, status=status.HTTP_201_CREATED)

    def _score_rows(self, assessment: IndexAssessment) -> list[dict[str, Any]]:
        scores = {x.criterion_id: x for x in assessment.scores.all()}
        rows = []
        for c in leaf_criteria(assessment.framework):
            x = scores.get(c.pk)
            rows.append(
                {
                    "criterion": c.pk,
                    "code": c.code,
                    "self_score": x.self_score if x else None,
                    "appraised_score": x.appraised_score if x else None,
                    "evidence": x.evidence if x else "",
                }
            )
        return rows

    @extend_schema(
        methods=["get"], responses={200: s.ReformScoreSerializer(many=True), 404: s.ErrorSerializer}
    )
    @extend_schema(
        methods=["post"],
        request=s.ReformScoreSerializer,
        responses={200: s.ReformScoreSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get", "post"])
    def scores(self, request: Request, pk: str) -> Response:
        """GET the scoring sheet; POST one criterion's self-score (while self-scoring) or
        appraised score (after submission)."""
        assessment = self._record(IndexAssessment, pk)
        if request.method == "POST":
            body = s.ReformScoreSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            criterion = get_object_or_404(
                IndexCriterion, pk=body.validated_data["criterion"], framework=assessment.framework
            )
            if "appraised_score" in body.validated_data:
                services.appraisal_score_set(
                    actor=request.user,
                    assessment=assessment,
                    criterion=criterion,
                    appraised_score=body.validated_data["appraised_score"],
                )
            else:
                services.score_set(
                    actor=request.user,
                    assessment=assessment,
                    criterion=criterion,
                    self_score=body.validated_data.get("self_score"),
                    evidence=body.validated_data.get("evidence"),
                )
            assessment.refresh_from_db()
        return Response(s.ReformScoreSerializer(self._score_rows(assessment), many=True).data)

    @extend_schema(request=None, responses={200: s.SERIALIZERS["index-assessments"], **ERRORS})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        assessment = services.assessment_submit(
            actor=request.user, assessment=self._record(IndexAssessment, pk)
        )
        return Response(self.get_serializer(assessment).data)

    @extend_schema(request=None, responses={200: s.SERIALIZERS["index-assessments"], **ERRORS})
    @action(detail=True, methods=["post"])
    def appraise(self, request: Request, pk: str) -> Response:
        assessment = services.assessment_appraise(
            actor=request.user, assessment=self._record(IndexAssessment, pk)
        )
        return Response(self.get_serializer(assessment).data)


BASES: dict[str, type[RecordViewSet]] = {
    "plan-tasks": TaskViewSet,
    "inspections": InspectionViewSet,
    "follow-ups": FollowUpViewSet,
    "limit-proposals": LimitProposalViewSet,
    "recommendations": RecommendationViewSet,
    "index-frameworks": FrameworkViewSet,
    "index-assessments": AssessmentViewSet,
}
VIEWSETS = {api: make_viewset(spec, BASES.get(api, RecordViewSet)) for api, spec in BY_API.items()}


# --- Reports and overview ---------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="List: supervision reports",
        parameters=LIST_PARAMETERS[:1],
        responses={200: s.ReformReportSerializer(many=True), 404: s.ErrorSerializer},
    ),
    retrieve=extend_schema(
        summary="Detail and progress of a supervision report",
        responses={200: s.ReformReportSerializer, 404: s.ErrorSerializer},
    ),
)
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    serializer_class = s.ReformReportSerializer
    queryset = SupervisionReport.objects.none()

    def get_queryset(self) -> QuerySet[SupervisionReport]:
        code = self.request.query_params.get("agency")
        agency = access.reform_agency_get(user=self.request.user, code=code) if code else None
        return selectors.record_list(
            user=self.request.user, model=SupervisionReport, agency=agency
        ).select_related("agency")

    @extend_schema(
        summary="Request a supervision report (generated in the background)",
        request=s.ReformReportRequestSerializer,
        responses={202: s.ReformReportSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        body = s.ReformReportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        agency = access.reform_agency_get(user=request.user, code=body.validated_data["agency"])
        report = services.report_request(
            actor=request.user,
            agency=agency,
            period_start=body.validated_data["period_start"],
            period_end=body.validated_data["period_end"],
        )
        report.refresh_from_db()
        return Response(s.ReformReportSerializer(report).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download the report file",
        parameters=[
            OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["docx", "pdf"])
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY, 404: s.ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path=r"file/(?P<fmt>docx|pdf)")
    def file(self, request: Request, pk: str, fmt: str) -> FileResponse:
        report = selectors.record_get(user=request.user, model=SupervisionReport, pk=pk)
        stored = report.docx if fmt == "docx" else report.pdf
        if report.status != ReportStatus.DONE or not stored:
            raise Http404("file")
        return FileResponse(
            stored.open("rb"), as_attachment=True, filename=str(stored.name).rsplit("/", 1)[-1]
        )


class OverviewView(APIView):
    """The figures of an agency's dashboard (the agency and everything under it)."""

    @extend_schema(
        operation_id="reform_overview",
        responses={200: s.ReformOverviewSerializer, 404: OpenApiResponse(s.ErrorSerializer)},
    )
    def get(self, request: Request, code: str) -> Response:
        agency = access.reform_agency_get(user=request.user, code=code)
        today = timezone.localdate()
        all_time = Period(dt.date(1990, 1, 1), today)
        index = [
            {"year": r["year"], "total": str(r["total"]), "rank": r["rank"], "peers": r["peers"]}
            for r in selectors.index_results(agency=agency)
        ]
        data = {
            "agency": agency.code,
            "inspections_by_year": selectors.inspection_counts_by_year(agency=agency),
            "recommendations": selectors.recommendation_counts(agency=agency, today=today),
            "investment": selectors.investment_summary(agency=agency),
            "rotation_by_year": selectors.rotation_counts_by_year(agency=agency),
            "support": selectors.support_summary(agency=agency, period=all_time),
            "shortened_by_field": selectors.shortened_limits_by_field(agency=agency),
            "index": index,
        }
        return Response(s.ReformOverviewSerializer(data).data)
