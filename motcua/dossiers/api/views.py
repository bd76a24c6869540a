"""Dossier API: the resident's side (drafts, files, submit, my dossiers), public tracking,
and the desk (queue, reception, check, accept / supplement / refuse, slips)."""

from __future__ import annotations

import json
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.dossiers import selectors, services
from motcua.dossiers.api.serializers import (
    ChecklistSerializer,
    DeskReceiveSerializer,
    DossierListSerializer,
    DossierSerializer,
    DraftCreateSerializer,
    DraftUpdateSerializer,
    FiledSerializer,
    NoteSerializer,
    OnlineFilingSerializer,
    RefuseSerializer,
    RevisionSerializer,
    SupplementSerializer,
    TrackingQuerySerializer,
    TrackingSerializer,
    UploadSerializer,
)
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.ratelimit import client_address, hit
from motcua.dossiers.slips import dossier_slip_pdf, slip_filename
from motcua.organizations.api.serializers import ErrorSerializer
from motcua.organizations.models import Agency

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Any unique string (≤ 80 characters) per submission: a retry with the same key "
    "returns the dossier created the first time instead of filing it again.",
)
SLIP_PARAM = OpenApiParameter(
    "form", OpenApiTypes.STR, location=OpenApiParameter.PATH, enum=["01", "02", "03"]
)
PDF = OpenApiResponse(response=OpenApiTypes.BINARY, description="PDF slip.")
ERRORS = {
    400: ErrorSerializer,
    403: ErrorSerializer,
    404: ErrorSerializer,
    409: ErrorSerializer,
}


def _error(detail: str, errors: dict[str, list[str]] | None = None, code: int = 400) -> Response:
    return Response({"detail": detail, "errors": errors or {}}, status=code)


def _upload_error(exc: DjangoValidationError) -> Response:
    """A refused file: 413 when it is too large, 400 otherwise; the message says why."""
    messages = list(exc.messages)
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {"file": messages}
    code = 413 if getattr(exc, "code", "") == "too_large" else 400
    return _error(" ".join(messages), errors, code)


def _attach_upload(request: Request, dossier: Dossier, attach: Any) -> Response | None:
    """Check an upload body (component + file) and hand the file to ``attach`` (the filer's or
    the desk's service); a refused file comes back as the response to send, else None."""
    body = UploadSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    try:
        attach(
            actor=request_user(request),
            dossier=dossier,
            component_id=body.validated_data["component"],
            upload=body.validated_data["file"],
        )
    except DjangoValidationError as exc:
        return _upload_error(exc)
    return None


class ConflictAware:
    """DossierConflict → 409 with the usual error shape."""

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DossierConflict):
            return _error(exc.message, {"status": [exc.status]} if exc.status else {}, 409)
        return cast(Response, super().handle_exception(exc))  # type: ignore[misc]


_APPLICANT_LIMITS = {
    "applicant_kind": 16,
    "applicant_name": 150,
    "applicant_id_number": 20,
    "applicant_address": 255,
    "applicant_phone": 20,
    "applicant_email": 254,
    "applicant_organisation": 255,
}


def _online_form(data: Any, files: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The multipart body of an online filing, checked: (values, errors by field)."""
    errors: dict[str, list[str]] = {}
    form: dict[str, Any] = {}
    for name in ("procedure", "agency"):
        value = str(data.get(name) or "").strip()
        if not value:
            errors[name] = [_("Trường này là bắt buộc.")]
        form[name] = value[:40]
    applicant: dict[str, str] = {}
    for name, limit in _APPLICANT_LIMITS.items():
        value = str(data.get(name) or "").strip()
        if len(value) > limit:
            errors[name] = [_("Tối đa %(n)s ký tự.") % {"n": limit}]
        if value:
            applicant[name] = value
    form["applicant"] = Applicant.from_mapping(applicant) if applicant else None
    raw = data.get("eform") or "{}"
    try:
        eform = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        eform = None
    if not isinstance(eform, dict):
        errors["eform"] = [_('Tờ khai phải là một đối tượng JSON, ví dụ {"so_ban": 2}.')]
        eform = {}
    form["eform"] = eform
    orders = data.getlist("component") if hasattr(data, "getlist") else []
    uploads = files.getlist("file") if hasattr(files, "getlist") else []
    if len(orders) != len(uploads):
        errors["component"] = [_("Mỗi tệp cần một số thứ tự thành phần (component) tương ứng.")]
    grouped: dict[int, list[Any]] = {}
    for order, upload in zip(orders, uploads, strict=False):
        if not str(order).isdigit() or int(order) < 1:
            errors["component"] = [_("Số thứ tự thành phần là số nguyên từ 1.")]
            break
        grouped.setdefault(int(order), []).append(upload)
    form["uploads"] = grouped
    form["on_behalf"] = str(data.get("on_behalf") or "").lower() in {"1", "true", "on", "yes"}
    return form, errors


def _agency(code: str, field: str = "agency") -> Agency:
    agency = selectors.agency_for_filing(code=code)
    if agency is None:
        raise DjangoValidationError({field: [_("Không có cơ quan mã “%(c)s”.") % {"c": code}]})
    return agency


def _version(code: str) -> Any:
    version = selectors.version_for_filing(code=code)
    if version is None:
        raise DjangoValidationError(
            {"procedure": [_("Không có thủ tục mã “%(c)s” đang có hiệu lực.") % {"c": code}]}
        )
    return version


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


class DossierViewSet(ConflictAware, mixins.ListModelMixin, viewsets.GenericViewSet[Dossier]):
    """The signed-in resident's (or support member's) own dossiers."""

    serializer_class = DossierSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.dossier_list_for_applicant(user=request_user(self.request))

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        return DossierListSerializer if self.action == "list" else DossierSerializer

    def _mine(self, pk: str) -> Dossier:
        try:
            return selectors.dossier_get_for_applicant(user=request_user(self.request), pk=int(pk))
        except ValueError:
            raise Http404("dossier") from None

    @extend_schema(operation_id="dossiers_mine", responses=DossierListSerializer(many=True))
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().list(request, *args, **kwargs)

    @extend_schema(
        operation_id="dossiers_draft_create",
        request=DraftCreateSerializer,
        responses={201: DossierSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        body = DraftCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        applicant = Applicant.from_mapping(data["applicant"]) if data.get("applicant") else None
        dossier = services.dossier_draft_create(
            actor=request_user(request),
            version=_version(data["procedure"]),
            agency=_agency(data["agency"]),
            applicant=applicant,
            eform_data=data.get("eform"),
            on_behalf=data["on_behalf"],
        )
        return Response(
            DossierSerializer(self._mine(str(dossier.pk))).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        operation_id="dossiers_mine_detail",
        responses={200: DossierSerializer, 404: ErrorSerializer},
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(DossierSerializer(self._mine(pk)).data)

    @extend_schema(
        operation_id="dossiers_draft_update",
        request=DraftUpdateSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        dossier = self._mine(pk)
        body = DraftUpdateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.dossier_draft_save(
            actor=request_user(request),
            dossier=dossier,
            applicant=Applicant.from_mapping(data["applicant"]) if "applicant" in data else None,
            eform_data=data.get("eform"),
            expected_revision=data.get("revision"),
        )
        return Response(DossierSerializer(self._mine(pk)).data)

    @extend_schema(
        operation_id="dossiers_file_attach",
        request={"multipart/form-data": UploadSerializer},
        responses={201: DossierSerializer, 413: ErrorSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def files(self, request: Request, pk: str) -> Response:
        refused = _attach_upload(request, self._mine(pk), services.dossier_file_attach)
        if refused is not None:
            return refused
        return Response(DossierSerializer(self._mine(pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="dossiers_file_remove", request=None, responses={204: None, **ERRORS}
    )
    @action(detail=True, methods=["delete"], url_path=r"files/(?P<file_id>\d+)")
    def file_remove(self, request: Request, pk: str, file_id: str) -> Response:
        services.dossier_file_remove(
            actor=request_user(request), dossier=self._mine(pk), attachment_id=int(file_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        operation_id="dossiers_submit",
        request=None,
        parameters=[IDEMPOTENCY_HEADER],
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        dossier = services.dossier_submit(
            actor=request_user(request),
            dossier=self._mine(pk),
            idempotency_key=request.headers.get("Idempotency-Key"),
        )
        return Response(DossierSerializer(self._mine(str(dossier.pk))).data)

    @extend_schema(
        operation_id="dossiers_file_online",
        request={"multipart/form-data": OnlineFilingSerializer},
        parameters=[IDEMPOTENCY_HEADER],
        responses={
            201: FiledSerializer,
            200: OpenApiResponse(FiledSerializer, description="Seen before (same key)."),
            413: ErrorSerializer,
            **ERRORS,
        },
    )
    @action(detail=False, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def online(self, request: Request) -> Response:
        """Create, attach files and submit in one request (for portals and integrations).

        The hot path of online filing: the body is read by hand (same rules as
        ``OnlineFilingSerializer``, which documents it) to keep the request cheap.
        """
        form, errors = _online_form(request.data, request.FILES)
        if errors:
            return validation_response(errors)
        try:
            dossier, created = services.dossier_file_online(
                actor=request_user(request),
                version=_version(form["procedure"]),
                agency=_agency(form["agency"]),
                applicant=form["applicant"],
                eform_data=form["eform"],
                uploads=form["uploads"],
                idempotency_key=request.headers.get("Idempotency-Key"),
                on_behalf=form["on_behalf"],
            )
        except DjangoValidationError as exc:
            if getattr(exc, "code", None) and not hasattr(exc, "error_dict"):
                return _upload_error(exc)
            raise
        return Response(
            {
                "id": dossier.pk,
                "code": dossier.code,
                "status": dossier.status,
                "submitted_at": dossier.submitted_at,
                "fee_amount": dossier.fee_amount,
                "tracking_secret": dossier.tracking_secret,
            },
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        operation_id="dossiers_supplement_complete",
        request=NoteSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def supplement(self, request: Request, pk: str) -> Response:
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.dossier_supplement_complete(
            actor=request_user(request),
            dossier=self._mine(pk),
            note=body.validated_data.get("note", ""),
        )
        return Response(DossierSerializer(self._mine(pk)).data)

    @extend_schema(
        operation_id="dossiers_withdraw",
        request=NoteSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.dossier_withdraw(
            actor=request_user(request),
            dossier=self._mine(pk),
            reason=body.validated_data.get("note", ""),
        )
        return Response(DossierSerializer(self._mine(pk)).data)

    @extend_schema(
        operation_id="dossiers_mine_slip",
        parameters=[SLIP_PARAM],
        responses={(200, "application/pdf"): PDF, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path=r"slips/(?P<form>0[1-3])")
    def slip(self, request: Request, pk: str, form: str) -> HttpResponse:
        dossier = self._mine(pk)
        return _pdf(dossier_slip_pdf(dossier, form), slip_filename(dossier, form))


class TrackingView(APIView):
    """Public tracking by code + secret (or code alone for the signed-in applicant)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="dossiers_track",
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, required=True),
            OpenApiParameter("secret", OpenApiTypes.STR, description="Printed on slip 01."),
        ],
        responses={200: TrackingSerializer, 404: ErrorSerializer, 429: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        query = TrackingQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        allowed, retry_after = hit(
            scope="track",
            key=client_address(request),
            limit=settings.MOTCUA_TRACKING_RATE_PER_MINUTE,
        )
        if not allowed:
            response = _error(
                _("Quá nhiều lượt tra cứu trong một phút; thử lại sau %(s)s giây.")
                % {"s": retry_after},
                code=429,
            )
            response["Retry-After"] = str(retry_after)
            return response
        code = query.validated_data["code"]
        secret = query.validated_data.get("secret", "")
        user = request_user(request)
        view = None
        if user.is_authenticated and not secret:
            view = selectors.dossier_track_for_owner(user=user, code=code)
        if view is None:
            view = selectors.dossier_track(code=code, secret=secret)
        if view is None:
            return _error(_("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này."), code=404)
        return Response(TrackingSerializer(cast(Any, view)).data)


class DeskQueueView(APIView):
    @extend_schema(
        operation_id="desk_queue",
        parameters=[OpenApiParameter("agency", OpenApiTypes.STR, description="Agency code.")],
        responses=DossierListSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        agency = None
        code = request.query_params.get("agency")
        if code:
            agency = selectors.desk_agencies(user=user).filter(code=code).first()
            if agency is None:
                raise Http404("agency")
        dossiers = selectors.desk_queue(user=user, agency=agency)[:500]
        return Response(DossierListSerializer(dossiers, many=True).data)


class DeskDossierViewSet(ConflictAware, viewsets.GenericViewSet[Dossier]):
    """Dossiers at the desk: open a walk-in, check, scan, decide, print slips."""

    serializer_class = DossierSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.dossier_list_for_staff(user=request_user(self.request))

    def _get(self, pk: str) -> Dossier:
        try:
            return selectors.dossier_get_for_staff(user=request_user(self.request), pk=int(pk))
        except ValueError:
            raise Http404("dossier") from None

    def _fresh(self, pk: Any) -> Response:
        return Response(DossierSerializer(self._get(str(pk))).data)

    @extend_schema(
        operation_id="desk_receive",
        request=DeskReceiveSerializer,
        responses={201: DossierSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        user = request_user(request)
        body = DeskReceiveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        desks = list(selectors.desk_agencies(user=user))
        if not desks:
            return _error(_("Chỉ cán bộ Bộ phận Một cửa được tiếp nhận hồ sơ."), code=403)
        if data.get("receiving_agency"):
            receiving = next((a for a in desks if a.code == data["receiving_agency"]), None)
            if receiving is None:
                return _error(
                    _("Bạn không làm việc tại Bộ phận Một cửa này."),
                    {"receiving_agency": [_("Chọn nơi tiếp nhận của bạn.")]},
                )
        else:
            receiving = max(desks, key=lambda a: len(a.path))
        dossier = services.dossier_receive_at_desk(
            actor=user,
            version=_version(data["procedure"]),
            receiving_agency=receiving,
            competent_agency=_agency(data["competent_agency"], "competent_agency"),
            channel=data["channel"],
            applicant=Applicant.from_mapping(data["applicant"]),
            eform_data=data.get("eform"),
        )
        response = self._fresh(dossier.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        operation_id="desk_dossier_detail", responses={200: DossierSerializer, 404: ErrorSerializer}
    )
    def retrieve(self, request: Request, pk: str) -> Response:
        return self._fresh(pk)

    @extend_schema(
        operation_id="desk_checklist",
        request=ChecklistSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def checklist(self, request: Request, pk: str) -> Response:
        dossier = self._get(pk)
        body = ChecklistSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.dossier_checklist_save(
            actor=request_user(request),
            dossier=dossier,
            checks=[
                services.ComponentCheck(
                    component_id=c["id"],
                    received=c["received"],
                    original_seen=c["original_seen"],
                    copy_kind=c["copy_kind"],
                    quantity=c["quantity"],
                )
                for c in data["components"]
            ],
            fee_quantities=data.get("fee_quantities"),
            expected_revision=data.get("revision"),
        )
        return self._fresh(pk)

    @extend_schema(
        operation_id="desk_scan",
        request={"multipart/form-data": UploadSerializer},
        responses={201: DossierSerializer, 413: ErrorSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def scans(self, request: Request, pk: str) -> Response:
        refused = _attach_upload(request, self._get(pk), services.dossier_scan_attach)
        if refused is not None:
            return refused
        response = self._fresh(pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(
        operation_id="desk_accept",
        request=RevisionSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: str) -> Response:
        body = RevisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.dossier_accept(
            actor=request_user(request),
            dossier=self._get(pk),
            expected_revision=body.validated_data.get("revision"),
        )
        return self._fresh(pk)

    @extend_schema(
        operation_id="desk_request_supplement",
        request=SupplementSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def supplement(self, request: Request, pk: str) -> Response:
        body = SupplementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        services.dossier_request_supplement(
            actor=request_user(request),
            dossier=self._get(pk),
            items=[
                services.SupplementItem(
                    component_id=i.get("component"), name=i.get("name", ""), reason=i["reason"]
                )
                for i in data["items"]
            ],
            note=data.get("note", ""),
            expected_revision=data.get("revision"),
        )
        return self._fresh(pk)

    @extend_schema(
        operation_id="desk_supplement_received",
        request=NoteSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="supplement-received")
    def supplement_received(self, request: Request, pk: str) -> Response:
        body = NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.dossier_supplement_complete(
            actor=request_user(request),
            dossier=self._get(pk),
            note=body.validated_data.get("note", ""),
        )
        return self._fresh(pk)

    @extend_schema(
        operation_id="desk_refuse",
        request=RefuseSerializer,
        responses={200: DossierSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request: Request, pk: str) -> Response:
        body = RefuseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.dossier_refuse(
            actor=request_user(request),
            dossier=self._get(pk),
            reason=body.validated_data["reason"],
            expected_revision=body.validated_data.get("revision"),
        )
        return self._fresh(pk)

    @extend_schema(
        operation_id="desk_slip",
        parameters=[SLIP_PARAM],
        responses={(200, "application/pdf"): PDF, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path=r"slips/(?P<form>0[1-3])")
    def slip(self, request: Request, pk: str, form: str) -> HttpResponse:
        dossier = self._get(pk)
        return _pdf(dossier_slip_pdf(dossier, form), slip_filename(dossier, form))
