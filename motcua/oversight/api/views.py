"""Oversight API (``/api/v1/oversight/…``): every figure the pages show."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.core.http import request_user
from motcua.organizations.api.serializers import ErrorSerializer
from motcua.organizations.models import Agency
from motcua.oversight import selectors, services
from motcua.oversight.api import serializers as s
from motcua.oversight.index import IndexResult
from motcua.oversight.models import DossierFact, ReportJob
from motcua.oversight.periods import Period, month, parse_period

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


def _params(request: Request) -> dict[str, str]:
    return {
        k: str(request.query_params.get(k, "")).strip()
        for k in ("agency", "kind", "year", "number", "start", "end")
    }


def _agency_period(request: Request) -> tuple[Agency, Period]:
    params = _params(request)
    period = parse_period(params)  # ValidationError → 400 with the field
    user = request_user(request)
    if params["agency"]:
        agency = selectors.agency_for_user(user=user, code=params["agency"])
    else:
        first = selectors.default_agency_for_user(user=user)
        if first is None:
            raise Http404("agency")
        agency = first
    return agency, period


def _period(p: Period) -> dict[str, Any]:
    return {"start": p.start, "end": p.end, "label": p.label}


def _agency(a: Agency) -> dict[str, Any]:
    return {"code": a.code, "name": a.name}


def _groups(result: IndexResult) -> list[dict[str, Any]]:
    return [
        {
            "code": g.code,
            "label": str(g.label),
            "points": g.points,
            "score": g.score,
            "indicators": [
                {
                    "code": i.code,
                    "label": str(i.label),
                    "points": i.points,
                    "numerator": i.numerator,
                    "denominator": i.denominator,
                    "target": i.target,
                    "percent": i.percent if i.value is None else None,
                    "value": i.value,
                    "display": i.display,
                    "score": i.score,
                    "note": i.note,
                    "drill": i.drill,
                }
                for i in g.indicators
            ],
        }
        for g in result.groups
    ]


def _fact(f: DossierFact) -> dict[str, Any]:
    return {
        "id": f.pk,
        "code": f.code,
        "channel": f.channel,
        "received_at": f.received_at,
        "due_at": f.due_at,
        "finished_at": f.finished_at,
        "outcome": f.outcome,
        "supplements": f.supplements,
    }


class MetricsView(APIView):
    @extend_schema(
        operation_id="oversight_metrics",
        parameters=[
            s.PeriodQuerySerializer,
            OpenApiParameter("procedure", OpenApiTypes.INT, description="Procedure id filter."),
            OpenApiParameter("field", OpenApiTypes.INT, description="Field id filter."),
        ],
        responses={200: s.MetricsSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, period = _agency_period(request)
        ids: dict[str, int | None] = {}
        for name in ("procedure", "field"):
            raw = str(request.query_params.get(name, "")).strip()
            if raw and not raw.isdigit():
                from django.core.exceptions import ValidationError

                raise ValidationError({name: ["Nhập mã số (số nguyên)."]})
            ids[name] = int(raw) if raw else None
        flows = selectors.flows_for(
            agency=agency, period=period, procedure_id=ids["procedure"], field_id=ids["field"]
        )
        stock = selectors.stock_at(agency=agency, at=selectors.period_end_instant(period))
        counters = [
            {"measure": m, "channel": c, "n": v[0], "total": v[1]}
            for (m, c), v in sorted(flows.rows.items())
        ]
        return Response(
            s.MetricsSerializer(
                {
                    "agency": _agency(agency),
                    "period": _period(period),
                    "counters": counters,
                    "stock_at_end": {"in_time": stock.in_time, "overdue": stock.overdue},
                }
            ).data
        )


class IndexView(APIView):
    @extend_schema(
        operation_id="oversight_index",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.IndexSerializer, **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, period = _agency_period(request)
        result = selectors.index_for(agency=agency, period=period, user=request_user(request))
        return Response(
            s.IndexSerializer(
                {
                    "agency": _agency(agency),
                    "period": _period(period),
                    "total": result.total,
                    "available_points": result.available_points,
                    "groups": _groups(result),
                }
            ).data
        )


class IndexDossiersView(APIView):
    @extend_schema(
        operation_id="oversight_index_dossiers",
        parameters=[
            s.DrillQuerySerializer,
            OpenApiParameter("indicator", OpenApiTypes.STR, OpenApiParameter.PATH),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses={200: s.FactPageSerializer, **ERRORS},
    )
    def get(self, request: Request, indicator: str) -> Response:
        agency, period = _agency_period(request)
        part = str(request.query_params.get("part", "missing"))
        if part not in ("denominator", "numerator", "missing"):
            from django.core.exceptions import ValidationError

            raise ValidationError({"part": ["Chọn denominator, numerator hoặc missing."]})
        facts = selectors.indicator_facts(agency=agency, period=period, code=indicator, part=part)
        page = Paginator(facts, 50).get_page(request.query_params.get("page"))
        return Response(
            s.FactPageSerializer(
                {
                    "count": page.paginator.count,
                    "page": page.number,
                    "results": [_fact(f) for f in page],
                }
            ).data
        )


class RankingView(APIView):
    @extend_schema(
        operation_id="oversight_ranking",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.RankSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, period = _agency_period(request)
        user = request_user(request)
        visible = set(selectors.agencies_for_user(user=user).values_list("pk", flat=True))
        peers = [a for a in selectors.peers_of(agency) if a.pk in visible]
        rows = selectors.ranking_for(agencies=peers, period=period, user=user)
        return Response(
            s.RankSerializer(
                many=True,
                instance=[
                    {
                        "rank": r.rank,
                        "agency": _agency(r.agency),
                        "total": r.total,
                        "available_points": r.available_points,
                    }
                    for r in rows
                ],
            ).data
        )


class TrendView(APIView):
    @extend_schema(
        operation_id="oversight_trend",
        parameters=[
            s.PeriodQuerySerializer,
            OpenApiParameter("count", OpenApiTypes.INT, description="Months (1–36, default 12)."),
        ],
        responses={200: s.TrendPointSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, period = _agency_period(request)
        raw = str(request.query_params.get("count", "12"))
        if not raw.isdigit() or not 1 <= int(raw) <= 36:
            from django.core.exceptions import ValidationError

            raise ValidationError({"count": ["Số tháng từ 1 đến 36."]})
        points = selectors.trend_for(
            agency=agency, last=month(period.end.year, period.end.month), count=int(raw)
        )
        return Response(
            s.TrendPointSerializer(
                many=True,
                instance=[
                    {
                        "period": _period(p.period),
                        "received": p.received,
                        "resolved": p.resolved,
                        "on_time": p.on_time,
                        "late": p.late,
                        "in_time": p.in_time,
                        "overdue": p.overdue,
                        "progress": p.progress,
                    }
                    for p in points
                ],
            ).data
        )


class BacklogView(APIView):
    @extend_schema(
        operation_id="oversight_backlog",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.BacklogSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, _period_ = _agency_period(request)
        return Response(
            s.BacklogSerializer(
                many=True,
                instance=[
                    {"key": k, "label": str(label), "count": n}
                    for k, label, n in selectors.backlog_for(agency=agency)
                ],
            ).data
        )


class HeatmapView(APIView):
    @extend_schema(
        operation_id="oversight_heatmap",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.HeatCellSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, period = _agency_period(request)
        children, fields, cells = selectors.heatmap_for(agency=agency, period=period)
        names = dict(fields)
        by_id = {c.pk: c for c in children}
        return Response(
            s.HeatCellSerializer(
                many=True,
                instance=[
                    {
                        "agency": by_id[a].code,
                        "field": names.get(f, ""),
                        "resolved": c.resolved,
                        "good": c.good,
                        "percent": c.percent,
                    }
                    for (a, f), c in sorted(cells.items())
                ],
            ).data
        )


class LateView(APIView):
    @extend_schema(
        operation_id="oversight_late",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.FactSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request) -> Response:
        agency, period = _agency_period(request)
        return Response(
            s.FactSerializer(
                many=True,
                instance=[
                    _fact(f) for f in selectors.late_facts(agency=agency, period=period)[:200]
                ],
            ).data
        )


class EvaluationView(APIView):
    @extend_schema(
        operation_id="oversight_evaluation",
        parameters=[OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: s.EvaluationSerializer, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        fact = selectors.fact_for_user(user=request_user(request), pk=pk)
        criteria = selectors.circular01_evaluation(fact)
        scored = [c.points for c in criteria if c.points is not None]
        return Response(
            s.EvaluationSerializer(
                {
                    "code": fact.code,
                    "total": sum(scored),
                    "max": 2 * len(scored),
                    "criteria": [
                        {
                            "number": c.number,
                            "label": str(c.label),
                            "points": c.points,
                            "note": c.note,
                        }
                        for c in criteria
                    ],
                }
            ).data
        )


def _job(job: ReportJob) -> dict[str, Any]:
    return dict(s.ReportJobSerializer(_job_dict(job)).data)


def _job_dict(job: ReportJob) -> dict[str, Any]:
    done = job.state == ReportJob.State.DONE
    return {
        "id": job.pk,
        "agency": job.agency.code,
        "period": job.period_label,
        "state": job.state,
        "progress": job.progress,
        "error": job.error,
        "xlsx_url": reverse("oversight:report-download", args=[job.pk, "xlsx"]) if done else None,
        "docx_url": reverse("oversight:report-download", args=[job.pk, "docx"]) if done else None,
    }


class ReportListView(APIView):
    @extend_schema(
        operation_id="oversight_reports", responses={200: s.ReportJobSerializer(many=True)}
    )
    def get(self, request: Request) -> Response:
        jobs = ReportJob.objects.filter(requested_by=request_user(request)).select_related(
            "agency"
        )[:50]
        return Response([_job(j) for j in jobs])

    @extend_schema(
        operation_id="oversight_report_request",
        request=s.ReportRequestSerializer,
        responses={202: s.ReportJobSerializer, **ERRORS},
    )
    def post(self, request: Request) -> Response:
        body = s.ReportRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        params = {k: str(v) for k, v in body.validated_data.items()}
        period = parse_period(params)
        user = request_user(request)
        agency = selectors.agency_for_user(user=user, code=params["agency"])
        job = services.report_request(actor=user, agency=agency, period=period)
        return Response(_job(job), status=status.HTTP_202_ACCEPTED)


class ReportDetailView(APIView):
    @extend_schema(
        operation_id="oversight_report",
        parameters=[OpenApiParameter("pk", OpenApiTypes.INT, OpenApiParameter.PATH)],
        responses={200: s.ReportJobSerializer, **ERRORS},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = request_user(request)
        job = ReportJob.objects.select_related("agency").filter(pk=pk).first()
        if (
            job is None
            or not selectors.agencies_for_user(user=user).filter(pk=job.agency_id).exists()
        ):
            raise Http404("report")
        return Response(_job(job))


class PublicIndexView(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list[Any] = []

    @extend_schema(
        operation_id="oversight_public_index",
        parameters=[s.PeriodQuerySerializer],
        responses={200: s.PublicRowSerializer(many=True), 400: ErrorSerializer},
    )
    def get(self, request: Request) -> Response:
        period = parse_period(_params(request))
        rows = selectors.public_index(period=period)
        return Response(
            s.PublicRowSerializer(
                many=True,
                instance=[
                    {
                        "agency": _agency(a),
                        "total": r.total,
                        "available_points": r.available_points,
                        "groups": _groups(r),
                    }
                    for a, r in rows
                ],
            ).data
        )
