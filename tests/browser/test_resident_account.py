"""A resident signs up, signs out, signs back in with their phone number and edits the profile."""

from __future__ import annotations

import re

import pytest

from conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Hoa-mat-khau-2023"


def test_resident_signs_up_signs_in_by_phone_and_edits_profile(mobile_page, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    page = mobile_page
    # Given the sign-up page on a phone
    page.goto("/tai-khoan/dang-ky/")
    assert_accessible(page)
    # When the resident makes a mistake first (passwords differ)
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill("khac-hoan-toan")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_load_state("networkidle")
    # Then the page says what is wrong, next to the field, and keeps what was typed
    assert "không khớp" in page.locator("#id_password2-error").inner_text()
    assert page.get_by_label("Họ và tên").input_value() == "Nguyễn Thị Hoa"
    assert_accessible(page)
    screenshot(page, "resident-signup-error-mobile")
    # When they correct it and agree to SMS notifications
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_label("Đồng ý nhận thông báo về hồ sơ qua tin nhắn SMS").check()
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_load_state("networkidle")
    # Then they are signed in on their profile, told what is still missing before filing
    assert page.get_by_role("heading", name="Hồ sơ cá nhân").is_visible()
    assert "Đã tạo tài khoản" in page.get_by_role("status").inner_text()
    assert "số định danh cá nhân" in page.get_by_test_id("profile-incomplete").inner_text()
    # When they sign out and sign back in with the phone number written another way
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_load_state("networkidle")
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("+84 912 345 678")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").last.click()
    page.wait_for_load_state("networkidle")
    # Then they are back on their profile
    assert page.get_by_role("heading", name="Hồ sơ cá nhân").is_visible()
    # When they add their personal ID, address and e-mail and an organisation they represent
    page.get_by_label("Số định danh cá nhân (CCCD)").fill("001190012345")
    page.get_by_label("Địa chỉ", exact=True).fill("Số 5 phố Lò Đúc, phường Bạch Đằng")
    page.get_by_label("Thư điện tử").fill("hoa@example.vn")
    page.get_by_role("button", name="Lưu hồ sơ").click()
    page.wait_for_load_state("networkidle")
    assert "Đã lưu hồ sơ cá nhân" in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("profile-complete").is_visible()
    page.get_by_text("Thêm tổ chức", exact=True).first.click()
    page.get_by_label("Tên tổ chức").fill("Công ty TNHH Hoa Sen")
    page.get_by_label("Mã số thuế").fill("0101234567")
    page.get_by_label("Tư cách đại diện").fill("Giám đốc")
    page.get_by_role("button", name="Thêm tổ chức").click()
    page.wait_for_load_state("networkidle")
    # Then the profile shows it all, and the page passes the accessibility checks
    assert "Công ty TNHH Hoa Sen" in page.get_by_test_id("organisations").inner_text()
    assert page.get_by_label("Số định danh cá nhân (CCCD)").input_value() == "001190012345"
    assert_accessible(page)
    screenshot(page, "resident-profile-mobile")


def test_sign_up_page_on_desktop(page):
    page.goto("/tai-khoan/dang-ky/")
    assert_accessible(page)
    screenshot(page, "resident-signup")
    page.goto("/tai-khoan/dang-nhap/")
    assert page.get_by_role("link", name="Đăng ký tài khoản").is_visible()
    assert_accessible(page)
