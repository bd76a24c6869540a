"""Public codes and tracking secrets of feedback cases (pure functions, no ORM).

The code ``PA-<yymmdd>-<seq>`` is printed and spoken, so it is short and orderly; the secret
is what proves that the person following a case without signing in is its sender. Secrets use
an alphabet without look-alikes (no I/1, O/0) and are shown in two groups of four. Only a
keyed digest of (code, secret) is stored, so a copy of the database does not reveal them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable

SECRET_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 (an alphabet, not a secret)
SECRET_LENGTH = 8
CODE_RE = re.compile(r"^PA-\d{6}-\d{4,}$")
_DIGEST_SALT = b"motcua.feedback.tracking-secret"


def feedback_code(day: dt.date, sequence: int) -> str:
    """``PA-260305-0007`` for the 7th case received on 5 March 2026."""
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    return f"PA-{day:%y%m%d}-{sequence:04d}"


def normalise_code(text: str) -> str:
    return (text or "").strip().upper()


def is_feedback_code(text: str) -> bool:
    return bool(CODE_RE.match(normalise_code(text)))


def new_secret() -> str:
    return "".join(secrets.choice(SECRET_ALPHABET) for _ in range(SECRET_LENGTH))


def format_secret(secret: str) -> str:
    """``ABCD-EF23``: easier to copy by hand than eight letters in a row."""
    half = len(secret) // 2
    return f"{secret[:half]}-{secret[half:]}"


def normalise_secret(text: str) -> str:
    """Forgive the typing: case, spaces and dashes do not matter."""
    return re.sub(r"[\s-]", "", text or "").upper()


def secret_digest(code: str, secret: str, *, key: str) -> str:
    message = f"{normalise_code(code)}:{normalise_secret(secret)}".encode()
    keyed = hashlib.sha256(_DIGEST_SALT + key.encode()).digest()
    return hmac.new(keyed, message, hashlib.sha256).hexdigest()


def secret_matches(code: str, secret: str, digest: str, *, keys: Iterable[str]) -> bool:
    """Compare in constant time against the current key and any fallback keys."""
    if not normalise_secret(secret):
        return False
    return any(hmac.compare_digest(secret_digest(code, secret, key=key), digest) for key in keys)
