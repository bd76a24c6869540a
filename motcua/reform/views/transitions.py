"""Lifecycle buttons of the detail pages, and attachment downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.reform import forms as reform_forms
from motcua.reform import selectors, services, specs
from motcua.reform.models import (
    Attachment,
    FollowUpAction,
    Inspection,
    LimitProposal,
    ReformRecord,
    ReformTask,
)
from motcua.reform.views.common import denied, flash_errors, form_errors, workspace
from motcua.reform.views.records import detail_url


def _transition(
    request: HttpRequest,
    code: str,
    pk: int,
    model: type[ReformRecord],
    form_class: type[forms.Form],
    apply: Callable[[Any, Any, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    agency = workspace(request, code)
    obj = selectors.record_get(user=request.user, model=model, pk=pk, agency=agency)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            apply(request.user, obj, form.cleaned_data)
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            flash_errors(request, exc, {n: str(f.label) for n, f in form.fields.items()})
        else:
            messages.success(request, done)
    else:
        form_errors(request, form)
    return redirect(detail_url(agency, specs.BY_MODEL[model], obj))


@login_required
@require_POST
def task_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        code,
        pk,
        ReformTask,
        reform_forms.TaskStatusForm,
        lambda user, obj, d: services.task_set_status(
            actor=user,
            task=obj,
            status=d["status"],
            completed_on=d["completed_on"],
            result=d["result"] or None,
        ),
        _("Đã cập nhật trạng thái nhiệm vụ."),
    )


@login_required
@require_POST
def inspection_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        code,
        pk,
        Inspection,
        reform_forms.InspectionStatusForm,
        lambda user, obj, d: services.inspection_set_status(
            actor=user,
            inspection=obj,
            status=d["status"],
            conducted_on=d["conducted_on"],
            conclusion=d["conclusion"] or None,
        ),
        _("Đã cập nhật cuộc kiểm tra."),
    )


@login_required
@require_POST
def inspection_attach(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        code,
        pk,
        Inspection,
        reform_forms.AttachmentForm,
        lambda user, obj, d: services.inspection_attach(
            actor=user, inspection=obj, upload=d["file"]
        ),
        _("Đã đính kèm tệp."),
    )


@login_required
@require_POST
def follow_up_status(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        code,
        pk,
        FollowUpAction,
        reform_forms.FollowUpStatusForm,
        lambda user, obj, d: services.follow_up_set_status(
            actor=user,
            action=obj,
            status=d["status"],
            done_on=d["done_on"],
            result=d["result"] or None,
        ),
        _("Đã cập nhật việc khắc phục."),
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    return _transition(
        request,
        code,
        pk,
        LimitProposal,
        reform_forms.DecisionForm,
        lambda user, obj, d: services.review_decision_apply(
            actor=user,
            proposal=obj,
            approved=d["approved"],
            decided_on=d["decided_on"],
            decision_number=d["decision_number"],
        ),
        _("Đã ghi quyết định."),
    )


@login_required
def attachment_download(request: HttpRequest, code: str, pk: int) -> HttpResponseBase:
    """A stored file, only for someone who may see what it is attached to."""
    agency = workspace(request, code)
    attachment = selectors.record_get(user=request.user, model=Attachment, pk=pk, agency=agency)
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.name
    )
    return response
