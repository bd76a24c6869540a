"""The sandbox gateway: the merchant's side of a protocol modelled on Vietnamese gateways.

Messages are flat key/value maps with ``sb_`` names, signed with HMAC-SHA512 over the other
parameters sorted and URL-encoded (:mod:`motcua.payments.gateways.signing`) with the shared
secret ``MOTCUA_SANDBOX_GATEWAY_SECRET``. Amounts travel in đồng × 100, as real gateways do.

1. Pay: the payer's browser goes to ``/cong-thanh-toan-thu-nghiem/thanh-toan/?…`` with
   sb_Version, sb_Command=pay, sb_TmnCode, sb_Amount, sb_CurrCode=VND, sb_TxnRef (our payment
   reference), sb_OrderInfo, sb_Locale, sb_ReturnUrl, sb_IpnUrl, sb_CreateDate, sb_ExpireDate
   (yyyyMMddHHmmss, Vietnam time) and sb_SecureHash.
2. The payer approves or declines on the sandbox page. The sandbox then sends the result
   twice: the browser back to sb_ReturnUrl with the result in the query string, and a
   server-to-server notice (IPN): a POST of the same signed result as a JSON body to
   sb_IpnUrl, answered with ``{"RspCode": "00", "Message": …}``. Result fields: sb_TmnCode,
   sb_Amount, sb_TxnRef, sb_TransactionNo, sb_ResponseCode ("00" success, "24" cancelled),
   sb_TransactionStatus ("00" success, "02" failed), sb_PayDate, sb_OrderInfo, sb_BankCode.
3. Query: POST a signed JSON body (sb_Command=querydr, sb_RequestId, sb_TmnCode, sb_TxnRef,
   sb_CreateDate) to ``/cong-thanh-toan-thu-nghiem/truy-van/``; the signed answer carries
   sb_ResponseCode ("00" found, "91" not found) and, when found, sb_TransactionStatus ("00"
   paid, "01" pending, "02" failed) with the result fields above.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.payments.gateways import CallbackResult, JsonPoster, QueryResult, json_post
from motcua.payments.gateways.signing import sign, verify

if TYPE_CHECKING:
    from motcua.payments.models import Payment

HASH = "sb_SecureHash"
EXCLUDE = frozenset({HASH})
VERSION = "1"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
#: Answer codes of our IPN endpoint (the gateway's convention).
RSP_OK = "00"
RSP_NOT_FOUND = "01"
RSP_ALREADY = "02"
RSP_BAD_AMOUNT = "04"
RSP_BAD_SIGNATURE = "97"
RSP_ERROR = "99"


def sandbox_secret() -> str:
    """The shared secret: the setting, or one derived from SECRET_KEY when it is unset."""
    import hashlib
    import hmac

    configured: str = settings.MOTCUA_SANDBOX_GATEWAY_SECRET
    if configured:
        return configured
    key = settings.SECRET_KEY.encode("utf-8")
    return hmac.new(key, b"motcua-sandbox-gateway", hashlib.sha256).hexdigest()


def sandbox_sign(params: Mapping[str, Any]) -> dict[str, str]:
    """``params`` (as strings, empty ones dropped) with their signature added."""
    clean = {k: str(v) for k, v in params.items() if k != HASH and v not in (None, "")}
    clean[HASH] = sign(clean, secret=sandbox_secret(), exclude=EXCLUDE)
    return clean


def sandbox_verify(params: Mapping[str, Any]) -> bool:
    return verify(
        params, secret=sandbox_secret(), signature=str(params.get(HASH, "")), exclude=EXCLUDE
    )


def stamp(at: dt.datetime) -> str:
    return at.astimezone(VN).strftime("%Y%m%d%H%M%S")


def _amount(raw: Any) -> int | None:
    text = str(raw or "")
    if not text.isdigit() or int(text) % 100:
        return None
    return int(text) // 100


class SandboxGateway:
    """Merchant side of the sandbox protocol (see module doc)."""

    name = "sandbox"
    label = _("Cổng thanh toán thử nghiệm")

    def __init__(self, *, base_url: str, poster: JsonPoster | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.poster: JsonPoster = poster or json_post
        self.merchant: str = settings.MOTCUA_SANDBOX_GATEWAY_MERCHANT

    def _url(self, name: str, **kwargs: Any) -> str:
        return self.base_url + reverse(name, kwargs=kwargs or None)

    def start(self, payment: Payment) -> str:
        now = timezone.now()
        expires = payment.expires_at or now + dt.timedelta(minutes=15)
        code = payment.dossier.code or ""
        params = {
            "sb_Version": VERSION,
            "sb_Command": "pay",
            "sb_TmnCode": self.merchant,
            "sb_Amount": payment.amount * 100,
            "sb_CurrCode": "VND",
            "sb_TxnRef": payment.reference,
            "sb_OrderInfo": f"Nop phi ho so {code}",
            "sb_Locale": "vn",
            "sb_ReturnUrl": self._url("payments:return", code=code),
            "sb_IpnUrl": self._url("api:payments-gateway-ipn", gateway=self.name),
            "sb_CreateDate": stamp(now),
            "sb_ExpireDate": stamp(expires),
        }
        query = urlencode(sandbox_sign(params))
        return self._url("payments_sandbox:pay") + "?" + query

    def verify_callback(self, request_data: Mapping[str, Any]) -> CallbackResult:
        data = {str(k): str(v) for k, v in request_data.items()}
        if not sandbox_verify(data):
            return CallbackResult(
                valid=False, reason=_("Chữ ký (sb_SecureHash) không hợp lệ."), raw=data
            )
        if data.get("sb_TmnCode") != self.merchant:
            return CallbackResult(valid=False, reason=_("Mã đơn vị không đúng."), raw=data)
        amount = _amount(data.get("sb_Amount"))
        return CallbackResult(
            valid=True,
            reference=data.get("sb_TxnRef", ""),
            amount=amount,
            gateway_txn_id=data.get("sb_TransactionNo", ""),
            success=data.get("sb_ResponseCode") == "00"
            and data.get("sb_TransactionStatus") == "00",
            code=data.get("sb_ResponseCode", ""),
            raw=data,
        )

    def query(self, payment: Payment) -> QueryResult:
        body = sandbox_sign(
            {
                "sb_Version": VERSION,
                "sb_Command": "querydr",
                "sb_RequestId": secrets.token_hex(8),
                "sb_TmnCode": self.merchant,
                "sb_TxnRef": payment.reference,
                "sb_CreateDate": stamp(timezone.now()),
            }
        )
        try:
            answer = self.poster(self._url("payments_sandbox:query"), body)
        except (OSError, ValueError) as exc:
            return QueryResult(found=False, error=str(exc)[:200])
        result = self.verify_callback(answer)
        if not result.valid:
            return QueryResult(found=False, error=result.reason)
        if answer.get("sb_ResponseCode") != "00":
            return QueryResult(found=False)
        status = answer.get("sb_TransactionStatus")
        if status == "01":
            return QueryResult(found=True, pending=True)
        final = CallbackResult(
            valid=True,
            reference=result.reference,
            amount=result.amount,
            gateway_txn_id=result.gateway_txn_id,
            success=status == "00",
            code=str(answer.get("sb_TransactionStatus", "")),
            raw=result.raw,
        )
        return QueryResult(found=True, result=final)
