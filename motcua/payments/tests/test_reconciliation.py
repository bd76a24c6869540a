"""VietQR transfers and bank statements: matched, unmatched and duplicate lines."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.catalog.models import Procedure
from motcua.payments import services
from motcua.payments.constants import LineStatus, PaymentStatus, StatementStatus
from motcua.payments.models import Payment, Receipt, Refund, StatementImport
from motcua.payments.selectors import dossier_payment_status, payment_qr_details
from motcua.payments.vietqr import vietqr_parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def qr_ready(fee_catalogue, person):
    """Online payment for extract copies, and the district's account (wards inherit it)."""
    services.payment_requirement_set(
        actor=None,
        procedure=Procedure.objects.get(code="2.000635"),
        before_step="accept",
        online_payment_enabled=True,
    )
    services.bank_account_set(
        actor=person("quantri.hbt"),
        agency=fee_catalogue["hbt"],
        bank_bin="970415",
        bank_name="VietinBank",
        account_number="113000123456",
        account_name="ubnd quan hai ba trung",
    )


def _qr(person, dossier):
    return services.payment_qr_start(actor=person("dan.nguyenvanan"), dossier=dossier)


def test_the_transfer_code_carries_the_reference_amount_and_account(make_dossier, qr_ready, person):
    # Given a resident owing 16,000 đ at Bạch Đằng, whose district collects by VietinBank
    dossier = make_dossier()
    payment = _qr(person, dossier)
    # When the VietQR code is made
    details = payment_qr_details(payment)
    data = vietqr_parse(details["payload"])
    # Then a banking app reads the district's account, the amount and the reference
    assert (data.bank_bin, data.account_number, data.amount) == ("970415", "113000123456", 16000)
    assert data.bill_number == payment.reference
    assert data.purpose.startswith(payment.reference)
    assert payment.qr_account["account_name"] == "UBND QUAN HAI BA TRUNG"
    # And asking again gives the same code (same reference), not a second payment
    assert _qr(person, dossier).pk == payment.pk


def test_the_transfer_page_shows_the_qr_image(make_dossier, qr_ready, person):
    dossier = make_dossier()
    client = Client()
    client.force_login(person("dan.nguyenvanan"))
    response = client.post(f"/thanh-toan/{dossier.code}/chuyen-khoan/", follow=True)
    html = response.content.decode()
    assert 'data-testid="vietqr-image"' in html
    assert "data:image/svg+xml;base64," in html
    payment = Payment.objects.get(dossier=dossier)
    assert payment.reference in html
    assert "113000123456" in html


def _csv(rows):
    text = "Ngày;Số tiền;Nội dung;Mã giao dịch\n" + "\n".join(";".join(r) for r in rows)
    return SimpleUploadedFile("sao-ke-03-2026.csv", text.encode("utf-8"), content_type="text/csv")


def test_a_statement_reconciles_matched_unmatched_and_duplicate_lines(
    make_dossier, qr_ready, person
):
    # Given three residents' VietQR payments (16,000 đ each)
    a, b, c = (_qr(person, make_dossier()) for _ in range(3))
    # And a statement of the district's account
    rows = [
        ["09/03/2026", "16.000", f"{a.reference} NOP PHI", "FT001"],  # matched
        ["09/03/2026", "16.000", f"IBFT {a.reference.lower()} nop phi", "FT002"],  # 2nd credit
        ["09/03/2026", "16.000", f"{a.reference} NOP PHI", "FT001"],  # same bank txn again
        ["09/03/2026", "15.000", f"{b.reference}", "FT003"],  # amount differs
        ["10/03/2026", "16.000", "chuyen tien hoc phi", "FT004"],  # no reference
        ["10/03/2026", "16.000", "MC0000000000 sai ma", "FT005"],  # unknown reference
        ["10/03/2026", "-50.000", "phi ngan hang", "FT006"],  # a debit
        ["10/03/2026", "16.000", f"{c.reference}", "FT007"],  # matched
        ["xx/03/2026", "16.000", "?", ""],  # unreadable
    ]
    leader = person("lanhdao.hbt")
    statement = services.statement_upload(actor=leader, agency=qr_ready_agency(), upload=_csv(rows))
    # When it is reconciled (the background job)
    statement = services.statement_run(statement_id=statement.pk)
    # Then each line says what it is
    got = dict(statement.lines.values_list("row", "status"))
    assert got == {
        2: LineStatus.MATCHED,
        3: LineStatus.DUPLICATE,
        4: LineStatus.DUPLICATE,
        5: LineStatus.AMOUNT_DIFFERS,
        6: LineStatus.NO_PAYMENT,
        7: LineStatus.NO_PAYMENT,
        8: LineStatus.IGNORED,
        9: LineStatus.MATCHED,
        10: LineStatus.INVALID,
    }
    assert (statement.status, statement.total, statement.processed) == (StatementStatus.DONE, 9, 9)
    assert (
        statement.matched_count,
        statement.unmatched_count,
        statement.duplicate_count,
        statement.other_count,
    ) == (2, 3, 2, 2)
    # And the matched payments are confirmed with receipts; the others are untouched
    for payment, state in (
        (a, PaymentStatus.PAID),
        (b, PaymentStatus.PENDING),
        (c, PaymentStatus.PAID),
    ):
        payment.refresh_from_db()
        assert payment.status == state
    assert a.bank_txn_id == "FT001"
    assert Receipt.objects.count() == 2
    assert dossier_payment_status(a.dossier) == {
        "required": 16_000,
        "paid": 16_000,
        "status": "paid",
        "online": True,
    }
    # And notes explain the duplicates
    notes = dict(statement.lines.values_list("row", "note"))
    assert "chuyển lần hai" in notes[3]
    assert "dòng 2" in notes[4]


def qr_ready_agency():
    from motcua.organizations.models import Agency

    return Agency.objects.get(code="hbt")


def test_a_statement_uploaded_again_finds_only_duplicates(make_dossier, qr_ready, person):
    payment = _qr(person, make_dossier())
    rows = [["09/03/2026", "16000", payment.reference, "FT100"]]
    leader = person("lanhdao.hbt")
    first = services.statement_upload(actor=leader, agency=qr_ready_agency(), upload=_csv(rows))
    services.statement_run(statement_id=first.pk)
    again = services.statement_upload(actor=leader, agency=qr_ready_agency(), upload=_csv(rows))
    again = services.statement_run(statement_id=again.pk)
    line = again.lines.get()
    assert line.status == LineStatus.DUPLICATE
    assert "sao-ke-03-2026.csv" in line.note
    assert Receipt.objects.count() == 1
    # And running a finished job again changes nothing
    assert services.statement_run(statement_id=again.pk).duplicate_count == 1


def test_an_xlsx_statement_reconciles_too(make_dossier, qr_ready, person):
    from openpyxl import Workbook

    payment = _qr(person, make_dossier())
    book = Workbook()
    sheet = book.active
    sheet.append(["Ngày giao dịch", "Ghi có", "Diễn giải", "Số bút toán"])
    sheet.append(["09/03/2026", 16000, f"{payment.reference} NOP PHI", "FT200"])
    out = io.BytesIO()
    book.save(out)
    upload = SimpleUploadedFile("sao-ke.xlsx", out.getvalue())
    statement = services.statement_upload(
        actor=person("quantri.hbt"), agency=qr_ready_agency(), upload=upload
    )
    statement = services.statement_run(statement_id=statement.pk)
    assert statement.matched_count == 1


def test_a_statement_that_cannot_be_read_fails_with_a_reason(qr_ready, person):
    upload = SimpleUploadedFile("sao-ke.csv", b"a;b\n1;2\n")
    statement = services.statement_upload(
        actor=person("lanhdao.hbt"), agency=qr_ready_agency(), upload=upload
    )
    statement = services.statement_run(statement_id=statement.pk)
    assert statement.status == StatementStatus.FAILED
    assert "ngày, số tiền, nội dung" in statement.error


def test_only_leaders_and_administrators_reconcile_and_only_csv_or_xlsx(qr_ready, person):
    with pytest.raises(PermissionDenied):
        services.statement_upload(
            actor=person("motcua.hbt"), agency=qr_ready_agency(), upload=_csv([])
        )
    with pytest.raises(ValidationError) as bad:
        services.statement_upload(
            actor=person("lanhdao.hbt"),
            agency=qr_ready_agency(),
            upload=SimpleUploadedFile("sao-ke.pdf", b"%PDF-1.4 x"),
        )
    assert "file" in bad.value.message_dict
    assert not StatementImport.objects.exists()


def test_an_unexplained_credit_can_be_recorded_as_refunded(make_dossier, qr_ready, person):
    statement = services.statement_upload(
        actor=person("lanhdao.hbt"),
        agency=qr_ready_agency(),
        upload=_csv([["09/03/2026", "50.000", "chuyen nham", "FT300"]]),
    )
    statement = services.statement_run(statement_id=statement.pk)
    line = statement.lines.get()
    refund = services.statement_line_refund(
        actor=person("lanhdao.hbt"), line=line, reason="Chuyển nhầm, đã trả lại"
    )
    assert (refund.amount, refund.payment) == (50_000, None)
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        services.statement_line_refund(actor=person("lanhdao.hbt"), line=line, reason="lại")
    assert Refund.objects.count() == 1


def test_the_statement_page_shows_progress_and_lines(make_dossier, qr_ready, person):
    payment = _qr(person, make_dossier())
    client = Client()
    client.force_login(person("lanhdao.hbt"))
    response = client.post(
        "/can-bo/thu-phi/doi-soat/",
        {
            "agency": "hbt",
            "file": _csv([["09/03/2026", "16000", payment.reference, "FT400"]]),
        },
    )
    assert response.status_code == 302
    statement = StatementImport.objects.get()
    pending = client.get(response["Location"])
    assert 'hx-trigger="every 1s"' in pending.content.decode()  # polls while running
    services.statement_run(statement_id=statement.pk)
    done = client.get(response["Location"], HTTP_HX_REQUEST="true")
    html = done.content.decode()
    assert "hx-trigger" not in html
    assert 'data-status="matched"' in html
