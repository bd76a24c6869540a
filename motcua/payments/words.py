"""Amounts in Vietnamese words, as a receipt writes them ("Bằng chữ: Mười lăm nghìn đồng")."""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ")


def _group(n: int, full: bool) -> list[str]:
    """Words of 0 < n < 1000; ``full``: a group after a higher one reads its zero hundreds."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if full or hundreds:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units:
            words.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGITS[units]))
    return words


def number_words(n: int) -> str:
    """0 → 'không'; 1005000 → 'một triệu không trăm linh năm nghìn'."""
    if n < 0:
        raise ValueError("negative amount")
    if n == 0:
        return DIGITS[0]
    groups: list[int] = []
    while n:
        groups.append(n % 1000)
        n //= 1000
    if len(groups) > len(SCALES):
        raise ValueError("amount too large")
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        value = groups[index]
        if not value:
            continue
        words += _group(value, full=bool(words))
        if SCALES[index]:
            words.append(SCALES[index])
    return " ".join(words)


def money_words(amount: int) -> str:
    """'Mười lăm nghìn đồng' for 15000 (capitalised, with the currency)."""
    text = number_words(amount) + " đồng"
    return text[0].upper() + text[1:]
