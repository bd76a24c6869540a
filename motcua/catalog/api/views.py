"""Catalogue API: public reads, writes for reform officers and administrators.

Every write goes through :mod:`motcua.catalog.services`; invalid input comes back as 400
``{"detail": ..., "errors": {field: [...]}}`` and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from motcua.accounts.models import User
from motcua.api.errors import validation_response
from motcua.catalog import selectors, services
from motcua.catalog.api.serializers import (
    AssignmentSerializer,
    CommittedLimitSerializer,
    CountsSerializer,
    ImportJobSerializer,
    ImportUploadSerializer,
    OverBudgetSerializer,
    ProcedureListItemSerializer,
    PublishSerializer,
    RetireSerializer,
    VersionDetailSerializer,
    VersionSummarySerializer,
    VersionWriteSerializer,
)
from motcua.catalog.constants import Level, OnlineLevel, VersionStatus
from motcua.catalog.exchange.files import payload_to_json
from motcua.catalog.models import ImportJob, Procedure, ProcedureAssignment, ProcedureVersion
from motcua.catalog.payload import version_payload
from motcua.organizations.api.serializers import ErrorSerializer
from motcua.organizations.models import Agency

READ_ACTIONS = {"list", "retrieve", "versions", "counts"}


class CatalogPermission(permissions.BasePermission):
    """Reading the published catalogue is public; everything else is for catalogue staff."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if getattr(view, "action", None) in READ_ACTIONS and request.method == "GET":
            return True
        if getattr(view, "action", None) == "committed_limit":
            # Leaders of the committing agency may record it too: the service decides.
            return bool(request.user and request.user.is_authenticated)
        return selectors.user_can_edit_catalog(user=request.user)


def _assignment_dict(a: ProcedureAssignment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "agency": a.agency.code,
        "agency_name": a.agency.name,
        "valid_from": a.valid_from,
        "valid_to": a.valid_to,
        "channels": a.channels,
    }


def version_document(version: ProcedureVersion, *, with_agencies: bool = True) -> dict[str, Any]:
    payload = payload_to_json(version_payload(version))
    payload.pop("assignments", None)
    check = selectors.version_budget(version)
    payload.update(
        number=version.number,
        time_limit_display=version.time_limit_display,
        budget=None
        if check is None
        else {
            "total_days": check.total_days,
            "limit_days": check.limit_days,
            "against": check.against,
            "over": check.over,
        },
        agencies=[
            _assignment_dict(a) for a in selectors.procedure_agencies(procedure=version.procedure)
        ]
        if with_agencies
        else [],
    )
    return payload


def _actor(request: Request) -> User:
    return cast(User, request.user)  # the permission class let only signed-in staff through


def _payload(request: Request) -> dict[str, Any]:
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": ["Nội dung phải là một đối tượng JSON."]})
    return dict(request.data)


ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


class ProcedureViewSet(viewsets.GenericViewSet[ProcedureVersion]):
    """Administrative procedures: search, current version, history, drafts, publishing."""

    permission_classes = [CatalogPermission]
    lookup_field = "code"
    lookup_value_regex = r"\d\.\d{6}"
    queryset = ProcedureVersion.objects.none()
    serializer_class = ProcedureListItemSerializer
    parser_classes = [JSONParser]

    def _procedure(self, code: str) -> Procedure:
        return get_object_or_404(Procedure, code=code)

    @extend_schema(
        operation_id="procedures_list",
        parameters=[
            OpenApiParameter(
                "search",
                OpenApiTypes.STR,
                description="Words (with or without diacritics) or a code prefix.",
            ),
            OpenApiParameter("field", OpenApiTypes.STR, description="Field code."),
            OpenApiParameter("level", OpenApiTypes.STR, enum=Level.values),
            OpenApiParameter("agency", OpenApiTypes.STR, description="Agency code applying it."),
            OpenApiParameter("online_level", OpenApiTypes.STR, enum=OnlineLevel.values),
            OpenApiParameter("on", OpenApiTypes.DATE, description="Date (default today)."),
        ],
        responses={200: ProcedureListItemSerializer(many=True), 400: ErrorSerializer},
    )
    def list(self, request: Request) -> Response:
        params = request.query_params
        day = self._date(params.get("on"))
        filters = selectors.SearchFilters(
            query=params.get("search", ""),
            field=params.get("field", ""),
            level=params.get("level", ""),
            agency=params.get("agency", ""),
            online_level=params.get("online_level", ""),
        )
        size = getattr(self.paginator, "page_size", None) or 50
        results = selectors.procedure_search(filters=filters, on=day, page_size=size)
        page: list[ProcedureVersion] = self.paginate_queryset(results) or []  # type: ignore[arg-type]
        rows = [
            {
                "code": v.procedure.code,
                "name": v.name,
                "field": v.field.name,
                "level": v.level,
                "online_level": v.online_level,
                "time_limit": v.time_limit,
                "time_unit": v.time_unit,
                "version": v.number,
            }
            for v in page
        ]
        return self.get_paginated_response(ProcedureListItemSerializer(rows, many=True).data)

    @staticmethod
    def _date(text: str | None) -> dt.date:
        if not text:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise ValidationError({"on": ["Ngày theo dạng YYYY-MM-DD."]}) from exc

    @extend_schema(
        operation_id="procedures_retrieve",
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={200: VersionDetailSerializer, 404: ErrorSerializer},
    )
    def retrieve(self, request: Request, code: str) -> Response:
        version = selectors.procedure_version_in_force(
            code=code, on=self._date(request.query_params.get("on"))
        )
        if version is None:
            return Response(
                {"detail": "Không có phiên bản đang có hiệu lực.", "errors": {}},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(VersionDetailSerializer(version_document(version)).data)

    @extend_schema(
        operation_id="procedures_create",
        request=VersionWriteSerializer,
        responses={201: VersionDetailSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        version = services.procedure_create(actor=_actor(request), payload=_payload(request))
        return Response(
            VersionDetailSerializer(version_document(version)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        operation_id="procedures_versions",
        responses={200: VersionSummarySerializer(many=True), 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"])
    def versions(self, request: Request, code: str) -> Response:
        self._procedure(code)
        rows = selectors.procedure_history(code=code, user=request.user)
        return Response(VersionSummarySerializer(rows, many=True).data)

    def _draft(self, code: str) -> ProcedureVersion:
        return get_object_or_404(
            selectors.version_detail_queryset(), procedure__code=code, status=VersionStatus.DRAFT
        )

    @extend_schema(
        operation_id="procedures_draft_get", responses={200: VersionDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["get"], url_path="draft")
    def draft(self, request: Request, code: str) -> Response:
        return Response(VersionDetailSerializer(version_document(self._draft(code))).data)

    @extend_schema(
        operation_id="procedures_draft_start",
        request=None,
        responses={201: VersionDetailSerializer, **ERRORS},
    )
    @draft.mapping.post
    def draft_start(self, request: Request, code: str) -> Response:
        """Start a draft copied from the newest version (or return the open draft)."""
        version = services.version_start_draft(
            actor=_actor(request),
            procedure=self._procedure(code),
        )
        return Response(
            VersionDetailSerializer(version_document(version)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        operation_id="procedures_draft_update",
        request=VersionWriteSerializer,
        responses={200: VersionDetailSerializer, **ERRORS},
    )
    @draft.mapping.put
    def draft_update(self, request: Request, code: str) -> Response:
        version = services.version_update_draft(
            actor=_actor(request), version=self._draft(code), payload=_payload(request)
        )
        return Response(VersionDetailSerializer(version_document(version)).data)

    @extend_schema(
        operation_id="procedures_publish",
        request=PublishSerializer,
        responses={200: VersionDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, code: str) -> Response:
        body = PublishSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        version = services.version_publish(
            actor=_actor(request),
            version=self._draft(code),
            effective_from=body.validated_data.get("effective_from"),
            override_reason=body.validated_data.get("override_reason", ""),
        )
        return Response(VersionDetailSerializer(version_document(version)).data)

    @extend_schema(
        operation_id="procedures_retire",
        request=RetireSerializer,
        responses={200: VersionDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, code: str) -> Response:
        body = RetireSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        current = selectors.procedure_version_in_force(code=code)
        if current is None or current.status != VersionStatus.PUBLISHED:
            return validation_response({"status": ["Không có phiên bản đang có hiệu lực."]})
        version = services.version_retire(
            actor=_actor(request),
            version=current,
            on=body.validated_data.get("on"),
        )
        return Response(VersionDetailSerializer(version_document(version)).data)

    @extend_schema(
        operation_id="procedures_committed_limit",
        request=CommittedLimitSerializer,
        responses={200: VersionDetailSerializer, 409: ErrorSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="committed-limit")
    def committed_limit(self, request: Request, code: str) -> Response:
        """Record the shorter limit an agency committed to: publishes a new version."""
        self._procedure(code)
        body = CommittedLimitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        agency = Agency.objects.filter(code=data["agency"]).first()
        if agency is None:
            return validation_response({"agency": [f"Không có cơ quan mã '{data['agency']}'."]})
        try:
            version = services.committed_limit_set(
                actor=_actor(request),
                code=code,
                agency=agency,
                committed_limit=data["committed_limit"],
                committed_unit=data["committed_unit"],
                committed_decision=data["committed_decision"],
                effective_from=data.get("effective_from"),
            )
        except services.CommitmentConflict as exc:
            errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            return Response(
                {"detail": next(iter(errors.values()))[0], "errors": errors},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(VersionDetailSerializer(version_document(version)).data)

    @extend_schema(
        operation_id="procedures_assignments_list",
        responses={200: AssignmentSerializer(many=True), **ERRORS},
    )
    @action(detail=True, methods=["get"])
    def assignments(self, request: Request, code: str) -> Response:
        procedure = self._procedure(code)
        rows = procedure.assignments.select_related("agency").order_by("agency__path", "valid_from")
        return Response(AssignmentSerializer([_assignment_dict(a) for a in rows], many=True).data)

    @extend_schema(
        operation_id="procedures_assignments_set",
        request=AssignmentSerializer,
        responses={201: AssignmentSerializer, **ERRORS},
    )
    @assignments.mapping.post
    def assignments_set(self, request: Request, code: str) -> Response:
        procedure = self._procedure(code)
        body = AssignmentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        agency = Agency.objects.filter(code=data["agency"]).first()
        if agency is None:
            return validation_response({"agency": [f"Không có cơ quan mã '{data['agency']}'."]})
        row = services.assignment_set(
            actor=_actor(request),
            procedure=procedure,
            agency=agency,
            valid_from=data["valid_from"],
            valid_to=data.get("valid_to"),
            channels=list(data["channels"]),
        )
        return Response(
            AssignmentSerializer(_assignment_dict(row)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        operation_id="procedures_over_budget",
        responses={200: OverBudgetSerializer(many=True), 403: ErrorSerializer},
    )
    @action(detail=False, methods=["get"], url_path="over-budget")
    def over_budget(self, request: Request) -> Response:
        """'Quy trình vượt thời hạn': processes whose step budgets exceed the limit."""
        rows = [
            {
                "code": r.version.procedure.code,
                "name": r.version.name,
                "number": r.version.number,
                "status": r.version.status,
                "total_days": r.check.total_days,
                "limit_days": r.check.limit_days,
                "against": r.check.against,
                "override_reason": r.version.budget_override_reason,
            }
            for r in selectors.over_budget_versions()
        ]
        return Response(OverBudgetSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="procedures_counts",
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE)],
        responses={200: CountsSerializer, 400: ErrorSerializer},
    )
    @action(detail=False, methods=["get"])
    def counts(self, request: Request) -> Response:
        """Published procedures in force per level and per agency applying them."""
        day = self._date(request.query_params.get("on"))
        data = selectors.catalogue_counts(on=day)
        return Response(CountsSerializer({**data, "on": day}).data)


class CatalogImportViewSet(viewsets.GenericViewSet[ImportJob]):
    """Upload a catalogue file; the import runs in the background, poll the job."""

    permission_classes = [CatalogPermission]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = ImportJobSerializer
    queryset = ImportJob.objects.none()
    lookup_value_regex = r"\d+"

    @extend_schema(
        operation_id="catalog_imports_create",
        request=ImportUploadSerializer,
        responses={202: ImportJobSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        body = ImportUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        job = services.import_job_create(
            actor=_actor(request),
            upload=body.validated_data["file"],
            valid_only=body.validated_data["valid_only"],
        )
        job.refresh_from_db()
        return Response(ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        operation_id="catalog_imports_retrieve", responses={200: ImportJobSerializer, **ERRORS}
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        job = selectors.import_job_get(user=request.user, pk=int(pk))
        return Response(ImportJobSerializer(job).data)
