"""A one-stop officer signs in, sees the workspace of their role, switches language."""

from __future__ import annotations

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_signs_in_sees_workspace_and_switches_language(page, demo_org):
    # Given the public home page
    page.goto("/")
    assert_accessible(page)
    screenshot(page, "portal-home")
    # When the ward's one-stop officer signs in
    sign_in(page, "motcua.bachdang")
    # Then the workspace greets them with their role and ward
    assert page.get_by_test_id("signed-in-as").inner_text() == "Ngô Thị Hồng"
    assert "Cán bộ một cửa" in page.get_by_test_id("role").first.inner_text()
    assert page.get_by_role("heading", name="Ủy ban nhân dân phường Bạch Đằng").is_visible()
    assert_accessible(page)
    screenshot(page, "desk-workspace-vi")
    # When they switch to English
    page.get_by_test_id("lang-en").click()
    page.wait_for_load_state("networkidle")
    # Then the same workspace speaks English
    assert page.get_by_role("heading", name="Workspace").is_visible()
    assert "One-stop officer" in page.get_by_test_id("role").first.inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    screenshot(page, "desk-workspace-en")


def test_wrong_password_is_explained(page, demo_org):
    sign_in(page, "motcua.bachdang", "sai-mat-khau")
    assert "không đúng" in page.get_by_role("alert").inner_text()
    assert_accessible(page)


def test_ward_admin_adds_a_day_off_on_a_phone(mobile_page, demo_org):
    page = mobile_page
    sign_in(page, "quantri.bachdang")
    page.goto("/can-bo/co-quan/hbt-bach-dang/?nam=2026")
    before = int(page.get_by_test_id("working-days").inner_text())
    page.get_by_text("Thêm ngày nghỉ / ngày làm việc").click()
    page.get_by_label("Ngày", exact=True).fill("2026-03-02")
    page.get_by_label("Loại").select_option("day_off")
    page.get_by_label("Lý do / căn cứ").fill("Quyết định nghỉ bù")
    page.get_by_role("button", name="Lưu").first.click()
    page.wait_for_load_state("networkidle")
    assert "Đã lưu ngày điều chỉnh lịch" in page.get_by_role("status").inner_text()
    assert int(page.get_by_test_id("working-days").inner_text()) == before - 1
    assert_accessible(page)
    screenshot(page, "desk-agency-calendar-mobile")


def test_deadline_calculator_page(page, demo_org):
    page.goto("/tinh-han/?start=2026-02-13T10:00&limit=3&unit=working_days")
    assert page.get_by_test_id("due").inner_text().startswith("17:00 25/02/2026")
    assert_accessible(page)
    screenshot(page, "portal-deadline")
