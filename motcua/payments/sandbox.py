"""The sandbox gateway's own side: a stand-in for a real payment gateway, for tests and demos.

It receives the merchant's signed payment request, shows the payer an approve/decline page
(clearly labelled as a test gateway: no money moves), then sends the signed result back twice
— the browser to the merchant's return address and a server-to-server notice (IPN) — and
answers signed status queries. It shares the merchant's secret and keeps its transactions in
:class:`SandboxTransaction`, as a real gateway keeps its own records.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.payments.constants import SandboxStatus
from motcua.payments.gateways import JsonPoster, json_post
from motcua.payments.gateways.sandbox import VN, sandbox_sign, sandbox_verify, stamp
from motcua.payments.models import SandboxTransaction

_REQUIRED = ("sb_TmnCode", "sb_Amount", "sb_TxnRef", "sb_ReturnUrl", "sb_IpnUrl", "sb_Command")


def _fail(message: str) -> ValidationError:
    return ValidationError({"request": [message]})


def sandbox_open(
    params: Mapping[str, Any], *, now: dt.datetime | None = None
) -> SandboxTransaction:
    """Check a merchant's pay request and record (or find again) its transaction."""
    now = now or timezone.now()
    data = {str(k): str(v) for k, v in params.items()}
    if not sandbox_verify(data):
        raise _fail(_("Chữ ký của yêu cầu thanh toán không hợp lệ."))
    missing = [k for k in _REQUIRED if not data.get(k)]
    if missing or data["sb_Command"] != "pay":
        raise _fail(_("Yêu cầu thiếu tham số: %(m)s.") % {"m": ", ".join(missing) or "sb_Command"})
    if data["sb_TmnCode"] != settings.MOTCUA_SANDBOX_GATEWAY_MERCHANT:
        raise _fail(_("Mã đơn vị không được cổng chấp nhận."))
    raw = data["sb_Amount"]
    if not raw.isdigit() or int(raw) % 100 or int(raw) == 0:
        raise _fail(_("Số tiền không hợp lệ."))
    expire = data.get("sb_ExpireDate", "")
    if expire:
        try:
            until = dt.datetime.strptime(expire, "%Y%m%d%H%M%S").replace(tzinfo=VN)
        except ValueError:
            raise _fail(_("Thời hạn thanh toán không hợp lệ.")) from None
        if until < now:
            raise _fail(_("Yêu cầu thanh toán đã hết hạn. Hãy quay lại và thanh toán lại."))
    existing = SandboxTransaction.objects.filter(
        merchant=data["sb_TmnCode"], txn_ref=data["sb_TxnRef"]
    ).first()
    if existing is not None:
        return existing
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return SandboxTransaction.objects.create(
                    txn_no=str(secrets.randbelow(9 * 10**11) + 10**11),
                    merchant=data["sb_TmnCode"],
                    txn_ref=data["sb_TxnRef"][:64],
                    amount=int(raw) // 100,
                    order_info=data.get("sb_OrderInfo", "")[:255],
                    return_url=data["sb_ReturnUrl"][:500],
                    ipn_url=data["sb_IpnUrl"][:500],
                    created_at=now,
                )
        except IntegrityError:
            found = SandboxTransaction.objects.filter(
                merchant=data["sb_TmnCode"], txn_ref=data["sb_TxnRef"]
            ).first()
            if found is not None:
                return found
    raise RuntimeError("could not number the sandbox transaction")


def sandbox_result(txn: SandboxTransaction) -> dict[str, str]:
    """The signed result message of a decided transaction (return and IPN carry the same)."""
    approved = txn.status == SandboxStatus.APPROVED
    return sandbox_sign(
        {
            "sb_TmnCode": txn.merchant,
            "sb_Amount": txn.amount * 100,
            "sb_TxnRef": txn.txn_ref,
            "sb_TransactionNo": txn.txn_no,
            "sb_ResponseCode": "00" if approved else "24",
            "sb_TransactionStatus": "00" if approved else "02",
            "sb_PayDate": stamp(txn.decided_at or timezone.now()),
            "sb_OrderInfo": txn.order_info,
            "sb_BankCode": "SANDBOX",
        }
    )


def sandbox_return_url(txn: SandboxTransaction) -> str:
    separator = "&" if "?" in txn.return_url else "?"
    return txn.return_url + separator + urlencode(sandbox_result(txn))


@transaction.atomic
def sandbox_decide(*, txn_no: str, approve: bool) -> SandboxTransaction:
    """The payer approves or declines; the IPN is queued after commit. Deciding twice keeps
    the first decision."""
    txn = SandboxTransaction.objects.select_for_update().get(txn_no=txn_no)
    if txn.status == SandboxStatus.PENDING:
        txn.status = SandboxStatus.APPROVED if approve else SandboxStatus.DECLINED
        txn.decided_at = timezone.now()
        txn.save(update_fields=["status", "decided_at"])
        sandbox_ipn_queue(txn_no=txn.txn_no)
    return txn


def sandbox_ipn_queue(*, txn_no: str) -> None:
    """Queue (after commit) one more IPN of a decided transaction: "send it again"."""
    from motcua.payments.tasks import sandbox_ipn_task

    transaction.on_commit(lambda: sandbox_ipn_task.enqueue(txn_no))


def sandbox_ipn_send(*, txn_no: str, poster: JsonPoster | None = None) -> str:
    """POST the signed result to the merchant's IPN address and record the answer."""
    txn = SandboxTransaction.objects.get(txn_no=txn_no)
    if txn.status == SandboxStatus.PENDING:
        return "pending"
    try:
        answer = (poster or json_post)(txn.ipn_url, sandbox_result(txn))
        outcome = f"{answer.get('RspCode', '?')} {answer.get('Message', '')}".strip()
    except (OSError, ValueError) as exc:
        outcome = f"error: {exc}"
    SandboxTransaction.objects.filter(pk=txn.pk).update(
        ipn_attempts=txn.ipn_attempts + 1, ipn_last_result=outcome[:255]
    )
    return outcome


def sandbox_query_answer(body: Mapping[str, Any]) -> dict[str, str]:
    """Answer a signed status query (querydr) with a signed message."""
    data = {str(k): str(v) for k, v in body.items()}
    merchant = settings.MOTCUA_SANDBOX_GATEWAY_MERCHANT
    if not sandbox_verify(data) or data.get("sb_Command") != "querydr":
        return sandbox_sign(
            {
                "sb_TmnCode": merchant,
                "sb_ResponseCode": "97",
                "sb_TxnRef": data.get("sb_TxnRef", ""),
            }
        )
    txn = SandboxTransaction.objects.filter(
        merchant=data.get("sb_TmnCode", ""), txn_ref=data.get("sb_TxnRef", "")
    ).first()
    if txn is None:
        return sandbox_sign(
            {
                "sb_TmnCode": merchant,
                "sb_ResponseCode": "91",
                "sb_TxnRef": data.get("sb_TxnRef", ""),
            }
        )
    if txn.status == SandboxStatus.PENDING:
        return sandbox_sign(
            {
                "sb_TmnCode": txn.merchant,
                "sb_ResponseCode": "00",
                "sb_TxnRef": txn.txn_ref,
                "sb_Amount": txn.amount * 100,
                "sb_TransactionStatus": "01",
            }
        )
    result = sandbox_result(txn)
    result.pop("sb_SecureHash")
    result["sb_ResponseCode"] = "00"
    return sandbox_sign(result)
