"""The demo dossiers are real: made by the services, spread over outcomes, seeded once."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.demo import seed_demo_data
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_demo_dossiers_are_spread_and_seeding_twice_adds_nothing(intake_catalogue):
    # Given the demo organisation and catalogue, when the demo dossiers are seeded
    out = io.StringIO()
    seed_demo_data(agencies=intake_catalogue, stdout=out, target=40)
    # Then there are online and desk dossiers, with codes, in several states
    dossiers = Dossier.objects.all()
    assert dossiers.count() == 40
    assert {d.channel for d in dossiers} >= {Channel.ONLINE, Channel.IN_PERSON}
    statuses = {d.status for d in dossiers}
    assert Status.RECEIVED in statuses
    assert statuses & {Status.SUBMITTED, Status.SUPPLEMENT_REQUESTED, Status.REFUSED}
    received = dossiers.filter(status=Status.RECEIVED)
    assert all(d.code and d.due_at and d.due_at > d.received_at for d in received)
    assert dossiers.filter(receiving_agency__code="hbt-bach-dang").exists()
    # And their event logs verify
    call_command("verify_audit", stdout=io.StringIO())
    # When seeding again, nothing changes
    seed_demo_data(agencies=intake_catalogue, stdout=out, target=40)
    assert Dossier.objects.count() == 40
    assert "already present" in out.getvalue()
