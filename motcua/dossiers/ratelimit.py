"""A fixed-window request counter per client address, kept in the cache.

Good enough against guessing tracking secrets: with the default local-memory cache each web
process counts on its own (a limit of N per process); configure a shared cache (database or
Redis) in production to make it one limit for the site.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache


def client_address(request: Any) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is set by the client unless a trusted proxy rewrites
    # it, and nginx in front passes the real address through proxy_protocol / REMOTE_ADDR.
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def hit(*, scope: str, key: str, limit: int, window: int = 60) -> tuple[bool, int]:
    """Count one request; (allowed, seconds until the window resets)."""
    now = int(time.time())
    bucket = now // window
    cache_key = f"rl:{scope}:{key}:{bucket}"
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window + 5)
            count = 1
    retry_after = window - (now % window)
    return count <= limit, retry_after
