"""Collections by agency, procedure, method and period; the spreadsheet; the indicators; the
payments API as its clients see it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from motcua.catalog.models import Procedure
from motcua.payments import services
from motcua.payments.collections import collections_compute
from motcua.payments.constants import Method
from motcua.payments.models import Payment
from motcua.payments.selectors import online_payment_indicators
from motcua.payments.tests.helpers import COPY, local

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(make_dossier, person, fee_catalogue):
    """Four payments in March 2026: cash and card at Bạch Đằng, cash at Minh Khai, and one
    gateway payment at Bạch Đằng, plus a refund."""
    bach_dang, minh_khai = person("motcua.bachdang"), person("motcua.minhkhai")
    copy = make_dossier(code=COPY, quantities={"pages": 3, "copies": 3})  # 15,000
    services.payment_take_at_desk(
        actor=bach_dang, dossier=copy, method=Method.CASH, at=local(2026, 3, 2, 9)
    )
    extract = make_dossier()  # 16,000
    services.payment_take_at_desk(
        actor=bach_dang,
        dossier=extract,
        method=Method.CARD,
        card_reference="A1",
        at=local(2026, 3, 2, 10),
    )
    other = make_dossier(agency="hbt-minh-khai")  # 16,000
    services.payment_take_at_desk(
        actor=minh_khai, dossier=other, method=Method.CASH, at=local(2026, 3, 20, 15)
    )
    services.payment_requirement_set(
        actor=None,
        procedure=Procedure.objects.get(code="2.000635"),
        before_step="accept",
        online_payment_enabled=True,
    )
    online = make_dossier()
    payment = services.payment_gateway_start(
        actor=person("dan.nguyenvanan"), dossier=online, gateway="sandbox"
    )
    from motcua.payments.gateways import CallbackResult

    services.payment_result_apply(
        gateway="sandbox",
        result=CallbackResult(
            valid=True,
            reference=payment.reference,
            amount=16_000,
            gateway_txn_id="77",
            success=True,
        ),
        kind="ipn",
        at=local(2026, 4, 1, 8),
    )
    # A refund of 1,000 đ on the card payment
    card = Payment.objects.get(method=Method.CARD)
    services.payment_refund(
        actor=person("chutich.bachdang"), payment=card, amount=1_000, reason="Nộp thừa"
    )
    return fee_catalogue


def test_collections_group_by_agency_procedure_method_and_period(collected):
    # Given the district's collections of March 2026
    result = collections_compute(
        agency=collected["hbt"], start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31), group="day"
    )
    # Then the totals count the three March payments, net of the refund
    assert (result.total.count, result.total.amount, result.total.refunded) == (3, 47_000, 1_000)
    assert result.total.net == 46_000
    assert {r.key: r.amount for r in result.by_method} == {"cash": 31_000, "card": 16_000}
    assert {r.label: r.amount for r in result.by_period} == {
        "02/03/2026": 31_000,
        "20/03/2026": 16_000,
    }
    by_agency = {r.label: r.amount for r in result.by_agency}
    assert by_agency == {"Phường Bạch Đằng": 31_000, "Phường Minh Khai": 16_000}
    assert {r.key: r.amount for r in result.by_procedure} == {
        "2.000815": 15_000,
        "2.000635": 32_000,
    }
    # And one ward sees only itself; by month April has the gateway payment
    ward = collections_compute(
        agency=collected["hbt-minh-khai"],
        start=dt.date(2026, 3, 1),
        end=dt.date(2026, 4, 30),
        group="month",
    )
    assert ward.total.amount == 16_000
    months = collections_compute(
        agency=collected["hbt"], start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30), group="month"
    )
    assert {r.label: r.amount for r in months.by_period} == {"03/2026": 47_000, "04/2026": 16_000}
    assert months.chart["labels"] == ["03/2026", "04/2026"]
    gateway = next(d for d in months.chart["datasets"] if d["method"] == "gateway")
    assert gateway["data"] == [0, 16_000]


def test_the_spreadsheet_reads_back_with_the_same_figures(collected, person):
    from openpyxl import load_workbook

    # Given the district leader
    client = Client()
    client.force_login(person("lanhdao.hbt"))
    # When they download March's collections
    response = client.get(
        "/can-bo/thu-phi/tong-hop/xlsx/",
        {
            "agency": "hbt",
            "start": "2026-03-01",
            "end": "2026-03-31",
            "group": "day",
        },
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    # Then the workbook has the summary, the groupings and every payment
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo cơ quan",
        "Theo thủ tục",
        "Theo hình thức",
        "Theo kỳ",
        "Chi tiết",
    ]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True)}
    assert summary["Đã thu (đồng)"] == 47_000
    assert summary["Thực thu (đồng)"] == 46_000
    methods = {r[0]: r[3] for r in book["Theo hình thức"].iter_rows(min_row=2, values_only=True)}
    assert methods == {"card": 16_000, "cash": 31_000}
    detail = list(book["Chi tiết"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 3
    assert sum(row[7] for row in detail) == 47_000
    assert {row[6] for row in detail} >= {"0000001/2026"}


def test_the_collections_page_draws_the_chart_from_the_same_numbers(collected, person):
    client = Client()
    client.force_login(person("giamsat.hdnd"))  # supervisor of the city reads
    page = client.get(
        "/can-bo/thu-phi/tong-hop/",
        {
            "agency": "hbt",
            "start": "2026-03-01",
            "end": "2026-04-30",
            "group": "month",
        },
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="collections-chart"' in html
    assert 'id="collections-data"' in html
    assert "63.000 đ" in html  # 47,000 + 16,000
    # And a bad period is refused on the field
    bad = client.get(
        "/can-bo/thu-phi/tong-hop/", {"agency": "hbt", "start": "2026-04-30", "end": "2026-03-01"}
    )
    assert bad.status_code == 400
    assert "Đến ngày" in bad.content.decode()


def test_a_desk_officer_does_not_see_collections(collected, person):
    client = Client()
    client.force_login(person("motcua.bachdang"))
    assert client.get("/can-bo/thu-phi/tong-hop/").status_code == 403


def test_online_payment_indicators(collected, person):
    # Given the district in March–April 2026 (dossiers were filed today in the factory)
    today = timezone.localdate()
    indicators = online_payment_indicators(
        user=person("lanhdao.hbt"), agency=collected["hbt"], start=today, end=today
    )
    # Then: fee-bearing procedures applied in the district's subtree, one integrated online
    assert indicators.integrated.numerator == 1
    assert indicators.integrated.denominator >= 2
    # And 1 of the 4 fee-bearing dossiers filed today was paid online
    assert (indicators.dossiers.numerator, indicators.dossiers.denominator) == (1, 4)
    assert indicators.dossiers.percent == "25.00%"
    assert indicators.dossiers.score == 1.5


def test_the_api_gives_collections_and_a_dossiers_status(collected, api_for, make_dossier):
    # Collections for a leader; a resident is refused (404: not a unit they may see)
    query = {"agency": "hbt", "start": "2026-03-01", "end": "2026-03-31"}
    ok = api_for("lanhdao.hbt").get("/api/v1/payments/collections/", query)
    assert ok.status_code == 200
    assert ok.json()["total"]["amount"] == 47_000
    assert api_for("dan.nguyenvanan").get("/api/v1/payments/collections/", query).status_code == 404
    bad = api_for("lanhdao.hbt").get(
        "/api/v1/payments/collections/", {**query, "end": "2026-02-01"}
    )
    assert bad.status_code == 400
    assert "end" in bad.json()["errors"]
    # A dossier's status for its applicant
    dossier = Payment.objects.get(method=Method.CARD).dossier
    status = api_for("dan.nguyenvanan").get(f"/api/v1/payments/dossiers/{dossier.code}/")
    body = status.json()
    assert (body["required"], body["paid"], body["status"]) == (16_000, 15_000, "partial")
    assert body["payments"][0]["method"] == "card"


def test_the_api_takes_fees_at_the_desk_with_the_error_shape(make_dossier, api_for):
    dossier = make_dossier()
    client = api_for("motcua.bachdang")
    bad = client.post(
        f"/api/v1/payments/dossiers/{dossier.code}/desk/", {"method": "card"}, format="json"
    )
    assert bad.status_code == 400
    assert set(bad.json()) == {"detail", "errors"}
    assert "card_reference" in bad.json()["errors"]
    ok = client.post(
        f"/api/v1/payments/dossiers/{dossier.code}/desk/",
        {"method": "card", "card_reference": "POS-9"},
        format="json",
    )
    assert ok.status_code == 201
    assert ok.json()["receipt"].startswith("0000001/")
    receipt = api_for("dan.nguyenvanan").get(
        f"/api/v1/payments/receipts/{ok.json()['receipt_id']}/pdf/"
    )
    assert receipt.status_code == 200
    assert receipt["Content-Type"] == "application/pdf"
    assert (
        api_for("motcua.minhkhai")
        .get(f"/api/v1/payments/receipts/{ok.json()['receipt_id']}/pdf/")
        .status_code
        == 404
    )


def test_the_api_starts_online_payments(make_dossier, api_for, person):
    services.payment_requirement_set(
        actor=None,
        procedure=Procedure.objects.get(code="2.000635"),
        before_step="accept",
        online_payment_enabled=True,
    )
    services.bank_account_set(
        actor=person("quantri.bachdang"),
        agency=make_dossier().receiving_agency,
        bank_bin="970436",
        bank_name="Vietcombank",
        account_number="0451000999999",
        account_name="UBND PHUONG BACH DANG",
    )
    dossier = make_dossier()
    client = api_for("dan.nguyenvanan")
    gateway = client.post(f"/api/v1/payments/dossiers/{dossier.code}/gateway/", {}, format="json")
    assert gateway.status_code == 201
    assert "/cong-thanh-toan-thu-nghiem/thanh-toan/?" in gateway.json()["redirect_url"]
    qr = client.post(f"/api/v1/payments/dossiers/{dossier.code}/qr/")
    assert qr.status_code == 201
    assert qr.json()["payload"].startswith("000201010212")
    assert qr.json()["account_number"] == "0451000999999"
    # Bank accounts and requirements are kept through the API too
    bad = api_for("quantri.bachdang").put(
        "/api/v1/payments/bank-accounts/hbt-bach-dang/",
        {"bank_bin": "12", "bank_name": "X", "account_number": "1", "account_name": "A"},
        format="json",
    )
    assert bad.status_code == 400
    assert "bank_bin" in bad.json()["errors"]
    assert (
        api_for("motcua.bachdang")
        .put("/api/v1/payments/bank-accounts/hbt-bach-dang/", {}, format="json")
        .status_code
        == 404
    )
    req = api_for("caicach.hbt").put(
        "/api/v1/payments/requirements/2.000815/",
        {"before_step": "return", "online_payment_enabled": False},
        format="json",
    )
    assert req.status_code == 200
    assert req.json()["before_step"] == "return"
