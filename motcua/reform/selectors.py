"""Reads of the reform workspace.

Lists and single records take the user and are scoped (``access.scoped``): a record of
another ward is "not found". Figures for dashboards and reports take an agency that the
caller resolved through ``access.reform_agency_get`` (or a background job asked for by
such a user), and cover the agency and everything under it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from django.apps import apps
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404

from motcua.organizations.constants import AgencyKind
from motcua.organizations.models import Agency
from motcua.reform import access, integrations
from motcua.reform.constants import (
    OPEN_RECOMMENDATION_STATUSES,
    InspectionKind,
    InspectionStatus,
    ProjectLevel,
    ProposalStatus,
    RecommendationStatus,
    TaskStatus,
)
from motcua.reform.models import (
    CoreDatabase,
    IndexAssessment,
    IndexFramework,
    Inspection,
    InvestmentAllocation,
    InvestmentProject,
    LimitProposal,
    ProcedureReview,
    Recommendation,
    ReformPlan,
    ReformRecord,
    ReformTask,
    RotationCase,
    SupportActivity,
    SupportTeam,
    SupportTeamMember,
)

R = TypeVar("R", bound=ReformRecord)


@dataclass(frozen=True)
class Period:
    """Both ends included."""

    start: dt.date
    end: dt.date

    def label(self) -> str:
        return f"{self.start:%d/%m/%Y} – {self.end:%d/%m/%Y}"

    @property
    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)


# --- Lists and records ------------------------------------------------------------------


def record_list(*, user: Any, model: type[R], agency: Agency | None = None) -> QuerySet[R]:
    """The user's visible records of ``model``, optionally only those of ``agency``'s subtree."""
    rows = access.scoped(model._default_manager.all(), user=user)
    if agency is not None:
        rows = rows.filter(access.subtree_q(model, agency))
    return rows


def record_get(*, user: Any, model: type[R], pk: Any, agency: Agency | None = None) -> R:
    """One visible record; 404 when it does not exist *or* the user may not see it."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404("record") from exc
    obj = record_list(user=user, model=model, agency=agency).filter(pk=pk).first()
    if obj is None:
        raise Http404("record")
    return obj


def recommendation_list(
    *, user: Any, agency: Agency | None = None, status: str = "", overdue_on: dt.date | None = None
) -> QuerySet[Recommendation]:
    rows = record_list(user=user, model=Recommendation, agency=agency).select_related(
        "agency", "subject_agency", "issuer_agency"
    )
    if status == "open":
        rows = rows.filter(status__in=OPEN_RECOMMENDATION_STATUSES)
    elif status:
        rows = rows.filter(status=status)
    if overdue_on is not None:
        rows = rows.filter(status__in=OPEN_RECOMMENDATION_STATUSES, due_on__lt=overdue_on)
    return rows


# --- Figures of an agency's subtree -----------------------------------------------------


def _in(model: type[ReformRecord], agency: Agency, *paths: str) -> Q:
    return access.subtree_q(model, agency, paths or None)


def plan_summary(*, agency: Agency, period: Period, today: dt.date) -> dict[str, int]:
    """Plans of the period's years and how their tasks stand (overdue as of ``today``)."""
    tasks = ReformTask.objects.filter(
        _in(ReformTask, agency, "plan__agency"), plan__year__in=list(period.years)
    )
    counts = dict(tasks.values_list("status").annotate(n=Count("id")).order_by())
    open_statuses = [TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS]
    return {
        "plans": tasks.values("plan_id").distinct().count(),
        "tasks": sum(counts.values()),
        "done": counts.get(TaskStatus.DONE, 0),
        "in_progress": counts.get(TaskStatus.IN_PROGRESS, 0),
        "not_started": counts.get(TaskStatus.NOT_STARTED, 0),
        "overdue": tasks.filter(status__in=open_statuses, deadline__lt=today).count(),
        "done_late": tasks.filter(status=TaskStatus.DONE, completed_on__gt=F("deadline")).count(),
    }


def latest_plan_year(*, agency: Agency) -> int | None:
    """The most recent year for which the subtree has a reform plan."""
    return (
        ReformPlan.objects.filter(_in(ReformPlan, agency))
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def inspections_done(*, agency: Agency) -> QuerySet[Inspection]:
    return Inspection.objects.filter(_in(Inspection, agency), status=InspectionStatus.DONE)


def inspection_counts(*, agency: Agency, period: Period) -> dict[str, int]:
    """Inspections carried out in the period, by kind."""
    rows = inspections_done(agency=agency).filter(
        conducted_on__gte=period.start, conducted_on__lte=period.end
    )
    by_kind = dict(rows.values_list("kind").annotate(n=Count("id")).order_by())
    return {
        "total": sum(by_kind.values()),
        "scheduled": by_kind.get(InspectionKind.SCHEDULED, 0),
        "surprise": by_kind.get(InspectionKind.SURPRISE, 0),
        "units": rows.values("inspected_agency_id").distinct().count(),
    }


def inspection_counts_by_year(
    *, agency: Agency, period: Period | None = None
) -> list[dict[str, int]]:
    """Per year: inspections carried out, scheduled and without notice."""
    rows = inspections_done(agency=agency)
    if period is not None:
        rows = rows.filter(conducted_on__gte=period.start, conducted_on__lte=period.end)
    table: dict[int, dict[str, int]] = defaultdict(lambda: {"scheduled": 0, "surprise": 0})
    for year, kind, n in (
        rows.annotate(y=ExtractYear("conducted_on"))
        .values_list("y", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        table[int(year)][kind] = n
    return [
        {
            "year": y,
            "scheduled": v["scheduled"],
            "surprise": v["surprise"],
            "total": v["scheduled"] + v["surprise"],
        }
        for y, v in sorted(table.items())
    ]


def recommendation_counts(*, agency: Agency, today: dt.date) -> dict[str, int]:
    """Recommendations addressed to or about the subtree, by status, and how many overdue."""
    rows = Recommendation.objects.filter(_in(Recommendation, agency))
    by_status = dict(rows.values_list("status").annotate(n=Count("id")).order_by())
    counts = {s: by_status.get(s, 0) for s in RecommendationStatus.values}
    counts["total"] = sum(by_status.values())
    counts["not_closed"] = sum(counts[s] for s in OPEN_RECOMMENDATION_STATUSES)
    counts["overdue"] = rows.filter(
        status__in=OPEN_RECOMMENDATION_STATUSES, due_on__lt=today
    ).count()
    return counts


def open_recommendations(*, agency: Agency) -> QuerySet[Recommendation]:
    return (
        Recommendation.objects.filter(_in(Recommendation, agency))
        .filter(status__in=OPEN_RECOMMENDATION_STATUSES)
        .select_related("agency", "issuer_agency")
        .order_by("due_on", "id")
    )


def investment_summary(*, agency: Agency, period: Period | None = None) -> dict[str, Any]:
    """Projects kept by the subtree: totals by level and capital allocated per year (đồng)."""
    projects = InvestmentProject.objects.filter(_in(InvestmentProject, agency, "agency"))
    allocations = InvestmentAllocation.objects.filter(project__in=projects)
    if period is not None:
        projects = projects.filter(start_year__lte=period.end.year, end_year__gte=period.start.year)
        allocations = allocations.filter(year__gte=period.start.year, year__lte=period.end.year)
    by_level = {
        level: {"count": n, "total": int(total or 0)}
        for level, n, total in projects.values_list("level")
        .annotate(n=Count("id"), total=Sum("total_investment"))
        .order_by()
    }
    by_year = [
        {"year": y, "allocated": int(a or 0), "disbursed": int(d or 0)}
        for y, a, d in allocations.values_list("year")
        .annotate(a=Sum("allocated"), d=Sum("disbursed"))
        .order_by("year")
    ]
    return {
        "district": by_level.get(ProjectLevel.DISTRICT, {"count": 0, "total": 0}),
        "ward": by_level.get(ProjectLevel.WARD, {"count": 0, "total": 0}),
        "projects": sum(v["count"] for v in by_level.values()),
        "total": sum(v["total"] for v in by_level.values()),
        "allocated": sum(r["allocated"] for r in by_year),
        "disbursed": sum(r["disbursed"] for r in by_year),
        "by_year": by_year,
    }


def investment_projects(*, agency: Agency) -> list[dict[str, Any]]:
    """Each project with its total and what it received (for the chart and its table)."""
    projects = (
        InvestmentProject.objects.filter(_in(InvestmentProject, agency, "agency"))
        .annotate(allocated=Sum("allocations__allocated"))
        .select_related("beneficiary_agency")
        .order_by("level", "name")
    )
    return [
        {
            "name": p.name,
            "label": p.beneficiary_agency.label if p.beneficiary_agency else p.name,
            "level": p.level,
            "total": p.total_investment,
            "allocated": int(p.allocated or 0),
            "progress": p.progress_percent,
        }
        for p in projects
    ]


def rotation_counts_by_year(
    *, agency: Agency, period: Period | None = None
) -> list[dict[str, int]]:
    rows = RotationCase.objects.filter(_in(RotationCase, agency))
    if period is not None:
        rows = rows.filter(effective_on__gte=period.start, effective_on__lte=period.end)
    return [
        {"year": int(y), "cases": n}
        for y, n in rows.annotate(y=ExtractYear("effective_on"))
        .values_list("y")
        .annotate(n=Count("id"))
        .order_by("y")
    ]


def wards_of(agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path, kind=AgencyKind.COMMUNE)


def support_summary(*, agency: Agency, period: Period) -> dict[str, Any]:
    """Support teams active at the end of the period, their members and their work in it."""
    teams = SupportTeam.objects.filter(_in(SupportTeam, agency), active=True).filter(
        Q(decision_date__isnull=True) | Q(decision_date__lte=period.end)
    )
    activities = SupportActivity.objects.filter(
        team__in=teams, date__gte=period.start, date__lte=period.end
    )
    done = activities.aggregate(n=Count("id"), people=Sum("residents_helped"))
    return {
        "teams": teams.count(),
        "wards_with_teams": teams.values("agency_id").distinct().count(),
        "wards": wards_of(agency).count(),
        "members": SupportTeamMember.objects.filter(team__in=teams).count(),
        "activities": done["n"] or 0,
        "residents_helped": done["people"] or 0,
        "assisted_filings": assisted_filings_count(agency=agency, period=period),
    }


def support_by_ward(*, agency: Agency) -> list[dict[str, Any]]:
    rows = (
        SupportTeam.objects.filter(_in(SupportTeam, agency), active=True)
        .values("agency__short_name", "agency__name")
        .annotate(teams=Count("id", distinct=True), member_count=Count("members", distinct=True))
        .order_by("agency__path")
    )
    return [
        {
            "ward": r["agency__short_name"] or r["agency__name"],
            "teams": r["teams"],
            "members": r["member_count"],
        }
        for r in rows
    ]


def assisted_filings_count(*, agency: Agency, period: Period) -> int | None:
    """Online filings made with a support team's help, counted from dossiers marked as
    assisted. ``None`` (shown as "chưa có dữ liệu") while no dossiers app is installed."""
    if not apps.is_installed(integrations.DOSSIERS_APP):
        return None
    return integrations.assisted_filings_count(agency=agency, start=period.start, end=period.end)


def shortened_limits_by_field(
    *, agency: Agency, period: Period | None = None
) -> list[dict[str, Any]]:
    """Approved shorter limits per field (lĩnh vực), one procedure counted once."""
    rows = LimitProposal.objects.filter(_in(LimitProposal, agency), status=ProposalStatus.APPROVED)
    if period is not None:
        rows = rows.filter(decided_on__gte=period.start, decided_on__lte=period.end)
    return [
        {"field": f, "procedures": n}
        for f, n in rows.values_list("review__field_name")
        .annotate(n=Count("review__procedure_code", distinct=True))
        .order_by("-n", "review__field_name")
    ]


def review_counts(*, agency: Agency, period: Period | None = None) -> dict[str, int]:
    reviews = ProcedureReview.objects.filter(_in(ProcedureReview, agency))
    if period is not None:
        reviews = reviews.filter(reviewed_on__gte=period.start, reviewed_on__lte=period.end)
    proposals = LimitProposal.objects.filter(review__in=reviews)
    return {
        "reviews": reviews.count(),
        "procedures": reviews.values("procedure_code").distinct().count(),
        "proposals": proposals.count(),
        "approved": proposals.filter(status=ProposalStatus.APPROVED).count(),
    }


def _peers_q(agency: Agency, framework: IndexFramework) -> Q:
    return Q(framework=framework, agency__kind=agency.kind, agency__parent_id=agency.parent_id)


def index_ranking(
    *, framework: IndexFramework, parent_id: int | None = None
) -> list[dict[str, Any]]:
    """Ranking among peers (same kind, same parent): competition ranks, 1 = best."""
    rows = IndexAssessment.objects.filter(framework=framework, agency__kind=framework.peer_kind)
    if parent_id is not None:
        rows = rows.filter(agency__parent_id=parent_id)
    scored = sorted(
        ((a.final_total, a) for a in rows.select_related("agency")),
        key=lambda pair: (-pair[0], pair[1].agency.name),
    )
    ranking: list[dict[str, Any]] = []
    previous: Decimal | None = None
    rank = 0
    for position, (total, assessment) in enumerate(scored, start=1):
        if total != previous:
            rank = position
            previous = total
        ranking.append(
            {"rank": rank, "agency": assessment.agency, "total": total, "assessment": assessment}
        )
    return ranking


def index_rank(*, assessment: IndexAssessment) -> tuple[int, int]:
    """(rank, number of peers) of an assessment."""
    framework = assessment.framework
    peers = IndexAssessment.objects.filter(_peers_q(assessment.agency, framework))
    totals = [a.final_total for a in peers]
    mine = assessment.final_total
    return 1 + sum(1 for t in totals if t > mine), len(totals)


def index_results(*, agency: Agency) -> list[dict[str, Any]]:
    """The agency's own index per year: score, maximum, rank among peers."""
    results = []
    assessments = (
        IndexAssessment.objects.filter(agency=agency)
        .select_related("framework", "agency")
        .order_by("framework__year")
    )
    for assessment in assessments:
        rank, peers = index_rank(assessment=assessment)
        max_points = sum(
            (c.max_points for c in assessment.framework.criteria.filter(parent__isnull=True)),
            Decimal(0),
        )
        results.append(
            {
                "year": assessment.framework.year,
                "framework": assessment.framework,
                "assessment": assessment,
                "self_total": assessment.self_total,
                "total": assessment.final_total,
                "max": max_points,
                "appraised": assessment.appraised_total is not None,
                "rank": rank,
                "peers": peers,
            }
        )
    return results


def core_databases(*, agency: Agency) -> QuerySet[CoreDatabase]:
    return CoreDatabase.objects.filter(_in(CoreDatabase, agency)).order_by("kind", "name")
