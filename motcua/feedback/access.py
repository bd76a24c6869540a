"""The sender's access to their case without an account, and a brake on guessing secrets.

After the code and secret are checked once, the secret is kept in the server-side session
(keyed by code) so that the tracking page's buttons work without typing it again; the
services check it again on every action. Wrong secrets are counted per code and client
address in the cache: with the default per-process memory cache each web process counts on
its own, so configure a shared cache in production to make it one limit for the site.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.cache import cache

from motcua.feedback.codes import normalise_code, normalise_secret

SESSION_KEY = "feedback_access"
_WINDOW_SECONDS = 15 * 60


def remember(request: Any, code: str, secret: str) -> None:
    access = dict(request.session.get(SESSION_KEY, {}))
    access[normalise_code(code)] = normalise_secret(secret)
    request.session[SESSION_KEY] = access


def remembered_secret(request: Any, code: str) -> str | None:
    value = request.session.get(SESSION_KEY, {}).get(normalise_code(code))
    return str(value) if value else None


def client_address(request: Any) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _key(code: str, address: str) -> str:
    return f"feedback-track:{normalise_code(code)}:{address}"


def attempts_left(code: str, address: str) -> bool:
    limit = int(getattr(settings, "MOTCUA_FEEDBACK_TRACKING_ATTEMPTS", 10))
    return int(cache.get(_key(code, address), 0)) < limit


def record_failure(code: str, address: str) -> None:
    key = _key(code, address)
    if not cache.add(key, 1, timeout=_WINDOW_SECONDS):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=_WINDOW_SECONDS)
