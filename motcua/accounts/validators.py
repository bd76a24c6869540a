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
