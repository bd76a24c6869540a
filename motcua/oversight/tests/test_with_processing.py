"""Oversight grades a dossier finished by the real back office exactly as processing does."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from motcua.oversight.models import DossierFact
from motcua.oversight.periods import month
from motcua.oversight.selectors import flows_for

# The back office's own fixtures (organisation, accounts, catalogue slice, signing bundle).
from motcua.processing.tests.conftest import agency_bundle, certified, world  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hour", "day", "verdict"), [(16, 9, "early"), (17, 9, "on_time"), (9, 10, "late")]
)
def test_completion_by_the_back_office_is_classified_like_processing(
    certified: dict[str, Any],  # noqa: F811
    hour: int,
    day: int,
    verdict: str,  # noqa: F811
) -> None:
    from motcua.processing import services
    from motcua.processing.models import DossierProcess
    from motcua.processing.tests.helpers import local, started, step, user

    # Given a birth registration received Monday 9/3/2026 09:00, due the same day 17:00
    dossier = started(at=local(2026, 3, 9, 9))
    specialist = user("tuphap.bachdang")
    services.step_claim(actor=specialist, step=step(dossier, 2), at=local(2026, 3, 9, 9, 10))
    services.result_prepare(
        actor=specialist,
        dossier=dossier,
        title="Trích lục khai sinh",
        decision_text="Đăng ký khai sinh.",
        at=local(2026, 3, 9, 9, 20),
    )
    services.step_complete(
        actor=specialist, step=step(dossier, 2), note="Trình ký", at=local(2026, 3, 9, 14)
    )
    services.result_sign_draft(
        actor=user("chutich.bachdang"), dossier=dossier, at=local(2026, 3, 9, 15)
    )
    # When the clerk issues the result at the given instant
    services.result_issue(
        actor=user("vanthu.bachdang"), dossier=dossier, at=local(2026, 3, day, hour)
    )
    # Then oversight's class is the back office's
    process = DossierProcess.objects.get(dossier=dossier)
    fact = DossierFact.objects.get(pk=dossier.pk)
    assert process.timeliness == verdict
    assert fact.outcome == verdict
    assert fact.finished_at == process.finished_at
    # And the ward's March counters show it, and a rebuild from the log agrees
    flows = flows_for(agency=certified["hbt-bach-dang"], period=month(2026, 3))
    assert flows.n(verdict) == 1
    out = StringIO()
    call_command("oversight_rebuild", "--check", stdout=out)
    assert "khớp" in out.getvalue()
    assert isinstance(fact.processing_seconds, int)
    assert fact.processing_seconds <= dt.timedelta(days=1).total_seconds()
