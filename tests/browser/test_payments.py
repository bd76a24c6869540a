"""A resident pays a dossier's fees through the sandbox gateway; the result arrives by the
browser and twice by server-to-server notice and is applied once; the receipt PDF is issued.
Staff take cash at the desk, reconcile a statement and read the collections."""

from __future__ import annotations

import io

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fast_hashing_and_media(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def fee_dossier(demo_org):
    """An extract request for 3 copies (24,000 đ) filed online through the intake, for a
    procedure that takes online payment before acceptance."""
    from motcua.accounts.models import User
    from motcua.catalog.models import Procedure
    from motcua.payments.services import payment_requirement_set
    from motcua.payments.tests.conftest import load_procedures
    from motcua.payments.tests.helpers import dossier_submitted_online

    load_procedures()
    payment_requirement_set(
        actor=None,
        procedure=Procedure.objects.get(code="2.000635"),
        before_step="accept",
        online_payment_enabled=True,
    )
    return dossier_submitted_online(User.objects.get(username="dan.nguyenvanan"), copies=3)


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages)


def test_resident_pays_through_the_gateway_and_downloads_the_receipt(
    page, mobile_page, fee_dossier
):
    from motcua.payments.models import PaymentCallbackLog, Receipt, SandboxTransaction
    from motcua.payments.sandbox import sandbox_ipn_send
    from motcua.payments.selectors import dossier_payment_blocks, dossier_payment_status

    code = fee_dossier.code
    # Given the resident signed in, with a dossier owing 24,000 đ that may not be accepted
    # before it is paid
    assert dossier_payment_blocks(fee_dossier, "accept") is not None
    sign_in(page, "dan.nguyenvanan")
    page.goto("/thanh-toan/")
    assert_accessible(page)
    screenshot(page, "payments-mine")
    page.get_by_role("link", name=code).click()
    # Then the page shows what is owed, line by line
    assert page.get_by_test_id("required").inner_text() == "24.000 đ"
    assert "3 bản × 8.000 đ" in page.get_by_test_id("fee-breakdown").inner_text()
    assert page.get_by_test_id("payment-status").inner_text() == "Chưa nộp phí"
    assert_accessible(page)
    screenshot(page, "payments-dossier")
    # When they pay through the gateway
    page.get_by_test_id("pay-gateway").click()
    # Then the sandbox gateway, clearly labelled as a test, asks to confirm 24,000 đ
    assert "CỔNG THANH TOÁN THỬ NGHIỆM" in page.get_by_test_id("sandbox-banner").inner_text()
    assert page.get_by_test_id("sandbox-amount").inner_text() == "24.000 đ"
    assert_accessible(page)
    screenshot(page, "payments-sandbox-gateway")
    page.get_by_test_id("sandbox-approve").click()
    # And the browser comes back to a confirmed payment
    assert "Thanh toán thành công" in page.get_by_test_id("return-paid").inner_text()
    assert page.get_by_test_id("payment-status").inner_text() == "Đã nộp đủ phí"
    assert_accessible(page)
    screenshot(page, "payments-return")
    # When the gateway's server-to-server notice arrives, twice, over HTTP
    txn = SandboxTransaction.objects.get()
    answers = [sandbox_ipn_send(txn_no=txn.txn_no) for _ in range(2)]
    # Then both are answered "already confirmed" and applied zero more times
    assert all(answer.startswith("02 ") for answer in answers), answers
    assert list(PaymentCallbackLog.objects.order_by("id").values_list("kind", "outcome")) == [
        ("return", "applied"),
        ("ipn", "duplicate"),
        ("ipn", "duplicate"),
    ]
    assert Receipt.objects.count() == 1
    # And the receipt PDF downloads with the amount and the dossier code
    page.goto(f"/thanh-toan/{code}/")
    with page.expect_download() as download:
        page.get_by_test_id("receipt-link").first.click()
    with open(download.value.path(), "rb") as handle:
        text = _pdf_text(handle.read())
    assert "24.000" in text
    assert code in text
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    # And the dossier's payment status is paid, online, and nothing blocks it any more
    assert dossier_payment_status(fee_dossier) == {
        "required": 24_000,
        "paid": 24_000,
        "status": "paid",
        "online": True,
    }
    assert dossier_payment_blocks(fee_dossier, "accept") is None
    # When the ward's desk officer opens the dossier
    officer = mobile_page
    sign_in(officer, "motcua.bachdang")
    officer.goto(f"/can-bo/ho-so/{fee_dossier.pk}/")
    # Then its timeline shows the payment and its receipt, and the check shows the fee lines
    receipt = Receipt.objects.get()
    assert f"Đã thanh toán 24.000 đ — biên lai số {receipt.label}" in (
        officer.get_by_test_id("timeline").inner_text()
    )
    assert "3 bản × 8.000 đ" in officer.get_by_test_id("fee-breakdown").inner_text()
    # And the dossier moves on: the officer accepts it and slip 01 states the fee paid for
    officer.get_by_test_id("accept").click()
    officer.wait_for_load_state("networkidle")
    assert "Đã tiếp nhận hồ sơ" in officer.get_by_role("status").inner_text()
    fee_dossier.refresh_from_db()
    assert fee_dossier.status == "received"
    with officer.expect_download() as download:
        officer.get_by_test_id("slip-01").click()
    with open(download.value.path(), "rb") as handle:
        slip = _pdf_text(handle.read())
    assert code in slip
    assert "Phí, lệ phí: 24.000 đ" in slip


def test_desk_takes_cash_leader_reconciles_and_reads_collections(
    page, mobile_page, fee_dossier, tmp_path
):
    from motcua.accounts.models import User
    from motcua.organizations.models import Agency
    from motcua.payments.models import Payment, StatementImport
    from motcua.payments.services import bank_account_set, payment_qr_start, statement_run

    code = fee_dossier.code
    # Given the ward's desk officer on a phone
    sign_in(mobile_page, "motcua.bachdang")
    mobile_page.goto("/can-bo/thu-phi/")
    mobile_page.get_by_label("Mã hồ sơ").fill(code)
    mobile_page.get_by_role("button", name="Tìm hồ sơ").click()
    # Then the page says the dossier may not be accepted before its fees are paid
    assert "chưa nộp đủ phí" in mobile_page.get_by_test_id("payment-block").inner_text()
    # When she takes 10,000 đ in cash (part of the 24,000 đ)
    mobile_page.get_by_label("Số tiền (đồng)").fill("10000")
    assert_accessible(mobile_page)
    screenshot(mobile_page, "payments-desk-mobile")
    mobile_page.get_by_test_id("take-payment").click()
    # Then the dossier shows a partial payment and its receipt
    assert mobile_page.get_by_test_id("payment-status").inner_text() == "Đã nộp một phần"
    assert "biên lai số 0000001/" in mobile_page.content()
    # Given the rest is transferred by VietQR into the ward's account
    admin = User.objects.get(username="quantri.bachdang")
    bank_account_set(
        actor=admin,
        agency=Agency.objects.get(code="hbt-bach-dang"),
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="0451000123456",
        account_name="UBND PHUONG BACH DANG",
    )
    qr = payment_qr_start(actor=User.objects.get(username="dan.nguyenvanan"), dossier=fee_dossier)
    # When the ward's leader uploads the account's statement
    statement = tmp_path / "sao-ke.csv"
    statement.write_text(
        "Ngày;Số tiền;Nội dung;Mã giao dịch\n"
        f"09/03/2026;14.000;{qr.reference} NOP PHI;FT9001\n"
        f"09/03/2026;14.000;{qr.reference} NOP PHI;FT9001\n"
        "09/03/2026;50.000;chuyen nham;FT9002\n",
        encoding="utf-8",
    )
    sign_in(page, "chutich.bachdang")
    page.goto("/can-bo/thu-phi/doi-soat/")
    page.get_by_label("Tệp sao kê (.csv hoặc .xlsx)").set_input_files(str(statement))
    assert_accessible(page)
    page.get_by_test_id("upload-statement").click()
    # (the background job runs here as a worker would)
    statement_run(statement_id=StatementImport.objects.get().pk)
    page.wait_for_selector("[data-testid=statement-lines]")
    # Then one line matched, one is a duplicate, one has no payment
    assert page.locator("[data-status=matched]").count() == 1
    assert page.locator("[data-status=duplicate]").count() == 1
    assert page.locator("[data-status=no_payment]").count() == 1
    assert_accessible(page)
    screenshot(page, "payments-reconciliation")
    qr.refresh_from_db()
    assert qr.status == "paid"
    # And the collections page charts and tabulates the 24,000 đ collected
    page.goto("/can-bo/thu-phi/tong-hop/")
    assert page.get_by_test_id("total-amount").inner_text() == "24.000 đ"
    page.wait_for_function("document.getElementById('collections-chart').width > 0")
    assert_accessible(page)
    screenshot(page, "payments-collections")
    assert Payment.objects.filter(dossier=fee_dossier, status="paid").count() == 2
