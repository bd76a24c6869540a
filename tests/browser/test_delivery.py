"""The desk hands a result over and sees it in the tracking book; the resident, on a phone,
sees how to collect the result and rates the handling."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def processed(demo_org: dict[str, Any], settings: Any, tmp_path: Any) -> Any:
    """A birth registration of Nguyễn Văn An processed at Bạch Đằng in March 2026 (real
    intake and processing services, result signed with a throwaway certificate)."""
    from motcua.accounts.models import User
    from motcua.documents.pki_issue import ca_issue, pkcs12_bundle, signer_issue
    from motcua.documents.signing import certificate_upload
    from motcua.dossiers.tests.conftest import catalogue_slice
    from motcua.processing.accounts import seed_processing_accounts

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_processing_accounts(demo_org)
    catalogue_slice()
    ca = ca_issue(common_name="CA kiểm thử", organisation="Kiểm thử")
    signer = signer_issue(ca=ca, common_name="UBND phường Bạch Đằng", organisation="UBND")
    certificate_upload(
        actor=None,
        agency=demo_org["hbt-bach-dang"],
        p12_bytes=pkcs12_bundle(signer=signer, ca=ca, passphrase="pw"),
        passphrase="pw",
    )
    from motcua.delivery.tests.helpers import processed_dossier

    return processed_dossier(lambda name: User.objects.get(username=name))


def test_desk_returns_the_result_and_the_book_lists_it(page, processed):
    # Given the ward's desk officer signed in
    sign_in(page, "motcua.bachdang")
    page.goto("/can-bo/tra-ket-qua/")
    assert_accessible(page)
    # When they open the processed dossier and hand the result to an authorised person
    page.get_by_role("link", name=processed.code).click()
    page.get_by_label("Người đến nhận").select_option("authorised")
    page.get_by_label("Họ tên người nhận").fill("Trần Thị Mai")
    page.get_by_label("Số định danh cá nhân người nhận").fill("001190004567")
    page.get_by_test_id("return-desk").click()
    page.wait_for_load_state("networkidle")
    # Then the form says what is missing, on the field
    assert "giấy ủy quyền" in page.get_by_test_id("error-authorisation").inner_text()
    assert_accessible(page)
    page.get_by_label("Giấy ủy quyền (nếu người khác nhận thay)").fill(
        "Giấy ủy quyền số 12/UQ, UBND phường Bạch Đằng chứng thực 10/3/2026"
    )
    page.get_by_label("Giấy tờ đã giao").fill("Giấy khai sinh (bản chính)")
    page.get_by_test_id("return-desk").click()
    page.wait_for_load_state("networkidle")
    assert "Đã trả kết quả" in page.get_by_role("status").inner_text()
    assert "Trần Thị Mai (Người được ủy quyền)" in page.get_by_test_id("recipient").inner_text()
    assert_accessible(page)
    screenshot(page, "delivery-returned")
    # And March's tracking book lists it with the recipient
    page.goto("/can-bo/so-theo-doi/?co_quan=hbt-bach-dang&tu=2026-03-01&den=2026-03-31")
    book = page.get_by_test_id("book").inner_text()
    assert processed.code in book
    assert "Trần Thị Mai" in book
    assert_accessible(page)
    screenshot(page, "delivery-book")


def test_resident_downloads_and_rates_on_a_phone(mobile_page, processed):
    page = mobile_page
    # Given the applicant signed in on a phone, on his processed dossier
    sign_in(page, "dan.nguyenvanan")
    page.goto(f"/ho-so-cua-toi/{processed.pk}/")
    assert page.get_by_test_id("how-to-receive").is_visible()
    assert_accessible(page)
    screenshot(page, "delivery-how-to-receive-mobile")
    # When he downloads the signed result
    with page.expect_download() as download:
        page.get_by_test_id("download-result").click()
    assert download.value.suggested_filename.endswith(".pdf")
    # Then the dossier shows as returned and asks for a rating
    page.goto(f"/ho-so-cua-toi/{processed.pk}/")
    assert "Trả kết quả điện tử" in page.get_by_test_id("returned").inner_text()
    page.get_by_label("Hài lòng", exact=True).check()
    page.get_by_label("Nhận xét (không bắt buộc)").fill("Nhanh, đúng hẹn.")
    page.get_by_test_id("rate").click()
    page.wait_for_load_state("networkidle")
    assert "Hài lòng" in page.get_by_test_id("rated").inner_text()
    assert_accessible(page)
    screenshot(page, "delivery-rated-mobile")
