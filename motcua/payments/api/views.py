"""Payments API: fee quotes, a dossier's payment status, starting online payments, taking
fees at the desk, refunds, receipts, the gateway notice (IPN), collections, indicators,
bank statements, collecting accounts and payment requirements."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import procedure_version_in_force
from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.dossiers.models import Dossier
from motcua.dossiers.ratelimit import client_address
from motcua.organizations.selectors import agency_get_for_user
from motcua.payments import selectors, services
from motcua.payments.api.serializers import (
    BankAccountSerializer,
    CollectionsQuerySerializer,
    CollectionsSerializer,
    DeskPaymentSerializer,
    DossierPaymentSerializer,
    ErrorSerializer,
    FeeQuoteQuerySerializer,
    FeeQuoteSerializer,
    GatewayStartedSerializer,
    GatewayStartSerializer,
    IndicatorsSerializer,
    IpnAnswerSerializer,
    IpnBodySerializer,
    PaymentSerializer,
    QrSerializer,
    RefundSerializer,
    RequirementSerializer,
    StatementDetailSerializer,
    StatementSerializer,
    StatementUploadSerializer,
)
from motcua.payments.collections import collections_compute
from motcua.payments.constants import CallbackKind, LineStatus
from motcua.payments.gateways import gateway_get
from motcua.payments.gateways.sandbox import RSP_ERROR
from motcua.payments.receipts import receipt_pdf_ensure
from motcua.payments.views.resident import base_url

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}
CODE = OpenApiParameter(
    "code",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="Dossier code, e.g. 000.22.07.H26-260309-0001.",
)
PDF = OpenApiResponse(response=OpenApiTypes.BINARY, description="Receipt PDF.")


def _dossier_for(request: Request, code: str) -> Dossier:
    """The dossier for its payer (applicant side) or for staff of its agencies; 404 else."""
    user = request_user(request)
    try:
        return selectors.dossier_for_payer(user=user, code=code)
    except Http404:
        return selectors.dossier_for_staff(user=user, code=code)


def _status_body(dossier: Dossier) -> dict[str, Any]:
    state = selectors.dossier_payment_status(dossier)
    breakdown = selectors.dossier_fee_breakdown(dossier)
    requirement = selectors.requirement_for(dossier=dossier)
    return {
        "code": dossier.code,
        **state,
        "outstanding": max(state["required"] - state["paid"], 0),
        "online_payment_enabled": bool(requirement and requirement.online_payment_enabled),
        "blocked_reason": selectors.dossier_payment_blocks(dossier, None),
        "lines": [line.__dict__ for line in breakdown.lines] if breakdown else [],
        "payments": PaymentSerializer(selectors.dossier_payments(dossier=dossier), many=True).data,
    }


class FeeQuoteView(APIView):
    """Fees of a procedure for some quantities, line by line (public: shown before filing)."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="payments_fee_quote",
        parameters=[FeeQuoteQuerySerializer],
        responses={200: FeeQuoteSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        query = FeeQuoteQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        version = procedure_version_in_force(code=data["procedure"])
        if version is None:
            raise Http404("procedure")
        quantities = {k: data[k] for k in ("copies", "pages") if k in data}
        return Response(FeeQuoteSerializer(selectors.fee_quote(version, quantities)).data)


class DossierPaymentView(APIView):
    @extend_schema(
        operation_id="payments_dossier_status",
        parameters=[CODE],
        responses={200: DossierPaymentSerializer, **ERRORS},
    )
    def get(self, request: Request, code: str) -> Response:
        dossier = _dossier_for(request, code)
        return Response(DossierPaymentSerializer(_status_body(dossier)).data)


class GatewayStartView(APIView):
    @extend_schema(
        operation_id="payments_gateway_start",
        parameters=[CODE],
        request=GatewayStartSerializer,
        responses={201: GatewayStartedSerializer, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_payer(user=user, code=code)
        body = GatewayStartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        name = body.validated_data["gateway"]
        try:
            gateway = gateway_get(name, base_url=base_url(request))
        except LookupError:
            raise DjangoValidationError(
                {"gateway": [_("Cổng thanh toán này không được hỗ trợ.")]}
            ) from None
        payment = services.payment_gateway_start(actor=user, dossier=dossier, gateway=name)
        answer = {
            "payment": PaymentSerializer(payment).data,
            "redirect_url": request.build_absolute_uri(gateway.start(payment)),
        }
        return Response(answer, status=status.HTTP_201_CREATED)


class QrStartView(APIView):
    @extend_schema(
        operation_id="payments_qr_start",
        parameters=[CODE],
        request=None,
        responses={201: QrSerializer, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_payer(user=user, code=code)
        payment = services.payment_qr_start(actor=user, dossier=dossier)
        details = selectors.payment_qr_details(payment)
        return Response(
            {"payment": PaymentSerializer(payment).data, **details},
            status=status.HTTP_201_CREATED,
        )


class DeskPaymentView(APIView):
    @extend_schema(
        operation_id="payments_desk_take",
        parameters=[CODE],
        request=DeskPaymentSerializer,
        responses={201: PaymentSerializer, **ERRORS},
    )
    def post(self, request: Request, code: str) -> Response:
        user = request_user(request)
        dossier = selectors.dossier_for_staff(user=user, code=code)
        body = DeskPaymentSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        payment = services.payment_take_at_desk(
            actor=user,
            dossier=dossier,
            method=data["method"],
            amount=data.get("amount"),
            card_reference=data.get("card_reference", ""),
            payer_name=data.get("payer_name", ""),
        )
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class RefundView(APIView):
    @extend_schema(
        operation_id="payments_refund",
        request=RefundSerializer,
        responses={201: PaymentSerializer, **ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        payment = selectors.payment_for_staff(user=user, pk=pk)
        body = RefundSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.payment_refund(actor=user, payment=payment, **body.validated_data)
        payment = selectors.payment_for_staff(user=user, pk=pk)
        return Response(PaymentSerializer(payment).data, status=status.HTTP_201_CREATED)


class ReceiptPdfView(APIView):
    @extend_schema(operation_id="payments_receipt_pdf", responses={200: PDF, 404: ErrorSerializer})
    def get(self, request: Request, pk: int) -> HttpResponseBase:
        receipt = selectors.receipt_for_user(user=request_user(request), receipt_id=pk)
        return stored_file_response(receipt_pdf_ensure(receipt_id=receipt.pk))


class IpnView(APIView):
    """Server-to-server notice from a gateway: a signed JSON body. No session, no CSRF."""

    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="payments_gateway_ipn",
        parameters=[
            OpenApiParameter("gateway", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["sandbox"])
        ],
        request=IpnBodySerializer,
        responses={200: IpnAnswerSerializer},
        auth=[],
    )
    def post(self, request: Request, gateway: str) -> Response:
        try:
            client = gateway_get(gateway, base_url=base_url(request))
        except LookupError:
            raise Http404("gateway") from None
        data = request.data
        if not hasattr(data, "items"):
            return Response({"RspCode": RSP_ERROR, "Message": "Body is not an object"})
        flat = {str(k): (v if isinstance(v, str) else json.dumps(v)) for k, v in data.items()}
        answer = services.payment_callback_apply(
            gateway=client, data=flat, kind=CallbackKind.IPN, remote_addr=client_address(request)
        )
        return Response({"RspCode": answer.code, "Message": answer.message})


def _report_agency(request: Request, code: str) -> Any:
    return selectors.report_agency(user=request_user(request), code=code)


class CollectionsView(APIView):
    @extend_schema(
        operation_id="payments_collections",
        parameters=[CollectionsQuerySerializer],
        responses={200: CollectionsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = CollectionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        agency = _report_agency(request, data["agency"])
        result = collections_compute(
            agency=agency, start=data["start"], end=data["end"], group=data["group"]
        )
        return Response(CollectionsSerializer(result).data)


class IndicatorsView(APIView):
    @extend_schema(
        operation_id="payments_indicators",
        parameters=[CollectionsQuerySerializer],
        responses={200: IndicatorsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        query = CollectionsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        agency = _report_agency(request, data["agency"])
        result = selectors.online_payment_indicators(
            user=request_user(request), agency=agency, start=data["start"], end=data["end"]
        )
        return Response(IndicatorsSerializer(result).data)


class StatementListView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="payments_statements", responses={200: StatementSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        rows = selectors.statements_for(user=request_user(request))[:100]
        return Response(StatementSerializer(rows, many=True).data)

    @extend_schema(
        operation_id="payments_statement_upload",
        request={"multipart/form-data": StatementUploadSerializer},
        responses={202: StatementSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        body = StatementUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        agency = selectors.report_agency(
            user=user, code=body.validated_data["agency"], roles=selectors.FINANCE_ROLES
        )
        statement = services.statement_upload(
            actor=user, agency=agency, upload=body.validated_data["file"]
        )
        return Response(StatementSerializer(statement).data, status=status.HTTP_202_ACCEPTED)


class StatementDetailView(APIView):
    @extend_schema(
        operation_id="payments_statement_detail",
        parameters=[OpenApiParameter("status", OpenApiTypes.STR, enum=list(LineStatus.values))],
        responses={200: StatementDetailSerializer, 404: ErrorSerializer},
    )
    def get(self, request: Request, pk: int) -> Response:
        statement = selectors.statement_get(user=request_user(request), pk=pk)
        wanted = request.query_params.get("status", "")
        statement.visible_lines = list(  # type: ignore[attr-defined]
            selectors.statement_lines(
                statement=statement, status=wanted if wanted in LineStatus.values else ""
            )[:5000]
        )
        return Response(StatementDetailSerializer(statement).data)


class BankAccountView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="payments_bank_account", responses={200: BankAccountSerializer, **ERRORS}
    )
    def get(self, request: Request, agency: str) -> Response:
        found = agency_get_for_user(user=request_user(request), code=agency, manage=True)
        account = getattr(found, "bank_account", None)
        if account is None:
            raise Http404("account")
        return Response(BankAccountSerializer(account).data)

    @extend_schema(
        operation_id="payments_bank_account_set",
        request=BankAccountSerializer,
        responses={200: BankAccountSerializer, **ERRORS},
    )
    def put(self, request: Request, agency: str) -> Response:
        user = request_user(request)
        found = agency_get_for_user(user=user, code=agency, manage=True)
        body = BankAccountSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        account = services.bank_account_set(actor=user, agency=found, **body.validated_data)
        return Response(BankAccountSerializer(account).data)


class RequirementListView(APIView):
    @extend_schema(
        operation_id="payments_requirements", responses={200: RequirementSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        return Response(RequirementSerializer(selectors.requirements_list(), many=True).data)


class RequirementView(APIView):
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="payments_requirement_set",
        request=RequirementSerializer,
        responses={200: RequirementSerializer, **ERRORS},
    )
    def put(self, request: Request, code: str) -> Response:
        procedure = Procedure.objects.filter(code=code).first()
        if procedure is None:
            raise Http404("procedure")
        body = RequirementSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        row = services.payment_requirement_set(
            actor=request_user(request),
            procedure=procedure,
            before_step=data["before_step"],
            online_payment_enabled=data.get("online_payment_enabled", True),
            note=data.get("note", ""),
        )
        return Response(RequirementSerializer(row).data)
