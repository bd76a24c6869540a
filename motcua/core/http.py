"""Typed access to the signed-in user in views (after login_required or an auth permission)."""

from __future__ import annotations

from typing import Any, cast

from motcua.accounts.models import User


def request_user(request: Any) -> User:
    """The request's user as our User model; callers have already required a sign-in."""
    return cast(User, request.user)
