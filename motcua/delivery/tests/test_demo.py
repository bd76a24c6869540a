"""The demo: processes accepted dossiers when needed, returns results, rates; idempotent."""

from __future__ import annotations

import io

import pytest

from motcua.delivery.demo import seed_demo_data
from motcua.delivery.models import Rating, ResultReturn
from motcua.dossiers import services
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import local, submitted

pytestmark = pytest.mark.django_db


def test_demo_returns_and_rates_and_runs_once(user_named, world):
    # Given five birth registrations accepted at Bạch Đằng in March 2026, none processed
    officer = user_named("motcua.bachdang")
    owner = user_named("dan.nguyenvanan")
    for day in range(9, 14):
        dossier = submitted(owner, key=f"d{day}", at=local(2026, 3, day, 8, 30))
        services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, day, 9))
    # When the demo runs
    out = io.StringIO()
    seed_demo_data(agencies=world, stdout=out)
    # Then they were processed through the back office, three returned and rated,
    # one posted or downloaded, two left waiting at the desk
    statuses = list(Dossier.objects.values_list("status", flat=True))
    assert statuses.count(Status.RESULT_RETURNED) == 3
    assert statuses.count(Status.PROCESSED) == 2
    assert ResultReturn.objects.count() == 3
    assert Rating.objects.count() == 3
    assert Rating.objects.filter(value="dissatisfied", feedback__isnull=False).count() == 1
    assert "3 results returned" in out.getvalue()
    # And running it again adds nothing
    seed_demo_data(agencies=world, stdout=io.StringIO())
    assert ResultReturn.objects.count() == 3
    assert Rating.objects.count() == 3
