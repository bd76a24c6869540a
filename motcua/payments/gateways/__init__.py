"""Payment gateways: what any gateway must offer, and the registry of those installed.

A gateway is any object with a ``name``, a ``label`` and three methods:

- ``start(payment) -> str``: the address to send the payer's browser to;
- ``verify_callback(request_data) -> CallbackResult``: check a message the gateway sent (the
  browser return or the server-to-server notice) and say what it claims — the service then
  checks the claim against the payment (reference, amount, transaction id);
- ``query(payment) -> QueryResult``: ask the gateway where a payment stands (for payments
  whose notice never came).

Gateways know nothing of the database beyond the payment handed to them; applying a result
is the job of :mod:`motcua.payments.services`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from motcua.payments.models import Payment


@dataclass(frozen=True)
class CallbackResult:
    """What a gateway message says, once its signature has been checked.

    ``valid`` is False when the signature (or the message's shape) is wrong: then nothing it
    claims may be believed and ``reason`` says why.
    """

    valid: bool
    reason: str = ""
    reference: str = ""
    amount: int | None = None
    gateway_txn_id: str = ""
    success: bool = False
    code: str = ""
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class QueryResult:
    """The gateway's answer to "where does this payment stand?"."""

    found: bool
    pending: bool = False
    result: CallbackResult | None = None
    error: str = ""


class PaymentGateway(Protocol):
    name: str
    label: str

    def start(self, payment: Payment) -> str: ...

    def verify_callback(self, request_data: Mapping[str, Any]) -> CallbackResult: ...

    def query(self, payment: Payment) -> QueryResult: ...


#: A JSON poster: (url, body) -> decoded JSON answer; raises OSError/ValueError on failure.
JsonPoster = Callable[[str, dict[str, Any]], dict[str, Any]]


def json_post(url: str, body: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
    """POST ``body`` as JSON and decode the JSON answer (default transport of gateways)."""
    import json
    import urllib.request

    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not an http(s) address: {url!r}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(body).encode("utf-8"),
        headers={"Content-Type": "application/json", "Accept": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        answer = json.loads(response.read(1_000_000).decode("utf-8"))
    if not isinstance(answer, dict):
        raise ValueError("answer is not a JSON object")
    return answer


GATEWAY_NAMES = ("sandbox",)


def gateway_get(name: str, *, base_url: str, poster: JsonPoster | None = None) -> PaymentGateway:
    """The gateway called ``name``, building its addresses on ``base_url`` (scheme://host).

    ``LookupError`` for a gateway that does not exist or is switched off.
    """
    from django.conf import settings

    if name == "sandbox" and settings.MOTCUA_SANDBOX_GATEWAY_ENABLED:
        from motcua.payments.gateways.sandbox import SandboxGateway

        return SandboxGateway(base_url=base_url, poster=poster)
    raise LookupError(name)


def gateways_enabled() -> list[str]:
    from django.conf import settings

    return ["sandbox"] if settings.MOTCUA_SANDBOX_GATEWAY_ENABLED else []
