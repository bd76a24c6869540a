"""Signing of gateway messages, as Vietnamese payment gateways do it.

The signature is HMAC-SHA512, keyed with the shared secret, over the message's parameters
sorted by name and URL-encoded (``a=1&b=x+y``), leaving out the signature itself and empty
values. Hex, lower case. Pure functions.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus, urlencode


def canonical_query(params: Mapping[str, Any], *, exclude: frozenset[str]) -> str:
    pairs = sorted(
        (str(k), str(v)) for k, v in params.items() if k not in exclude and v not in (None, "")
    )
    return urlencode(pairs, quote_via=quote_plus)


def sign(params: Mapping[str, Any], *, secret: str, exclude: frozenset[str]) -> str:
    message = canonical_query(params, exclude=exclude).encode("utf-8")
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha512).hexdigest()


def verify(
    params: Mapping[str, Any], *, secret: str, signature: str, exclude: frozenset[str]
) -> bool:
    """True when ``signature`` is the signature of ``params`` (compared in constant time)."""
    if not isinstance(signature, str) or not signature:
        return False
    expected = sign(params, secret=secret, exclude=exclude)
    return hmac.compare_digest(expected, signature.lower())
