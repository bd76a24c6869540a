"""Supervision report pages: request, watch the progress, download DOCX and PDF."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone

from motcua.organizations.models import Agency
from motcua.reform import selectors, services
from motcua.reform.constants import ReportStatus
from motcua.reform.forms import ReportRequestForm
from motcua.reform.models import SupervisionReport
from motcua.reform.views.common import apply_errors, base_context, denied, workspace


@login_required
def report_list(request: HttpRequest, code: str) -> HttpResponse:
    agency = workspace(request, code)
    today = timezone.localdate()
    form = ReportRequestForm(
        request.POST or None,
        initial={"period_start": dt.date(today.year, 1, 1), "period_end": today},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_request(actor=request.user, agency=agency, **form.cleaned_data)
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("reform:report-detail", code=agency.code, pk=report.pk)
    reports = selectors.record_list(
        user=request.user, model=SupervisionReport, agency=agency
    ).select_related("agency", "requested_by")[:30]
    return render(
        request,
        "reform/report_list.html",
        base_context(request, agency, form=form, reports=reports),
        status=400 if request.method == "POST" else 200,
    )


def _report(request: HttpRequest, code: str, pk: int) -> tuple[Agency, SupervisionReport]:
    agency = workspace(request, code)
    report = selectors.record_get(user=request.user, model=SupervisionReport, pk=pk, agency=agency)
    return agency, report


@login_required
def report_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency, report = _report(request, code, pk)
    return render(
        request, "reform/report_detail.html", base_context(request, agency, report=report)
    )


@login_required
def report_progress(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """The progress fragment the detail page polls while the report is being made."""
    agency, report = _report(request, code, pk)
    return render(request, "reform/_report_progress.html", {"report": report, "agency": agency})


@login_required
def report_file(request: HttpRequest, code: str, pk: int, fmt: str) -> HttpResponseBase:
    if fmt not in ("docx", "pdf"):
        raise Http404("format")
    _agency, report = _report(request, code, pk)
    file = report.docx if fmt == "docx" else report.pdf
    if report.status != ReportStatus.DONE or not file:
        raise Http404("file")
    return FileResponse(
        file.open("rb"), as_attachment=True, filename=str(file.name).rsplit("/", 1)[-1]
    )
