"""The report's dossier figures come from dossiers handled by the real desk and back office:
finishing a dossier late instead of on time changes the on-time rate printed in the DOCX."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

# The back office's own fixtures (organisation, accounts, catalogue slice, signing bundle).
from motcua.processing.tests.conftest import agency_bundle, certified, world  # noqa: F401
from motcua.reform import services
from motcua.reform.constants import ReportStatus
from motcua.reform.models import SupervisionReport
from motcua.reform.tests.conftest import docx_text

pytestmark = pytest.mark.django_db

MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _fresh_lookups() -> Iterator[None]:
    from django.core.cache import cache

    from motcua.dossiers.selectors import lookups_clear

    cache.clear()
    lookups_clear()  # primary keys are reused between tests
    yield
    lookups_clear()


def _report(agency: Any) -> tuple[SupervisionReport, str]:
    from motcua.processing.tests.helpers import user

    report = services.report_request(
        actor=user("lanhdao.hbt"), agency=agency, period_start=MARCH[0], period_end=MARCH[1]
    )
    report = services.report_run(report_id=report.pk, formats=("docx",))
    assert report.status == ReportStatus.DONE, report.error
    with report.docx.open("rb") as f:
        return report, docx_text(f.read())


def _figure(report: SupervisionReport, key: str) -> dict[str, Any]:
    return next(f for f in report.figures if f["key"] == key)


@pytest.mark.parametrize(
    ("day", "hour", "printed"), [(9, 16, "100,00%"), (10, 9, "0,00%")], ids=["on-time", "late"]
)
def test_a_dossier_finished_late_lowers_the_on_time_rate_in_the_report(
    certified: dict[str, Any],  # noqa: F811
    day: int,
    hour: int,
    printed: str,
) -> None:
    from motcua.processing import services as processing
    from motcua.processing.tests.helpers import local, started, step, user

    # Given a birth registration received at ward Bạch Đằng on Monday 9/3/2026 09:00, due the
    # same day at 17:00, prepared and signed by the back office
    dossier = started(at=local(2026, 3, 9, 9))
    specialist = user("tuphap.bachdang")
    processing.step_claim(actor=specialist, step=step(dossier, 2), at=local(2026, 3, 9, 9, 10))
    processing.result_prepare(
        actor=specialist,
        dossier=dossier,
        title="Trích lục khai sinh",
        decision_text="Đăng ký khai sinh.",
        at=local(2026, 3, 9, 9, 20),
    )
    processing.step_complete(
        actor=specialist, step=step(dossier, 2), note="Trình ký", at=local(2026, 3, 9, 14)
    )
    processing.result_sign_draft(
        actor=user("chutich.bachdang"), dossier=dossier, at=local(2026, 3, 9, 15)
    )
    # When the clerk issues the result (the same afternoon, or the next morning: late)
    processing.result_issue(
        actor=user("vanthu.bachdang"), dossier=dossier, at=local(2026, 3, day, hour)
    )
    # And the district's leader prints the March supervision report
    report, text = _report(certified["hbt"])
    # Then the report counts the dossier the ward received and grades it as the back office did
    assert _figure(report, "dossiers.received")["raw"] == 1
    assert _figure(report, "dossiers.on_time_rate")["value"] == printed
    assert f"Hồ sơ tiếp nhận: 1; tỷ lệ giải quyết đúng hạn {printed}" in text
    # And the source of the figure is named in the appendix
    assert "motcua.oversight.selectors.dossier_figures" in text
    # And the report's page lists the same figures beside their source
    client = Client()
    client.force_login(user("lanhdao.hbt"))
    page = client.get(f"/can-bo/cai-cach/hbt/bao-cao/{report.pk}/").content.decode()
    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th><td>(.*?)</td>", page)
    assert ("Hồ sơ tiếp nhận", "1") in rows
    assert ("Tỷ lệ hồ sơ đúng hạn", printed) in rows


def test_online_filings_made_with_a_support_member_are_counted_in_the_report(
    world: dict[str, Any],  # noqa: F811
) -> None:
    from motcua.dossiers import services as dossiers
    from motcua.dossiers.applicants import Applicant
    from motcua.dossiers.tests.helpers import EXTRACT, EXTRACT_FORM, local, upload, version
    from motcua.processing.tests.helpers import user

    # Given the district's report of March before any assisted filing
    before, _text = _report(world["hbt"])
    assert _figure(before, "support.assisted_filings")["raw"] == 0
    # When a support-team member files an extract request online for a resident in March
    member = user("xungkich.bachdang")
    at = local(2026, 3, 12, 10)
    draft = dossiers.dossier_draft_create(
        actor=member,
        version=version(EXTRACT),
        agency=world["hbt-bach-dang"],
        applicant=Applicant(
            name="Nguyễn Văn An",
            id_number="001090012345",
            email="an@example.vn",
            phone="0912345678",
            address="12 Bạch Đằng, Hai Bà Trưng, Hà Nội",
        ),
        eform_data=EXTRACT_FORM,
        on_behalf=True,
        at=at,
    )
    for row in draft.components.all():
        if row.mandatory and not row.component.reusable_from:
            dossiers.dossier_file_attach(
                actor=member, dossier=draft, component_id=row.pk, upload=upload()
            )
    dossiers.dossier_submit(actor=member, dossier=draft, idempotency_key="ho-tro-1", at=at)
    # Then the next report counts it, in the figures and in the text
    after, text = _report(world["hbt"])
    assert _figure(after, "support.assisted_filings")["raw"] == 1
    assert "Số hồ sơ nộp trực tuyến có hỗ trợ: 1." in text
