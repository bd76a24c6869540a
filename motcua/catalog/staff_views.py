"""Staff pages of the catalogue (reform officers, administrators): edit drafts, publish,
retire, assign agencies, import, and the over-budget report. Views only call selectors
and services."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import BaseFormSet, Form
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog import selectors, services
from motcua.catalog.constants import VersionStatus
from motcua.catalog.eform import eform_fields, eform_parse, eform_validate
from motcua.catalog.exchange.engine import catalog_payloads
from motcua.catalog.exchange.files import write_xlsx
from motcua.catalog.forms import (
    AssignmentForm,
    CommitmentForm,
    ComponentFormSet,
    FeeFormSet,
    ImportForm,
    PublishForm,
    RetireForm,
    StepFormSet,
    VersionForm,
)
from motcua.catalog.models import Procedure, ProcedureAssignment, ProcedureVersion
from motcua.catalog.payload import version_payload
from motcua.organizations.models import Agency

View = Callable[..., HttpResponseBase]
COMMITMENT_PREFIX = "cam_ket"


def _actor(request: HttpRequest) -> User:
    return cast(User, request.user)  # editor_required let only signed-in staff through


def editor_required(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not selectors.user_can_edit_catalog(user=request.user):
            raise PermissionDenied(_("Chỉ cán bộ cải cách hành chính hoặc quản trị."))
        return view(request, *args, **kwargs)

    return wrapper


@editor_required
def staff_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")
    status = request.GET.get("trang_thai", "")
    versions = selectors.staff_version_list(user=request.user, query=query, status=status)
    return render(
        request,
        "catalog/staff/list.html",
        {
            "versions": versions[:200],
            "count": versions.count(),
            "q": query,
            "status": status,
            "statuses": VersionStatus.choices,
        },
    )


def _forms(data: Any = None, version: ProcedureVersion | None = None) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "effective_from": timezone.localdate(),
        "channels": [1],
        "applicant_types": ["citizen"],
        "time_unit": "working_days",
        "online_level": "none",
        "level": "commune",
    }
    rows: dict[str, list[dict[str, Any]]] = {"components": [], "fees": [], "process": []}
    if version is not None:
        payload = version_payload(version)
        initial = {k: v for k, v in payload.items() if k not in rows and k != "assignments"}
        rows = {k: payload[k] for k in rows}
    return {
        "form": VersionForm(data, initial=initial),
        "components": ComponentFormSet(data, prefix="c", initial=rows["components"]),
        "fees": FeeFormSet(data, prefix="f", initial=rows["fees"]),
        "steps": StepFormSet(data, prefix="s", initial=rows["process"]),
    }


def _kept(formset: BaseFormSet[Any]) -> list[Form]:
    """Rows to store: existing rows not marked for deletion, and extra rows filled in."""
    initial = formset.initial_form_count()
    return [
        f
        for i, f in enumerate(formset.forms)
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and (i < initial or f.has_changed())
    ]


def _payload(forms: dict[str, Any]) -> dict[str, Any]:
    payload = dict(forms["form"].cleaned_data)
    for key, formset in (
        ("components", forms["components"]),
        ("fees", forms["fees"]),
        ("process", forms["steps"]),
    ):
        payload[key] = [
            {**{k: v for k, v in f.cleaned_data.items() if k != "DELETE"}, "order": i}
            for i, f in enumerate(_kept(formset), start=1)
        ]
    return payload


def _attach_errors(forms: dict[str, Any], errors: dict[str, list[str]]) -> None:
    """Put service errors ('time_limit', 'components[1].quantity') next to their inputs."""
    sections = {"components": forms["components"], "fees": forms["fees"], "process": forms["steps"]}
    for key, messages_ in errors.items():
        target, field = forms["form"], key
        if "[" in key:
            section, rest = key.split("[", 1)
            index, _dot, field = rest.partition("].")
            kept = _kept(sections[section]) if section in sections else []
            if index.isdigit() and int(index) < len(kept):
                target = kept[int(index)]
        for message in messages_:
            target.add_error(field if field in target.fields else None, message)


def _save(request: HttpRequest, version: ProcedureVersion | None) -> tuple[Any, dict[str, Any]]:
    forms = _forms(request.POST)
    valid = all(f.is_valid() for f in forms.values())
    if not valid:
        return None, forms
    try:
        if version is None:
            saved = services.procedure_create(actor=_actor(request), payload=_payload(forms))
        else:
            saved = services.version_update_draft(
                actor=_actor(request),
                version=version,
                payload=_payload(forms),
            )
    except ValidationError as exc:
        _attach_errors(
            forms, exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        )
        return None, forms
    return saved, forms


@editor_required
def staff_create(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        saved, forms = _save(request, None)
        if saved is not None:
            messages.success(
                request, _("Đã tạo bản nháp thủ tục %(code)s.") % {"code": saved.procedure.code}
            )
            return redirect("catalog-staff:version", pk=saved.pk)
        status = 400
    else:
        forms = _forms()
        status = 200
    return render(request, "catalog/staff/edit.html", {**forms, "version": None}, status=status)


@editor_required
def staff_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version_get(user=request.user, pk=pk)
    if request.method == "POST":
        if not version.is_draft:
            messages.error(request, _("Phiên bản đã công bố không sửa được; hãy tạo bản nháp."))
            return redirect("catalog-staff:version", pk=pk)
        saved, forms = _save(request, version)
        if saved is not None:
            messages.success(request, _("Đã lưu bản nháp."))
            return redirect("catalog-staff:version", pk=pk)
        status = 400
    else:
        forms = _forms(version=version)
        status = 200
    context = {
        **forms,
        "version": version,
        "budget": selectors.version_budget(version),
        "history": selectors.procedure_history(code=version.procedure.code, user=request.user),
        "publish_form": PublishForm(
            initial={"effective_from": max(version.effective_from, timezone.localdate())}
        ),
        "retire_form": RetireForm(initial={"on": timezone.localdate()}),
        "commitment_form": CommitmentForm(
            prefix=COMMITMENT_PREFIX,
            initial={
                "committed_limit": version.committed_limit,
                "committed_unit": version.committed_unit or version.time_unit,
                "committed_decision": version.committed_decision,
            },
        ),
        "can_override": selectors.user_can_override_budget(user=request.user),
        "eform_preview": eform_fields(version.eform()),
    }
    return render(request, "catalog/staff/edit.html", context, status=status)


def _report_error(request: HttpRequest, exc: ValidationError | PermissionDenied) -> None:
    if isinstance(exc, PermissionDenied):
        messages.error(request, str(exc))
        return
    labels = {
        "override_reason": _("Lý do chấp nhận vượt thời hạn"),
        "effective_from": _("Hiệu lực từ"),
        "status": _("Trạng thái"),
        "valid_from": _("Áp dụng từ"),
        "valid_to": _("Áp dụng đến"),
        "channels": _("Kênh tiếp nhận"),
        "code": _("Mã thủ tục"),
        "agency": _("Cơ quan đăng ký cam kết"),
        "committed_limit": _("Thời hạn cam kết"),
        "committed_unit": _("Đơn vị thời hạn cam kết"),
        "committed_decision": _("Quyết định đăng ký cam kết"),
    }
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]
    for field, errors in items:
        for error in errors:
            label = labels.get(field, field)
            messages.error(request, f"{label}: {error}" if label else error)


@editor_required
@require_POST
def staff_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version_get(user=request.user, pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("catalog-staff:version", pk=pk)
    try:
        services.version_publish(
            actor=_actor(request),
            version=version,
            effective_from=form.cleaned_data["effective_from"],
            override_reason=form.cleaned_data["override_reason"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _report_error(request, exc)
    else:
        messages.success(request, _("Đã công bố phiên bản %(n)s.") % {"n": version.number})
    return redirect("catalog-staff:version", pk=pk)


@editor_required
@require_POST
def staff_retire(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version_get(user=request.user, pk=pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            services.version_retire(
                actor=_actor(request),
                version=version,
                on=form.cleaned_data["on"],
            )
            messages.success(request, _("Đã chuyển phiên bản sang hết hiệu lực."))
        except ValidationError as exc:
            _report_error(request, exc)
    else:
        messages.error(request, _("Áp dụng đến hết ngày: nhập ngày hợp lệ."))
    return redirect("catalog-staff:version", pk=pk)


@editor_required
@require_POST
def staff_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the shorter limit an agency committed to: a new published version."""
    version = selectors.staff_version_get(user=request.user, pk=pk)
    form = CommitmentForm(request.POST, prefix=COMMITMENT_PREFIX)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
        return redirect("catalog-staff:version", pk=pk)
    data = form.cleaned_data
    try:
        saved = services.committed_limit_set(
            actor=_actor(request),
            code=version.procedure.code,
            agency=get_object_or_404(Agency, code=data["agency"]),
            committed_limit=data["committed_limit"],
            committed_unit=data["committed_unit"],
            committed_decision=data["committed_decision"],
            effective_from=data["effective_from"],
        )
    except (ValidationError, PermissionDenied) as exc:
        _report_error(request, exc)
        return redirect("catalog-staff:version", pk=pk)
    messages.success(
        request,
        _("Đã ghi thời hạn cam kết %(limit)s: phiên bản %(n)s, hiệu lực từ %(day)s.")
        % {
            "limit": saved.committed_display,
            "n": saved.number,
            "day": saved.effective_from.strftime("%d/%m/%Y"),
        },
    )
    return redirect("catalog-staff:version", pk=saved.pk)


@editor_required
@require_POST
def staff_start_draft(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    draft = services.version_start_draft(actor=_actor(request), procedure=procedure)
    messages.success(request, _("Đang sửa bản nháp số %(n)s.") % {"n": draft.number})
    return redirect("catalog-staff:version", pk=draft.pk)


@editor_required
@require_POST
def staff_discard(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.staff_version_get(user=request.user, pk=pk)
    try:
        services.version_discard_draft(actor=_actor(request), version=version)
    except ValidationError as exc:
        _report_error(request, exc)
        return redirect("catalog-staff:version", pk=pk)
    messages.success(request, _("Đã hủy bản nháp."))
    return redirect("catalog-staff:list")


@editor_required
def eform_preview(request: HttpRequest) -> HttpResponse:
    """Live preview of the e-form being edited; submitting the preview checks sample data."""
    schema, errors = eform_parse(request.POST.get("eform_schema", ""))
    context: dict[str, Any] = {"schema_errors": errors}
    if schema is not None:
        values: dict[str, Any] = {}
        field_errors: dict[str, list[str]] = {}
        if request.POST.get("_check"):
            data = {k[3:]: v for k, v in request.POST.items() if k.startswith("ef_")}
            cleaned, field_errors = eform_validate(schema, data)
            values = data
            context["checked"] = cleaned if not field_errors else None
        context["fields"] = eform_fields(schema, values, field_errors)
        context["title"] = schema.get("title", "")
    return render(request, "catalog/staff/_eform_preview.html", context)


@editor_required
def staff_assignments(request: HttpRequest, code: str) -> HttpResponse:
    procedure = get_object_or_404(Procedure, code=code)
    form = AssignmentForm(
        request.POST or None, initial={"valid_from": timezone.localdate(), "channels": [1]}
    )
    if request.method == "POST" and form.is_valid():
        agency = get_object_or_404(Agency, code=form.cleaned_data["agency"])
        try:
            services.assignment_set(
                actor=_actor(request),
                procedure=procedure,
                agency=agency,
                valid_from=form.cleaned_data["valid_from"],
                valid_to=form.cleaned_data["valid_to"],
                channels=form.cleaned_data["channels"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("Đã lưu cơ quan áp dụng."))
            return redirect("catalog-staff:assignments", code=code)
    rows = procedure.assignments.select_related("agency").order_by("agency__path", "valid_from")
    latest = procedure.versions.order_by("-number").first()
    return render(
        request,
        "catalog/staff/assignments.html",
        {
            "procedure": procedure,
            "rows": rows,
            "form": form,
            "latest": latest,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


@editor_required
@require_POST
def staff_assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ProcedureAssignment.objects.select_related("procedure"), pk=pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            services.assignment_end(
                actor=_actor(request),
                assignment=row,
                valid_to=form.cleaned_data["on"],
            )
            messages.success(request, _("Đã kết thúc áp dụng."))
        except ValidationError as exc:
            _report_error(request, exc)
    else:
        messages.error(request, _("Áp dụng đến hết ngày: nhập ngày hợp lệ."))
    return redirect("catalog-staff:assignments", code=row.procedure.code)


@editor_required
def over_budget_report(request: HttpRequest) -> HttpResponse:
    return render(
        request, "catalog/staff/over_budget.html", {"rows": selectors.over_budget_versions()}
    )


@editor_required
def import_start(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = services.import_job_create(
                actor=_actor(request),
                upload=form.cleaned_data["file"],
                valid_only=form.cleaned_data["valid_only"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("catalog-staff:import-job", pk=job.pk)
    return render(
        request, "catalog/staff/import.html", {"form": form}, status=400 if form.errors else 200
    )


@editor_required
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.import_job_get(user=request.user, pk=pk)
    template = (
        "catalog/staff/_import_job.html"
        if request.headers.get("HX-Request")
        else ("catalog/staff/import_job.html")
    )
    return render(request, template, {"job": job})


@editor_required
def export_xlsx(request: HttpRequest) -> FileResponse:
    out = io.BytesIO()
    write_xlsx(catalog_payloads(include_synthetic=False), out)
    out.seek(0)
    name = f"danh-muc-thu-tuc-{timezone.localdate():%Y%m%d}.xlsx"
    return FileResponse(out, as_attachment=True, filename=name)
