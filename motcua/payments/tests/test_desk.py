"""Fees taken at the desk, receipts, refunds, the dossier's payment status and its blocks."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from motcua.core.models import AuditEvent
from motcua.dossiers.constants import Status
from motcua.payments import services
from motcua.payments.constants import Method, PaymentStatus
from motcua.payments.models import Payment, PaymentRequirement, Receipt
from motcua.payments.receipts import receipt_pdf_ensure
from motcua.payments.selectors import dossier_payment_blocks, dossier_payment_status
from motcua.payments.tests.helpers import BIRTH, COPY, dossier_submitted_online, pdf_text

pytestmark = pytest.mark.django_db


def test_cash_at_the_desk_is_confirmed_with_a_numbered_receipt(make_dossier, person):
    # Given two dossiers at Bạch Đằng and its desk officer
    officer = person("motcua.bachdang")
    first = make_dossier(code=COPY, quantities={"pages": 3, "copies": 3})
    second = make_dossier()
    # When she takes cash for both
    p1 = services.payment_take_at_desk(actor=officer, dossier=first, method=Method.CASH)
    p2 = services.payment_take_at_desk(actor=officer, dossier=second, method=Method.CASH)
    # Then each is paid in full with the next receipt number of the ward for the year
    assert (p1.status, p1.amount, p1.received_by) == (PaymentStatus.PAID, 15_000, officer)
    assert [p1.receipt.number, p2.receipt.number] == [1, 2]
    assert p1.receipt.agency.code == "hbt-bach-dang"
    assert dossier_payment_status(first) == {
        "required": 15_000,
        "paid": 15_000,
        "status": "paid",
        "online": False,
    }
    # And the change is in the audit trail with the dossier's code
    event = AuditEvent.objects.filter(action="payment.confirm").first()
    assert event.data["dossier"] == first.code
    assert event.data["receipt"] == p1.receipt.label


def test_the_receipt_pdf_shows_the_amount_the_code_and_the_words(make_dossier, person):
    officer = person("motcua.bachdang")
    dossier = make_dossier(code=COPY, quantities={"pages": 3, "copies": 3})
    payment = services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CASH)
    stored = receipt_pdf_ensure(receipt_id=payment.receipt.pk)
    from motcua.documents.services import file_open

    with file_open(stored) as handle:
        text = pdf_text(handle.read())
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert dossier.code in text
    assert "15.000" in text
    assert "Mười lăm nghìn đồng" in text
    assert payment.receipt.label in text
    # And rendering again returns the same stored file
    assert receipt_pdf_ensure(receipt_id=payment.receipt.pk).pk == stored.pk


def test_card_needs_the_terminal_reference_and_amounts_are_bounded(make_dossier, person):
    officer = person("motcua.bachdang")
    dossier = make_dossier()  # 16,000 đ
    with pytest.raises(ValidationError) as missing:
        services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CARD)
    assert "card_reference" in missing.value.message_dict
    with pytest.raises(ValidationError) as too_much:
        services.payment_take_at_desk(
            actor=officer, dossier=dossier, method=Method.CASH, amount=20_000
        )
    assert "16.000" in too_much.value.message_dict["amount"][0]
    assert not Payment.objects.exists()
    # A part now, the rest by card later
    services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CASH, amount=10_000)
    assert dossier_payment_status(dossier)["status"] == "partial"
    card = services.payment_take_at_desk(
        actor=officer, dossier=dossier, method=Method.CARD, card_reference="POS 123456"
    )
    assert card.amount == 6_000
    assert card.card_reference == "POS 123456"
    assert dossier_payment_status(dossier)["status"] == "paid"
    with pytest.raises(ValidationError, match="đủ phí"):
        services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CASH)


def test_only_desk_officers_of_the_receiving_agency_take_fees(make_dossier, person):
    dossier = make_dossier()
    for username in ("motcua.minhkhai", "chutich.bachdang", "dan.nguyenvanan"):
        with pytest.raises(PermissionDenied):
            services.payment_take_at_desk(
                actor=person(username), dossier=dossier, method=Method.CASH
            )
    # The district's desk officer covers the ward (a grant covers the subtree)
    services.payment_take_at_desk(actor=person("motcua.hbt"), dossier=dossier, method=Method.CASH)


def test_closed_or_free_dossiers_take_no_fees(make_dossier, person):
    officer = person("motcua.bachdang")
    with pytest.raises(ValidationError, match="không thu phí"):
        services.payment_take_at_desk(
            actor=officer, dossier=make_dossier(code=BIRTH, quantities={}), method=Method.CASH
        )
    with pytest.raises(ValidationError, match="Đã rút"):
        services.payment_take_at_desk(
            actor=officer, dossier=make_dossier(status=Status.WITHDRAWN), method=Method.CASH
        )


def test_payments_and_refunds_show_in_the_dossiers_own_timeline(make_dossier, person):
    from motcua.dossiers.events import dossier_events_verify
    from motcua.dossiers.models import DossierEvent

    officer, leader = person("motcua.bachdang"), person("chutich.bachdang")
    # Given a received dossier owing 15,000 đ
    dossier = make_dossier(code=COPY, quantities={"pages": 3, "copies": 3})
    # When the desk takes the cash and the leader later refunds 5,000 đ
    payment = services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CASH)
    services.payment_refund(actor=leader, payment=payment, amount=5_000, reason="Nộp thừa")
    # Then the dossier's log has both, without a change of status, in an unbroken chain
    events = list(DossierEvent.objects.filter(dossier=dossier).order_by("seq"))
    paid, refunded = events[-2:]
    assert (paid.action, paid.from_status, paid.to_status) == ("pay", "received", "received")
    assert (refunded.action, refunded.to_status) == ("refund", "received")
    assert not list(dossier_events_verify())
    # And staff reading the dossier see “Đã thanh toán 15.000 đ — biên lai số …” in its timeline
    client = Client()
    client.force_login(officer)
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert f"Đã thanh toán 15.000 đ — biên lai số {payment.receipt.label}" in page
    assert "Đã hoàn trả 5.000 đ" in page
    # And the dossier can still move on: its status was left alone
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_refunds_give_back_part_or_all_and_are_audited(make_dossier, person):
    officer, leader = person("motcua.bachdang"), person("chutich.bachdang")
    dossier = make_dossier()
    payment = services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CASH)
    # A desk officer may not refund
    with pytest.raises(PermissionDenied):
        services.payment_refund(actor=officer, payment=payment, amount=1_000, reason="x")
    # The ward leader refunds 6,000 đ overpaid
    services.payment_refund(actor=leader, payment=payment, amount=6_000, reason="Nộp thừa")
    payment.refresh_from_db()
    assert (payment.status, payment.refunded_amount) == (PaymentStatus.PAID, 6_000)
    assert dossier_payment_status(dossier)["status"] == "partial"
    # More than what is left is refused; the rest empties it
    with pytest.raises(ValidationError, match="10.000"):
        services.payment_refund(actor=leader, payment=payment, amount=10_001, reason="x")
    with pytest.raises(ValidationError) as no_reason:
        services.payment_refund(actor=leader, payment=payment, amount=1, reason="  ")
    assert "reason" in no_reason.value.message_dict
    services.payment_refund(actor=leader, payment=payment, amount=10_000, reason="Hồ sơ rút")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.REFUNDED
    assert dossier_payment_status(dossier)["paid"] == 0
    assert AuditEvent.objects.filter(action="payment.refund").count() == 2


def test_receipts_number_per_agency(make_dossier, person):
    bach_dang = make_dossier()
    minh_khai = make_dossier(agency="hbt-minh-khai")
    services.payment_take_at_desk(
        actor=person("motcua.bachdang"), dossier=bach_dang, method=Method.CASH
    )
    services.payment_take_at_desk(
        actor=person("motcua.minhkhai"), dossier=minh_khai, method=Method.CASH
    )
    assert sorted(Receipt.objects.values_list("agency__code", "number")) == [
        ("hbt-bach-dang", 1),
        ("hbt-minh-khai", 1),
    ]


# --- Blocks for the processing steps --------------------------------------------------------


def _require(code, before_step):
    from motcua.catalog.models import Procedure

    services.payment_requirement_set(
        actor=None,
        procedure=Procedure.objects.get(code=code),
        before_step=before_step,
        online_payment_enabled=True,
    )


@pytest.mark.parametrize(
    ("gate", "blocked", "free"),
    [
        ("accept", ["accept", "1", "3", "return", None], []),
        ("3", ["3", "4", "return", None], ["accept", "1", "2"]),
        ("return", ["return", None], ["accept", "1", "9"]),
    ],
)
def test_an_unpaid_dossier_does_not_pass_the_configured_step(
    make_dossier, person, gate, blocked, free
):
    # Given a procedure requiring payment before `gate`, and an unpaid dossier
    _require("2.000635", gate)
    dossier = make_dossier()
    # Then the steps at or after the gate are blocked with a reason, the earlier ones are not
    for step in blocked:
        reason = dossier_payment_blocks(dossier, step)
        assert reason is not None, step
        assert "16.000" in reason
        assert dossier.code in reason
    for step in free:
        assert dossier_payment_blocks(dossier, step) is None, step
    # When the fees are paid, nothing is blocked any more
    services.payment_take_at_desk(
        actor=person("motcua.bachdang"), dossier=dossier, method=Method.CASH
    )
    assert all(dossier_payment_blocks(dossier, step) is None for step in blocked)


def test_no_requirement_or_no_fee_means_no_block(make_dossier):
    assert dossier_payment_blocks(make_dossier(), "accept") is None  # no requirement
    _require("1.001193", "accept")
    assert dossier_payment_blocks(make_dossier(code=BIRTH, quantities={}), "accept") is None


def test_a_requirement_refuses_a_step_that_is_not_one(fee_catalogue, person):
    from motcua.catalog.models import Procedure

    with pytest.raises(ValidationError) as bad:
        services.payment_requirement_set(
            actor=person("caicach.hbt"),
            procedure=Procedure.objects.get(code=COPY),
            before_step="truoc khi ky",
            online_payment_enabled=True,
        )
    assert "before_step" in bad.value.message_dict
    with pytest.raises(PermissionDenied):
        services.payment_requirement_set(
            actor=person("motcua.bachdang"),
            procedure=Procedure.objects.get(code=COPY),
            before_step="accept",
            online_payment_enabled=True,
        )
    assert not PaymentRequirement.objects.exists()


def test_a_dossier_filed_through_the_intake_is_paid_and_unblocked(fee_catalogue, person):
    # Given a resident who files an extract request for 3 copies through the intake
    resident = person("dan.nguyenvanan")
    dossier = dossier_submitted_online(resident, copies=3)
    _require("2.000635", "accept")
    # Then its fee is what the catalogue says, and acceptance is blocked until paid
    assert dossier.fee_amount == 24_000
    assert dossier_payment_blocks(dossier, "accept") is not None
    services.payment_take_at_desk(
        actor=person("motcua.bachdang"), dossier=dossier, method=Method.CASH
    )
    assert dossier_payment_blocks(dossier, "accept") is None


def test_the_desk_page_takes_cash_and_reports_errors_on_the_fields(make_dossier, person):
    dossier = make_dossier()
    client = Client()
    client.force_login(person("motcua.bachdang"))
    page = client.get(f"/can-bo/thu-phi/ho-so/{dossier.code}/")
    assert page.status_code == 200
    assert "16.000 đ" in page.content.decode()
    bad = client.post(f"/can-bo/thu-phi/ho-so/{dossier.code}/", {"method": "card"})
    assert bad.status_code == 400
    assert 'data-testid="error-card_reference"' in bad.content.decode()
    ok = client.post(f"/can-bo/thu-phi/ho-so/{dossier.code}/", {"method": "cash"}, follow=True)
    assert "biên lai số 0000001/" in ok.content.decode()
    # Another ward's officer gets 404 for the same dossier
    other = Client()
    other.force_login(person("motcua.minhkhai"))
    assert other.get(f"/can-bo/thu-phi/ho-so/{dossier.code}/").status_code == 404


def test_the_residents_list_reads_in_a_fixed_number_of_queries(
    make_dossier, person, django_assert_max_num_queries
):
    # Given a resident with ten fee-bearing dossiers, some paid
    officer = person("motcua.bachdang")
    for i in range(10):
        dossier = make_dossier()
        if i % 2:
            services.payment_take_at_desk(actor=officer, dossier=dossier, method=Method.CASH)
    client = Client()
    client.force_login(person("dan.nguyenvanan"))
    # Then the list page does not query once per dossier
    with django_assert_max_num_queries(8):
        page = client.get("/thanh-toan/")
    assert page.content.decode().count("Đã nộp đủ") == 5
