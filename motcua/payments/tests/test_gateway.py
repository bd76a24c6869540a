"""Paying through the sandbox gateway: redirect with signed parameters, approve or decline,
browser return and server-to-server notice applied once, refusals logged, timeouts, queries."""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from motcua.core.models import AuditEvent
from motcua.notifications.models import OutboxMessage
from motcua.payments import services
from motcua.payments.constants import CallbackOutcome, PaymentStatus
from motcua.payments.gateways import gateway_get
from motcua.payments.gateways.sandbox import sandbox_sign
from motcua.payments.models import (
    DossierLedger,
    Payment,
    PaymentCallbackLog,
    PaymentRequirement,
    Receipt,
    SandboxTransaction,
)
from motcua.payments.sandbox import sandbox_ipn_send, sandbox_result
from motcua.payments.selectors import dossier_payment_status

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def client_poster(client: Client):
    """A JSON poster that talks to this site through the test client (no sockets)."""

    def post(url: str, body: dict) -> dict:
        response = client.post(
            urlsplit(url).path, json.dumps(body), content_type="application/json"
        )
        return response.json()

    return post


@pytest.fixture
def online(fee_catalogue):
    from motcua.catalog.models import Procedure

    for code in ("2.000635", "2.000815"):
        services.payment_requirement_set(
            actor=None,
            procedure=Procedure.objects.get(code=code),
            before_step="accept",
            online_payment_enabled=True,
        )


@pytest.fixture
def resident_client(person):
    client = Client()
    client.force_login(person("dan.nguyenvanan"))
    return client


def start_and_approve(resident_client, dossier, *, approve=True):
    """Resident clicks pay, the sandbox page opens, the payer decides; returns the redirect
    back to our return address (not yet followed) and the payment."""
    response = resident_client.post(
        f"/thanh-toan/{dossier.code}/cong-thanh-toan/", {"gateway": "sandbox"}
    )
    assert response.status_code == 302, response.content[:500]
    gateway_url = response["Location"]
    assert gateway_url.startswith(f"{BASE}/cong-thanh-toan-thu-nghiem/thanh-toan/?")
    page = Client().get(gateway_url)
    assert page.status_code == 200
    assert "CỔNG THANH TOÁN THỬ NGHIỆM" in page.content.decode()
    txn = SandboxTransaction.objects.get()
    decided = Client().post(
        "/cong-thanh-toan-thu-nghiem/thanh-toan/",
        {"txn": txn.txn_no, "decision": "approve" if approve else "decline"},
    )
    assert decided.status_code == 302
    return decided["Location"], Payment.objects.get(reference=txn.txn_ref)


def test_the_redirect_carries_signed_parameters_in_the_gateways_convention(
    make_dossier, online, resident_client
):
    # Given a dossier owing 16,000 đ (two extract copies)
    dossier = make_dossier()
    # When the resident chooses the gateway
    response = resident_client.post(f"/thanh-toan/{dossier.code}/cong-thanh-toan/")
    params = dict(parse_qsl(urlsplit(response["Location"]).query))
    # Then the sandbox is asked for the amount × 100 under a fresh payment reference, signed
    payment = Payment.objects.get(dossier=dossier)
    assert payment.status == PaymentStatus.PENDING
    assert payment.amount == 16_000
    assert params["sb_Amount"] == "1600000"
    assert params["sb_TxnRef"] == payment.reference
    assert params["sb_ReturnUrl"] == f"{BASE}/thanh-toan/{dossier.code}/ket-qua/"
    assert params["sb_IpnUrl"] == f"{BASE}/api/v1/payments/gateways/sandbox/ipn/"
    assert len(params["sb_SecureHash"]) == 128
    # And a second click reuses the same pending payment instead of making another
    resident_client.post(f"/thanh-toan/{dossier.code}/cong-thanh-toan/")
    assert Payment.objects.filter(dossier=dossier).count() == 1


def test_an_approved_payment_is_confirmed_once_although_the_result_arrives_three_times(
    make_dossier, online, resident_client, person
):
    # Given a resident who paid through the sandbox
    dossier = make_dossier()
    back, payment = start_and_approve(resident_client, dossier)
    events_before = AuditEvent.objects.filter(action="payment.confirm").count()
    # When the browser comes back with the signed result
    page = resident_client.get(back)
    # Then the payment is confirmed and the receipt issued
    assert page.status_code == 200
    assert "Thanh toán thành công" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert payment.gateway_txn_id == SandboxTransaction.objects.get().txn_no
    receipt = Receipt.objects.get(payment=payment)
    assert receipt.number == 1
    # When the server-to-server notice arrives, twice
    txn = SandboxTransaction.objects.get()
    answers = [
        sandbox_ipn_send(txn_no=txn.txn_no, poster=client_poster(Client())) for _ in range(2)
    ]
    # Then both answer "already confirmed" and nothing is counted again
    assert all(a.startswith("02 ") for a in answers), answers
    assert Receipt.objects.filter(payment__dossier=dossier).count() == 1
    assert DossierLedger.objects.get(dossier=dossier).paid_amount == 16_000
    assert AuditEvent.objects.filter(action="payment.confirm").count() == events_before + 1
    outcomes = list(PaymentCallbackLog.objects.order_by("id").values_list("kind", "outcome"))
    assert outcomes == [("return", "applied"), ("ipn", "duplicate"), ("ipn", "duplicate")]
    # And the dossier shows paid, online, for the national-portal export and the index
    assert dossier_payment_status(dossier) == {
        "required": 16_000,
        "paid": 16_000,
        "status": "paid",
        "online": True,
    }
    # And the resident got one e-mail with the receipt number
    mail = OutboxMessage.objects.get(dedupe_key=f"payment:{payment.pk}:paid:email")
    assert receipt.label in mail.body
    assert dossier.code in mail.body
    # And the sandbox recorded the two notices it sent
    txn.refresh_from_db()
    assert txn.ipn_attempts == 2


def test_the_notice_alone_confirms_when_the_browser_never_comes_back(
    make_dossier, online, resident_client
):
    dossier = make_dossier()
    _back, payment = start_and_approve(resident_client, dossier)
    # When only the IPN arrives (the payer closed the tab)
    answer = sandbox_ipn_send(
        txn_no=SandboxTransaction.objects.get().txn_no, poster=client_poster(Client())
    )
    # Then it is applied
    assert answer.startswith("00 ")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_a_declined_payment_fails_and_the_resident_may_pay_again(
    make_dossier, online, resident_client
):
    dossier = make_dossier()
    back, payment = start_and_approve(resident_client, dossier, approve=False)
    page = resident_client.get(back)
    assert "không thành công" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert not Receipt.objects.exists()
    # And a new attempt gets a new reference
    resident_client.post(f"/thanh-toan/{dossier.code}/cong-thanh-toan/")
    assert Payment.objects.filter(dossier=dossier, status=PaymentStatus.PENDING).count() == 1


def _signed_result(payment, **changes):
    """What the sandbox would send for ``payment``, with ``changes`` made before signing."""
    params = {
        "sb_TmnCode": "MOTCUA01",
        "sb_Amount": payment.amount * 100,
        "sb_TxnRef": payment.reference,
        "sb_TransactionNo": "900000000001",
        "sb_ResponseCode": "00",
        "sb_TransactionStatus": "00",
        "sb_PayDate": "20260309101500",
    }
    params.update(changes)
    return sandbox_sign(params)


def _ipn(body):
    return Client().post(
        "/api/v1/payments/gateways/sandbox/ipn/", json.dumps(body), content_type="application/json"
    )


def _snapshot(payment):
    payment.refresh_from_db()
    return (
        payment.status,
        payment.gateway_txn_id,
        Receipt.objects.count(),
        DossierLedger.objects.filter(dossier_id=payment.dossier_id)
        .values_list("paid_amount", flat=True)
        .first(),
        AuditEvent.objects.count(),
        OutboxMessage.objects.count(),
    )


@pytest.mark.parametrize(
    ("forge", "code", "reason"),
    [
        ("tampered", "97", "Chữ ký"),
        ("wrong_amount", "04", "không khớp"),
        ("unknown_reference", "01", "Không có khoản thanh toán"),
    ],
)
def test_forged_notices_are_refused_logged_and_change_nothing(
    make_dossier, online, person, forge, code, reason
):
    # Given a pending gateway payment
    dossier = make_dossier()
    payment = services.payment_gateway_start(
        actor=person("dan.nguyenvanan"), dossier=dossier, gateway="sandbox"
    )
    before = _snapshot(payment)
    # When a notice arrives that was tampered with, names another amount, or an unknown
    # reference
    if forge == "tampered":
        body = _signed_result(payment)
        body["sb_Amount"] = str(payment.amount * 100)  # same value…
        body["sb_ResponseCode"] = "00"
        body["sb_OrderInfo"] = "added after signing"  # …but a field added after signing
    elif forge == "wrong_amount":
        body = _signed_result(payment, sb_Amount=100 * 100)
    else:
        body = _signed_result(payment, sb_TxnRef="MC0000000000")
    response = _ipn(body)
    # Then the gateway is told why, in its convention
    assert response.status_code == 200
    assert response.json()["RspCode"] == code
    # And the refusal is logged with what and why
    log = PaymentCallbackLog.objects.get()
    assert log.outcome == CallbackOutcome.REFUSED
    assert reason in log.reason
    assert log.payload["sb_TxnRef"] == body["sb_TxnRef"]
    # And nothing else changed
    assert _snapshot(payment) == before


def test_a_second_transaction_for_a_settled_payment_is_refused(make_dossier, online, person):
    dossier = make_dossier()
    payment = services.payment_gateway_start(
        actor=person("dan.nguyenvanan"), dossier=dossier, gateway="sandbox"
    )
    assert _ipn(_signed_result(payment)).json()["RspCode"] == "00"
    before = _snapshot(payment)
    # When the gateway reports another transaction for the same reference
    again = _ipn(_signed_result(payment, sb_TransactionNo="900000000002"))
    # Then it is refused (to be refunded), logged, and nothing is counted twice
    assert again.json()["RspCode"] == "02"
    assert "hoàn trả" in PaymentCallbackLog.objects.latest("id").reason
    assert _snapshot(payment) == before


def test_a_return_with_a_bad_signature_shows_an_error_and_changes_nothing(
    make_dossier, online, resident_client, person
):
    dossier = make_dossier()
    payment = services.payment_gateway_start(
        actor=person("dan.nguyenvanan"), dossier=dossier, gateway="sandbox"
    )
    body = _signed_result(payment)
    body["sb_SecureHash"] = "0" * 128
    page = resident_client.get(f"/thanh-toan/{dossier.code}/ket-qua/", body)
    assert page.status_code == 400
    assert "Không ghi nhận được" in page.content.decode()
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING


def test_payments_left_pending_expire_and_a_late_success_still_confirms(
    make_dossier, online, person, settings
):
    # Given a gateway payment started 31 minutes ago (timeout 30)
    settings.MOTCUA_PAYMENT_GATEWAY_TIMEOUT_MINUTES = 30
    dossier = make_dossier()
    started = timezone.now() - dt.timedelta(minutes=31)
    payment = services.payment_gateway_start(
        actor=person("dan.nguyenvanan"), dossier=dossier, gateway="sandbox", at=started
    )
    # When the expiry command runs (twice: it is safe to repeat)
    call_command("payments_expire")
    call_command("payments_expire")
    # Then the payment is expired, once
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.EXPIRED
    assert AuditEvent.objects.filter(action="payment.expire").count() == 1
    # When the gateway's success notice arrives late: the money was taken, so it confirms
    assert _ipn(_signed_result(payment)).json()["RspCode"] == "00"
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID


def test_querying_the_gateway_settles_payments_whose_notice_was_lost(
    make_dossier, online, resident_client
):
    # Given an approved payment whose return and notice were both lost
    dossier = make_dossier()
    _back, payment = start_and_approve(resident_client, dossier)
    # And another payment the payer has not decided yet
    other = make_dossier()
    resident_client.post(f"/thanh-toan/{other.code}/cong-thanh-toan/")
    pending = Payment.objects.get(dossier=other)
    # When the pending payments are queried (as `manage.py payments_query` does)
    poster = client_poster(Client())
    reports = services.payments_query(
        gateway_factory=lambda name: gateway_get(name, base_url=BASE, poster=poster)
    )
    # Then the approved one is confirmed and the other stays pending (not found yet)
    states = {r.reference: r.state for r in reports}
    assert states == {payment.reference: "paid", pending.reference: "not_found"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PAID
    assert PaymentCallbackLog.objects.get(payment=payment).kind == "query"
    # And asking again changes nothing more
    services.payments_query(
        gateway_factory=lambda name: gateway_get(name, base_url=BASE, poster=poster)
    )
    assert Receipt.objects.filter(payment=payment).count() == 1


def test_the_sandbox_can_be_told_to_send_the_notice_again(make_dossier, online, resident_client):
    dossier = make_dossier()
    _back, _payment = start_and_approve(resident_client, dossier)
    txn = SandboxTransaction.objects.get()
    response = Client().post(f"/cong-thanh-toan-thu-nghiem/giao-dich/{txn.txn_no}/gui-lai-ipn/")
    assert response.status_code == 302
    page = Client().get(f"/cong-thanh-toan-thu-nghiem/giao-dich/{txn.txn_no}/")
    assert "Gửi lại thông báo IPN" in page.content.decode()


def test_a_request_the_sandbox_did_not_sign_is_refused(fee_catalogue):
    response = Client().get(
        "/cong-thanh-toan-thu-nghiem/thanh-toan/",
        {"sb_TxnRef": "MC1", "sb_Amount": "100", "sb_SecureHash": "x"},
    )
    assert response.status_code == 400
    assert "Chữ ký" in response.content.decode()
    assert not SandboxTransaction.objects.exists()


def test_online_payment_needs_the_procedure_to_offer_it(make_dossier, resident_client):
    # Given no payment requirement for the procedure (online payment not integrated)
    assert not PaymentRequirement.objects.exists()
    dossier = make_dossier()
    # When the resident tries the gateway
    response = resident_client.post(f"/thanh-toan/{dossier.code}/cong-thanh-toan/")
    # Then the page says to pay at the desk, and no payment is made
    assert response.status_code == 400
    assert "chưa nhận thanh toán trực tuyến" in response.content.decode()
    assert not Payment.objects.exists()


def test_another_resident_cannot_pay_or_see_someone_elses_dossier(make_dossier, online):
    from motcua.accounts.models import User

    dossier = make_dossier()
    stranger = User.objects.create_user(username="khac", password="x", is_resident=True)
    client = Client()
    client.force_login(stranger)
    assert client.get(f"/thanh-toan/{dossier.code}/").status_code == 404
    assert client.post(f"/thanh-toan/{dossier.code}/cong-thanh-toan/").status_code == 404


def test_the_ipn_ignores_bodies_that_are_not_objects(fee_catalogue):
    response = Client().post(
        "/api/v1/payments/gateways/sandbox/ipn/", "[1, 2]", content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["RspCode"] == "99"


def test_sandbox_result_round_trips_through_the_merchant_verification(
    make_dossier, online, resident_client
):
    dossier = make_dossier()
    start_and_approve(resident_client, dossier)
    result = gateway_get("sandbox", base_url=BASE).verify_callback(
        sandbox_result(SandboxTransaction.objects.get())
    )
    assert result.valid
    assert result.success
    assert result.amount == dossier.fee_amount
