"""VietQR bank-transfer codes: the EMVCo merchant-presented QR format as NAPAS profiles it.

Pure functions, no ORM. A payload is a chain of TLV data objects — a two-digit ID, a
two-digit length, the value — ending with the CRC object "63" "04" and four hex digits:
CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR)
computed over the whole payload *including* the characters "6304".

Objects written (IDs at the root, then nested):

==== ==================================== =====================================================
ID   Name                                 Value
==== ==================================== =====================================================
00   Payload format indicator             "01"
01   Point of initiation method           "12" (dynamic: one amount for one payment)
38   Merchant account information         00 GUID "A000000727" (NAPAS) ·
                                          01 beneficiary organisation (00 bank BIN, 01 account) ·
                                          02 service code "QRIBFTTA" (transfer to an account)
53   Transaction currency                 "704" (Vietnamese đồng, ISO 4217)
54   Transaction amount                   integer đồng, e.g. "15000"
58   Country code                         "VN"
62   Additional data field template       01 bill number (our payment reference) ·
                                          08 purpose of transaction (reference and a short text;
                                          banking apps copy it into the transfer description)
63   CRC                                  four upper-case hex digits
==== ==================================== =====================================================
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
STATIC = "11"
DYNAMIC = "12"

_BIN = re.compile(r"^\d{6}$")
_ACCOUNT = re.compile(r"^[0-9A-Za-z]{1,19}$")
# EMVCo "ans" values: printable ASCII. Vietnamese letters would break the byte-length rule.
_ANS = re.compile(r"^[\x20-\x7e]*$")


class VietQRError(ValueError):
    """A value that cannot go into, or a payload that cannot come out of, a VietQR code."""


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE of ``data`` ("123456789" → 0x29B1)."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    """One data object: ID, length (two digits) and value."""
    if not re.fullmatch(r"\d{2}", tag):
        raise VietQRError(f"ID must be two digits, got {tag!r}")
    if not _ANS.match(value):
        raise VietQRError(f"Object {tag}: only printable ASCII is allowed, got {value!r}")
    if not 0 < len(value) <= 99:
        raise VietQRError(f"Object {tag}: length must be 1 to 99, got {len(value)}")
    return f"{tag}{len(value):02d}{value}"


def tlv_parse(text: str) -> list[tuple[str, str]]:
    """Split a chain of data objects into (ID, value) pairs, in order."""
    objects: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        head = text[i : i + 4]
        if len(head) < 4 or not head.isdigit():
            raise VietQRError(f"Broken data object at position {i}: {text[i : i + 8]!r}")
        length = int(head[2:])
        value = text[i + 4 : i + 4 + length]
        if len(value) != length:
            raise VietQRError(f"Object {head[:2]} at position {i} is cut short")
        objects.append((head[:2], value))
        i += 4 + length
    return objects


def with_crc(body: str) -> str:
    """Append the CRC object to ``body`` (which must not contain one yet)."""
    data = body + "6304"
    return data + f"{crc16_ccitt_false(data.encode('ascii')):04X}"


def ascii_text(text: str, limit: int) -> str:
    """Vietnamese text as upper-case ASCII for a bank description ("Lệ phí" → "LE PHI")."""
    import unicodedata

    text = text.replace("đ", "d").replace("Đ", "D")
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    plain = re.sub(r"[^0-9A-Za-z ]+", " ", plain)
    return re.sub(r"\s+", " ", plain).strip().upper()[:limit].strip()


def vietqr_payload(
    *,
    bank_bin: str,
    account_number: str,
    amount: int | None,
    bill_number: str = "",
    purpose: str = "",
) -> str:
    """The payload of a transfer to ``account_number`` at the bank ``bank_bin``.

    With an ``amount`` the code is dynamic ("12"): for one payment of exactly that amount.
    """
    if not _BIN.match(bank_bin):
        raise VietQRError("Mã BIN ngân hàng gồm đúng 6 chữ số.")
    if not _ACCOUNT.match(account_number):
        raise VietQRError("Số tài khoản chỉ gồm chữ số và chữ cái, tối đa 19 ký tự.")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)):
        raise VietQRError("Số tiền phải là số nguyên đồng.")
    if amount is not None and not 0 < amount < 10**13:
        raise VietQRError("Số tiền phải lớn hơn 0 và tối đa 13 chữ số.")
    beneficiary = tlv("00", bank_bin) + tlv("01", account_number)
    merchant = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = tlv("00", "01") + tlv("01", DYNAMIC if amount is not None else STATIC)
    body += tlv("38", merchant) + tlv("53", CURRENCY_VND)
    if amount is not None:
        body += tlv("54", str(amount))
    body += tlv("58", COUNTRY_VN)
    extra = ""
    if bill_number:
        extra += tlv("01", bill_number)
    if purpose:
        extra += tlv("08", purpose)
    if extra:
        body += tlv("62", extra)
    return with_crc(body)


@dataclass(frozen=True)
class VietQRData:
    """What a VietQR payload says, read back field by field."""

    format_indicator: str
    initiation: str
    guid: str
    bank_bin: str
    account_number: str
    service_code: str
    currency: str
    amount: int | None
    country: str
    bill_number: str
    purpose: str
    crc: str

    @property
    def dynamic(self) -> bool:
        return self.initiation == DYNAMIC


def vietqr_parse(payload: str) -> VietQRData:
    """Read a payload back; :class:`VietQRError` if the CRC or the structure is wrong."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise VietQRError("The payload does not end with the CRC object 6304.")
    expected = f"{crc16_ccitt_false(payload[:-4].encode('ascii')):04X}"
    if payload[-4:].upper() != expected:
        raise VietQRError(f"CRC mismatch: payload says {payload[-4:]}, computed {expected}")
    root = dict(tlv_parse(payload))
    merchant = dict(tlv_parse(root.get("38", "")))
    beneficiary = dict(tlv_parse(merchant.get("01", "")))
    extra = dict(tlv_parse(root.get("62", "")))
    amount = root.get("54")
    return VietQRData(
        format_indicator=root.get("00", ""),
        initiation=root.get("01", ""),
        guid=merchant.get("00", ""),
        bank_bin=beneficiary.get("00", ""),
        account_number=beneficiary.get("01", ""),
        service_code=merchant.get("02", ""),
        currency=root.get("53", ""),
        amount=int(amount) if amount and amount.isdigit() else None,
        country=root.get("58", ""),
        bill_number=extra.get("01", ""),
        purpose=extra.get("08", ""),
        crc=root.get("63", ""),
    )
