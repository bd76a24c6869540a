"""Pages of oversight: what leaders, supervisors and the public see."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from docx import Document
from openpyxl import load_workbook

from motcua.oversight.models import ReportJob

pytestmark = pytest.mark.django_db
MARCH = "kind=month&year=2026&number=3"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_dashboard_shows_trend_backlog_heat_map_and_late_dossiers(march, user_named):
    # Given the ward's leader
    client = _client(user_named("chutich.bachdang"))
    # When they open the dashboard for March 2026
    page = client.get(f"/can-bo/giam-sat/?agency=hbt-bach-dang&{MARCH}")
    html = page.content.decode()
    # Then the figures, the tables behind the charts and the late dossiers are there
    assert page.status_code == 200
    assert 'data-testid="received">46<' in html
    assert 'data-testid="resolved">38<' in html
    assert "Tháng 3/2026" in html
    assert "73,33%" in html  # the trend table
    assert 'data-testid="heatmap"' in html
    assert "Hộ tịch" in html
    late = march["groups"]["C"][0]
    assert late.code in html
    assert "vendor/chartjs/chart.umd.js" in html


def test_index_page_with_drill_down_and_evaluation(march, user_named):
    # Given the district's leader
    client = _client(user_named("lanhdao.hbt"))
    # When they open the index of Bạch Đằng for March
    page = client.get(f"/can-bo/giam-sat/chi-so/?agency=hbt-bach-dang&{MARCH}")
    html = page.content.decode()
    # Then every group, the total, the ranking among wards and the trend are shown
    assert page.status_code == 200
    assert "33,30" in html
    for group in ("publicity", "progress", "online", "payment", "satisfaction", "digitisation"):
        assert f'data-testid="group-{group}"' in html
    assert 'data-testid="ranking"' in html
    assert "Minh Khai" in html
    # When they follow "progress" to the dossiers that miss it
    drill = client.get(
        f"/can-bo/giam-sat/chi-so/progress/ho-so/?agency=hbt-bach-dang&{MARCH}&part=missing"
    )
    text = drill.content.decode()
    # Then the 12 late or overdue dossiers are listed, and one can be evaluated
    assert "12 hồ sơ" in text
    dossier = march["groups"]["E"][0]
    assert dossier.code in text
    evaluation = client.get(f"/can-bo/giam-sat/ho-so/{dossier.pk}/danh-gia/")
    assert evaluation.status_code == 200
    assert "2 lần yêu cầu bổ sung" in evaluation.content.decode()


def test_scope_and_bad_input(march, user_named):
    # Given Minh Khai's administrator
    client = _client(user_named("quantri.minhkhai"))
    # When they ask for Bạch Đằng's figures or a dossier of Bạch Đằng
    other = client.get(f"/can-bo/giam-sat/chi-so/?agency=hbt-bach-dang&{MARCH}")
    dossier = march["groups"]["A_online"][0]
    evaluation = client.get(f"/can-bo/giam-sat/ho-so/{dossier.pk}/danh-gia/")
    # Then both look like things that do not exist
    assert other.status_code == 404
    assert evaluation.status_code == 404
    # When they type a month that does not exist
    bad = client.get("/can-bo/giam-sat/?kind=month&year=2026&number=13")
    # Then the page says which field is wrong
    assert bad.status_code == 400
    assert "Tháng / quý" in bad.content.decode()
    assert "Giá trị phải từ 1 đến 12" in bad.content.decode()
    # And a resident cannot open the dashboard
    resident = _client(user_named("dan.nguyenvanan"))
    assert resident.get("/can-bo/giam-sat/").status_code == 403


def test_public_page_lists_the_index_per_agency(march):
    # Given anyone on the internet
    client = Client()
    # When they open the transparency page for March 2026
    page = client.get(f"/chi-so-phuc-vu/?{MARCH}")
    html = page.content.decode()
    # Then the ward, the district and the city are listed with their scores, no dossier codes
    assert page.status_code == 200
    assert "Bạch Đằng" in html
    assert "Hai Bà Trưng" in html
    assert "73,33%" in html
    assert march["groups"]["C"][0].code not in html


def test_periodic_report_is_built_in_the_background_and_reads_back(
    march, user_named, settings, django_capture_on_commit_callbacks
):
    # Given tasks that run at once and the district's leader
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client = _client(user_named("lanhdao.hbt"))
    # When they ask for the March report of Bạch Đằng
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/can-bo/giam-sat/bao-cao/",
            {"agency": "hbt-bach-dang", "kind": "month", "year": "2026", "number": "3"},
        )
    assert answer.status_code == 302
    job = ReportJob.objects.get()
    # Then the report is ready and its status shows the links
    assert job.state == ReportJob.State.DONE
    assert job.progress == 100
    status = client.get(f"/can-bo/giam-sat/bao-cao/{job.pk}/").content.decode()
    assert "xlsx" in status
    assert "docx" in status
    # And the spreadsheet has the customary columns and the hand-computed totals
    xlsx = client.get(f"/can-bo/giam-sat/bao-cao/{job.pk}/xlsx/")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[5][:4] == ["STT", "Lĩnh vực, thủ tục", "Tổng số hồ sơ", "Từ kỳ trước chuyển sang"]
    total = next(r for r in rows if r[1] == "Tổng cộng")
    # total, carried, online, other, resolved, early, on time, late, open, in time, overdue
    assert total[2:] == [48, 2, 12, 34, 38, 23, 6, 9, 7, 4, 3]
    # And the narrative states the same figures, with the chart as a picture
    docx = client.get(f"/can-bo/giam-sat/bao-cao/{job.pk}/docx/")
    document = Document(io.BytesIO(docx.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Số hồ sơ đã giải quyết: 38, trong đó trước hạn 23, đúng hạn 6, quá hạn 9" in text
    assert "76,32%" in text  # (23 + 6) ÷ 38
    assert len(document.inline_shapes) == 1
    # And another ward's administrator cannot download it
    stranger = _client(user_named("quantri.minhkhai"))
    assert stranger.get(f"/can-bo/giam-sat/bao-cao/{job.pk}/xlsx/").status_code == 404
