"""The demo step recomputes the counters and is idempotent."""

from __future__ import annotations

from io import StringIO

import pytest

from motcua.oversight.demo import seed_demo_data
from motcua.oversight.models import DossierFact, Rollup, RollupMonth

pytestmark = pytest.mark.django_db


def test_demo_repairs_missing_counters_and_running_it_again_changes_nothing(march):
    # Given counters wiped out (as if the app had been installed after the dossiers)
    facts = DossierFact.objects.count()
    months = sorted(
        RollupMonth.objects.values_list("agency_id", "month", "channel", "measure", "n")
    )
    DossierFact.objects.all().delete()
    Rollup.objects.all().delete()
    RollupMonth.objects.all().delete()
    # When the demo step runs twice
    first, second = StringIO(), StringIO()
    seed_demo_data(agencies=march["agencies"], stdout=first)
    seed_demo_data(agencies=march["agencies"], stdout=second)
    # Then the first run rebuilt everything the listener had written, the second found it right
    assert "đã sửa" in first.getvalue()
    assert "khớp" in second.getvalue()
    assert DossierFact.objects.count() == facts
    assert (
        sorted(RollupMonth.objects.values_list("agency_id", "month", "channel", "measure", "n"))
        == months
    )
