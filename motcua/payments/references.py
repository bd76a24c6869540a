"""Payment references: the code that ties money on a bank statement to one payment.

"MC" followed by ten characters of Crockford's base-32 alphabet (digits and capitals without
I, L, O, U), e.g. ``MC7K3QX9ZP2A``: letters and digits only, because banks strip everything
else from a transfer description, and no look-alike letters, because people retype it.
The last character is a check character (weighted sum mod 32) so that a mistyped or
truncated reference is never taken for another payment's.
"""

from __future__ import annotations

import re
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
PREFIX = "MC"
BODY = 9  # random characters; one check character follows
LENGTH = len(PREFIX) + BODY + 1
# Found anywhere in a description, whatever banks did to spaces and case around it.
_FIND = re.compile(rf"{PREFIX}([{ALPHABET}]{{{BODY + 1}}})", re.IGNORECASE)


def _check_char(body: str) -> str:
    total = sum((i + 1) * ALPHABET.index(ch) for i, ch in enumerate(body))
    return ALPHABET[total % len(ALPHABET)]


def reference_new() -> str:
    """A fresh random reference (≈ 45 bits: the database's unique constraint backs it up)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(BODY))
    return PREFIX + body + _check_char(body)


def reference_valid(reference: str) -> bool:
    text = reference.upper()
    if len(text) != LENGTH or not text.startswith(PREFIX):
        return False
    body, check = text[len(PREFIX) : -1], text[-1]
    return all(ch in ALPHABET for ch in body) and _check_char(body) == check


def reference_find(text: str) -> str | None:
    """The first valid reference in a bank description (upper-cased), or None."""
    for match in _FIND.finditer(text or ""):
        candidate = (PREFIX + match.group(1)).upper()
        if reference_valid(candidate):
            return candidate
    return None
