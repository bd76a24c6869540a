"""Online filings made with a support-team member's help, counted for the reform report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from motcua.accounts.models import User
from motcua.dossiers import services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import assisted_filings_count
from motcua.dossiers.tests.helpers import (
    EXTRACT,
    EXTRACT_FORM,
    agency,
    local,
    submitted,
    upload,
    version,
)

pytestmark = pytest.mark.django_db

RESIDENT = Applicant(
    name="Nguyễn Văn An",
    id_number="001090012345",
    email="an@example.vn",
    phone="0912345678",
    address="12 Bạch Đằng, Hai Bà Trưng, Hà Nội",
)


def _assisted(member: User, *, agency_code: str, at: dt.datetime, key: str) -> Dossier:
    dossier = services.dossier_draft_create(
        actor=member,
        version=version(EXTRACT),
        agency=agency(agency_code),
        applicant=RESIDENT,
        eform_data=EXTRACT_FORM,
        on_behalf=True,
        at=at,
    )
    for row in dossier.components.all():
        if row.mandatory and not row.component.reusable_from:
            services.dossier_file_attach(
                actor=member, dossier=dossier, component_id=row.pk, upload=upload()
            )
    return services.dossier_submit(actor=member, dossier=dossier, idempotency_key=key, at=at)


def test_only_submitted_assisted_online_filings_in_the_subtree_and_period_count(
    user_named: Any, intake_catalogue: Any
) -> None:
    member = user_named("xungkich.bachdang")
    # Given two filings made by a support member at ward Bạch Đằng in May 2026 (one late on
    # 31 May, Hà Nội time), one in June, one still a draft, and one the resident made alone
    _assisted(member, agency_code="hbt-bach-dang", at=local(2026, 5, 4, 9), key="a1")
    _assisted(member, agency_code="hbt-bach-dang", at=local(2026, 5, 31, 23, 30), key="a2")
    _assisted(member, agency_code="hbt-bach-dang", at=local(2026, 6, 1, 8), key="a3")
    services.dossier_draft_create(
        actor=member,
        version=version(EXTRACT),
        agency=agency("hbt-bach-dang"),
        applicant=RESIDENT,
        on_behalf=True,
        at=local(2026, 5, 5, 9),
    )
    submitted(
        user_named("dan.nguyenvanan"),
        code=EXTRACT,
        key="own",
        at=local(2026, 5, 6, 9),
    )
    may = {"start": dt.date(2026, 5, 1), "end": dt.date(2026, 5, 31)}
    # When the district, the ward and another ward count May
    # Then the ward and the district (which covers it) see the two assisted May filings
    assert assisted_filings_count(agency=agency("hbt-bach-dang"), **may) == 2
    assert assisted_filings_count(agency=agency("hbt"), **may) == 2
    # And another ward sees none, and June has its own one
    assert assisted_filings_count(agency=agency("hbt-minh-khai"), **may) == 0
    june = {"start": dt.date(2026, 6, 1), "end": dt.date(2026, 6, 30)}
    assert assisted_filings_count(agency=agency("hbt"), **june) == 1
