"""The applicant as declared on a dossier: a snapshot, checked field by field (pure)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua.accounts.validators import validate_personal_id, validate_tax_code
from motcua.dossiers.constants import ApplicantKind

_PHONE = re.compile(r"^\+?[0-9 .-]{8,20}$")


@dataclass(frozen=True)
class Applicant:
    """Who files: a citizen (personal ID) or an organisation (tax code) and how to reach them."""

    name: str = ""
    id_number: str = ""
    kind: str = ApplicantKind.CITIZEN
    address: str = ""
    phone: str = ""
    email: str = ""
    organisation: str = ""

    @classmethod
    def from_mapping(cls, data: Any) -> Applicant:
        """From a form, a JSON body or a dict with ``applicant_`` prefixes or without."""

        def pick(key: str) -> str:
            value = data.get(f"applicant_{key}", data.get(key, ""))
            return str(value or "").strip()

        kind = pick("kind") or ApplicantKind.CITIZEN
        return cls(
            name=pick("name"),
            id_number=pick("id_number").replace(" ", ""),
            kind=kind,
            address=pick("address"),
            phone=pick("phone"),
            email=pick("email").lower(),
            organisation=pick("organisation"),
        )

    @classmethod
    def from_user(cls, user: Any) -> Applicant:
        return cls(
            name=user.full_name or user.get_username(),
            id_number=user.personal_id or "",
            email=user.email or "",
            phone=user.phone or "",
            address=getattr(user, "address", "") or "",
        )

    def as_fields(self) -> dict[str, str]:
        """Model field names of :class:`~motcua.dossiers.models.Dossier`."""
        return {f"applicant_{k}": v for k, v in asdict(self).items()}

    def errors(self, *, complete: bool) -> dict[str, list[str]]:
        """Vietnamese messages by model field; ``complete`` requires what a filing needs."""
        errors: dict[str, list[str]] = {}
        if self.kind not in ApplicantKind.values:
            errors["applicant_kind"] = [_("Chọn người nộp là công dân hoặc tổ chức.")]
        if complete and not self.name:
            errors["applicant_name"] = [_("Họ tên người nộp: không được để trống.")]
        if len(self.name) > 150:
            errors["applicant_name"] = [_("Họ tên người nộp: tối đa 150 ký tự.")]
        if self.id_number or complete:
            try:
                if self.kind == ApplicantKind.ORGANISATION:
                    validate_tax_code(self.id_number)
                else:
                    validate_personal_id(self.id_number)
            except ValidationError as exc:
                label = (
                    _("Mã số thuế")
                    if self.kind == ApplicantKind.ORGANISATION
                    else _("Số định danh cá nhân")
                )
                errors["applicant_id_number"] = [f"{label}: {m}" for m in exc.messages]
        if self.kind == ApplicantKind.ORGANISATION and complete and not self.organisation:
            errors["applicant_organisation"] = [
                _("Tên tổ chức: không được để trống khi người nộp là tổ chức.")
            ]
        if self.email:
            try:
                validate_email(self.email)
            except ValidationError:
                errors["applicant_email"] = [
                    _("Thư điện tử: không đúng định dạng, ví dụ ten@example.vn.")
                ]
        if self.phone and not _PHONE.match(self.phone):
            errors["applicant_phone"] = [
                _("Số điện thoại: chỉ gồm chữ số (8–20 ký tự), ví dụ 0912 345 678.")
            ]
        if len(self.address) > 255:
            errors["applicant_address"] = [_("Địa chỉ: tối đa 255 ký tự.")]
        if len(self.organisation) > 255:
            errors["applicant_organisation"] = [_("Tên tổ chức: tối đa 255 ký tự.")]
        return errors
