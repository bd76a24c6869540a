"""Fees from the demo catalogue's fee rules (DOMAIN.md §4), as residents see them."""

from __future__ import annotations

import pytest

from motcua.catalog.selectors import procedure_version_in_force
from motcua.payments.fees import fee_breakdown
from motcua.payments.selectors import dossier_fee_breakdown
from motcua.payments.tests.helpers import BIRTH, COPY, EXTRACT

pytestmark = pytest.mark.django_db


def _version(code):
    version = procedure_version_in_force(code=code)
    assert version is not None
    return version


@pytest.mark.parametrize(
    ("pages", "copies", "total"),
    [
        (1, 1, 2_000),  # 2,000 đ a page for pages 1–2
        (2, 1, 4_000),
        (3, 1, 5_000),  # from page 3: 1,000 đ a page
        (250, 1, 200_000),  # 252,000 đ capped at 200,000 đ a copy
        (3, 3, 15_000),  # three copies of three pages
        (250, 2, 400_000),  # the cap applies to each copy
    ],
)
def test_certified_copy_fees(fee_catalogue, pages, copies, total):
    # Given the certified-copy procedure (2.000815)
    # When the resident asks for `copies` copies of a `pages`-page document
    breakdown = fee_breakdown(_version(COPY), {"pages": pages, "copies": copies})
    # Then the fee is the tariff's, in whole đồng
    assert breakdown.total == total
    assert isinstance(breakdown.total, int)


def test_the_breakdown_says_when_the_cap_applied(fee_catalogue):
    # Given a 250-page document to certify
    breakdown = fee_breakdown(_version(COPY), {"pages": 250, "copies": 1})
    # Then its one line explains the computed price and the cap
    (line,) = breakdown.lines
    assert line.amount == 200_000
    assert "252.000 đ" in line.detail
    assert "200.000 đ" in line.detail


@pytest.mark.parametrize(("copies", "total"), [(1, 8_000), (3, 24_000), (10, 80_000)])
def test_civil_status_extract_copies_cost_8000_each(fee_catalogue, copies, total):
    breakdown = fee_breakdown(_version(EXTRACT), {"copies": copies})
    assert breakdown.total == total
    assert breakdown.lines[0].detail == f"{copies} bản × 8.000 đ"


def test_birth_registration_on_time_is_free(fee_catalogue):
    breakdown = fee_breakdown(_version(BIRTH), {})
    assert breakdown.total == 0
    assert breakdown.free
    assert breakdown.lines[0].detail == "Miễn"


def test_the_dossier_breakdown_adds_up_to_the_fee_computed_at_filing(make_dossier):
    # Given a dossier for 3 copies of a 3-page document, filed with its fee computed
    dossier = make_dossier(code=COPY, quantities={"pages": 3, "copies": 3})
    # Then the breakdown shown to the resident adds up to the dossier's fee
    breakdown = dossier_fee_breakdown(dossier)
    assert breakdown is not None
    assert breakdown.total == dossier.fee_amount == 15_000


def test_the_public_fee_quote_api_answers_before_filing(fee_catalogue, client):
    # Given no sign-in at all
    # When the fee of 3 copies of 250 pages is asked for
    response = client.get(
        "/api/v1/payments/fee-quote/", {"procedure": COPY, "pages": 250, "copies": 3}
    )
    # Then the answer is 600,000 đ with one line
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 600_000
    assert body["lines"][0]["amount"] == 600_000
    # And a bad quantity is refused naming the field
    bad = client.get("/api/v1/payments/fee-quote/", {"procedure": COPY, "pages": 0})
    assert bad.status_code == 400
    assert "pages" in bad.json()["errors"]
