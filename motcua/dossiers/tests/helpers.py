"""Shortcuts shared by the intake tests (plain functions; fixtures live in conftest)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.accounts.models import User
from motcua.catalog.selectors import procedure_version_in_force
from motcua.dossiers import services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.files import pdf_bytes, png_bytes
from motcua.organizations.models import Agency

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BIRTH = "1.001193"  # birth registration: same day, free, 3 mandatory components (one reusable)
EXTRACT = "2.000635"  # copy of a civil-status extract: 8,000 đ a copy, e-form "so_ban"
BUILDING = "1.009999"  # building permit, district: 15 days, committed 12 days

BIRTH_FORM = {
    "ho_ten_tre": "Nguyễn Minh Khôi",
    "ngay_sinh": "2026-03-01",
    "gioi_tinh": "Nam",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "ho_ten_me": "Trần Thị Mai",
    "so_dinh_danh_nguoi_yeu_cau": "001090012345",
}
EXTRACT_FORM = {
    "loai_trich_luc": "Khai sinh",
    "ho_ten_nguoi_duoc_cap": "Nguyễn Văn An",
    "so_ban": 3,
}


def local(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=HCM)


def upload(name: str = "giay-to.pdf", content: bytes | None = None, ctype: str = "") -> Any:
    data = pdf_bytes("Giay to") if content is None else content
    return SimpleUploadedFile(name, data, content_type=ctype or "application/pdf")


def png_upload(name: str = "anh.png") -> Any:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def version(code: str) -> Any:
    found = procedure_version_in_force(code=code)
    assert found is not None, code
    return found


def agency(code: str) -> Agency:
    return Agency.objects.get(code=code)


def draft_with_files(
    resident: User,
    *,
    code: str = BIRTH,
    agency_code: str = "hbt-bach-dang",
    form: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """A complete draft: e-form filled, a file on every mandatory, non-reusable component."""
    dossier = services.dossier_draft_create(
        actor=resident, version=version(code), agency=agency(agency_code), at=at
    )
    dossier = services.dossier_draft_save(
        actor=resident,
        dossier=dossier,
        applicant=Applicant.from_mapping(
            {
                "name": resident.full_name,
                "email": resident.email,
                "phone": "0912345678",
                "address": "12 Bạch Đằng, Hai Bà Trưng, Hà Nội",
            }
        ),
        eform_data=form if form is not None else (BIRTH_FORM if code == BIRTH else EXTRACT_FORM),
    )
    for row in dossier.components.all():
        if row.mandatory and not row.component.reusable_from:
            services.dossier_file_attach(
                actor=resident, dossier=dossier, component_id=row.pk, upload=upload()
            )
    return Dossier.objects.get(pk=dossier.pk)


def submitted(resident: User, *, key: str = "k1", **kwargs: Any) -> Dossier:
    dossier = draft_with_files(resident, **kwargs)
    return services.dossier_submit(
        actor=resident, dossier=dossier, idempotency_key=key, at=kwargs.get("at")
    )


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
