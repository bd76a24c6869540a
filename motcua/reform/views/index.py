"""Reform index pages: a criteria set with its ranking, and a unit's scoring sheet."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from motcua.organizations.models import Agency
from motcua.reform import access, selectors, services
from motcua.reform.constants import SUPERVISE_ROLES, WRITE_ROLES, AssessmentStatus
from motcua.reform.forms import BootstrapMixin
from motcua.reform.models import IndexAssessment, IndexCriterion, IndexFramework
from motcua.reform.services.index import leaf_criteria
from motcua.reform.views.common import apply_errors, base_context, denied, flash_errors, workspace


def _tree(framework: IndexFramework) -> list[IndexCriterion]:
    """Criteria in reading order (depth-first by position)."""
    criteria = list(framework.criteria.order_by("position", "id"))
    children: dict[int | None, list[IndexCriterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    ordered: list[IndexCriterion] = []

    def walk(parent: int | None) -> None:
        for c in children.get(parent, []):
            ordered.append(c)
            walk(c.pk)

    walk(None)
    return ordered


@login_required
def framework_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = workspace(request, code)
    framework = selectors.record_get(user=request.user, model=IndexFramework, pk=pk)
    ranking = selectors.index_ranking(framework=framework, parent_id=framework.agency_id)
    visible = set(access.reform_agencies(user=request.user).values_list("pk", flat=True))
    context = base_context(
        request,
        agency,
        framework=framework,
        criteria=_tree(framework),
        ranking=ranking,
        visible=visible,
        total_max=sum(
            (c.max_points for c in framework.criteria.filter(parent__isnull=True)), Decimal(0)
        ),
    )
    return render(request, "reform/framework_detail.html", context)


class AssessmentStartForm(BootstrapMixin, forms.Form):
    framework = forms.ModelChoiceField(
        label=_l("Bộ chỉ số"), queryset=IndexFramework.objects.none()
    )
    agency = forms.ModelChoiceField(label=_l("Đơn vị tự đánh giá"), queryset=Agency.objects.none())

    def __init__(self, *args: Any, user: Any, context: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = selectors.record_list(  # type: ignore[attr-defined]
            user=user, model=IndexFramework
        ).order_by("-year")
        self.fields["agency"].queryset = access.reform_agencies(  # type: ignore[attr-defined]
            user=user, roles=WRITE_ROLES
        ).filter(path__startswith=context.path)
        self.fields["agency"].label_from_instance = lambda a: a.label  # type: ignore[attr-defined]
        self.initial.setdefault("agency", context.pk)


def _assessment_url(code: str, pk: int) -> str:
    return reverse("reform:assessment-detail", args=[code, pk])


@login_required
def assessment_start(request: HttpRequest, code: str) -> HttpResponse:
    agency = workspace(request, code)
    form = AssessmentStartForm(request.POST or None, user=request.user, context=agency)
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(actor=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            return denied(request, agency, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect(_assessment_url(agency.code, assessment.pk))
    return render(
        request,
        "reform/assessment_start.html",
        base_context(request, agency, form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def assessment_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = workspace(request, code)
    assessment = selectors.record_get(
        user=request.user, model=IndexAssessment, pk=pk, agency=agency
    )
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    leaves = {c.pk for c in leaf_criteria(assessment.framework)}
    rows = [
        {"criterion": c, "leaf": c.pk in leaves, "score": scores.get(c.pk)}
        for c in _tree(assessment.framework)
    ]
    rank = selectors.index_rank(assessment=assessment)
    user = request.user
    context = base_context(
        request,
        agency,
        assessment=assessment,
        rows=rows,
        rank=rank,
        may_score=assessment.status == AssessmentStatus.DRAFT
        and access.can_write(user=user, agency_id=assessment.agency_id),
        may_appraise=assessment.status == AssessmentStatus.SUBMITTED
        and access.covers(
            user=user,
            agency_id=assessment.framework.agency_id,
            roles=[*WRITE_ROLES, *SUPERVISE_ROLES],
        ),
    )
    return render(request, "reform/assessment_detail.html", context)


def _decimal(raw: str, field: str) -> Decimal | None:
    raw = (raw or "").strip().replace(",", ".")
    if not raw:
        return None
    try:
        return Decimal(raw)
    except InvalidOperation as exc:
        raise ValidationError({field: [_("'%(v)s' không phải là số điểm.") % {"v": raw}]}) from exc


@login_required
@require_POST
def assessment_scores(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Save the whole scoring sheet at once: every changed criterion, or none."""
    agency = workspace(request, code)
    assessment = selectors.record_get(
        user=request.user, model=IndexAssessment, pk=pk, agency=agency
    )
    appraise = request.POST.get("mode") == "appraise"
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    try:
        with transaction.atomic():
            for criterion in leaf_criteria(assessment.framework):
                key = f"c{criterion.pk}"
                current = scores.get(criterion.pk)
                if appraise:
                    value = _decimal(request.POST.get(f"{key}_appraised", ""), key)
                    if value is not None and (current is None or current.appraised_score != value):
                        services.appraisal_score_set(
                            actor=request.user,
                            assessment=assessment,
                            criterion=criterion,
                            appraised_score=value,
                        )
                    continue
                value = _decimal(request.POST.get(f"{key}_self", ""), key)
                evidence = request.POST.get(f"{key}_evidence", "")
                if current is None or current.self_score != value or current.evidence != evidence:
                    services.score_set(
                        actor=request.user,
                        assessment=assessment,
                        criterion=criterion,
                        self_score=value,
                        evidence=evidence,
                    )
            action = request.POST.get("action")
            if action == "submit":
                services.assessment_submit(actor=request.user, assessment=assessment)
            elif action == "finish":
                services.assessment_appraise(actor=request.user, assessment=assessment)
    except PermissionDenied as exc:
        return denied(request, agency, exc)
    except ValidationError as exc:
        flash_errors(request, exc, {})
    else:
        messages.success(request, _("Đã lưu bảng điểm."))
    return redirect(_assessment_url(agency.code, assessment.pk))
