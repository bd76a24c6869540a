"""First pass at removing personal data from text before it is published (pure functions).

Personal ID numbers (12-digit CCCD, 9-digit old ID cards), phone numbers and e-mail addresses
are replaced by a marker; so is the sender's own name where it appears in full. This is a
suggestion: the officer reviews the redacted text before publishing, and publication refuses
a text that still contains the sender's own contact details.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# 12-digit citizen ID or 9-digit ID card, possibly written in groups ("001 090 012 345").
_PERSONAL_ID = re.compile(r"(?<![\d+])(?:\d[ .]?){11}\d(?!\d)|(?<![\d+])\d{9}(?!\d)")
# Vietnamese mobile and landline numbers: 0 or +84/84, then 8–10 digits, with separators.
_PHONE = re.compile(r"(?<![\w+])(?:\+84|84|0)(?:[ .\-]?\d){8,10}(?!\d)")


@dataclass(frozen=True)
class Redacted:
    text: str
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def redact(text: str, *, names: Iterable[str] = ()) -> Redacted:
    counts = {"email": 0, "personal_id": 0, "phone": 0, "name": 0}

    def sub(pattern: re.Pattern[str], marker: str, key: str, value: str) -> str:
        def repl(match: re.Match[str]) -> str:
            counts[key] += 1
            return marker

        return pattern.sub(repl, value)

    out = sub(_EMAIL, _("[đã ẩn thư điện tử]"), "email", text or "")
    out = sub(_PERSONAL_ID, _("[đã ẩn số định danh]"), "personal_id", out)
    out = sub(_PHONE, _("[đã ẩn số điện thoại]"), "phone", out)
    for name in names:
        cleaned = " ".join((name or "").split())
        if len(cleaned.split()) < 2:  # a single word is too likely to be an ordinary word
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(cleaned) + r"(?!\w)", re.IGNORECASE)
        out = sub(pattern, _("[đã ẩn họ tên]"), "name", out)
    return Redacted(text=out, counts={k: v for k, v in counts.items() if v})


def leaked_contact(
    text: str, *, email: str = "", phone: str = "", personal_id: str = "", name: str = ""
) -> list[str]:
    """Which of the sender's own details still appear in ``text`` (for the publish check)."""
    found: list[str] = []
    lowered = (text or "").lower()
    if email and email.lower() in lowered:
        found.append("email")
    digits = _digits(text or "")
    if phone and len(_digits(phone)) >= 8 and _digits(phone)[-9:] in digits:
        found.append("phone")
    if personal_id and personal_id in digits:
        found.append("personal_id")
    cleaned = " ".join((name or "").split())
    if len(cleaned.split()) >= 2 and re.search(
        r"(?<!\w)" + re.escape(cleaned) + r"(?!\w)", text or "", re.IGNORECASE
    ):
        found.append("name")
    return found
