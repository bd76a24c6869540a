"""Shortcuts of the payment tests (plain functions; fixtures live in conftest)."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.selectors import procedure_version_in_force
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency

VN = ZoneInfo("Asia/Ho_Chi_Minh")
COPY = "2.000815"
EXTRACT = "2.000635"
BIRTH = "1.001193"
_seq = itertools.count(1)


def fee_of(code: str, quantities: dict[str, int]) -> int:
    from motcua.dossiers.services import fee_of as dossier_fee_of

    version = procedure_version_in_force(code=code)
    assert version is not None, code
    return dossier_fee_of(version, quantities)


def dossier_filed(
    *,
    resident: User,
    code: str = EXTRACT,
    quantities: dict[str, int] | None = None,
    agency: str = "hbt-bach-dang",
    status: str = Status.RECEIVED,
    email: str = "an.nguyen@example.vn",
) -> Dossier:
    """A dossier as the intake leaves it: code, fee from the catalogue's calculator.

    Payment tests only read dossiers, so one row in the right state is all they need; the
    intake's own path (draft → submit) is exercised in :func:`dossier_submitted_online`.
    """
    version = procedure_version_in_force(code=code)
    assert version is not None, code
    where = Agency.objects.get(code=agency)
    quantities = quantities if quantities is not None else {"copies": 2}
    now = timezone.now()
    return Dossier.objects.create(
        code=f"{where.electronic_id}-{timezone.localtime(now):%y%m%d}-{next(_seq):04d}",
        procedure_version=version,
        receiving_agency=where,
        competent_agency=where,
        channel=Channel.ONLINE,
        status=status,
        applicant_name=resident.full_name,
        applicant_email=email,
        applicant_address="12 Bạch Đằng, Hai Bà Trưng, Hà Nội",
        applicant_user=resident,
        submitted_by=resident,
        submitted_at=now,
        received_at=now if status != Status.SUBMITTED else None,
        tracking_secret="ABCD2345",
        fee_amount=fee_of(code, quantities),
        fee_quantities=quantities,
    )


def pdf_file(name: str = "giay-to.pdf") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def dossier_submitted_online(resident: User, *, copies: int = 3) -> Dossier:
    """A civil-status extract request filed online through the intake's own services."""
    from motcua.dossiers import services
    from motcua.dossiers.applicants import Applicant

    version = procedure_version_in_force(code=EXTRACT)
    assert version is not None
    dossier = services.dossier_draft_create(
        actor=resident, version=version, agency=Agency.objects.get(code="hbt-bach-dang")
    )
    dossier = services.dossier_draft_save(
        actor=resident,
        dossier=dossier,
        applicant=Applicant.from_mapping(
            {
                "name": resident.full_name,
                "email": resident.email or "an.nguyen@example.vn",
                "phone": "0912345678",
                "address": "12 Bạch Đằng, Hai Bà Trưng, Hà Nội",
            }
        ),
        eform_data={
            "loai_trich_luc": "Khai sinh",
            "ho_ten_nguoi_duoc_cap": resident.full_name,
            "so_ban": copies,
        },
    )
    for row in dossier.components.all():
        if row.mandatory and not row.component.reusable_from:
            services.dossier_file_attach(
                actor=resident, dossier=dossier, component_id=row.pk, upload=pdf_file()
            )
    return services.dossier_submit(
        actor=resident, dossier=Dossier.objects.get(pk=dossier.pk), idempotency_key="pay-1"
    )


def local(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=VN)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
