"""The demo district holds what the HĐND delegation saw on 19 May 2023."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from motcua.core.models import AuditEvent
from motcua.reform import models, selectors
from motcua.reform.demo import seed_demo_data
from motcua.reform.selectors import Period

pytestmark = pytest.mark.django_db


def test_demo_fills_every_register_with_the_figures_of_the_visit(reform_demo):
    # Given the demo data loaded
    hbt = reform_demo["hbt"]
    # Then every register of the workspace has realistic rows
    for model in [
        models.ReformPlan,
        models.ReformTask,
        models.InspectionPlan,
        models.InspectionTeam,
        models.InspectionTeamMember,
        models.Inspection,
        models.InspectionFinding,
        models.FollowUpAction,
        models.Attachment,
        models.Recommendation,
        models.RecommendationUpdate,
        models.RotationPlan,
        models.RotationPosition,
        models.RotationCase,
        models.SupportTeam,
        models.SupportTeamMember,
        models.SupportActivity,
        models.InvestmentProject,
        models.InvestmentAllocation,
        models.ProcedureReview,
        models.LimitProposal,
        models.IndexFramework,
        models.IndexCriterion,
        models.IndexAssessment,
        models.IndexScore,
        models.CoreDatabase,
        models.SupervisionReport,
    ]:
        assert model.objects.exists(), model.__name__
    # And the headline figures are those of the delegation's report
    years_2016_2020 = Period(dt.date(2016, 1, 1), dt.date(2020, 12, 31))
    assert selectors.inspection_counts(agency=hbt, period=years_2016_2020)["total"] == 462
    rotations = {r["year"]: r["cases"] for r in selectors.rotation_counts_by_year(agency=hbt)}
    assert rotations[2022] == 48
    support = selectors.support_summary(
        agency=hbt, period=Period(dt.date(2023, 1, 1), dt.date(2023, 5, 19))
    )
    assert (support["teams"], support["wards_with_teams"], support["wards"]) == (250, 18, 18)
    money = selectors.investment_summary(agency=hbt, period=years_2016_2020)
    assert money["district"]["count"] == 5
    assert money["ward"]["count"] == 15
    assert money["total"] == 323_386_000_000
    assert money["allocated"] == 192_462_000_000
    index = {r["year"]: (r["rank"], r["peers"]) for r in selectors.index_results(agency=hbt)}
    assert index[2022] == (10, 30)
    shortened = {
        r["field"]: r["procedures"] for r in selectors.shortened_limits_by_field(agency=hbt)
    }
    assert shortened == {
        "Quản lý đô thị": 1,
        "Giáo dục - Đào tạo": 2,
        "Nội vụ": 3,
        "Tài nguyên - Môi trường": 1,
    }
    # And the supervisor's report of the visit is ready, with the same figures and sources
    report = models.SupervisionReport.objects.get(agency=hbt)
    assert (report.status, report.period_end) == ("done", dt.date(2023, 5, 19))
    assert report.docx
    figures = {f["key"]: f for f in report.figures}
    assert figures["index.rank"]["value"] == "10/30"
    assert figures["support.teams"]["raw"] == 250
    assert figures["inspections.total"]["source"].startswith("reform.Inspection")
    visit = models.Recommendation.objects.filter(issued_on=dt.date(2023, 5, 19))
    assert visit.count() == 7
    assert set(visit.values_list("agency__code", flat=True)) == {
        "hbt",
        "hn-so-tu-phap",
        "hn-so-noi-vu",
        "hn-so-tai-chinh",
        "hn-so-tttt",
    }


def test_loading_the_demo_twice_changes_nothing(reform_demo, demo_org):
    # Given the demo loaded once
    def snapshot() -> dict[str, int]:
        counts = {
            m.__name__: m.objects.count()
            for m in [
                models.Inspection,
                models.Recommendation,
                models.RecommendationUpdate,
                models.SupportTeam,
                models.SupportTeamMember,
                models.InvestmentAllocation,
                models.IndexScore,
                models.LimitProposal,
                models.Attachment,
                models.CoreDatabase,
                models.RotationCase,
                models.ReformTask,
                models.SupervisionReport,
            ]
        }
        counts["audit"] = AuditEvent.objects.count()
        return counts

    before = snapshot()
    # When it is loaded again
    seed_demo_data(agencies=demo_org, stdout=io.StringIO())
    # Then nothing changed, not even the audit trail
    assert snapshot() == before
