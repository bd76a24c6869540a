"""The supervision report says what the live data says, and changes when the data does."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from motcua.reform import services
from motcua.reform.constants import ReportStatus, SupportTeamKind
from motcua.reform.models import Recommendation, SupervisionReport, SupportTeam
from motcua.reform.report.content import NO_DOSSIER_DATA, report_content
from motcua.reform.report.pdf import render_html
from motcua.reform.selectors import Period
from motcua.reform.tests.conftest import docx_text

pytestmark = pytest.mark.django_db

VISIT_PERIOD = (dt.date(2016, 1, 1), dt.date(2023, 5, 19))


def _generate(user, agency, formats=("docx",)) -> tuple[SupervisionReport, str]:
    report = services.report_request(
        actor=user, agency=agency, period_start=VISIT_PERIOD[0], period_end=VISIT_PERIOD[1]
    )
    report = services.report_run(report_id=report.pk, formats=formats)
    assert report.status == ReportStatus.DONE, report.error
    with report.docx.open("rb") as f:
        return report, docx_text(f.read())


def _number_after(text: str, label: str) -> int:
    """The figure a row of the sources table gives for ``label`` (dots are thousands)."""
    match = re.search(re.escape(label) + r"\n([\d.]+)", text)
    assert match, f"no row {label!r}"
    return int(match.group(1).replace(".", ""))


def test_report_of_the_visit_reads_like_the_delegations_findings(reform_demo, user_named):
    # Given the supervisor of the city council and the demo district
    supervisor = user_named("giamsat.hdnd")
    # When they generate the report for 2016 up to the day of the visit
    report, text = _generate(supervisor, reform_demo["hbt"], formats=("docx", "pdf"))
    # Then it carries the national heading and the findings of 19/5/2023
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "xếp thứ 10/30 đơn vị cùng cấp" in text
    assert "18/18 phường đã thành lập 250 tổ công nghệ số" in text
    assert "tổng mức đầu tư 323,386 tỷ đồng" in text
    assert "năm 2022: 48" in text
    assert "5 dự án trụ sở làm việc của các cơ quan chuyên môn và 15 dự án" in text
    assert "3 thủ tục lĩnh vực Nội vụ" in text
    assert "2 thủ tục lĩnh vực Giáo dục - Đào tạo" in text
    # And the dossier figures come from the oversight app (no dossiers in this fixture)
    assert NO_DOSSIER_DATA not in text
    assert "Hồ sơ tiếp nhận: 0" in text
    # And the inspections of 2016–2020 add up to the reported 462, year by year
    per_year = {y: int(n) for y, n in re.findall(r"\n(201[6-9]|2020)\n\d+\n\d+\n(\d+)", text)}
    assert sum(per_year.values()) == 462
    # And every figure is listed with its source
    assert "Phụ lục: Nguồn số liệu" in text
    assert "reform.InvestmentAllocation" in text
    assert {f["key"] for f in report.figures} >= {
        "inspections.total",
        "index.rank",
        "support.teams",
        "investment.total",
        "rotation.total",
        "recommendations.open",
        "dossiers.on_time_rate",
    }
    # And the PDF is a real PDF of the same report
    with report.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"


def test_closing_a_recommendation_and_adding_a_team_change_the_next_report(reform_demo, user_named):
    # Given a report of the district
    supervisor = user_named("giamsat.hdnd")
    hbt = reform_demo["hbt"]
    _, before = _generate(supervisor, hbt)
    # When the supervisor closes an open recommendation and a ward sets up one more team
    rec = Recommendation.objects.get(title__startswith="Tiếp tục triển khai số hóa")
    services.recommendation_close(
        actor=supervisor, recommendation=rec, note="Quận đã số hóa đủ hồ sơ, đạt yêu cầu."
    )
    services.record_create(
        actor=user_named("caicach.bachdang"),
        model=SupportTeam,
        data={
            "agency": reform_demo["hbt-bach-dang"],
            "name": "Tổ công nghệ số khu tập thể Bạch Đằng",
            "kind": SupportTeamKind.COMMUNITY,
            "decision_date": dt.date(2023, 5, 2),
        },
    )
    _, after = _generate(supervisor, hbt)
    # Then the next report shows one more closed recommendation and one more team
    assert (
        _number_after(after, "Kiến nghị đã đóng") == _number_after(before, "Kiến nghị đã đóng") + 1
    )
    assert _number_after(after, "Kiến nghị chưa đóng") == (
        _number_after(before, "Kiến nghị chưa đóng") - 1
    )
    assert _number_after(after, "Số tổ công nghệ số / xung kích số") == 251
    assert "đã thành lập 251 tổ công nghệ số" in after
    assert rec.title not in after.split("Kiến nghị chưa đóng\nNgày")[-1]


def test_a_failed_generation_is_reported_and_never_left_running(
    reform_demo, user_named, monkeypatch
):
    # Given a report whose rendering breaks
    report = services.report_request(
        actor=user_named("giamsat.hdnd"),
        agency=reform_demo["hbt"],
        period_start=dt.date(2022, 1, 1),
        period_end=dt.date(2022, 12, 31),
    )

    def broken(content):
        raise RuntimeError("font missing")

    monkeypatch.setattr("motcua.reform.report.docx.render_docx", broken)
    # When it runs
    report = services.report_run(report_id=report.pk)
    # Then it says it failed, and why
    assert report.status == ReportStatus.FAILED
    assert "font missing" in report.error
    assert report.progress == 100


def test_report_html_for_pdf_uses_serif_fonts_with_vietnamese_glyphs(reform_demo):
    content = report_content(
        agency=reform_demo["hbt"], period=Period(*VISIT_PERIOD), today=dt.date(2023, 5, 19)
    )
    html = render_html(content)
    assert '"Liberation Serif", "DejaVu Serif"' in html
    assert "Hà Nội, ngày 19 tháng 05 năm 2023" in html
    # A figure of the report and its source sit side by side in the appendix
    assert content.figure("index.rank").value == "10/30"
    assert content.figure("investment.allocated").value == "192,462 tỷ đồng"


def test_report_page_runs_in_the_background_and_offers_the_files(
    reform_demo, user_named, client, django_capture_on_commit_callbacks, monkeypatch
):
    # Given the district's reform officer on the reports page (PDF printing is checked above)
    monkeypatch.setattr("motcua.reform.report.pdf.render_pdf", lambda content: b"%PDF-1.4 stub")
    client.force_login(user_named("caicach.hbt"))
    # When they ask for the 2022 report
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/can-bo/cai-cach/hbt/bao-cao/",
            {"period_start": "2022-01-01", "period_end": "2022-12-31"},
        )
    # Then they land on the report, finished, with both files to download
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Đã lập xong báo cáo" in page.content.decode()
    report = SupervisionReport.objects.get(period_start=dt.date(2022, 1, 1))
    docx = client.get(f"/can-bo/cai-cach/hbt/bao-cao/{report.pk}/tai/docx/")
    assert docx.status_code == 200
    assert b"".join(docx.streaming_content)[:2] == b"PK"
    # And a period that ends before it starts is refused with the field named
    bad = client.post(
        "/can-bo/cai-cach/hbt/bao-cao/", {"period_start": "2022-12-31", "period_end": "2022-01-01"}
    )
    assert bad.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu" in bad.content.decode()
