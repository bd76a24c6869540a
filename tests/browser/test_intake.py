"""A resident files online on a phone, the ward's desk accepts it, the resident gets the code,
the appointment, the e-mail and slip 01; an officer receives a walk-in with scans."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_hashing_inline_tasks_and_media(settings, tmp_path):
    # Demo accounts are re-created for each test; e-mail is sent as soon as a change commits.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    from motcua.dossiers.selectors import lookups_clear

    lookups_clear()


def _pdf_file(tmp_path: Path, name: str, text: str) -> Path:
    from motcua.dossiers.tests.files import pdf_bytes

    path = tmp_path / name
    path.write_bytes(pdf_bytes(text))
    return path


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)


def test_resident_files_online_desk_accepts_resident_gets_code_mail_and_slip(
    page, mobile_page, demo_catalogue, smtp_server, tmp_path
):
    from motcua.dossiers.models import Dossier

    resident = mobile_page
    # Given the resident, signed in on a phone, on the birth registration page of the catalogue
    sign_in(resident, "dan.nguyenvanan")
    resident.goto("/thu-tuc/1.001193/")
    resident.get_by_test_id("submit-online").click()
    # When they choose Bạch Đằng and start
    resident.get_by_label("Nơi nộp hồ sơ (cơ quan giải quyết)").select_option("hbt-bach-dang")
    assert_accessible(resident)
    screenshot(resident, "intake-start-mobile")
    resident.get_by_test_id("start").click()
    # And fill the declaration generated from the procedure's e-form
    resident.get_by_label("Số điện thoại").fill("0912 345 678")
    resident.get_by_label("Họ, chữ đệm, tên của trẻ").fill("Nguyễn Minh Khôi")
    resident.get_by_label("Ngày, tháng, năm sinh").fill("2026-03-01")
    resident.get_by_label("Giới tính").select_option("Nam")
    resident.get_by_label("Nơi sinh").fill("Bệnh viện Phụ sản Hà Nội")
    resident.get_by_label("Họ, chữ đệm, tên người mẹ").fill("Trần Thị Mai")
    resident.get_by_label("Số định danh cá nhân của người yêu cầu").fill("001090012345")
    assert_accessible(resident)
    screenshot(resident, "intake-declaration-mobile")
    resident.get_by_test_id("save-form").click()
    # And attach the two documents (the ID card is taken from the population database)
    for order, name in ((1, "to-khai.pdf"), (2, "giay-chung-sinh.pdf")):
        section = resident.get_by_test_id(f"component-{order}")
        section.locator("input[type=file]").set_input_files(str(_pdf_file(tmp_path, name, name)))
        section.get_by_role("button").last.click()
        resident.wait_for_load_state("networkidle")
        assert name in resident.get_by_test_id(f"files-{order}").inner_text()
    assert_accessible(resident)
    screenshot(resident, "intake-documents-mobile")
    resident.get_by_test_id("to-review").click()
    assert_accessible(resident)
    screenshot(resident, "intake-review-mobile")
    resident.get_by_test_id("submit").click()
    # Then the dossier has a code and waits for the desk
    code = resident.get_by_test_id("code").inner_text()
    assert code.startswith("000.22.07.H26-")
    assert "Đã nộp, chờ tiếp nhận" in resident.get_by_test_id("status").inner_text()
    assert_accessible(resident)
    screenshot(resident, "intake-submitted-mobile")
    assert Dossier.objects.filter(code=code).count() == 1
    assert smtp_server.messages == []  # nothing is sent before the desk has received it

    # When the ward's desk officer opens the queue and accepts the dossier
    officer = page
    sign_in(officer, "motcua.bachdang")
    officer.goto("/can-bo/ho-so/")
    assert_accessible(officer)
    screenshot(officer, "desk-queue")
    officer.get_by_role("link", name=code).click()
    assert_accessible(officer)
    screenshot(officer, "desk-check-online")
    officer.get_by_test_id("accept").click()
    officer.wait_for_load_state("networkidle")
    assert "Đã tiếp nhận hồ sơ" in officer.get_by_role("status").inner_text()
    screenshot(officer, "desk-accepted")

    # Then the resident sees the code and the appointment
    resident.reload()
    assert resident.get_by_test_id("code").inner_text() == code
    appointment = resident.get_by_test_id("appointment").inner_text()
    assert appointment.startswith("17:00 ")
    screenshot(resident, "intake-accepted-mobile")
    # And receives the acceptance e-mail with the code and the appointment
    messages = smtp_server.wait_for(1, timeout=10)
    assert len(messages) == 1
    accepted = messages[-1]
    assert accepted["To"] == "dan.nguyenvanan@motcua.invalid"
    assert code in accepted["Subject"]
    assert appointment.replace(" ", " ngày ", 1) in accepted.get_content()
    # And downloads slip 01, a PDF carrying the dossier code
    with resident.expect_download() as download:
        resident.get_by_test_id("slip-01").click()
    content = Path(download.value.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert code in _pdf_text(content)


def test_officer_receives_a_walk_in_scans_and_prints_slip_01(page, demo_catalogue, tmp_path):
    # Given the Bạch Đằng desk officer at the walk-in reception
    sign_in(page, "motcua.bachdang")
    page.goto("/can-bo/ho-so/")
    page.get_by_test_id("new-walk-in").click()
    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    page.get_by_role("button", name="Tìm").click()
    page.get_by_role("link", name="Thủ tục đăng ký khai sinh").first.click()
    # When they look the resident up by personal ID
    page.get_by_label("Số định danh cá nhân / mã số thuế").fill("001090012345")
    page.get_by_test_id("lookup").click()
    page.get_by_test_id("lookup-result").wait_for()
    assert page.get_by_label("Họ và tên người nộp").input_value() == "Nguyễn Văn An"
    assert_accessible(page)
    screenshot(page, "desk-walk-in")
    page.get_by_test_id("open-dossier").click()
    # And scan the declaration and the birth certificate, tick the ID card as seen
    for order, name in ((1, "to-khai-scan.pdf"), (2, "chung-sinh-scan.pdf")):
        page.get_by_label(f"Bản quét: {_component(order)}").set_input_files(
            str(_pdf_file(tmp_path, name, name))
        )
        page.get_by_role(
            "button", name=re.compile(rf"Tải bản quét\s*:\s*{re.escape(_component(order))}")
        ).click()
        page.wait_for_load_state("networkidle")
        assert name in page.get_by_test_id(f"scans-{order}").inner_text()
    page.get_by_label(f"Đã nhận: {_component(3)}").check()
    page.get_by_label(f"Đã xem bản chính: {_component(3)}").check()
    page.get_by_test_id("save-checklist").click()
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    screenshot(page, "desk-check-walk-in")
    # Then accepting gives the code and slip 01 with it
    page.get_by_test_id("accept").click()
    page.wait_for_load_state("networkidle")
    code = page.get_by_role("heading", level=1).inner_text().split()[0]
    assert code.startswith("000.22.07.H26-")
    with page.expect_download() as download:
        page.get_by_test_id("slip-01").click()
    text = _pdf_text(Path(download.value.path()).read_bytes())
    assert code in text
    assert "Nguyễn Văn An" in text


def _component(order: int) -> str:
    return {
        1: "Tờ khai đăng ký khai sinh theo mẫu",
        2: "Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh",
        3: "Giấy tờ tùy thân của người đi đăng ký",
    }[order]


def _online_dossier(demo_catalogue):
    from motcua.accounts.models import User
    from motcua.dossiers.tests.helpers import submitted

    return submitted(User.objects.get(username="dan.nguyenvanan"), key="browser")


def test_desk_asks_for_a_supplement_the_resident_completes_it_with_slip_02(
    page, mobile_page, demo_catalogue, tmp_path
):
    dossier = _online_dossier(demo_catalogue)
    # Given the ward's desk officer on an online dossier whose birth certificate is unreadable
    officer = page
    sign_in(officer, "motcua.bachdang")
    officer.goto(f"/can-bo/ho-so/{dossier.pk}/")
    certificate = dossier.components.get(order=2)
    # When she asks for a clearer copy, with the reason
    officer.locator(f"#need-{certificate.pk}").check()
    officer.get_by_label(f"Lý do: {certificate.name}").fill("Bản chụp bị mờ, chụp lại rõ số")
    officer.get_by_test_id("request-supplement").click()
    officer.wait_for_load_state("networkidle")
    assert_accessible(officer)
    screenshot(officer, "desk-supplement-requested")
    # Then slip 02 lists the document and the reason
    with officer.expect_download() as download:
        officer.get_by_test_id("slip-02").click()
    slip = _pdf_text(Path(download.value.path()).read_bytes())
    assert "Bản chụp bị mờ, chụp lại rõ số" in slip
    assert dossier.code in slip
    # And the resident sees what is missing and why, and can download slip 02 too
    resident = mobile_page
    sign_in(resident, "dan.nguyenvanan")
    resident.goto(f"/ho-so-cua-toi/{dossier.pk}/")
    assert resident.get_by_test_id("status").inner_text() == "Yêu cầu bổ sung"
    assert "Bản chụp bị mờ, chụp lại rõ số" in resident.get_by_test_id("missing").inner_text()
    assert_accessible(resident)
    screenshot(resident, "intake-supplement-requested-mobile")
    # When the resident attaches a new photo and says it is done
    resident.get_by_role("link", name="Đính kèm giấy tờ bổ sung").click()
    section = resident.get_by_test_id("component-2")
    section.locator("input[type=file]").set_input_files(
        str(_pdf_file(tmp_path, "chung-sinh-ro.pdf", "ro"))
    )
    section.get_by_role("button").last.click()
    resident.wait_for_load_state("networkidle")
    assert "chung-sinh-ro.pdf" in resident.get_by_test_id("files-2").inner_text()
    resident.goto(f"/ho-so-cua-toi/{dossier.pk}/")
    resident.get_by_test_id("supplement-done").click()
    resident.wait_for_load_state("networkidle")
    # Then the dossier is back in the desk's queue as supplemented, and the desk accepts it
    assert resident.get_by_test_id("status").inner_text() == "Đã bổ sung"
    officer.goto("/can-bo/ho-so/")
    officer.get_by_role("link", name=dossier.code).click()
    officer.get_by_test_id("accept").click()
    officer.wait_for_load_state("networkidle")
    assert "Đã tiếp nhận hồ sơ" in officer.get_by_role("status").inner_text()


def test_desk_refuses_with_a_reason_and_the_resident_gets_slip_03(
    page, mobile_page, demo_catalogue
):
    dossier = _online_dossier(demo_catalogue)
    officer = page
    sign_in(officer, "motcua.bachdang")
    officer.goto(f"/can-bo/ho-so/{dossier.pk}/")
    # When the officer refuses without a reason
    officer.get_by_test_id("refuse").click()
    # Then the field says a reason is needed, and nothing changed
    assert "Lý do từ chối: không được để trống." in (
        officer.get_by_test_id("error-reason").inner_text()
    )
    dossier.refresh_from_db()
    assert dossier.status == "submitted"
    # When she gives the reason
    reason = "Trẻ đã được đăng ký khai sinh tại phường Minh Khai ngày 02/03/2026."
    officer.get_by_label("Lý do từ chối").fill(reason)
    officer.get_by_test_id("refuse").click()
    officer.wait_for_load_state("networkidle")
    assert_accessible(officer)
    # Then the resident sees the refusal with its reason and downloads slip 03 stating it
    resident = mobile_page
    sign_in(resident, "dan.nguyenvanan")
    resident.goto(f"/ho-so-cua-toi/{dossier.pk}/")
    assert resident.get_by_test_id("status").inner_text() == "Từ chối tiếp nhận, giải quyết"
    assert reason in resident.get_by_test_id("refusal").inner_text()
    assert_accessible(resident)
    screenshot(resident, "intake-refused-mobile")
    with resident.expect_download() as download:
        resident.get_by_test_id("slip-03").click()
    slip = _pdf_text(Path(download.value.path()).read_bytes())
    assert "đã được đăng ký khai sinh" in slip
    assert dossier.code in slip


def test_an_officer_of_another_ward_gets_404_in_pages_and_api(page, demo_catalogue):
    dossier = _online_dossier(demo_catalogue)
    # Given the desk officer of Minh Khai, another ward
    sign_in(page, "motcua.minhkhai")
    # When she opens a Bạch Đằng dossier's page, its slip, or asks the API for it
    response = page.goto(f"/can-bo/ho-so/{dossier.pk}/")
    # Then each answer is "not found", without a word of the dossier
    assert response is not None
    assert response.status == 404
    assert dossier.applicant_name not in page.content()
    assert page.request.get(f"/can-bo/ho-so/{dossier.pk}/phieu/01/").status == 404
    api = page.request.get(f"/api/v1/desk/dossiers/{dossier.pk}/")
    assert api.status == 404
    assert dossier.applicant_name not in api.text()
    # And her queue does not list it
    page.goto("/can-bo/ho-so/")
    assert dossier.code not in page.content()


HOSTILE_UPLOADS = [
    ("giay-khai-sinh.pdf", "exe"),
    ("to-khai.docx", "zip_bomb"),
    ("bomb.pdf", "pdf_bomb"),
    ("hong.pdf", "broken"),
    ("..%2F..%2Fetc%2Fpasswd.pdf", "text"),
    ("lon.pdf", "oversized"),
]


def test_hostile_uploads_get_a_clear_message_and_nothing_is_stored(
    mobile_page, demo_catalogue, settings, tmp_path
):
    from motcua.accounts.models import User
    from motcua.documents.models import StoredFile
    from motcua.dossiers.tests import files
    from motcua.dossiers.tests.helpers import draft_with_files

    settings.MOTCUA_DOSSIER_FILE_MAX_BYTES = 300_000
    resident = User.objects.get(username="dan.nguyenvanan")
    draft = draft_with_files(resident)
    stored_before = StoredFile.objects.count()
    make = {
        "exe": files.exe_bytes,
        "zip_bomb": files.zip_bomb,
        "pdf_bomb": files.pdf_bomb,
        "broken": files.broken_pdf,
        "text": lambda: b"root:x:0:0:root:/root:/bin/bash\n",
        "oversized": lambda: files.pdf_bytes("lon", pad_to=400_000),
    }
    sign_in(mobile_page, "dan.nguyenvanan")
    mobile_page.goto(f"/ho-so-cua-toi/{draft.pk}/giay-to/")
    for name, kind in HOSTILE_UPLOADS:
        # When the resident uploads a hostile or oversized file for the birth certificate
        path = tmp_path / kind
        path.mkdir()
        target = path / name
        target.write_bytes(make[kind]())
        section = mobile_page.get_by_test_id("component-2")
        section.locator("input[type=file]").set_input_files(str(target))
        section.get_by_role("button").last.click()
        mobile_page.wait_for_load_state("networkidle")
        # Then the page explains the refusal next to the document, in Vietnamese
        error = mobile_page.get_by_test_id("upload-error").inner_text()
        assert error.strip(), kind
        assert name not in mobile_page.get_by_test_id("files-2").inner_text(), kind
    assert_accessible(mobile_page)
    screenshot(mobile_page, "intake-hostile-upload-mobile")
    # And nothing was stored
    assert StoredFile.objects.count() == stored_before
