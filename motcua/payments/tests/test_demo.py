"""The demo loader: requirements, accounts and payments of every kind, once."""

from __future__ import annotations

import io

import pytest

from motcua.dossiers.constants import Channel
from motcua.payments.demo import seed_demo_data
from motcua.payments.models import Payment, PaymentRequirement, Receipt, StatementImport

pytestmark = pytest.mark.django_db


def test_the_demo_pays_a_share_of_the_dossiers_and_runs_twice_harmlessly(make_dossier):
    # Given twenty fee-bearing dossiers, half of them filed online
    from motcua.payments.tests.helpers import COPY

    dossiers = [make_dossier() for _ in range(10)]
    dossiers += [make_dossier(code=COPY, quantities={"pages": 4}) for _ in range(10)]
    for dossier in dossiers[10:]:
        dossier.channel = Channel.IN_PERSON
        dossier.save(update_fields=["channel"])
    from motcua.organizations.models import Agency

    agencies = {a.code: a for a in Agency.objects.all()}
    # When the demo loader runs
    out = io.StringIO()
    seed_demo_data(agencies=agencies, stdout=out)
    # Then the fee-bearing procedures have requirements and most dossiers a confirmed payment
    assert (
        PaymentRequirement.objects.filter(procedure__code__in=["2.000635", "2.000815"]).count() == 2
    )
    paid = Payment.objects.filter(status="paid")
    assert paid.count() >= 10
    assert paid.count() == Receipt.objects.count()
    assert set(paid.values_list("method", flat=True)) >= {"cash"}
    if paid.filter(method="qr").exists():
        assert StatementImport.objects.filter(matched_count__gt=0).exists()
    # And running it again adds nothing
    before = (Payment.objects.count(), PaymentRequirement.objects.count())
    seed_demo_data(agencies=agencies, stdout=out)
    assert (Payment.objects.count(), PaymentRequirement.objects.count()) == before
    assert "nothing added" in out.getvalue()
