"""Pages of oversight: the dashboard for leaders and supervisors, the Decision 766 index with
drill-down, ranking and trend, the per-dossier evaluation, periodic reports, and the public
transparency page. Every figure here is also in the API (``/api/v1/oversight/…``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.http import request_user
from motcua.organizations.models import Agency
from motcua.oversight import selectors, services
from motcua.oversight.constants import Measure
from motcua.oversight.models import ReportJob
from motcua.oversight.periods import KINDS, Period, month, parse_period

KIND_LABELS = {
    "month": "Tháng",
    "quarter": "Quý",
    "half": "6 tháng",
    "nine": "9 tháng",
    "year": "Năm",
    "custom": "Khoảng ngày",
}


@dataclass
class Choice:
    agencies: list[Agency]
    agency: Agency | None
    period: Period | None
    errors: dict[str, list[str]]
    params: dict[str, str]

    @property
    def query(self) -> str:
        from urllib.parse import urlencode

        return urlencode({k: v for k, v in self.params.items() if v})


def _choice(request: HttpRequest, *, staff: bool = True) -> Choice:
    params = {
        k: request.GET.get(k, "").strip()
        for k in ("agency", "kind", "year", "number", "start", "end")
    }
    errors: dict[str, list[str]] = {}
    agencies: list[Agency] = []
    agency = None
    if staff:
        user = request_user(request)
        agencies = list(selectors.agencies_for_user(user=user)[:500])
        if not agencies:
            raise PermissionDenied(
                _("Trang giám sát dành cho lãnh đạo, cán bộ cải cách hành chính và giám sát.")
            )
        if params["agency"]:
            agency = selectors.agency_for_user(user=user, code=params["agency"])
        else:
            agency = agencies[0]
            params["agency"] = agency.code
    period = None
    try:
        period = parse_period(params)
        params["year"] = params["year"] or str(period.end.year)
    except ValidationError as exc:
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return Choice(agencies, agency, period, errors, params)


def _base(choice: Choice, section: str, **extra: Any) -> dict[str, Any]:
    years = list(range(timezone.localdate().year, timezone.localdate().year - 6, -1))
    return {
        "choice": choice,
        "section": section,
        "kinds": [(k, KIND_LABELS[k]) for k in KINDS],
        "years": years,
        **extra,
    }


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    if choice.period is None or choice.agency is None:
        return render(request, "oversight/dashboard.html", _base(choice, "dashboard"), status=400)
    agency, period = choice.agency, choice.period
    now = timezone.now()
    last_month = month(period.end.year, period.end.month)
    trend = selectors.trend_for(agency=agency, last=last_month, count=12, now=now)
    backlog = selectors.backlog_for(agency=agency, now=now)
    children, fields, cells = selectors.heatmap_for(agency=agency, period=period)
    heat_rows = [
        (child, [(f, cells.get((child.pk, f))) for f, _name in fields]) for child in children
    ]
    late = list(selectors.late_facts(agency=agency, period=period, now=now)[:50])
    flows = selectors.flows_for(agency=agency, period=period)
    chart = {
        "trend": {
            "labels": [p.period.label for p in trend],
            "progress": [float(p.progress) if p.progress is not None else None for p in trend],
            "received": [p.received for p in trend],
            "resolved": [p.resolved for p in trend],
        },
        "backlog": {
            "labels": [str(label) for _k, label, _n in backlog],
            "counts": [n for _k, _l, n in backlog],
        },
    }
    return render(
        request,
        "oversight/dashboard.html",
        _base(
            choice,
            "dashboard",
            trend=trend,
            backlog=backlog,
            fields=fields,
            heat_rows=heat_rows,
            late=late,
            flows=flows,
            chart=chart,
            stock=selectors.stock_at(agency=agency, at=now),
            received=flows.n(Measure.RECEIVED),
        ),
    )


@login_required
def index_page(request: HttpRequest) -> HttpResponse:
    choice = _choice(request)
    if choice.period is None or choice.agency is None:
        return render(request, "oversight/index.html", _base(choice, "index"), status=400)
    user = request_user(request)
    agency, period = choice.agency, choice.period
    now = timezone.now()
    result = selectors.index_for(agency=agency, period=period, user=user, now=now)
    visible = {a.pk for a in choice.agencies}
    peers = [a for a in selectors.peers_of(agency) if a.pk in visible]
    ranking = selectors.ranking_for(agencies=peers, period=period, user=user, now=now)
    history = [period]
    while len(history) < 6:
        history.append(history[-1].previous())
    trend = [
        (p, selectors.index_for(agency=agency, period=p, user=user, now=now).total)
        for p in reversed(history)
    ]
    return render(
        request,
        "oversight/index.html",
        _base(
            choice,
            "index",
            result=result,
            ranking=ranking,
            trend=trend,
            chart={
                "labels": [p.label or f"{p.start:%d/%m/%Y}" for p, _t in trend],
                "totals": [float(t) for _p, t in trend],
            },
        ),
    )


PART_LABELS = {
    "denominator": "Tất cả hồ sơ của mẫu số",
    "numerator": "Hồ sơ đạt (tử số)",
    "missing": "Hồ sơ chưa đạt",
}


@login_required
def drill(request: HttpRequest, indicator: str) -> HttpResponse:
    choice = _choice(request)
    if choice.period is None or choice.agency is None:
        return render(request, "oversight/drill.html", _base(choice, "index"), status=400)
    part = request.GET.get("part", "missing")
    if part not in PART_LABELS or indicator not in selectors.DRILL:
        raise Http404("part")
    result = selectors.index_for(
        agency=choice.agency, period=choice.period, user=request_user(request)
    )
    facts = selectors.indicator_facts(
        agency=choice.agency, period=choice.period, code=indicator, part=part
    )
    page = Paginator(facts, 50).get_page(request.GET.get("trang"))
    return render(
        request,
        "oversight/drill.html",
        _base(
            choice,
            "index",
            indicator=result.get(indicator),
            part=part,
            parts=list(PART_LABELS.items()),
            page=page,
            agencies_by_id={a.pk: a for a in choice.agencies},
        ),
    )


@login_required
def evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    fact = selectors.fact_for_user(user=request_user(request), pk=pk)
    criteria = selectors.circular01_evaluation(fact)
    scored = [c.points for c in criteria if c.points is not None]
    return render(
        request,
        "oversight/evaluation.html",
        {
            "fact": fact,
            "criteria": criteria,
            "total": sum(scored),
            "max": 2 * len(scored),
            "section": "index",
        },
    )


@login_required
def reports(request: HttpRequest) -> HttpResponseBase:
    choice = _choice(request)
    user = request_user(request)
    if request.method == "POST":
        post = {k: request.POST.get(k, "").strip() for k in choice.params}
        try:
            period = parse_period(post)
        except ValidationError as exc:
            choice.errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
            choice.params.update(post)
        else:
            agency = selectors.agency_for_user(user=user, code=post.get("agency", ""))
            job = services.report_request(actor=user, agency=agency, period=period)
            messages.success(request, _("Đã yêu cầu lập báo cáo; trang tự cập nhật tiến độ."))
            return redirect(reverse("oversight:reports") + f"?agency={agency.code}#job-{job.pk}")
    jobs = ReportJob.objects.filter(
        agency__in=[a.pk for a in choice.agencies], requested_by=user
    ).select_related("agency")[:20]
    status = 400 if choice.errors else 200
    return render(
        request, "oversight/reports.html", _base(choice, "reports", jobs=jobs), status=status
    )


def _job_for(request: HttpRequest, pk: int) -> ReportJob:
    user = request_user(request)
    job = ReportJob.objects.select_related("agency").filter(pk=pk).first()
    if job is None or not selectors.agencies_for_user(user=user).filter(pk=job.agency_id).exists():
        raise Http404("report")
    return job


@login_required
def report_status(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "oversight/_job.html", {"job": _job_for(request, pk)})


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    job = _job_for(request, pk)
    content = job.xlsx if fmt == "xlsx" else job.docx if fmt == "docx" else None
    if job.state != ReportJob.State.DONE or content is None:
        raise Http404("file")
    types = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }
    response = HttpResponse(bytes(content), content_type=types[fmt])
    name = f"bao-cao-tthc-{job.agency.code}-{job.start:%Y%m%d}-{job.end:%Y%m%d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def public_index(request: HttpRequest) -> HttpResponse:
    """The index of every agency, as the national portal publishes it (no personal data)."""
    choice = _choice(request, staff=False)
    rows = []
    if choice.period is not None:
        rows = selectors.public_index(period=choice.period)
    status = 400 if choice.errors else 200
    return render(
        request, "oversight/public.html", _base(choice, "public", rows=rows), status=status
    )
