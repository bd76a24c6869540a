"""Pages of the registers described in ``specs``: list, export, create, detail, edit."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.models import Agency
from motcua.reform import forms as reform_forms
from motcua.reform import selectors, services, specs
from motcua.reform.constants import (
    OPEN_RECOMMENDATION_STATUSES,
    FollowUpStatus,
    TaskStatus,
)
from motcua.reform.models import FollowUpAction, Recommendation, ReformRecord, ReformTask
from motcua.reform.views.common import apply_errors, base_context, denied, workspace

OVERDUE: dict[type[Any], Callable[[dt.date], Q]] = {
    ReformTask: lambda today: Q(
        status__in=[TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS], deadline__lt=today
    ),
    Recommendation: lambda today: Q(status__in=OPEN_RECOMMENDATION_STATUSES, due_on__lt=today),
    FollowUpAction: lambda today: Q(status=FollowUpStatus.OPEN, deadline__lt=today),
}


def get_spec(slug: str) -> specs.Spec:
    spec = specs.spec_for(slug)
    if spec is None:
        raise Http404("register")
    return spec


def filtered(request: HttpRequest, spec: specs.Spec, agency: Agency) -> tuple[QuerySet[Any], Any]:
    """The register's rows in the agency's subtree, narrowed by the query string."""
    rows = selectors.record_list(user=request.user, model=spec.model, agency=agency)
    if spec.select_related:
        rows = rows.select_related(*spec.select_related)
    form = reform_forms.FilterForm(request.GET or None, spec=spec)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data.get("q"):
            q = Q()
            for path in spec.search:
                q |= Q(**{f"{path}__icontains": data["q"]})
            rows = rows.filter(q)
        if data.get("nam") and spec.year_lookup:
            rows = rows.filter(**{spec.year_lookup: data["nam"]})
        if data.get("trang_thai") and spec.status_field:
            rows = rows.filter(**{spec.status_field: data["trang_thai"]})
    if request.GET.get("qua_han") and spec.model in OVERDUE:
        rows = rows.filter(OVERDUE[spec.model](timezone.localdate()))
    parent_id = request.GET.get(spec.parent or "")
    if spec.parent and parent_id and parent_id.isdigit():
        rows = rows.filter(**{f"{spec.parent}_id": int(parent_id)})
    return rows, form


@login_required
def record_list(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    agency = workspace(request, code)
    spec = get_spec(slug)
    rows, form = filtered(request, spec, agency)
    page = Paginator(rows, 50).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    context = base_context(
        request,
        agency,
        spec=spec,
        page=page,
        filter_form=form,
        columns=[(c, spec.label(c)) for c in spec.columns],
        query=query.urlencode(),
        overdue_filter=spec.model in OVERDUE,
    )
    is_recommendation = spec.model is Recommendation
    context["can_create"] = context["can_supervise"] if is_recommendation else context["can_write"]
    return render(request, "reform/record_list.html", context)


@login_required
def record_export(request: HttpRequest, code: str, slug: str, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404("format")
    agency = workspace(request, code)
    spec = get_spec(slug)
    rows, _form = filtered(request, spec, agency)
    header = [spec.label(c) for c in spec.columns]
    filename = f"{spec.slug}-{agency.code}-{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 CSV with Vietnamese letters only with a BOM
        writer = csv.writer(buffer)
        writer.writerow(header)
        for obj in rows.iterator(chunk_size=500):
            writer.writerow([specs.export_value(obj, c) for c in spec.columns])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=str(spec.title)[:31])
        sheet.append(header)
        for obj in rows.iterator(chunk_size=500):
            sheet.append([specs.export_value(obj, c) for c in spec.columns])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def _create(spec: specs.Spec, actor: Any, data: dict[str, Any]) -> ReformRecord:
    if spec.create_service:
        module, name = spec.create_service.rsplit(".", 1)
        return getattr(import_module(module), name)(actor=actor, data=data)  # type: ignore[no-any-return]
    return services.record_create(actor=actor, model=spec.model, data=data)


CUSTOM_DETAIL = {
    "kien-nghi": "reform:recommendation-detail",
    "bo-chi-so": "reform:framework-detail",
    "danh-gia-chi-so": "reform:assessment-detail",
}


def detail_url(agency: Agency, spec: specs.Spec, obj: ReformRecord) -> str:
    if spec.slug in CUSTOM_DETAIL:
        return reverse(CUSTOM_DETAIL[spec.slug], args=[agency.code, obj.pk])
    return reverse("reform:record-detail", args=[agency.code, spec.slug, obj.pk])


@login_required
def record_create(request: HttpRequest, code: str, slug: str) -> HttpResponse:
    agency = workspace(request, code)
    spec = get_spec(slug)
    if spec.custom_create:
        raise Http404("register")
    form_class = reform_forms.record_form_class(spec)
    initial = {k: v for k, v in request.GET.items() if k in spec.fields}
    form = form_class(request.POST or None, user=request.user, context=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            obj = _create(spec, request.user, dict(form.cleaned_data))
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu %(what)s.") % {"what": spec.verbose_name})
            if spec.parent:
                parent = getattr(obj, spec.parent)
                parent_spec = specs.BY_MODEL[type(parent)]
                return redirect(detail_url(agency, parent_spec, parent))
            return redirect(detail_url(agency, spec, obj))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reform/record_form.html",
        base_context(request, agency, spec=spec, form=form, creating=True),
        status=status,
    )


@login_required
def record_edit(request: HttpRequest, code: str, slug: str, pk: int) -> HttpResponse:
    agency = workspace(request, code)
    spec = get_spec(slug)
    obj = selectors.record_get(user=request.user, model=spec.model, pk=pk, agency=agency)
    form_class = reform_forms.record_form_class(spec)
    editable = [f for f in spec.fields if f not in services.records.immutable_fields(spec.model)]
    form = form_class(request.POST or None, user=request.user, context=agency, instance=obj)
    for name in list(form.fields):
        if name not in editable:
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in form.changed_data if k in editable}
        try:
            services.record_update(actor=request.user, obj=obj, changes=changes)
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Đã cập nhật %(what)s.") % {"what": spec.verbose_name})
            return redirect(detail_url(agency, spec, obj))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reform/record_form.html",
        base_context(request, agency, spec=spec, form=form, obj=obj, creating=False),
        status=status,
    )


def detail_rows(spec: specs.Spec, obj: ReformRecord) -> list[tuple[str, str]]:
    names = [*spec.fields, *[f for f in spec.model.STATE_FIELDS if f not in spec.fields]]
    return [(spec.label(n), specs.display_value(obj, n)) for n in names]


def children_of(
    request: HttpRequest, agency: Agency, spec: specs.Spec, obj: ReformRecord
) -> list[dict[str, Any]]:
    blocks = []
    for slug in spec.children:
        child = specs.BY_SLUG[slug]
        rows = selectors.record_list(user=request.user, model=child.model).filter(
            **{str(child.parent): obj}
        )
        if child.select_related:
            rows = rows.select_related(*child.select_related)
        columns = [c for c in child.columns if c != child.parent]
        blocks.append(
            {
                "spec": child,
                "rows": rows[:500],
                "count": rows.count(),
                "columns": [(c, child.label(c)) for c in columns],
            }
        )
    return blocks


@login_required
def record_detail(request: HttpRequest, code: str, slug: str, pk: int) -> HttpResponse:
    agency = workspace(request, code)
    spec = get_spec(slug)
    if spec.custom_detail:
        raise Http404("register")
    obj = selectors.record_get(user=request.user, model=spec.model, pk=pk, agency=agency)
    context = base_context(
        request,
        agency,
        spec=spec,
        obj=obj,
        rows=detail_rows(spec, obj),
        children=children_of(request, agency, spec, obj),
        parent_link=None,
    )
    if spec.parent:
        parent = getattr(obj, spec.parent)
        context["parent_link"] = (
            detail_url(agency, specs.BY_MODEL[type(parent)], parent),
            str(parent),
        )
    context.update(transition_forms(obj))
    return render(request, "reform/record_detail.html", context)


def transition_forms(obj: ReformRecord) -> dict[str, Any]:
    from motcua.reform.models import Inspection, LimitProposal

    if isinstance(obj, ReformTask):
        return {
            "status_form": reform_forms.TaskStatusForm(initial={"status": obj.status}),
            "status_url": "reform:task-status",
        }
    if isinstance(obj, Inspection):
        return {
            "status_form": reform_forms.InspectionStatusForm(
                initial={
                    "status": obj.status,
                    "conducted_on": obj.conducted_on,
                    "conclusion": obj.conclusion,
                }
            ),
            "status_url": "reform:inspection-status",
            "attachment_form": reform_forms.AttachmentForm(),
            "attachments": obj.attachments.all(),
        }
    if isinstance(obj, FollowUpAction):
        return {
            "status_form": reform_forms.FollowUpStatusForm(initial={"status": obj.status}),
            "status_url": "reform:follow-up-status",
        }
    if isinstance(obj, LimitProposal):
        return {"decision_form": reform_forms.DecisionForm()}
    return {}
