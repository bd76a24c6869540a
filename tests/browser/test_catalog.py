"""A resident finds a procedure and what to bring; a reform officer edits an e-form."""

from __future__ import annotations

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(demo_org):
    from motcua.catalog.demo import XLSX
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_xlsx

    with XLSX.open("rb") as stream:
        assert catalog_import(read_xlsx(stream)).written
    return demo_org


def test_resident_searches_opens_a_procedure_and_sees_fees_and_documents(page, catalogue):
    # Given the public catalogue
    page.goto("/thu-tuc/")
    assert_accessible(page)
    # When a resident types words without diacritics (live results, no button)
    page.get_by_label("Tìm thủ tục").fill("chung thuc ban sao")
    link = page.get_by_role(
        "link",
        name="Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có "
        "thẩm quyền của Việt Nam cấp hoặc chứng nhận",
    )
    link.wait_for()
    # Then the address can be shared
    assert "q=chung%20thuc%20ban%20sao" in page.url
    assert_accessible(page)
    screenshot(page, "catalog-search")
    # When they open the procedure
    link.click()
    page.wait_for_load_state("networkidle")
    # Then they see the fee table and the documents to bring
    fees = page.get_by_test_id("fees")
    assert "Trang 1–2: 2.000 đ/trang; từ trang 3: 1.000 đ/trang" in fees.inner_text()
    assert "tối đa 200.000 đ/bản" in fees.inner_text()
    documents = page.get_by_test_id("components").inner_text()
    assert "Bản sao cần chứng thực" in documents
    assert "Xuất trình bản chính" in documents
    assert "Trong ngày" in page.get_by_test_id("legal-limit").inner_text()
    assert "Phường Bạch Đằng" in page.get_by_test_id("agencies").inner_text()
    # And the fee for 3 pages is computed on the page
    page.get_by_label("Số trang mỗi bản").fill("3")
    page.get_by_role("button", name="Tính phí").click()
    page.get_by_test_id("fee-total").wait_for()
    assert page.get_by_test_id("fee-total").inner_text() == "5.000 đ"
    # (the pointer leaves the button and its hover colour finishes fading before axe reads it)
    page.mouse.move(0, 0)
    page.wait_for_timeout(400)
    assert_accessible(page)
    screenshot(page, "catalog-detail")


def test_online_procedure_on_a_phone_offers_online_submission(mobile_page, catalogue):
    page = mobile_page
    page.goto("/thu-tuc/?q=dang+ky+khai+sinh")
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh", exact=True).click()
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("link", name="Nộp hồ sơ trực tuyến")
    assert button.get_attribute("href") == "/nop-ho-so/1.001193/"
    assert "Giấy chứng sinh" in page.get_by_test_id("components").inner_text()
    assert_accessible(page)
    screenshot(page, "catalog-detail-mobile")


def test_reform_officer_edits_the_eform_with_a_live_preview(page, catalogue):
    sign_in(page, "caicach.hbt")
    page.goto("/can-bo/thu-tuc/?q=1.001193")
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").click()
    page.get_by_role("button", name="Tạo bản nháp để sửa").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("status").inner_text() == "Bản nháp"
    # The preview shows the current e-form
    page.locator("#eform-preview").get_by_label("Ngày, tháng, năm sinh").wait_for()
    # When the officer adds a field to the JSON Schema, the preview follows
    editor = page.get_by_label("Biểu mẫu điện tử (JSON Schema)")
    schema = editor.input_value().replace(
        '"properties": {',
        '"properties": {\n    "email": {"type": "string", "title": '
        '"Thư điện tử nhận thông báo", "maxLength": 100},',
        1,
    )
    editor.fill(schema)
    editor.press("End")
    page.locator("#eform-preview").get_by_label("Thư điện tử nhận thông báo").wait_for()
    assert_accessible(page)
    screenshot(page, "catalog-staff-eform")
    # And a broken schema is explained in the preview
    editor.fill('{"type": "object", "properties": {"x": {"type": "date"}}}')
    editor.press("End")
    page.locator("#eform-preview").get_by_role("alert").wait_for()
    assert "string, integer, number, boolean" in page.locator("#eform-preview").inner_text()
