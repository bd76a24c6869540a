"""API: public verification, and for staff the agency certificates and signed results."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.errors import validation_response
from motcua.core.http import request_user
from motcua.documents import selectors, signing
from motcua.documents.api.serializers import (
    CertificateSerializer,
    CertificateUploadSerializer,
    NumberSerializer,
    SignedResultSerializer,
    VerificationReportSerializer,
    VerificationUploadSerializer,
)
from motcua.documents.forms import P12_MAX_BYTES
from motcua.documents.models import AgencyCertificate, SignedResult
from motcua.organizations.api.serializers import ErrorSerializer


class VerificationUploadView(APIView):
    """Check a signed PDF: integrity, signer, signing time, agency, issued here."""

    permission_classes = [permissions.AllowAny]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="verification_upload",
        request={"multipart/form-data": VerificationUploadSerializer},
        responses={200: VerificationReportSerializer, 400: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        from django.conf import settings

        serializer = VerificationUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["pdf"]
        if upload.size > settings.MOTCUA_UPLOAD_MAX_BYTES:
            return validation_response({"pdf": ["Tệp quá lớn để là một văn bản kết quả."]})
        report = signing.result_verify(upload.read())
        return Response(VerificationReportSerializer(report).data)


class VerificationCodeView(APIView):
    """The verification of a result we issued, by the code printed on it (or its id)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="verification_by_code",
        responses={200: VerificationReportSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        result = selectors.result_public_get(key=code)
        return Response(VerificationReportSerializer(signing.result_verify_stored(result)).data)


@extend_schema_view(
    list=extend_schema(
        operation_id="signing_certificates_list",
        summary="Certificates of the agencies the caller administers",
        responses={200: CertificateSerializer(many=True), 403: ErrorSerializer},
    ),
    retrieve=extend_schema(
        operation_id="signing_certificates_retrieve",
        responses={200: CertificateSerializer, 404: ErrorSerializer},
    ),
)
class CertificateViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[AgencyCertificate]
):
    """Agency signing certificates (administrators of the agency or above)."""

    serializer_class = CertificateSerializer
    queryset = AgencyCertificate.objects.none()
    parser_classes = [MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[AgencyCertificate]:
        return selectors.certificate_list_for_user(user=request_user(self.request))

    @extend_schema(
        operation_id="signing_certificates_upload",
        request={"multipart/form-data": CertificateUploadSerializer},
        responses={
            201: CertificateSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Register a PKCS#12 bundle as the agency's active certificate (audited)."""
        user = request_user(request)
        serializer = CertificateUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agency = selectors.certificate_agencies_for_user(user=user).filter(code=data["agency"])
        if not agency.exists():
            if selectors.agency_visible(user=user, code=data["agency"]):
                raise PermissionDenied("Chỉ quản trị của cơ quan này được quản lý chứng thư số.")
            return validation_response({"agency": ["Không có cơ quan với mã này."]})
        upload = data["p12_file"]
        if upload.size > P12_MAX_BYTES:
            return validation_response({"p12_file": ["Tệp quá lớn để là một gói .p12."]})
        certificate = signing.certificate_upload(
            actor=user, agency=agency.get(), p12_bytes=upload.read(), passphrase=data["passphrase"]
        )
        return Response(CertificateSerializer(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="signing_certificates_deactivate",
        request=None,
        responses={200: CertificateSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, pk: str) -> Response:
        """Stop using the certificate for new signatures (audited, idempotent)."""
        certificate = self.get_object()
        certificate = signing.certificate_deactivate(
            actor=request_user(request), certificate=certificate
        )
        return Response(CertificateSerializer(certificate).data)


@extend_schema_view(
    list=extend_schema(
        operation_id="signing_results_list",
        summary="Signed results of the caller's agencies (leaders, clerks, administrators)",
        parameters=[
            OpenApiParameter("agency", str, description="Agency code."),
            OpenApiParameter("q", str, description="Code, register number or related id."),
        ],
        responses={200: SignedResultSerializer(many=True)},
    ),
    retrieve=extend_schema(
        operation_id="signing_results_retrieve",
        responses={200: SignedResultSerializer, 404: ErrorSerializer},
    ),
)
class SignedResultViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet[SignedResult]
):
    serializer_class = SignedResultSerializer
    queryset = SignedResult.objects.none()

    def get_queryset(self) -> QuerySet[SignedResult]:
        user = request_user(self.request)
        agency = None
        code = self.request.query_params.get("agency")
        if code:
            agency = selectors.result_agencies_for_user(user=user).filter(code=code).first()
            if agency is None:
                return SignedResult.objects.none()
        return selectors.result_list_for_user(
            user=user, agency=agency, query=self.request.query_params.get("q", "")[:60]
        )

    @extend_schema(
        operation_id="signing_results_number",
        request=NumberSerializer,
        responses={
            200: SignedResultSerializer,
            400: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    @action(detail=True, methods=["post"])
    def number(self, request: Request, pk: str) -> Response:
        """The records clerk enters the result in the register (audited)."""
        result = self.get_object()
        serializer = NumberSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = signing.result_number(
            actor=request_user(request),
            result=result,
            number=serializer.validated_data.get("number") or None,
        )
        return Response(SignedResultSerializer(result).data)
