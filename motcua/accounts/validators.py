"""Structure checks for Vietnamese identifiers (DOMAIN.md §7)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_CCCD = re.compile(r"^\d{12}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


def validate_personal_id(value: str) -> None:
    """A 12-digit citizen ID: province of birth registration, century+sex, birth year, serial.

    There is no public check digit, so only the structure is checked.
    """
    if not _CCCD.match(value or ""):
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số."), code="personal_id_format"
        )
    province = int(value[:3])
    if province < 1 or province > 96:
        raise ValidationError(
            _("Ba chữ số đầu (mã tỉnh nơi đăng ký khai sinh) không hợp lệ."),
            code="personal_id_province",
        )


def validate_tax_code(value: str) -> None:
    if not _TAX_CODE.match(value or ""):
        raise ValidationError(
            _("Mã số thuế gồm 10 chữ số, có thể kèm '-' và 3 chữ số chi nhánh."),
            code="tax_code_format",
        )


def mask_personal_id(value: str | None) -> str:
    """Show only the last three digits, as logs and public pages must."""
    if not value:
        return ""
    return "*" * (len(value) - 3) + value[-3:]


_PHONE_SEPARATORS = re.compile(r"[\s.\-()]")
_PHONE_LOCAL = re.compile(r"^0(?:[35789]\d{8}|2\d{9})$")


def normalize_phone(value: str | None) -> str:
    """A Vietnamese phone number in its domestic form "0xxxxxxxxx".

    Accepts spaces, dots, dashes and brackets, and the international forms +84…, 0084… and
    84… (11–12 digits). Mobile numbers have 10 digits (03, 05, 07, 08, 09), landlines 11 (02…).
    Raises ValidationError when it is not such a number; an empty value stays empty.
    """
    raw = _PHONE_SEPARATORS.sub("", value or "")
    if not raw:
        return ""
    if raw.startswith("+84"):
        raw = "0" + raw[3:]
    elif raw.startswith("0084"):
        raw = "0" + raw[4:]
    elif raw.startswith("84") and len(raw) in (11, 12):
        raw = "0" + raw[2:]
    if not _PHONE_LOCAL.match(raw):
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ. Nhập số di động 10 chữ số (ví dụ 0912 345 678) "
                "hoặc dạng quốc tế +84 912 345 678."
            ),
            code="phone_format",
        )
    return raw


def phone_international(value: str) -> str:
    """ "0912345678" → "+84912345678" (for SMS gateways)."""
    local = normalize_phone(value)
    return "+84" + local[1:] if local else ""
