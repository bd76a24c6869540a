"""Pages of the reform workspace: dashboard, every register, forms, transitions, exports."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.reform import specs
from motcua.reform.models import (
    Attachment,
    Inspection,
    InvestmentProject,
    LimitProposal,
    ReformTask,
)
from motcua.reform.tests.conftest import pdf_upload

pytestmark = pytest.mark.django_db


def test_supervisor_dashboard_shows_the_headline_figures_and_chart_data(
    reform_demo, user_named, client
):
    # Given the city council's supervisor
    client.force_login(user_named("giamsat.hdnd"))
    # When they open the district's dashboard
    response = client.get("/can-bo/cai-cach/hbt/")
    html = response.content.decode()
    # Then the figures of the visit are on it, as numbers and as tables behind the charts
    assert response.status_code == 200
    assert 'data-testid="index-rank">10/30<' in html
    assert "323,386 tỷ đồng" in html
    assert "192,462 tỷ đồng" in html
    assert 'data-testid="support-teams">250<' in html
    assert "18/18 phường" in html
    assert 'data-testid="shortened-total">7<' in html
    assert "vendor/chartjs/chart.umd.js" in html
    data = json.loads(
        html.split('id="reform-chart-data" type="application/json">')[1].split("</script>")[0]
    )
    assert sum(data["inspections"]["scheduled"]) + sum(data["inspections"]["surprise"]) == 633
    assert data["index"]["rank"] == [14, 12, 10]
    # And they may issue a recommendation from there
    assert "/can-bo/cai-cach/hbt/kien-nghi/them/" in html


def test_every_register_lists_and_shows_its_records(reform_demo, user_named, client):
    client.force_login(user_named("giamsat.hdnd"))
    for spec in specs.SPECS:
        listing = client.get(f"/can-bo/cai-cach/hbt/{spec.slug}/")
        assert listing.status_code == 200, spec.slug
        obj = spec.model.objects.filter(pk__in=[o.pk for o in spec.model.objects.all()[:1]]).first()
        if obj is None or spec.slug == "bo-chi-so":
            continue
        from motcua.reform.views.records import detail_url

        detail = client.get(detail_url(reform_demo["hbt"], spec, obj))
        assert detail.status_code in (200, 404), spec.slug  # 404: the record is outside hbt
    frameworks = client.get("/can-bo/cai-cach/hbt/bo-chi-so/")
    assert "Chỉ số cải cách hành chính cấp huyện năm 2022" in frameworks.content.decode()


def test_create_form_explains_errors_in_vietnamese_and_writes_nothing(
    reform_demo, user_named, client
):
    client.force_login(user_named("caicach.hbt"))
    before = InvestmentProject.objects.count()
    response = client.post(
        "/can-bo/cai-cach/hbt/du-an-tru-so/them/",
        {
            "agency": reform_demo["hbt"].pk,
            "name": "Trụ sở phường mới",
            "level": "ward",
            "kind": "new",
            "start_year": "2024",
            "end_year": "2023",
            "total_investment": "abc",
            "progress_percent": "0",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Chưa lưu được" in html
    assert "Tổng mức đầu tư (đồng)" in html
    assert InvestmentProject.objects.count() == before
    response = client.post(
        "/can-bo/cai-cach/hbt/du-an-tru-so/them/",
        {
            "agency": reform_demo["hbt"].pk,
            "name": "Trụ sở phường mới",
            "level": "ward",
            "kind": "new",
            "start_year": "2024",
            "end_year": "2025",
            "total_investment": "12500000000",
            "progress_percent": "0",
        },
    )
    assert response.status_code == 302
    project = InvestmentProject.objects.get(name="Trụ sở phường mới")
    page = client.get(response["Location"])
    assert "12,500 tỷ đồng" in page.content.decode()
    # Adding a yearly allocation from the project's page comes back to the project
    response = client.post(
        f"/can-bo/cai-cach/hbt/von-cap/them/?project={project.pk}",
        {"project": project.pk, "year": "2024", "allocated": "3000000000", "disbursed": "0"},
    )
    assert response["Location"].endswith(f"/du-an-tru-so/{project.pk}/")


def test_task_inspection_and_decision_buttons(reform_demo, user_named, client):
    client.force_login(user_named("caicach.hbt"))
    task = ReformTask.objects.filter(plan__agency=reform_demo["hbt"], status="in_progress").first()
    client.post(
        f"/can-bo/cai-cach/hbt/nhiem-vu/{task.pk}/trang-thai/",
        {"status": "done", "completed_on": "2023-10-02", "result": "Đã hoàn thành"},
    )
    task.refresh_from_db()
    assert (task.status, str(task.completed_on)) == ("done", "2023-10-02")
    # A planned inspection is carried out and its signed record attached
    planned = Inspection.objects.get(status="planned", inspected_agency__code="hbt-bach-dang")
    client.post(
        f"/can-bo/cai-cach/hbt/kiem-tra/{planned.pk}/trang-thai/",
        {"status": "done", "conducted_on": "2023-09-12", "conclusion": "Đạt"},
    )
    planned.refresh_from_db()
    assert planned.status == "done"
    client.post(f"/can-bo/cai-cach/hbt/kiem-tra/{planned.pk}/tep/", {"file": pdf_upload()})
    assert Attachment.objects.filter(inspection=planned).count() == 1
    # A file that is not what its name says is refused with a message naming it
    response = client.post(
        f"/can-bo/cai-cach/hbt/kiem-tra/{planned.pk}/tep/",
        {"file": SimpleUploadedFile("bien-ban.pdf", b"hello")},
        follow=True,
    )
    assert "bien-ban.pdf" in response.content.decode()
    assert Attachment.objects.filter(inspection=planned).count() == 1
    # The attachment downloads for someone who may see the inspection, not for another ward
    attachment = Attachment.objects.get(inspection=planned)
    assert client.get(f"/can-bo/cai-cach/hbt/tep/{attachment.pk}/").status_code == 200
    client.force_login(user_named("caicach.minhkhai"))
    assert client.get(f"/can-bo/cai-cach/hbt-minh-khai/tep/{attachment.pk}/").status_code == 404
    # The leader decides a pending proposal from its page
    client.force_login(user_named("lanhdao.hbt"))
    pending = LimitProposal.objects.get(status="proposed")
    client.post(
        f"/can-bo/cai-cach/hbt/de-xuat-rut-ngan/{pending.pk}/quyet-dinh/",
        {"approved": "1", "decision_number": "12/QĐ-UBND"},
    )
    pending.refresh_from_db()
    assert pending.status == "approved"


def test_lists_export_to_csv_and_excel(reform_demo, user_named, client):
    from openpyxl import load_workbook

    client.force_login(user_named("caicach.hbt"))
    csv_response = client.get("/can-bo/cai-cach/hbt/luan-chuyen/xuat.csv?nam=2022")
    lines = csv_response.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Ngày hiệu lực,Họ và tên")
    assert len(lines) == 1 + 48
    xlsx = client.get("/can-bo/cai-cach/hbt/du-an-tru-so/xuat.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Tên dự án"
    assert sum(r[5] for r in rows[1:]) == 323_386_000_000
    assert client.get("/can-bo/cai-cach/hbt/luan-chuyen/xuat.exe").status_code == 404


def test_index_scoring_sheet_for_the_district(reform_demo, user_named, client):
    client.force_login(user_named("caicach.hbt"))
    from motcua.reform.models import IndexAssessment

    assessment = IndexAssessment.objects.get(agency=reform_demo["hbt"], framework__year=2022)
    page = client.get(f"/can-bo/cai-cach/hbt/danh-gia-chi-so/{assessment.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="rank">10/30<' in html
    framework = client.get(f"/can-bo/cai-cach/hbt/bo-chi-so/{assessment.framework_id}/")
    assert framework.status_code == 200
    assert "UBND quận Hai Bà Trưng" in framework.content.decode()


def test_scoring_sheet_self_scores_submits_and_the_city_appraises(reform_demo, user_named, client):
    from decimal import Decimal

    from motcua.reform.models import IndexAssessment, IndexCriterion, IndexFramework

    # Given the city's 2023 criteria set with two scored criteria
    framework = IndexFramework.objects.create(
        agency=reform_demo["hn"], year=2023, name="Chỉ số CCHC cấp huyện năm 2023"
    )
    area = IndexCriterion.objects.create(
        framework=framework, code="1", title="Chỉ đạo", max_points=Decimal(10)
    )
    first = IndexCriterion.objects.create(
        framework=framework,
        parent=area,
        code="1.1",
        title="Kế hoạch",
        max_points=Decimal(4),
        evidence_required=True,
        position=1,
    )
    second = IndexCriterion.objects.create(
        framework=framework,
        parent=area,
        code="1.2",
        title="Kiểm tra",
        max_points=Decimal(6),
        position=2,
    )
    # When the district's reform officer opens its self-assessment and fills the sheet
    client.force_login(user_named("caicach.hbt"))
    response = client.post(
        "/can-bo/cai-cach/hbt/danh-gia-chi-so/them/",
        {"framework": framework.pk, "agency": reform_demo["hbt"].pk},
    )
    assessment = IndexAssessment.objects.get(framework=framework)
    sheet = f"/can-bo/cai-cach/hbt/danh-gia-chi-so/{assessment.pk}/"
    assert response["Location"] == sheet
    client.post(
        sheet + "cham-diem/",
        {
            "mode": "self",
            f"c{first.pk}_self": "3,5",
            f"c{first.pk}_evidence": "KH 18/KH-UBND",
            f"c{second.pk}_self": "5",
            "action": "submit",
        },
    )
    assessment.refresh_from_db()
    # Then it is submitted with the sum of its scores (a decimal comma is understood)
    assert assessment.status == "submitted"
    assert assessment.self_total == Decimal("8.5")
    # When the city appraises one criterion and finishes
    client.force_login(user_named("giamsat.hdnd"))
    client.post(
        sheet + "cham-diem/",
        {"mode": "appraise", f"c{second.pk}_appraised": "4.5", "action": "finish"},
    )
    assessment.refresh_from_db()
    assert assessment.status == "appraised"
    assert assessment.appraised_total == Decimal("8.0")
    # And the sheet shows the appraised total the Vietnamese way
    page = client.get(sheet)
    assert "8,00" in page.content.decode()


def test_edit_page_changes_plain_fields_only(reform_demo, user_named, client):
    from motcua.reform.models import ReformPlan

    client.force_login(user_named("caicach.hbt"))
    plan = ReformPlan.objects.get(agency=reform_demo["hbt"], year=2023)
    form = client.get(f"/can-bo/cai-cach/hbt/ke-hoach/{plan.pk}/sua/").content.decode()
    assert 'name="title"' in form
    assert 'name="agency"' not in form
    response = client.post(
        f"/can-bo/cai-cach/hbt/ke-hoach/{plan.pk}/sua/",
        {
            "year": "2023",
            "title": plan.title,
            "decision_number": "18/KH-UBND (sửa đổi)",
            "decision_date": "2023-01-16",
            "status": "approved",
            "note": "Bổ sung nhiệm vụ số hóa",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.decision_number == "18/KH-UBND (sửa đổi)"
