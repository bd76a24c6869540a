"""Pages of the sandbox (test) gateway under /cong-thanh-toan-thu-nghiem/. No money moves.

Anyone holding a correctly signed request may open it, as at a real gateway; the pages say
on every screen that this is a test gateway.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.payments import sandbox
from motcua.payments.constants import SandboxStatus
from motcua.payments.models import SandboxTransaction


def _enabled() -> None:
    if not settings.MOTCUA_SANDBOX_GATEWAY_ENABLED:
        raise Http404("sandbox gateway disabled")


def pay(request: HttpRequest) -> HttpResponseBase:
    _enabled()
    if request.method == "POST":
        txn_no = request.POST.get("txn", "")
        decision = request.POST.get("decision")
        if decision not in ("approve", "decline"):
            txn = get_object_or_404(SandboxTransaction, txn_no=txn_no)
            return render(
                request,
                "payments/sandbox/pay.html",
                {"txn": txn, "error": "Hãy chọn Thanh toán hoặc Hủy giao dịch."},
                status=400,
            )
        txn = get_object_or_404(SandboxTransaction, txn_no=txn_no)
        txn = sandbox.sandbox_decide(txn_no=txn.txn_no, approve=decision == "approve")
        return redirect(sandbox.sandbox_return_url(txn))
    try:
        txn = sandbox.sandbox_open(request.GET.dict())
    except ValidationError as exc:
        return render(
            request, "payments/sandbox/error.html", {"messages_list": exc.messages}, status=400
        )
    return render(request, "payments/sandbox/pay.html", {"txn": txn})


def transaction_page(request: HttpRequest, txn_no: str) -> HttpResponse:
    _enabled()
    txn = get_object_or_404(SandboxTransaction, txn_no=txn_no)
    return render(request, "payments/sandbox/transaction.html", {"txn": txn})


@require_POST
def ipn_resend(request: HttpRequest, txn_no: str) -> HttpResponseBase:
    """Tell the sandbox to send the notice again (as a gateway's merchant portal allows)."""
    _enabled()
    txn = get_object_or_404(SandboxTransaction, txn_no=txn_no)
    if txn.status != SandboxStatus.PENDING:
        sandbox.sandbox_ipn_queue(txn_no=txn.txn_no)
    return redirect("payments_sandbox:transaction", txn_no=txn.txn_no)


@csrf_exempt
@require_POST
def query(request: HttpRequest) -> JsonResponse:
    """Signed status query from a merchant's server (JSON in, signed JSON out)."""
    _enabled()
    try:
        body = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return JsonResponse({"sb_ResponseCode": "99", "Message": "Body is not JSON"}, status=400)
    if not isinstance(body, dict):
        return JsonResponse(
            {"sb_ResponseCode": "99", "Message": "Body is not an object"}, status=400
        )
    return JsonResponse(sandbox.sandbox_query_answer(body))
