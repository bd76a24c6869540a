from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from motcua.core.constants import LIMIT_UNIT_LABELS
from motcua.organizations.constants import AgencyKind
from motcua.organizations.deadlines import DeadlineInputError, deadline_compute
from motcua.organizations.selectors import agency_public_list


def home(request: HttpRequest) -> HttpResponse:
    agencies = agency_public_list().filter(
        kind__in=[AgencyKind.PROVINCE, AgencyKind.DISTRICT, AgencyKind.COMMUNE]
    )
    return render(
        request,
        "portal/home.html",
        {"agency_count": agencies.count(), "agencies": agencies.order_by("path")[:40]},
    )


def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """A public page over the same clock the API and the command use."""
    context: dict[str, object] = {
        "units": [(u.value, label) for u, label in LIMIT_UNIT_LABELS.items()],
        "agencies": agency_public_list().order_by("path"),
        "values": request.GET,
        "now": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
    }
    if request.GET.get("start"):
        try:
            context["answer"] = deadline_compute(
                start=request.GET.get("start", ""),
                limit=request.GET.get("limit", ""),
                unit=request.GET.get("unit", ""),
                agency_code=request.GET.get("agency") or None,
            )
        except DeadlineInputError as exc:
            context["errors"] = exc.errors
    template = (
        "portal/_deadline_result.html"
        if request.headers.get("HX-Request")
        else ("portal/deadline.html")
    )
    return render(request, template, context)
