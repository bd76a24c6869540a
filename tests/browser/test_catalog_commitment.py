"""A reform officer records the shorter limit the district committed to: a limit longer than
the law is refused with the field named; a valid one opens the new published version."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def permit(demo_org):
    from motcua.accounts.models import User
    from motcua.catalog import services

    officer = User.objects.get(username="caicach.hbt")
    version = services.procedure_create(
        actor=officer,
        payload={
            "code": "1.999301",
            "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ (thử nghiệm)",
            "field_code": "xay-dung",
            "field_name": "Xây dựng",
            "level": "district",
            "applicant_types": ["citizen"],
            "channels": [1, 2],
            "time_limit": 15,
            "time_unit": "working_days",
            "online_level": "partial",
            "effective_from": dt.date(2024, 1, 1),
            "process": [
                {
                    "name": "Thẩm định hồ sơ",
                    "role": "specialist",
                    "agency_kind": "district",
                    "budget": "10",
                    "budget_unit": "working_days",
                }
            ],
        },
    )
    return services.version_publish(actor=officer, version=version)


def test_officer_records_a_committed_limit_on_the_published_version(page, permit):
    # Given the district's reform officer on the published version's page
    sign_in(page, "caicach.hbt")
    page.goto(f"/can-bo/thu-tuc/phien-ban/{permit.pk}/")
    assert "Chưa đăng ký thời hạn rút ngắn" in page.get_by_test_id("committed-now").inner_text()
    assert_accessible(page)
    # When they enter 20 working days, longer than the legal 15
    page.locator("#id_cam_ket-agency").select_option("hbt-qldt")
    page.locator("#id_cam_ket-committed_limit").fill("20")
    page.locator("#id_cam_ket-committed_decision").fill("4521/QĐ-UBND ngày 15/11/2022")
    page.get_by_test_id("commit-limit").click()
    page.wait_for_load_state("networkidle")
    # Then the page names the field and why
    assert page.get_by_text(
        "Thời hạn cam kết: Thời hạn cam kết (20 ngày làm việc) dài hơn"
    ).is_visible()
    assert_accessible(page)
    # When they record 12 working days
    page.locator("#id_cam_ket-agency").select_option("hbt-qldt")
    page.locator("#id_cam_ket-committed_limit").fill("12")
    page.locator("#id_cam_ket-committed_decision").fill("4521/QĐ-UBND ngày 15/11/2022")
    page.get_by_test_id("commit-limit").click()
    page.wait_for_load_state("networkidle")
    # Then version 2 opens, in force, carrying the commitment and its decision
    assert page.get_by_text("Đã ghi thời hạn cam kết 12 ngày làm việc: phiên bản 2").is_visible()
    assert "Đang cam kết 12 ngày làm việc (4521/QĐ-UBND ngày 15/11/2022)" in (
        page.get_by_test_id("committed-now").inner_text()
    )
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    assert_accessible(page)
    screenshot(page, "catalog-staff-commitment")
    # And the public page of the procedure shows the shorter limit
    page.goto("/thu-tuc/1.999301/")
    assert "12 ngày làm việc" in page.get_by_test_id("committed-limit").inner_text()
