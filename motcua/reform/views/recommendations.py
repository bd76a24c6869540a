"""Recommendation pages: issue, follow, report progress with evidence, close, reopen."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.reform import access, selectors, services
from motcua.reform import forms as reform_forms
from motcua.reform.models import Recommendation
from motcua.reform.views.common import (
    apply_errors,
    base_context,
    denied,
    flash_errors,
    form_errors,
    workspace,
)


def _url(code: str, pk: int) -> str:
    return reverse("reform:recommendation-detail", args=[code, pk])


@login_required
def recommendation_issue(request: HttpRequest, code: str) -> HttpResponse:
    agency = workspace(request, code)
    form = reform_forms.RecommendationIssueForm(
        request.POST or None, user=request.user, context=agency
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            rec = services.recommendation_issue(actor=request.user, **data)
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành kiến nghị; hạn thực hiện %(d)s.") % {"d": f"{rec.due_on:%d/%m/%Y}"},
            )
            return redirect(_url(agency.code, rec.pk))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "reform/recommendation_form.html",
        base_context(request, agency, form=form),
        status=status,
    )


@login_required
def recommendation_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = workspace(request, code)
    rec = selectors.record_get(user=request.user, model=Recommendation, pk=pk, agency=agency)
    user = request.user
    context = base_context(
        request,
        agency,
        rec=rec,
        updates=rec.updates.select_related("actor").prefetch_related("attachments"),
        attachments_without_entry=rec.attachments.filter(update__isnull=True),
        may_report=access.can_write(user=user, agency_id=rec.agency_id),
        may_follow=access.can_supervise(user=user, agency_id=rec.agency_id),
        progress_form=reform_forms.ProgressForm(),
        close_form=reform_forms.CloseForm(),
        reopen_form=reform_forms.ReopenForm(),
        deadline_form=reform_forms.DeadlineForm(
            initial={
                "deadline_mode": rec.deadline_mode,
                "limit_working_days": rec.limit_working_days,
                "due_on": rec.due_on,
            }
        ),
    )
    return render(request, "reform/recommendation_detail.html", context)


def _post(
    request: HttpRequest, code: str, pk: int, form_class: Any, apply: Any, done: str
) -> HttpResponse:
    agency = workspace(request, code)
    rec = selectors.record_get(user=request.user, model=Recommendation, pk=pk, agency=agency)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            apply(request.user, rec, form.cleaned_data)
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            flash_errors(request, exc, {n: str(f.label) for n, f in form.fields.items()})
        else:
            messages.success(request, done)
    else:
        form_errors(request, form)
    return redirect(_url(agency.code, rec.pk))


@login_required
@require_POST
def recommendation_progress(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _post(
        request,
        code,
        pk,
        reform_forms.ProgressForm,
        lambda user, rec, d: services.recommendation_report_progress(
            actor=user, recommendation=rec, note=d["note"], done=d["done"], uploads=d["attachments"]
        ),
        _("Đã gửi báo cáo tiến độ."),
    )


@login_required
@require_POST
def recommendation_close(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _post(
        request,
        code,
        pk,
        reform_forms.CloseForm,
        lambda user, rec, d: services.recommendation_close(
            actor=user, recommendation=rec, note=d["note"], uploads=d["attachments"]
        ),
        _("Đã đóng kiến nghị."),
    )


@login_required
@require_POST
def recommendation_reopen(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _post(
        request,
        code,
        pk,
        reform_forms.ReopenForm,
        lambda user, rec, d: services.recommendation_reopen(
            actor=user, recommendation=rec, note=d["note"]
        ),
        _("Đã mở lại kiến nghị."),
    )


@login_required
@require_POST
def recommendation_deadline(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _post(
        request,
        code,
        pk,
        reform_forms.DeadlineForm,
        lambda user, rec, d: services.recommendation_set_deadline(
            actor=user,
            recommendation=rec,
            deadline_mode=d["deadline_mode"],
            limit_working_days=d["limit_working_days"],
            due_on=d["due_on"],
        ),
        _("Đã đổi hạn thực hiện."),
    )
