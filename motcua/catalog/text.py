"""Search normalisation (pure): lowercase, diacritics stripped, đ → d, spaces collapsed."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[^\w.]+")


def normalise(text: str) -> str:
    """'Đăng ký KHAI SINH' -> 'dang ky khai sinh' (what the search column stores)."""
    text = text.replace("đ", "d").replace("Đ", "D").lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    stripped = _NOT_WORD.sub(" ", stripped)
    return _SPACES.sub(" ", stripped).strip()


def query_words(query: str) -> list[str]:
    """Distinct normalised words of a query, in order."""
    seen: dict[str, None] = {}
    for word in normalise(query).split(" "):
        if word:
            seen.setdefault(word, None)
    return list(seen)


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la > lb:
        a, b, la, lb = b, a, lb, la
    i = 0
    while i < la and a[i] == b[i]:
        i += 1
    if la == lb:
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
