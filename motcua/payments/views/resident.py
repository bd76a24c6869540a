"""Resident pages under /thanh-toan/: what is owed, paying through a gateway or by VietQR
transfer, the gateway's browser return, and receipts. Reads through selectors, changes
through services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.documents.slips import qr_data_uri
from motcua.dossiers.models import Dossier
from motcua.payments import selectors, services
from motcua.payments.constants import CallbackKind, Method, PaymentStatus
from motcua.payments.gateways import gateway_get, gateways_enabled
from motcua.payments.receipts import receipt_pdf_ensure


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = selectors.payable_dossiers_for(user=request_user(request))
    return render(request, "payments/mine.html", {"rows": rows})


def _dossier_context(request: HttpRequest, dossier: Dossier) -> dict[str, Any]:
    requirement = selectors.requirement_for(dossier=dossier)
    state = selectors.dossier_payment_status(dossier)
    online = bool(requirement and requirement.online_payment_enabled)
    payments = list(selectors.dossier_payments(dossier=dossier))
    return {
        "dossier": dossier,
        "state": state,
        "owed": state["required"] - state["paid"],
        "breakdown": selectors.dossier_fee_breakdown(dossier),
        "requirement": requirement,
        "online": online and state["status"] in ("unpaid", "partial"),
        "gateways": gateways_enabled(),
        "qr_account": services.bank_account_for(dossier.receiving_agency) if online else None,
        "payments": payments,
        "pending_qr": next(
            (p for p in payments if p.method == Method.QR and p.status == PaymentStatus.PENDING),
            None,
        ),
        "receipts": [p.receipt for p in payments if hasattr(p, "receipt")],
    }


@login_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = selectors.dossier_for_payer(user=request_user(request), code=code)
    return render(request, "payments/dossier.html", _dossier_context(request, dossier))


@login_required
def status_fragment(request: HttpRequest, code: str) -> HttpResponse:
    """The status card alone, for polling after a return or while a transfer is awaited."""
    dossier = selectors.dossier_for_payer(user=request_user(request), code=code)
    context = _dossier_context(request, dossier)
    context["poll"] = context["state"]["status"] != "paid"
    return render(request, "payments/_status.html", context)


def _refuse(request: HttpRequest, dossier: Dossier, exc: Exception) -> HttpResponse:
    if isinstance(exc, ValidationError):
        for message in _errors(exc):
            messages.error(request, message)
    else:
        messages.error(request, str(exc))
    context = _dossier_context(request, dossier)
    return render(request, "payments/dossier.html", context, status=400)


@login_required
@require_POST
def gateway_start(request: HttpRequest, code: str) -> HttpResponseBase:
    user = request_user(request)
    dossier = selectors.dossier_for_payer(user=user, code=code)
    name = request.POST.get("gateway", "sandbox")
    try:
        gateway = gateway_get(name, base_url=base_url(request))
    except LookupError:
        return _refuse(
            request,
            dossier,
            ValidationError(
                {"gateway": [_("Cổng thanh toán này không được hỗ trợ. Hãy chọn cổng khác.")]}
            ),
        )
    try:
        payment = services.payment_gateway_start(actor=user, dossier=dossier, gateway=name)
    except (ValidationError, PermissionDenied) as exc:
        return _refuse(request, dossier, exc)
    return redirect(gateway.start(payment))


@login_required
@require_POST
def qr_start(request: HttpRequest, code: str) -> HttpResponseBase:
    user = request_user(request)
    dossier = selectors.dossier_for_payer(user=user, code=code)
    try:
        payment = services.payment_qr_start(actor=user, dossier=dossier)
    except (ValidationError, PermissionDenied) as exc:
        return _refuse(request, dossier, exc)
    return redirect("payments:qr", code=dossier.code, reference=payment.reference)


@login_required
def qr_page(request: HttpRequest, code: str, reference: str) -> HttpResponse:
    payment = selectors.payment_for_payer(
        user=request_user(request), code=code, reference=reference
    )
    context: dict[str, Any] = {"payment": payment, "dossier": payment.dossier}
    if payment.qr_account:
        details = selectors.payment_qr_details(payment)
        context["details"] = details
        if payment.status == PaymentStatus.PENDING:
            context["qr"] = qr_data_uri(details["payload"])
    return render(request, "payments/qr.html", context)


@login_required
def gateway_return(request: HttpRequest, code: str) -> HttpResponse:
    """Where the gateway sends the payer back. The signed result is applied exactly like the
    server-to-server notice (whichever comes first confirms; the other is a duplicate)."""
    user = request_user(request)
    dossier = selectors.dossier_for_payer(user=user, code=code)
    name = request.GET.get("gateway", "sandbox")
    answer = None
    try:
        gateway = gateway_get(name, base_url=base_url(request))
    except LookupError:
        gateway = None
    if gateway is not None and request.GET:
        from motcua.dossiers.ratelimit import client_address

        answer = services.payment_callback_apply(
            gateway=gateway,
            data=request.GET.dict(),
            kind=CallbackKind.RETURN,
            remote_addr=client_address(request),
        )
    context = _dossier_context(request, dossier)
    context["answer"] = answer
    context["declined"] = bool(
        answer and answer.payment is not None and answer.payment.status == PaymentStatus.FAILED
    )
    refused = answer is not None and answer.outcome == "refused"
    context["waiting"] = not (
        refused or context["declined"] or context["state"]["status"] == "paid"
    )
    status = 400 if refused else 200
    return render(request, "payments/return.html", context, status=status)


@login_required
def receipt_download(request: HttpRequest, code: str, receipt_id: int) -> HttpResponseBase:
    receipt = selectors.receipt_for_payer(
        user=request_user(request), code=code, receipt_id=receipt_id
    )
    return stored_file_response(receipt_pdf_ensure(receipt_id=receipt.pk))
