"""The index reads feedback in one query; the figures are those of the feedback app's selectors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.feedback import integrations
from motcua.feedback.selectors import (
    dossier_ids_with_complaints,
    feedback_indicators_for,
    index_feedback_for,
)
from motcua.feedback.tests.test_indicators import DOSSIER, NOW, _seed_fixture
from motcua.oversight import selectors
from motcua.oversight.periods import Period

pytestmark = pytest.mark.django_db


def test_one_query_gives_the_feedback_figures_of_the_four(catalogue, user_named, monkeypatch):
    # Given a submitted dossier at Bạch Đằng whose code the feedback cases name
    from motcua.dossiers.tests.helpers import submitted

    dossier = submitted(user_named("dan.nguyenvanan"))
    ward = catalogue["hbt-bach-dang"]

    def lookup(code: str) -> Any:
        if code == DOSSIER:
            return integrations.DossierRef(code=code, pk=dossier.pk, agency=ward)
        return None

    monkeypatch.setattr(integrations, "dossier_lookup", lookup)
    # And the feedback app's hand-checked cases of February–April 2026 (a complaint and a
    # dislike about that dossier, cases answered late, refused, waiting for information)
    _seed_fixture(catalogue)
    periods = [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 28)),
        (dt.date(2026, 1, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 3, 10), dt.date(2026, 4, 20)),
        (dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
    ]
    for code in ("hbt-bach-dang", "hbt-minh-khai", "hbt"):
        agency = catalogue[code]
        for period in periods:
            # When oversight reads them for the index
            with CaptureQueriesContext(connection) as queries:
                got = selectors._feedback(agency, Period(*period), NOW)
            # Then it is one query, and the figures equal the feedback app's
            assert len(queries.captured_queries) <= 2  # the subtree ids, unless cached
            want = feedback_indicators_for(agency=agency, period=period, now=NOW)
            assert got.on_time == want.on_time, (code, period)
            assert got.satisfaction == want.satisfaction, (code, period)
            ids = dossier_ids_with_complaints(agency, period)
            assert got.complaint_dossier_ids == ids, (code, period)
    # And the dossier is among those with a complaint in March, for its ward and the district
    march = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    for code in ("hbt-bach-dang", "hbt"):
        assert index_feedback_for(
            agency_ids=selectors._subtree_ids(catalogue[code]), period=march, now=NOW
        ).complaint_dossier_ids == {dossier.pk}
