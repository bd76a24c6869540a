"""The demo seed moves dossiers through processing and is idempotent."""

from __future__ import annotations

import io

import pytest

from motcua.processing.constants import ProcessState, ResultState, Risk
from motcua.processing.models import DelayNotice, DossierProcess, ProcessResult

pytestmark = pytest.mark.django_db


def test_demo_processing_is_varied_and_idempotent(world, settings, tmp_path):
    from motcua.documents.demo import seed_demo_data as seed_certificates
    from motcua.processing.demo import seed_demo_data

    settings.VAR_DIR = tmp_path
    seed_certificates(agencies=world, stdout=io.StringIO())
    out = io.StringIO()
    # When the demo is seeded
    seed_demo_data(agencies=world, stdout=out)
    # Then some dossiers are finished, one is at risk, one overdue with form 04,
    # one awaits the leader's signature
    assert DossierProcess.objects.filter(state=ProcessState.FINISHED).count() == 3
    assert DossierProcess.objects.filter(timeliness__in=["early", "on_time"]).count() == 3
    assert DossierProcess.objects.filter(risk=Risk.OVERDUE).count() >= 1
    assert DelayNotice.objects.count() == 1
    assert ProcessResult.objects.filter(state=ResultState.DRAFT).count() == 1
    assert DossierProcess.objects.filter(risk=Risk.AT_RISK).exists()
    # And running it again adds nothing
    before = DossierProcess.objects.count()
    seed_demo_data(agencies=world, stdout=io.StringIO())
    assert DossierProcess.objects.count() == before
