"""One dossier from the resident's filing to the rating, through the pages of every role and
two agencies: the ward Bạch Đằng leads, the district's Phòng Tư pháp checks the birth register
(liên thông); every page checked with axe (WCAG 2.1 AA) and photographed (journey-NN-…)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: "Đăng ký lại khai sinh": the ward registers again a birth whose record is lost; the
#: district's Phòng Tư pháp checks the register copy it keeps before the ward decides.
CODE = "1.004884"
UNIT = "tu-phap-ho-tich"
DISTRICT_STEP = "Phòng Tư pháp quận xác minh thông tin trong sổ hộ tịch lưu"


def _step(order: int, name: str, role: str, kind: str, unit: str, budget: str) -> dict[str, Any]:
    from decimal import Decimal

    return {
        "order": order,
        "name": name,
        "role": role,
        "agency_kind": kind,
        "unit_code": unit,
        "budget": Decimal(budget),
        "budget_unit": "working_days",
        "parallel_group": "",
        "description": "",
    }


def _catalogue_with_a_district_step() -> None:
    """The demo's re-registration of a birth, free of charge, with the district's check in
    its internal process, imported like any catalogue file and applied by Bạch Đằng."""
    from motcua.catalog.demo import demo_payloads
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_json, write_json

    payload = next(p for p in demo_payloads() if p["code"] == CODE)
    payload["fees"] = []
    payload["time_limit"] = 10
    payload["time_limit_note"] = "Gồm 05 ngày làm việc để xác minh sổ hộ tịch lưu tại quận."
    payload["coordinating_agencies"] = "Phòng Tư pháp quận"
    payload["process"] = [
        _step(1, "Tiếp nhận, kiểm tra hồ sơ", "desk_officer", "commune", "mot-cua", "0.5"),
        _step(
            2,
            "Công chức tư pháp - hộ tịch thẩm tra",
            "specialist",
            "commune",
            "tu-phap-ho-tich",
            "2",
        ),
        _step(3, DISTRICT_STEP, "specialist", "district_office", "", "5"),
        _step(4, "Lãnh đạo UBND phường ký", "leader", "commune", "lanh-dao", "2"),
        _step(5, "Trả kết quả", "desk_officer", "commune", "mot-cua", "0.5"),
    ]
    payload["assignments"] = [a for a in payload["assignments"] if a["agency"] == "hbt-bach-dang"]
    buffer = io.BytesIO()
    write_json([payload], buffer)
    report = catalog_import(read_json(io.BytesIO(buffer.getvalue())))
    assert report.written, report.errors[:3]


@pytest.fixture
def journey_world(demo_org: dict[str, Any], settings: Any, tmp_path: Path) -> dict[str, Any]:
    from motcua.documents.pki_issue import ca_issue, pkcs12_bundle, signer_issue
    from motcua.documents.signing import certificate_upload
    from motcua.dossiers.selectors import lookups_clear
    from motcua.processing.accounts import seed_processing_accounts

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = tmp_path / "media"
    lookups_clear()
    seed_processing_accounts(demo_org)
    _catalogue_with_a_district_step()
    # The ward signs results with a certificate of a throwaway CA.
    ca = ca_issue(common_name="CA kiểm thử", organisation="Kiểm thử")
    signer = signer_issue(ca=ca, common_name="UBND phường Bạch Đằng", organisation="UBND")
    certificate_upload(
        actor=None,
        agency=demo_org["hbt-bach-dang"],
        p12_bytes=pkcs12_bundle(signer=signer, ca=ca, passphrase="pw"),
        passphrase="pw",
    )
    return demo_org


def _pdf_file(tmp_path: Path, name: str) -> Path:
    from motcua.dossiers.tests.files import pdf_bytes

    path = tmp_path / name
    path.write_bytes(pdf_bytes(name))
    return path


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)


def _as(page: Any, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, username)


def _submit(page: Any) -> None:
    page.wait_for_load_state("networkidle")


def test_a_dossier_from_filing_to_rating(page, mobile_page, journey_world, tmp_path):
    from motcua.dossiers.models import Dossier

    shots: list[str] = []

    def shot(pg: Any, name: str) -> None:
        assert_accessible(pg)
        n = len(shots) + 1
        shots.append(f"journey-{n:02d}-{name}")
        screenshot(pg, shots[-1])

    # 1. Given the resident, signed in on a phone, files the re-registration of a birth online
    resident = mobile_page
    sign_in(resident, "dan.nguyenvanan")
    resident.goto(f"/thu-tuc/{CODE}/")
    resident.get_by_test_id("submit-online").click()
    resident.get_by_label("Nơi nộp hồ sơ (cơ quan giải quyết)").select_option("hbt-bach-dang")
    resident.get_by_test_id("start").click()
    resident.get_by_label("Số điện thoại").fill("0912 345 678")
    resident.get_by_test_id("save-form").click()
    for order in (1, 2):
        section = resident.get_by_test_id(f"component-{order}")
        section.locator("input[type=file]").set_input_files(
            str(_pdf_file(tmp_path, f"giay-to-{order}.pdf"))
        )
        section.get_by_role("button").last.click()
        _submit(resident)
    resident.get_by_test_id("to-review").click()
    resident.get_by_test_id("submit").click()
    code = resident.get_by_test_id("code").inner_text()
    assert "Đã nộp, chờ tiếp nhận" in resident.get_by_test_id("status").inner_text()
    shot(resident, "resident-submitted")
    dossier = Dossier.objects.get(code=code)

    # 2. When the ward's desk officer accepts it (slip 01) and transfers it to processing
    staff = page
    sign_in(staff, "motcua.bachdang")
    staff.goto(f"/can-bo/ho-so/{dossier.pk}/")
    shot(staff, "desk-check")
    staff.get_by_test_id("accept").click()
    _submit(staff)
    assert "Đã tiếp nhận hồ sơ" in staff.get_by_role("status").inner_text()
    with staff.expect_download() as download:
        staff.get_by_test_id("slip-01").click()
    assert code in _pdf_text(Path(download.value.path()).read_bytes())
    shot(staff, "desk-accepted")
    staff.goto("/can-bo/xu-ly/chuyen-xu-ly/")
    shot(staff, "desk-transfer")
    staff.get_by_test_id(f"transfer-{dossier.pk}").click()
    _submit(staff)

    # 3. Then the ward's civil-status officer finds it in his unit's queue, takes and completes
    # his step, and drafts the result
    _as(staff, "tuphap.bachdang")
    staff.goto("/can-bo/xu-ly/?hang=unit")
    assert code in staff.get_by_test_id("queue").inner_text()
    shot(staff, "ward-queue")
    staff.get_by_role("link", name=code).first.click()
    detail = staff.url
    staff.get_by_test_id("claim-2").click()
    _submit(staff)
    staff.get_by_text("Soạn dự thảo kết quả", exact=True).click()
    staff.get_by_label("Tên kết quả").fill("Giấy khai sinh (đăng ký lại)")
    staff.get_by_label("Nội dung (tạo từ mẫu; các đoạn cách nhau một dòng trống)").fill(
        "Đăng ký lại khai sinh cho ông Nguyễn Văn An, sinh ngày 05/5/1990."
    )
    staff.get_by_test_id("prepare").click()
    _submit(staff)
    assert "Dự thảo" in staff.get_by_test_id("result-state").inner_text()
    staff.get_by_text("Hoàn thành bước", exact=True).click()
    staff.get_by_label("Ý kiến xử lý").fill("Đề nghị Phòng Tư pháp xác minh sổ hộ tịch lưu")
    staff.get_by_test_id("complete-2").click()
    _submit(staff)
    assert staff.get_by_test_id("step-2-state").inner_text() == "Đã xong"
    assert staff.get_by_test_id("step-3-state").inner_text() == "Chờ nhận xử lý"
    steps = staff.get_by_test_id("steps").inner_text()
    assert "Phòng Tư pháp" in steps
    assert "Liên thông dọc" in steps
    shot(staff, "ward-step-done")
    # And the district's step is not his to take, nor in the ward's queues
    assert staff.get_by_test_id("claim-3").count() == 0
    staff.goto("/can-bo/xu-ly/?hang=unit")
    assert code not in staff.get_by_test_id("queue").inner_text()

    # 4. When the specialist of the district's Phòng Tư pháp opens his unit's queue
    _as(staff, "chuyenvien.tuphap")
    staff.goto("/can-bo/xu-ly/?hang=unit")
    queue = staff.get_by_test_id("queue").inner_text()
    assert code in queue
    assert DISTRICT_STEP in queue
    shot(staff, "district-queue")
    staff.get_by_role("link", name=code).first.click()
    staff.get_by_test_id("claim-3").click()
    _submit(staff)
    staff.get_by_text("Hoàn thành bước", exact=True).click()
    staff.get_by_label("Ý kiến xử lý").fill("Sổ lưu có thông tin khai sinh, khớp với tờ khai")
    staff.get_by_test_id("complete-3").click()
    _submit(staff)
    # Then the step is done and goes back to the ward's leader
    assert staff.get_by_test_id("step-3-state").inner_text() == "Đã xong"
    assert staff.get_by_test_id("step-4-state").inner_text() == "Chờ nhận xử lý"
    shot(staff, "district-step-done")

    # 5. When the ward's chairwoman signs the result
    _as(staff, "chutich.bachdang")
    staff.goto(detail)
    staff.get_by_test_id("sign").click()
    _submit(staff)
    assert "Đã ký" in staff.get_by_test_id("result-state").inner_text()
    assert staff.get_by_test_id("step-4-state").inner_text() == "Đã xong"
    shot(staff, "leader-signed")

    # 6. And the records clerk numbers and issues it
    _as(staff, "vanthu.bachdang")
    staff.goto("/can-bo/xu-ly/ket-qua-cho-vao-so/")
    assert code in staff.get_by_test_id("results").inner_text()
    shot(staff, "clerk-results")
    staff.goto(detail)
    staff.get_by_test_id("issue").click()
    _submit(staff)
    assert "ban hành" in staff.get_by_test_id("result-state").inner_text()
    shot(staff, "clerk-issued")

    # 7. When the desk hands the result to the applicant himself
    _as(staff, "motcua.bachdang")
    staff.goto("/can-bo/tra-ket-qua/")
    assert code in staff.get_by_test_id("return-queue").inner_text()
    staff.get_by_role("link", name=code).click()
    staff.get_by_label("Giấy tờ đã giao").fill("Giấy khai sinh (bản chính)")
    staff.get_by_test_id("return-desk").click()
    _submit(staff)
    assert "Nguyễn Văn An" in staff.get_by_test_id("recipient").inner_text()
    # Then the staff timeline lists every hand-over on the way, with who made it
    timeline = staff.get_by_test_id("timeline").inner_text()
    for line in (
        "Tiếp nhận, cấp phiếu hẹn (Đã tiếp nhận) · Ngô Thị Hồng",
        "Chuyển xử lý (Đang giải quyết) · Ngô Thị Hồng",
        "hoàn thành bước 2 “Công chức tư pháp - hộ tịch thẩm tra” → bước 3 "
        "(Đang giải quyết) · Đinh Văn Long",
        f"hoàn thành bước 3 “{DISTRICT_STEP}” → bước 4 (Đang giải quyết) · Đỗ Văn Nam",
        "ký số kết quả (Đang giải quyết) · Lý Thị Thanh",
        "Hoàn thành giải quyết (Đã giải quyết) · Cao Thị Nhung",
        "Trả kết quả (Đã trả kết quả) · Ngô Thị Hồng",
    ):
        assert line in timeline, line
    shot(staff, "desk-returned")

    # 8. And the resident, signed in, sees the result and rates the service
    resident.goto(f"/ho-so-cua-toi/{dossier.pk}/")
    returned = resident.get_by_test_id("returned").inner_text()
    assert "Trả tại Bộ phận Một cửa" in returned
    assert "Tải lại kết quả điện tử" in returned
    resident.get_by_label("Hài lòng", exact=True).check()
    resident.get_by_label("Nhận xét (không bắt buộc)").fill("Phường và quận phối hợp nhanh.")
    resident.get_by_test_id("rate").click()
    _submit(resident)
    assert "Hài lòng" in resident.get_by_test_id("rated").inner_text()
    shot(resident, "resident-rated")

    # The public verification page shows the signer and that the file is intact
    resident.get_by_role("link", name="Kiểm tra chữ ký số của kết quả").click()
    assert "UBND phường Bạch Đằng" in resident.get_by_test_id("signer").inner_text()
    assert resident.get_by_test_id("integrity").inner_text().startswith("ĐẠT")
    shot(resident, "verification")

    # The hand-overs: the processing page lists each, form 05 prints them (PDF), with the
    # coordinating district office and who gave and who received at every hand-over
    _as(staff, "chutich.bachdang")
    staff.goto(detail)
    handovers = staff.get_by_test_id("handovers").inner_text()
    assert handovers.count("Trước hạn") == 4
    assert "Phòng Tư pháp" in handovers
    shot(staff, "handovers")
    # (the link opens the PDF in the browser's viewer: fetch it with the leader's session)
    response = staff.request.get(staff.get_by_test_id("form05").get_attribute("href"))
    assert response.headers["content-type"] == "application/pdf"
    form05 = _pdf_text(response.body())
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in form05
    assert f"Mã hồ sơ: {code}" in form05
    assert "Cơ quan phối hợp giải quyết hồ sơ: Phòng Tư pháp quận Hai Bà Trưng" in form05
    for giver, receiver in (
        ("Ngô Thị Hồng", "Đinh Văn Long"),  # desk → ward civil status
        ("Đinh Văn Long", "Đỗ Văn Nam"),  # ward → district's Phòng Tư pháp
        ("Đỗ Văn Nam", "Lý Thị Thanh"),  # district → ward leader
        ("Cao Thị Nhung", "Ngô Thị Hồng"),  # records clerk → desk (the result)
    ):
        assert f"Người giao: {giver}\nNgười nhận: {receiver}" in form05, (giver, receiver)
