"""Sign-in with an e-mail address or a phone number (beside ModelBackend's username)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from motcua.accounts.models import User
from motcua.accounts.validators import normalize_phone


def user_find_by_login(identifier: str) -> User | None:
    """The account whose e-mail (any case) or phone (any written form) is ``identifier``."""
    value = (identifier or "").strip()
    if not value:
        return None
    if "@" in value:
        matches = list(User.objects.filter(email__iexact=value)[:2])
    else:
        try:
            phone = normalize_phone(value)
        except ValidationError:
            return None
        matches = list(User.objects.filter(phone=phone)[:2]) if phone else []
    return matches[0] if len(matches) == 1 else None


class EmailOrPhoneBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or password is None:
            return None
        user = user_find_by_login(username)
        if user is None:
            # Same work as a real check, so timing does not tell which addresses exist.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
