"""The Decision 766 index on the hand-computed fixture (docs/oversight.md, "The fixture")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from motcua.oversight import selectors
from motcua.oversight.constants import Measure
from motcua.oversight.periods import month, quarter
from motcua.oversight.tests.fixture import t

pytestmark = pytest.mark.django_db
NOW = t(4, 15, 12)
MARCH = month(2026, 3)


def test_march_index_of_bach_dang_matches_the_hand_computation(march: dict[str, Any]) -> None:
    # Given the fixture's dossiers of ward Bạch Đằng
    bd = march["agencies"]["hbt-bach-dang"]
    # When the index of March 2026 is computed on 15 April
    result = selectors.index_for(agency=bd, period=MARCH, now=NOW)
    got = {i.code: (i.numerator, i.denominator, i.display, i.score) for i in result.indicators}
    # Then every indicator has the figures worked out by hand
    assert got["progress"] == (33, 45, "73.33%", Decimal("14.67"))
    assert got["full_process"] == (12, 29, "41.38%", Decimal("4.97"))
    assert got["online_share"][2] == "26.09%"  # 12 ÷ 46, monitoring only
    assert got["online_share"][3] is None
    assert got["paid_online"] == (6, 14, "42.86%", Decimal("2.57"))
    assert got["dossier_satisfaction"] == (26, 38, "68.42%", Decimal("4.56"))
    assert got["electronic_result"] == (10, 22, "45.45%", Decimal("2.73"))
    assert got["digitised"] == (30, 46, "65.22%", Decimal("3.26"))
    assert got["reused"] == (10, 46, "21.74%", Decimal("0.54"))
    assert result.get("avg_days").display == "3.00"
    # And indicators without data (or without cases) say n/a and score nothing
    for code in (
        "published_on_time",
        "synced",
        "feedback_on_time",
        "certified_copies",
        "payment_integrated",
    ):
        assert result.get(code).display == "n/a"
        assert result.get(code).score is None
    assert result.total == Decimal("33.30")
    assert result.available_points == 56


def test_counters_split_by_outcome_and_channel(march: dict[str, Any]) -> None:
    # Given the fixture
    bd = march["agencies"]["hbt-bach-dang"]
    # When the March counters are read
    flows = selectors.flows_for(agency=bd, period=MARCH)
    # Then receipt, endings and the supplement rule are counted as in the docs
    assert flows.n(Measure.RECEIVED) == 46
    assert (
        flows.n(Measure.RECEIVED, "1"),
        flows.n(Measure.RECEIVED, "2"),
        flows.n(Measure.RECEIVED, "3"),
    ) == (27, 12, 7)
    assert (flows.n(Measure.EARLY), flows.n(Measure.ON_TIME), flows.n(Measure.LATE)) == (23, 6, 9)
    assert flows.n(Measure.WITHDRAWN) == 3
    assert flows.n(Measure.REFUSED) == 2
    assert flows.total(Measure.PROCESSING_SECONDS) == 912 * 3600
    assert flows.n(Measure.RATED) == 6
    # And the stock at the end of March: 4 in time, 3 overdue
    stock = selectors.stock_at(agency=bd, at=MARCH.bounds()[1])
    assert (stock.in_time, stock.overdue) == (4, 3)


def test_the_district_adds_its_wards_and_months_add_up(march: dict[str, Any]) -> None:
    # Given the fixture (Minh Khai: 4 early, 1 late in March)
    hbt = march["agencies"]["hbt"]
    # When the district's March index is computed
    result = selectors.index_for(agency=hbt, period=MARCH, now=NOW)
    # Then it covers both wards: (33 + 4) ÷ (45 + 5)
    progress = result.get("progress")
    assert (progress.numerator, progress.denominator, progress.display) == (37, 50, "74.00%")
    # And a custom range of the same days gives the same figures as the monthly counters
    days = selectors.flows_for(
        agency=hbt, period=type(MARCH)(dt.date(2026, 3, 1), dt.date(2026, 3, 31))
    )
    months = selectors.flows_for(agency=hbt, period=MARCH)
    assert days.rows == months.rows
    # And February (3 early, 2 carried over overdue at its end) and the quarter add up
    feb = selectors.index_for(
        agency=march["agencies"]["hbt-bach-dang"], period=month(2026, 2), now=NOW
    )
    assert feb.get("progress").display == "60.00%"  # (3 + 0) ÷ (3 + 2)
    q1 = selectors.flows_for(agency=hbt, period=quarter(2026, 1))
    assert q1.resolved == 3 + 38 + 5


def test_drill_down_lists_the_dossiers_behind_a_score(march: dict[str, Any]) -> None:
    # Given the fixture
    bd = march["agencies"]["hbt-bach-dang"]
    groups = march["groups"]
    # When the dossiers behind "progress" that miss are listed
    missing = selectors.indicator_facts(
        agency=bd, period=MARCH, code="progress", part="missing", now=NOW
    )
    # Then they are the late ones (C, E, I) and the overdue open ones (H)
    expected = {d.pk for name in ("C", "E", "I", "H_overdue") for d in groups[name]}
    assert set(missing.values_list("pk", flat=True)) == expected
    # And the satisfaction drill-down names the late and the dissatisfied dossiers
    unhappy = selectors.indicator_facts(
        agency=bd, period=MARCH, code="dossier_satisfaction", part="missing", now=NOW
    )
    late = {d.pk for name in ("C", "E", "I") for d in groups[name]}
    assert set(unhappy.values_list("pk", flat=True)) == late | {
        d.pk for d in groups["A_online"][:2]
    }


def test_ranking_among_wards_and_trend(march: dict[str, Any]) -> None:
    # Given the fixture
    agencies = march["agencies"]
    bd, mk = agencies["hbt-bach-dang"], agencies["hbt-minh-khai"]
    # When the wards of the district are ranked for March
    rows = selectors.ranking_for(agencies=selectors.peers_of(bd), period=MARCH, now=NOW)
    ranked = [r.agency.code for r in rows if r.total > 0]
    # Then Bạch Đằng (more indicators with data) comes before Minh Khai
    assert ranked == ["hbt-bach-dang", "hbt-minh-khai"]
    assert mk in selectors.peers_of(bd)
    # And the trend over three months shows February and March
    trend = selectors.trend_for(agency=bd, last=MARCH, count=3, now=NOW)
    assert [p.progress for p in trend] == [None, Decimal("60.00"), Decimal("73.33")]


def test_rebuild_agrees_with_the_listener_and_repairs_damage(march: dict[str, Any]) -> None:
    # Given counters kept by the listener
    from motcua.oversight.models import DossierFact, RollupMonth

    out = StringIO()
    # When the rebuild checks them
    call_command("oversight_rebuild", "--check", stdout=out)
    # Then nothing differs
    assert "khớp" in out.getvalue()
    # When a counter and a fact are damaged
    row = RollupMonth.objects.filter(measure=Measure.LATE).first()
    row.n += 7
    row.save()
    DossierFact.objects.filter(pk=march["groups"]["B"][0].pk).update(outcome="late")
    # Then the check names them and fails
    with pytest.raises(Exception, match="không khớp"):
        call_command("oversight_rebuild", "--check", stdout=StringIO())
    # And the repair puts them right
    call_command("oversight_rebuild", stdout=StringIO())
    call_command("oversight_rebuild", "--check", stdout=StringIO())
    bd = march["agencies"]["hbt-bach-dang"]
    assert selectors.index_for(agency=bd, period=MARCH, now=NOW).total == Decimal("33.30")


def test_reform_report_figures(march: dict[str, Any]) -> None:
    # Given the fixture
    from motcua.reform import integrations

    bd = march["agencies"]["hbt-bach-dang"]
    # When the reform report asks for the dossier figures of March
    figures = integrations.dossier_figures(
        agency=bd, start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31)
    )
    # Then it gets received, on-time rate and online share
    assert figures is not None
    assert figures["received"] == 46
    assert str(figures["online_share"]) == "26.09"
