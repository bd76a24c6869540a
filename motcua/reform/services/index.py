"""The reform index: self-scoring, submission, appraisal. Totals are recomputed, not typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.models import Agency
from motcua.reform import access
from motcua.reform.constants import SUPERVISE_ROLES, WRITE_ROLES, AssessmentStatus
from motcua.reform.models import IndexAssessment, IndexCriterion, IndexFramework, IndexScore
from motcua.reform.services.records import transition_audit


def leaf_criteria(framework: IndexFramework) -> list[IndexCriterion]:
    """The criteria that are scored: those without sub-criteria, in order."""
    criteria = list(framework.criteria.order_by("position", "id"))
    parents = {c.parent_id for c in criteria if c.parent_id}
    return [c for c in criteria if c.pk not in parents]


def _check_points(value: Decimal | None, criterion: IndexCriterion, field: str) -> None:
    if value is None:
        return
    if value < 0 or value > criterion.max_points:
        raise ValidationError(
            {
                field: [
                    _("Điểm của tiêu chí %(c)s phải từ 0 đến %(m)s.")
                    % {"c": criterion.code, "m": criterion.max_points}
                ]
            }
        )


def _recompute(assessment: IndexAssessment) -> None:
    sums = assessment.scores.aggregate(s=Sum("self_score"), a=Sum("appraised_score"))
    assessment.self_total = sums["s"] or Decimal(0)
    if assessment.status == AssessmentStatus.APPRAISED:
        assessment.appraised_total = sums["a"] or Decimal(0)


def _require_appraiser(actor: Any, framework: IndexFramework) -> None:
    if not access.covers(
        user=actor, agency_id=framework.agency_id, roles=[*WRITE_ROLES, *SUPERVISE_ROLES]
    ):
        raise PermissionDenied(_("Chỉ cơ quan ban hành bộ chỉ số được thẩm định điểm."))


@transaction.atomic
def assessment_start(*, actor: Any, framework: IndexFramework, agency: Agency) -> IndexAssessment:
    """Open (once) the self-assessment of ``agency`` under ``framework``."""
    access.require_write(user=actor, agency_id=agency.pk)
    if agency.kind != framework.peer_kind or not agency.path.startswith(framework.agency.path):
        raise ValidationError({"agency": [_("Bộ chỉ số này không áp dụng cho đơn vị được chọn.")]})
    assessment, created = IndexAssessment.objects.get_or_create(framework=framework, agency=agency)
    if created:
        transition_audit(
            actor=actor,
            obj=assessment,
            verb="start",
            before={},
            after={"framework": framework.pk, "agency": agency.code},
        )
    return assessment


def _lock(assessment: IndexAssessment) -> IndexAssessment:
    return (
        IndexAssessment.objects.select_for_update()
        .select_related("framework")
        .get(pk=assessment.pk)
    )


def _criterion(assessment: IndexAssessment, criterion: IndexCriterion) -> IndexCriterion:
    leaves = {c.pk: c for c in leaf_criteria(assessment.framework)}
    if criterion.pk not in leaves:
        raise ValidationError(
            {"criterion": [_("Chỉ chấm điểm tiêu chí thành phần cuối cùng của bộ chỉ số này.")]}
        )
    return leaves[criterion.pk]


@transaction.atomic
def score_set(
    *,
    actor: Any,
    assessment: IndexAssessment,
    criterion: IndexCriterion,
    self_score: Decimal | None,
    evidence: str | None = None,
) -> IndexScore:
    """Enter the unit's own score (and evidence) for one criterion while self-scoring."""
    access.require_write(user=actor, agency_id=assessment.agency_id)
    assessment = _lock(assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError(
            {"status": [_("Bản tự đánh giá đã gửi; không sửa điểm tự chấm được nữa.")]}
        )
    criterion = _criterion(assessment, criterion)
    _check_points(self_score, criterion, "self_score")
    score, _created = IndexScore.objects.get_or_create(assessment=assessment, criterion=criterion)
    before = {"self_score": score.self_score, "evidence": score.evidence}
    score.self_score = self_score
    if evidence is not None:
        score.evidence = evidence
    score.save(update_fields=["self_score", "evidence", "updated_at"])
    _recompute(assessment)
    assessment.save(update_fields=["self_total", "updated_at"])
    transition_audit(
        actor=actor,
        obj=score,
        verb="self_score",
        before=before,
        after={"self_score": score.self_score, "evidence": score.evidence},
        extra={"criterion": criterion.code},
    )
    return score


@transaction.atomic
def assessment_submit(*, actor: Any, assessment: IndexAssessment) -> IndexAssessment:
    """Send the self-assessment: every criterion scored, evidence where it is required."""
    access.require_write(user=actor, agency_id=assessment.agency_id)
    assessment = _lock(assessment)
    if assessment.status != AssessmentStatus.DRAFT:
        raise ValidationError({"status": [_("Bản tự đánh giá đã được gửi.")]})
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    missing = [
        c.code
        for c in leaf_criteria(assessment.framework)
        if c.pk not in scores or scores[c.pk].self_score is None
    ]
    if missing:
        raise ValidationError(
            {"scores": [_("Chưa chấm điểm các tiêu chí: %(c)s.") % {"c": ", ".join(missing)}]}
        )
    no_evidence = [
        c.code
        for c in leaf_criteria(assessment.framework)
        if c.evidence_required and scores[c.pk].self_score and not scores[c.pk].evidence.strip()
    ]
    if no_evidence:
        raise ValidationError(
            {
                "evidence": [
                    _("Thiếu tài liệu kiểm chứng cho tiêu chí: %(c)s.")
                    % {"c": ", ".join(no_evidence)}
                ]
            }
        )
    assessment.status = AssessmentStatus.SUBMITTED
    assessment.submitted_at = timezone.now()
    _recompute(assessment)
    assessment.save(update_fields=["status", "submitted_at", "self_total", "updated_at"])
    transition_audit(
        actor=actor,
        obj=assessment,
        verb="submit",
        before={"status": AssessmentStatus.DRAFT},
        after={"status": assessment.status, "self_total": assessment.self_total},
    )
    return assessment


@transaction.atomic
def appraisal_score_set(
    *,
    actor: Any,
    assessment: IndexAssessment,
    criterion: IndexCriterion,
    appraised_score: Decimal,
) -> IndexScore:
    """The appraising agency's score for one criterion of a submitted assessment."""
    _require_appraiser(actor, assessment.framework)
    assessment = _lock(assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError({"status": [_("Chỉ thẩm định bản tự đánh giá đã gửi.")]})
    criterion = _criterion(assessment, criterion)
    _check_points(appraised_score, criterion, "appraised_score")
    score = IndexScore.objects.select_for_update().get(assessment=assessment, criterion=criterion)
    before = {"appraised_score": score.appraised_score}
    score.appraised_score = appraised_score
    score.save(update_fields=["appraised_score", "updated_at"])
    transition_audit(
        actor=actor,
        obj=score,
        verb="appraised_score",
        before=before,
        after={"appraised_score": appraised_score},
        extra={"criterion": criterion.code},
    )
    return score


@transaction.atomic
def assessment_appraise(*, actor: Any, assessment: IndexAssessment) -> IndexAssessment:
    """Finish the appraisal: criteria left unappraised keep the unit's own score."""
    _require_appraiser(actor, assessment.framework)
    assessment = _lock(assessment)
    if assessment.status != AssessmentStatus.SUBMITTED:
        raise ValidationError({"status": [_("Chỉ thẩm định bản tự đánh giá đã gửi.")]})
    for score in assessment.scores.select_for_update().filter(appraised_score__isnull=True):
        score.appraised_score = score.self_score
        score.save(update_fields=["appraised_score", "updated_at"])
    assessment.status = AssessmentStatus.APPRAISED
    assessment.appraised_at = timezone.now()
    _recompute(assessment)
    assessment.save(
        update_fields=["status", "appraised_at", "self_total", "appraised_total", "updated_at"]
    )
    transition_audit(
        actor=actor,
        obj=assessment,
        verb="appraise",
        before={"status": AssessmentStatus.SUBMITTED},
        after={"status": assessment.status, "appraised_total": assessment.appraised_total},
    )
    return assessment
