from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.models import User
from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.organizations import selectors, services
from motcua.organizations.api.serializers import (
    AgencySerializer,
    CalendarDaySerializer,
    DeadlineAnswerSerializer,
    ErrorSerializer,
    MeSerializer,
    OfficeHoursSerializer,
    RoleGrantCreateSerializer,
    RoleGrantSerializer,
    UnitSerializer,
)
from motcua.organizations.deadlines import DeadlineInputError, deadline_compute
from motcua.organizations.models import Agency, CalendarDay, RoleGrant


class DeadlineView(APIView):
    """The statutory clock: due instant of a time limit counted from a reception instant."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="calendar_deadline",
        parameters=[
            OpenApiParameter(
                "start",
                OpenApiTypes.STR,
                required=True,
                description="Reception instant, ISO 8601 with offset.",
            ),
            OpenApiParameter(
                "limit",
                OpenApiTypes.INT,
                required=True,
                description="Time limit, whole number ≥ 0.",
            ),
            OpenApiParameter(
                "unit",
                OpenApiTypes.STR,
                required=True,
                enum=["working_days", "working_hours", "same_day", "days", "months"],
            ),
            OpenApiParameter(
                "pause",
                OpenApiTypes.STR,
                many=True,
                description="Clock stop START/END (repeatable).",
            ),
            OpenApiParameter(
                "agency",
                OpenApiTypes.STR,
                description="Agency code or electronic id whose calendar counts.",
            ),
        ],
        responses={200: DeadlineAnswerSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        missing = {
            name: ["Thiếu tham số bắt buộc."]
            for name in ("start", "limit", "unit")
            if not request.query_params.get(name)
        }
        if missing:
            return validation_response(missing)
        try:
            answer = deadline_compute(
                start=request.query_params["start"],
                limit=request.query_params["limit"],
                unit=request.query_params["unit"],
                pauses=request.query_params.getlist("pause"),
                agency_code=request.query_params.get("agency") or None,
            )
        except DeadlineInputError as exc:
            return validation_response(exc.errors)
        data = {
            "start": answer.start,
            "effective_start": answer.effective_start,
            "limit": answer.limit,
            "unit": answer.unit.value,
            "pauses": [{"start": p.start, "end": p.end} for p in answer.pauses],
            "agency": answer.agency.code if answer.agency else None,
            "due": answer.due,
        }
        return Response(DeadlineAnswerSerializer(data).data)


class MeView(APIView):
    @extend_schema(operation_id="me", responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request_user(request)
        grants = selectors.user_active_grants(user=user)
        return Response(
            MeSerializer(
                {
                    "username": user.username,
                    "full_name": user.full_name,
                    "is_resident": user.is_resident,
                    "roles": grants,
                }
            ).data
        )


class IsAuthenticatedOrReadOnlyList(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        if view.action in {"list", "retrieve"}:
            return True
        return bool(request.user and request.user.is_authenticated)


class AgencyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[Agency]
):
    """Agencies. Names and codes are public; staff and calendars are scoped to the caller."""

    serializer_class = AgencySerializer
    lookup_field = "code"
    permission_classes = [IsAuthenticatedOrReadOnlyList]
    filterset_fields = ["kind", "parent__code"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.agency_public_list().order_by("path")

    def _scoped(self, code: str, manage: bool = False) -> Agency:
        return selectors.agency_get_for_user(
            user=request_user(self.request), code=code, manage=manage
        )

    @extend_schema(responses=UnitSerializer(many=True))
    @action(detail=True, methods=["get"])
    def units(self, request: Request, code: str) -> Response:
        agency = self._scoped(code)
        return Response(
            UnitSerializer(
                selectors.agency_units(user=request_user(request), agency=agency),
                many=True,
            ).data
        )

    @extend_schema(methods=["get"], responses=RoleGrantSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=RoleGrantCreateSerializer,
        responses={201: RoleGrantSerializer, 400: ErrorSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def staff(self, request: Request, code: str) -> Response:
        if request.method == "GET":
            agency = self._scoped(code)
            grants = selectors.agency_staff(user=request_user(request), agency=agency)
            return Response(RoleGrantSerializer(grants, many=True).data)
        agency = self._scoped(code, manage=True)
        body = RoleGrantCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = User.objects.filter(username=body.validated_data["username"]).first()
        if user is None:
            return validation_response({"username": ["Không có tài khoản này."]})
        unit = None
        if body.validated_data.get("unit"):
            unit = agency.units.filter(code=body.validated_data["unit"]).first()
            if unit is None:
                return validation_response({"unit": ["Cơ quan không có đơn vị mã này."]})
        grant = services.role_grant(
            actor=request_user(request),
            user=user,
            role=body.validated_data["role"],
            agency=agency,
            unit=unit,
            valid_from=body.validated_data.get("valid_from"),
            valid_to=body.validated_data.get("valid_to"),
        )
        return Response(RoleGrantSerializer(grant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"staff/(?P<grant_id>\d+)")
    def revoke(self, request: Request, code: str, grant_id: str) -> Response:
        agency = self._scoped(code, manage=True)
        grant = get_object_or_404(RoleGrant.objects.active(), pk=grant_id, agency=agency)
        services.role_revoke(actor=request_user(request), grant=grant)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        methods=["get"],
        responses=CalendarDaySerializer(many=True),
        parameters=[OpenApiParameter("year", OpenApiTypes.INT)],
    )
    @extend_schema(
        methods=["post"],
        request=CalendarDaySerializer,
        responses={201: CalendarDaySerializer, 400: ErrorSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="calendar-days")
    def calendar_days(self, request: Request, code: str) -> Response:
        if request.method == "GET":
            agency = self._scoped(code)
            year = request.query_params.get("year")
            days = selectors.agency_calendar_days(
                user=request_user(request),
                agency=agency,
                year=int(year) if year and year.isdigit() else None,
            )
            return Response(CalendarDaySerializer(days, many=True).data)
        agency = self._scoped(code, manage=True)
        body = CalendarDaySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        day = services.calendar_day_set(
            actor=request_user(request), agency=agency, **body.validated_data
        )
        return Response(CalendarDaySerializer(day).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    @action(detail=True, methods=["delete"], url_path=r"calendar-days/(?P<day_id>\d+)")
    def calendar_day_remove(self, request: Request, code: str, day_id: str) -> Response:
        agency = self._scoped(code, manage=True)
        day = get_object_or_404(CalendarDay, pk=day_id, agency=agency)
        services.calendar_day_remove(actor=request_user(request), day=day)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(methods=["get"], responses=OfficeHoursSerializer(many=True))
    @extend_schema(
        methods=["post"],
        request=OfficeHoursSerializer,
        responses={201: OfficeHoursSerializer, 400: ErrorSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path="office-hours")
    def office_hours(self, request: Request, code: str) -> Response:
        if request.method == "GET":
            agency = self._scoped(code)
            rows = selectors.agency_office_hours(user=request_user(request), agency=agency)
            return Response(OfficeHoursSerializer(rows, many=True).data)
        agency = self._scoped(code, manage=True)
        body = OfficeHoursSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        row = services.office_hours_set(
            actor=request_user(request),
            agency=agency,
            valid_from=data.pop("valid_from"),
            **data,
        )
        return Response(OfficeHoursSerializer(row).data, status=status.HTTP_201_CREATED)
