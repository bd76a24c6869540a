"""A resident checks a signed electronic result on the public verification page."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def signed_files(demo_org: Any, tmp_path: Any) -> Any:
    """Ward Bạch Đằng registered a certificate from a throwaway CA; its chair signed a
    generated result and the clerk numbered it. Returns the signed file, a copy with one
    byte changed, and the result."""
    from types import SimpleNamespace

    from motcua.accounts.models import User
    from motcua.documents import signing
    from motcua.documents.pki_issue import ca_issue, pkcs12_bundle, signer_issue
    from motcua.documents.services import file_open
    from motcua.documents.slips import slip_agency_header

    ward = demo_org["hbt-bach-dang"]
    ca = ca_issue(common_name="CA thử nghiệm", organisation="Kiểm thử")
    signer = signer_issue(ca=ca, common_name="UBND phường Bạch Đằng", organisation="UBND")
    signing.certificate_upload(
        actor=User.objects.get(username="quantri.bachdang"),
        agency=ward,
        p12_bytes=pkcs12_bundle(signer=signer, ca=ca, passphrase="pw"),
        passphrase="pw",
    )
    code = signing.result_code_new()
    pdf = signing.result_generate_pdf(
        template="van_ban_tra_ket_qua",
        context={
            **slip_agency_header(ward),
            "procedure_name": "Cấp bản sao trích lục hộ tịch",
            "applicant_name": "Nguyễn Văn An",
            "decision_text": "Cấp 01 bản sao trích lục khai sinh.",
            "signer_name": "Lý Thị Thanh",
            "verification_code": code,
        },
    )
    result = signing.result_sign(
        actor=User.objects.get(username="chutich.bachdang"),
        agency=ward,
        pdf_bytes=pdf,
        reason="Phê duyệt kết quả",
        location="Hà Nội",
        code=code,
    )
    result = signing.result_number(actor=User.objects.get(username="vanthu.hbt"), result=result)
    with file_open(result.stored_file) as handle:
        signed = handle.read()
    tampered = bytearray(signed)
    tampered[signed.index(b"/Producer") + 12] ^= 0x01
    good_path = tmp_path / "ket-qua.pdf"
    bad_path = tmp_path / "ket-qua-da-sua.pdf"
    good_path.write_bytes(signed)
    bad_path.write_bytes(bytes(tampered))
    return SimpleNamespace(good=good_path, bad=bad_path, result=result)


def test_resident_checks_a_signed_result_and_a_tampered_copy(page: Any, signed_files: Any) -> None:
    # Given the public verification page
    page.goto("/xac-thuc/")
    assert page.get_by_role("heading", name="Xác thực kết quả điện tử").is_visible()
    assert_accessible(page)
    # When a resident uploads the signed result they received
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(signed_files.good))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.wait_for_load_state("networkidle")
    # Then the page says it is valid, signed by the ward, with its register number
    assert page.get_by_test_id("verification-status").inner_text() == "Hợp lệ"
    assert page.get_by_test_id("agency").inner_text() == "Ủy ban nhân dân phường Bạch Đằng"
    assert page.get_by_test_id("integrity").inner_text().startswith("ĐẠT")
    assert page.get_by_test_id("number").inner_text() == "1/KQ-UBND"
    assert_accessible(page)
    screenshot(page, "verification-valid")
    # When they upload a copy in which one byte was changed
    page.get_by_label("Tệp PDF cần kiểm tra").set_input_files(str(signed_files.bad))
    page.get_by_role("button", name="Kiểm tra", exact=True).click()
    page.wait_for_load_state("networkidle")
    # Then the page says the check FAILED because the content changed after signing
    assert page.get_by_test_id("verification-status").inner_text().startswith("Không hợp lệ")
    assert page.get_by_test_id("integrity").inner_text().startswith("KHÔNG ĐẠT")
    assert page.get_by_test_id("number").count() == 0
    assert_accessible(page)
    screenshot(page, "verification-tampered")


def test_resident_opens_the_result_from_its_qr_code_on_a_phone(
    mobile_page: Any, signed_files: Any
) -> None:
    page = mobile_page
    # When the QR code printed on the result is opened
    page.goto(f"/xac-thuc/{signed_files.result.code}/")
    # Then the same verdict and number show, laid out for a phone
    assert page.get_by_test_id("verification-status").inner_text() == "Hợp lệ"
    assert page.get_by_test_id("number").inner_text() == "1/KQ-UBND"
    assert_accessible(page)
    screenshot(page, "verification-by-code-mobile")
