"""Delivery API: returning results (desk, post, delivery confirmation), the result file for
its owner and for staff, ratings, the tracking book (form 06), rating counts, and the
national-portal sync export."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.delivery import book, selectors, services
from motcua.delivery.api.serializers import (
    BookQuerySerializer,
    BookRowSerializer,
    DeliveredSerializer,
    DeskReturnSerializer,
    PeriodSerializer,
    PostSerializer,
    QueueItemSerializer,
    RatedSerializer,
    RatingCountsSerializer,
    RatingInSerializer,
    ReturnStateSerializer,
    SyncPageSerializer,
    SyncQuerySerializer,
    SyncRecordSerializer,
    TrackingRatingSerializer,
)
from motcua.delivery.staff_views import result_file_response
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.ratelimit import client_address, hit
from motcua.organizations.api.serializers import ErrorSerializer

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
FILE = OpenApiResponse(response=OpenApiTypes.BINARY, description="Signed result (PDF).")


def _error(detail: str, errors: dict[str, list[str]] | None = None, code: int = 400) -> Response:
    return Response({"detail": detail, "errors": errors or {}}, status=code)


def _valid(serializer: serializers.Serializer[Any]) -> dict[str, Any] | Response:
    if not serializer.is_valid():
        errors = {k: [str(m) for m in v] for k, v in serializer.errors.items()}
        return validation_response(errors)
    return cast(dict[str, Any], serializer.validated_data)


class _Base(APIView):
    permission_classes = [permissions.IsAuthenticated]

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, DossierConflict):
            return _error(exc.message, {"status": [exc.status]} if exc.status else {}, 409)
        return super().handle_exception(exc)


def _state(dossier: Dossier) -> dict[str, Any]:
    from motcua.delivery.models import ResultReturn
    from motcua.documents.signing import verification_url

    dossier.refresh_from_db()
    result = services.signed_result_of(dossier)
    record = (
        ResultReturn.objects.select_related("agency", "returned_by").filter(dossier=dossier).first()
    )
    return ReturnStateSerializer(
        {
            "id": dossier.pk,
            "code": dossier.code,
            "status": dossier.status,
            "revision": dossier.revision,
            "applicant_name": dossier.applicant_name,
            "procedure_name": dossier.procedure_version.name,
            "due_at": dossier.due_at,
            "returned_at": dossier.returned_at,
            "return_mode": dossier.return_mode,
            "result": {
                "code": result.code,
                "number": result.number,
                "signed_at": result.signed_at,
                "verification_url": verification_url(result.code),
            }
            if result is not None
            else None,
            "record": record,
        }
    ).data


# --- Staff: returning results ---------------------------------------------------------------


class ReturnQueueView(_Base):
    @extend_schema(
        operation_id="delivery_returns_list",
        summary="Processed dossiers waiting for their result to be returned (staff).",
        parameters=[OpenApiParameter("agency", OpenApiTypes.STR, required=False)],
        responses={200: QueueItemSerializer(many=True), **ERRORS},
        tags=["delivery"],
    )
    def get(self, request: Request) -> Response:
        user = request_user(request)
        code = request.query_params.get("agency", "")
        agency = None
        if code:
            agency = selectors.return_desk_agencies(user=user).filter(code=code).first()
            if agency is None:
                raise Http404("agency")
        dossiers = selectors.return_queue(user=user, agency=agency)[:500]
        return Response(QueueItemSerializer(dossiers, many=True).data)


class ReturnStateView(_Base):
    @extend_schema(
        operation_id="delivery_dossier_retrieve",
        summary="Where a dossier's result stands: signed result, return record (staff).",
        responses={200: ReturnStateSerializer, **ERRORS},
        tags=["delivery"],
    )
    def get(self, request: Request, pk: int) -> Response:
        dossier = selectors.dossier_for_return(user=request_user(request), pk=pk)
        return Response(_state(dossier))


class ReturnDeskView(_Base):
    @extend_schema(
        operation_id="delivery_return_desk",
        summary="Hand the result over at the desk (recipient, papers); makes the book entry.",
        request=DeskReturnSerializer,
        responses={200: ReturnStateSerializer, **ERRORS},
        tags=["delivery"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_return(user=user, pk=pk)
        data = _valid(DeskReturnSerializer(data=request.data))
        if isinstance(data, Response):
            return data
        services.result_return_at_desk(
            actor=user,
            dossier=dossier,
            recipient_name=data.get("recipient_name", ""),
            recipient_relation=data["recipient_relation"],
            recipient_id_number=data.get("recipient_id_number", ""),
            authorisation=data.get("authorisation", ""),
            papers=data.get("papers", ""),
            revision=data.get("revision"),
        )
        return Response(_state(dossier))


class ReturnPostView(_Base):
    @extend_schema(
        operation_id="delivery_return_post",
        summary="Record the result as posted (postal service, tracking number, time sent).",
        request=PostSerializer,
        responses={200: ReturnStateSerializer, **ERRORS},
        tags=["delivery"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_return(user=user, pk=pk)
        data = _valid(PostSerializer(data=request.data))
        if isinstance(data, Response):
            return data
        services.result_send_by_post(
            actor=user,
            dossier=dossier,
            postal_service=data["postal_service"],
            tracking_number=data["tracking_number"],
            sent_at=data.get("sent_at"),
            revision=data.get("revision"),
        )
        return Response(_state(dossier))


class DeliveredView(_Base):
    @extend_schema(
        operation_id="delivery_delivered",
        summary="Store the postal operator's delivery confirmation (once).",
        request=DeliveredSerializer,
        responses={200: ReturnStateSerializer, **ERRORS},
        tags=["delivery"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_return(user=user, pk=pk)
        data = _valid(DeliveredSerializer(data=request.data))
        if isinstance(data, Response):
            return data
        services.result_delivery_confirm(
            actor=user,
            dossier=dossier,
            delivered_at=data["delivered_at"],
            note=data.get("note", ""),
        )
        return Response(_state(dossier))


class StaffResultFileView(_Base):
    @extend_schema(
        operation_id="delivery_result_staff",
        summary="The signed result file (staff of the dossier's agencies; audited).",
        responses={200: FILE, **ERRORS},
        tags=["delivery"],
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        user = request_user(request)
        dossier = selectors.dossier_for_return(user=user, pk=pk)
        try:
            found = services.result_download(user=user, dossier=dossier)
        except DossierConflict:
            raise Http404("result") from None
        return result_file_response(found)


# --- Resident ----------------------------------------------------------------------------------


class MyResultFileView(_Base):
    @extend_schema(
        operation_id="delivery_result_mine",
        summary="The owner's signed result; the first download records the electronic return.",
        responses={200: FILE, **ERRORS},
        tags=["delivery"],
    )
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        user = request_user(request)
        dossier = selectors.dossier_for_owner(user=user, pk=pk)
        return result_file_response(services.result_download(user=user, dossier=dossier))


def _rated(rated: services.Rated) -> dict[str, Any]:
    return RatedSerializer(
        {
            "dossier": rated.rating.dossier.code,
            "value": rated.rating.value,
            "rated_at": rated.rating.rated_at,
            "feedback_code": rated.feedback_code,
            "feedback_secret": rated.feedback_secret,
        }
    ).data


class MyRatingView(_Base):
    @extend_schema(
        operation_id="delivery_rating_mine",
        summary="Rate a returned dossier (owner, once); 'dissatisfied' may open a complaint.",
        request=RatingInSerializer,
        responses={201: RatedSerializer, **ERRORS},
        tags=["delivery"],
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_owner(user=user, pk=pk)
        data = _valid(RatingInSerializer(data=request.data))
        if isinstance(data, Response):
            return data
        rated = services.rating_submit(
            dossier=dossier,
            actor=user,
            value=data["value"],
            comment=data.get("comment", ""),
            complaint=data.get("complaint", False),
            complaint_text=data.get("complaint_text", ""),
        )
        return Response(_rated(rated), status=201)


class TrackingRatingView(_Base):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="delivery_rating_tracking",
        summary="Rate a returned dossier with its code and tracking secret (once).",
        request=TrackingRatingSerializer,
        responses={201: RatedSerializer, 429: ErrorSerializer, **ERRORS},
        tags=["delivery"],
        auth=[],
    )
    def post(self, request: Request) -> Response:
        allowed, retry_after = hit(
            scope="track",
            key=client_address(request),
            limit=settings.MOTCUA_TRACKING_RATE_PER_MINUTE,
        )
        if not allowed:
            response = _error(
                _("Quá nhiều lần thử trong một phút; thử lại sau %(s)s giây.") % {"s": retry_after},
                code=429,
            )
            response["Retry-After"] = str(retry_after)
            return response
        data = _valid(TrackingRatingSerializer(data=request.data))
        if isinstance(data, Response):
            return data
        dossier = selectors.dossier_for_secret(code=data["code"], secret=data["secret"])
        rated = services.rating_submit(
            dossier=dossier,
            secret=data["secret"],
            value=data["value"],
            comment=data.get("comment", ""),
            complaint=data.get("complaint", False),
            complaint_text=data.get("complaint_text", ""),
        )
        return Response(_rated(rated), status=201)


# --- Registers and counts -------------------------------------------------------------------

PERIOD_PARAMS = [
    OpenApiParameter("from", OpenApiTypes.DATE, required=True, description="First local day."),
    OpenApiParameter("to", OpenApiTypes.DATE, required=True, description="Last local day."),
]


class BookView(_Base):
    @extend_schema(
        operation_id="delivery_tracking_book",
        summary="Form 06 of one desk for a period: JSON rows, or the PDF / xlsx file.",
        parameters=[
            OpenApiParameter("agency", OpenApiTypes.STR, required=True),
            *PERIOD_PARAMS,
            OpenApiParameter("format", OpenApiTypes.STR, enum=["json", "pdf", "xlsx"]),
        ],
        responses={
            200: OpenApiResponse(
                response=BookRowSerializer(many=True),
                description="Rows (JSON); with format=pdf or xlsx the file itself.",
            ),
            **ERRORS,
        },
        tags=["delivery"],
    )
    def get(self, request: Request) -> HttpResponseBase:
        data = _valid(BookQuerySerializer(data=request.query_params))
        if isinstance(data, Response):
            return data
        user = request_user(request)
        agency = selectors.book_agency(user=user, code=data["agency"])
        start, end = data["from"], data["to"]
        rows = selectors.tracking_book(user=user, agency=agency, start=start, end=end)
        if data["format"] == "pdf":
            response = HttpResponse(
                book.book_pdf(agency=agency, start=start, end=end, rows=rows),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="{book.book_filename(agency, start, end, "pdf")}"'
            )
            return response
        if data["format"] == "xlsx":
            return FileResponse(
                book.book_xlsx(agency=agency, start=start, end=end, rows=rows),
                as_attachment=True,
                filename=book.book_filename(agency, start, end, "xlsx"),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        return Response(BookRowSerializer(rows, many=True).data)


class RatingCountsView(_Base):
    @extend_schema(
        operation_id="delivery_rating_counts",
        summary="Ratings given in a period for dossiers decided in an agency's subtree.",
        parameters=[OpenApiParameter("agency", OpenApiTypes.STR, required=True), *PERIOD_PARAMS],
        responses={200: RatingCountsSerializer, **ERRORS},
        tags=["delivery"],
    )
    def get(self, request: Request) -> Response:
        data = _valid(PeriodSerializer(data=request.query_params))
        if isinstance(data, Response):
            return data
        if not data.get("agency"):
            return validation_response({"agency": [_("Nhập mã cơ quan.")]})
        user = request_user(request)
        agency = selectors.report_agency(user=user, code=data["agency"])
        counts = selectors.rating_counts(
            user=user, agency=agency, start=data["from"], end=data["to"]
        )
        return Response(RatingCountsSerializer({"agency": agency.code, **counts}).data)


# --- National portal sync ---------------------------------------------------------------------


def cursor_encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"d:{last_id}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> int:
    """The last id of the previous page; ValueError when the cursor was not ours."""
    if not cursor:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise ValueError(cursor) from None
    prefix, _sep, number = text.partition(":")
    if prefix != "d" or not number.isdigit():
        raise ValueError(cursor)
    return int(number)


def sync_page(
    *, user: Any, start: dt.date, end: dt.date, agency: Any, cursor: str, limit: int
) -> dict[str, Any]:
    after = cursor_decode(cursor)
    dossiers = selectors.sync_dossiers(
        user=user, start=start, end=end, agency=agency, after_id=after, limit=limit + 1
    )
    more = len(dossiers) > limit
    dossiers = dossiers[:limit]
    return {
        "count": len(dossiers),
        "next_cursor": cursor_encode(dossiers[-1].pk) if more and dossiers else None,
        "results": selectors.sync_records(dossiers),
    }


class SyncListView(_Base):
    @extend_schema(
        operation_id="sync_dossiers_list",
        summary="National-portal sync records of dossiers with events in a period (staff).",
        parameters=[
            *PERIOD_PARAMS,
            OpenApiParameter("agency", OpenApiTypes.STR, required=False),
            OpenApiParameter("cursor", OpenApiTypes.STR, required=False),
            OpenApiParameter("limit", OpenApiTypes.INT, required=False, description="1–500"),
        ],
        responses={200: SyncPageSerializer, **ERRORS},
        tags=["sync"],
    )
    def get(self, request: Request) -> Response:
        data = _valid(SyncQuerySerializer(data=request.query_params))
        if isinstance(data, Response):
            return data
        user = request_user(request)
        agency = None
        if data.get("agency"):
            agency = selectors.sync_agencies(user=user).filter(code=data["agency"]).first()
            if agency is None:
                raise Http404("agency")
        elif not selectors.sync_agencies(user=user).exists():
            raise PermissionDenied(_("Chỉ cán bộ được xuất dữ liệu đồng bộ."))
        try:
            page = sync_page(
                user=user,
                start=data["from"],
                end=data["to"],
                agency=agency,
                cursor=data.get("cursor", ""),
                limit=data["limit"],
            )
        except ValueError:
            return validation_response(
                {"cursor": [_("Con trỏ trang không hợp lệ; bỏ trống để bắt đầu.")]}
            )
        return Response(page)


class SyncDetailView(_Base):
    @extend_schema(
        operation_id="sync_dossiers_retrieve",
        summary="The national-portal sync record of one dossier (staff).",
        responses={200: SyncRecordSerializer, **ERRORS},
        tags=["sync"],
    )
    def get(self, request: Request, code: str) -> Response:
        dossier = selectors.sync_dossier(user=request_user(request), code=code)
        return Response(selectors.sync_records([dossier])[0])
