"""The reform workspace's entry page and an agency's overview dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.constants import AgencyKind
from motcua.organizations.models import Agency
from motcua.organizations.selectors import user_active_grants
from motcua.reform import access, selectors
from motcua.reform.constants import READ_ROLES, RecommendationStatus, TaskStatus
from motcua.reform.models import ReformTask
from motcua.reform.selectors import Period
from motcua.reform.views.common import base_context, workspace

DASHBOARD_KINDS = (AgencyKind.PROVINCE, AgencyKind.DISTRICT, AgencyKind.COMMUNE)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Pick an agency: where the user holds a reform role, and the units right under it."""
    grants = user_active_grants(user=request.user).filter(role__in=list(READ_ROLES))  # type: ignore[arg-type]
    roots: list[Agency] = []
    for grant in grants:
        if grant.agency not in roots:
            roots.append(grant.agency)
    if getattr(request.user, "is_superuser", False) and not roots:
        roots = list(Agency.objects.filter(parent__isnull=True))
    if len(roots) == 1 and not roots[0].children.exists():
        return redirect("reform:dashboard", code=roots[0].code)
    entries = [
        {
            "agency": root,
            "children": list(
                root.children.filter(kind__in=DASHBOARD_KINDS).order_by("kind", "name")
            ),
        }
        for root in roots
    ]
    return render(request, "reform/home.html", {"entries": entries})


def _chart_data(agency: Agency, today: dt.date) -> dict[str, Any]:
    inspections = selectors.inspection_counts_by_year(agency=agency)
    recs = selectors.recommendation_counts(agency=agency, today=today)
    projects = selectors.investment_projects(agency=agency)
    index = selectors.index_results(agency=agency)
    return {
        "inspections": {
            "labels": [str(r["year"]) for r in inspections],
            "scheduled": [r["scheduled"] for r in inspections],
            "surprise": [r["surprise"] for r in inspections],
        },
        "recommendations": {
            "labels": [str(RecommendationStatus(s).label) for s in RecommendationStatus.values],
            "values": [recs[s] for s in RecommendationStatus.values],
        },
        "investment": {
            "labels": [p["label"] for p in projects],
            "total": [round(p["total"] / 1e9, 3) for p in projects],
            "allocated": [round(p["allocated"] / 1e9, 3) for p in projects],
        },
        "index": {
            "labels": [str(r["year"]) for r in index],
            "score": [float(r["total"]) for r in index],
            "rank": [r["rank"] for r in index],
        },
    }


@login_required
def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    agency = workspace(request, code)
    today = timezone.localdate()
    all_time = Period(dt.date(1990, 1, 1), today)
    index = selectors.index_results(agency=agency)
    overdue_tasks = (
        selectors.record_list(user=request.user, model=ReformTask, agency=agency)
        .filter(status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS], deadline__lt=today)
        .select_related("plan", "owner_agency")
        .order_by("deadline")
    )
    recommendations = selectors.recommendation_counts(agency=agency, today=today)
    plan_year = selectors.latest_plan_year(agency=agency) or today.year
    shortened = selectors.shortened_limits_by_field(agency=agency)
    context = base_context(
        request,
        agency,
        inspections_by_year=selectors.inspection_counts_by_year(agency=agency),
        inspections=selectors.inspection_counts(agency=agency, period=all_time),
        recommendations=recommendations,
        overdue_recommendations=selectors.recommendation_list(
            user=request.user, agency=agency, overdue_on=today
        ).order_by("due_on")[:10],
        overdue_tasks=overdue_tasks[:10],
        overdue_tasks_count=overdue_tasks.count(),
        investment=selectors.investment_summary(agency=agency),
        projects=selectors.investment_projects(agency=agency),
        rotation=selectors.rotation_counts_by_year(agency=agency),
        support=selectors.support_summary(agency=agency, period=all_time),
        shortened=shortened,
        index=index,
        latest_index=index[-1] if index else None,
        plans=selectors.plan_summary(
            agency=agency,
            period=Period(dt.date(plan_year, 1, 1), dt.date(plan_year, 12, 31)),
            today=today,
        ),
        plan_year=plan_year,
        support_by_ward=selectors.support_by_ward(agency=agency),
        chart_data=_chart_data(agency, today),
        shortened_total=sum(r["procedures"] for r in shortened),
        status_rows=[
            (RecommendationStatus(s).label, recommendations[s]) for s in RecommendationStatus.values
        ],
        title=_("Tổng quan cải cách hành chính"),
        can_issue=access.can_supervise(user=request.user, agency_id=agency.pk),
    )
    return render(request, "reform/dashboard.html", context)
