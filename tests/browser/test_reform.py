"""A city-council supervisor reads the district's dashboard and issues a recommendation; the
district's reform officer reports it done with evidence; the supervisor closes it."""

from __future__ import annotations

import io
import re

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def reform_district(settings, tmp_path):
    # Many demo accounts: a fast password hash keeps the set-up short.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    from motcua.organizations.demo import seed_accounts, seed_organisation
    from motcua.reform.demo import seed_demo_data

    agencies = seed_organisation()
    seed_accounts(agencies)
    seed_demo_data(agencies=agencies, stdout=io.StringIO())
    return agencies


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")


def test_supervisor_issues_officer_reports_supervisor_closes(page, reform_district, tmp_path):
    # Given the city council's supervisor signed in
    sign_in(page, "giamsat.hdnd")
    # When they open the reform workspace and the district
    page.goto("/can-bo/cai-cach/")
    assert_accessible(page)
    page.get_by_role("link", name="UBND quận Hai Bà Trưng").first.click()
    page.wait_for_load_state("networkidle")
    # Then the dashboard shows the district's standing and its figures
    assert page.get_by_role("heading", name="Ủy ban nhân dân quận Hai Bà Trưng").is_visible()
    assert page.get_by_test_id("index-rank").inner_text() == "10/30"
    assert page.get_by_test_id("support-teams").inner_text() == "250"
    assert page.get_by_test_id("investment-total").inner_text() == "323,386 tỷ đồng"
    page.locator("#chart-inspections").wait_for()
    assert_accessible(page)
    screenshot(page, "reform-dashboard")

    # When they issue a recommendation counted in working days
    page.get_by_role("link", name="Ban hành kiến nghị").first.click()
    page.get_by_label("Tóm tắt").fill("Công khai kết quả số hóa hồ sơ tại bộ phận một cửa")
    page.get_by_label("Nội dung kiến nghị").fill(
        "Đề nghị UBND quận công khai tỷ lệ số hóa hồ sơ hằng tháng tại bộ phận một cửa."
    )
    page.get_by_label("Ngày kiến nghị").fill("2026-03-02")
    page.get_by_label("Số ngày làm việc").fill("10")
    assert_accessible(page)
    screenshot(page, "reform-recommendation-issue")
    page.get_by_role("button", name="Ban hành kiến nghị").click()
    page.wait_for_load_state("networkidle")
    # Then it is open, due ten working days later on the district's calendar
    assert page.get_by_test_id("rec-status").inner_text() == "Mới ban hành"
    assert page.get_by_test_id("rec-due").inner_text().startswith("16/03/2026")
    rec_url = page.url
    assert re.search(r"/can-bo/cai-cach/hbt/kien-nghi/\d+/$", rec_url)
    sign_out(page)

    # When the district's reform officer reports it done, with the published table as evidence
    sign_in(page, "caicach.hbt")
    page.goto(rec_url)
    page.get_by_label("Kết quả thực hiện").fill(
        "Từ tháng 3/2026 tỷ lệ số hóa được niêm yết hằng tháng tại bộ phận một cửa."
    )
    page.get_by_label("Báo cáo đã hoàn thành kiến nghị").check()
    evidence = tmp_path / "bang-ty-le-so-hoa.pdf"
    from motcua.reform.demo import DEMO_PDF

    evidence.write_bytes(DEMO_PDF)
    page.get_by_label("Tài liệu kiểm chứng").set_input_files(str(evidence))
    page.get_by_role("button", name="Gửi báo cáo").click()
    page.wait_for_load_state("networkidle")
    # Then it waits for the supervisor, with the evidence in its history
    assert "Đã gửi báo cáo tiến độ" in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("rec-status").inner_text() == "Báo cáo đã thực hiện"
    assert page.get_by_role("link", name="bang-ty-le-so-hoa.pdf").is_visible()
    # And the officer has no button to close it
    assert page.get_by_role("button", name="Đóng kiến nghị").count() == 0
    assert_accessible(page)
    screenshot(page, "reform-recommendation-progress")
    sign_out(page)

    # When the supervisor reads the evidence and closes the recommendation
    sign_in(page, "giamsat.hdnd")
    page.goto(rec_url)
    history = page.get_by_test_id("rec-history").inner_text()
    assert "Từ tháng 3/2026 tỷ lệ số hóa được niêm yết" in history
    page.get_by_label("Ý kiến khi đóng kiến nghị").fill("Đã kiểm tra bảng niêm yết, đạt yêu cầu.")
    page.get_by_role("button", name="Đóng kiến nghị").click()
    page.wait_for_load_state("networkidle")
    # Then it shows as closed, and can only be reopened
    assert page.get_by_test_id("rec-status").inner_text() == "Đã đóng"
    assert page.get_by_role("button", name="Mở lại").is_visible()
    assert_accessible(page)
    screenshot(page, "reform-recommendation-closed")
    # And the list of closed recommendations has it
    page.goto("/can-bo/cai-cach/hbt/kien-nghi/?trang_thai=closed")
    table = page.get_by_test_id("record-table").inner_text()
    assert "Công khai kết quả số hóa hồ sơ tại bộ phận một cửa" in table
    assert_accessible(page)


def test_ward_officer_on_a_phone_sees_only_their_ward(mobile_page, reform_district):
    page = mobile_page
    sign_in(page, "caicach.bachdang")
    page.goto("/can-bo/cai-cach/hbt-bach-dang/")
    assert page.get_by_test_id("support-teams").inner_text() == "14"
    assert_accessible(page)
    screenshot(page, "reform-dashboard-ward-mobile")
    page.goto("/can-bo/cai-cach/hbt-bach-dang/to-cong-nghe-so/")
    assert "14 bản ghi" in page.get_by_test_id("row-count").inner_text()
    assert_accessible(page)
    screenshot(page, "reform-support-teams-mobile")
    response = page.goto("/can-bo/cai-cach/hbt-minh-khai/")
    assert response.status == 404
