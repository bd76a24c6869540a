"""The administrative-reform index (PAR index): criteria per year, self and appraised scores."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organizations.constants import AgencyKind
from motcua.reform.constants import AssessmentStatus
from motcua.reform.models.base import ReformRecord, agency_fk, year_field


class IndexFramework(ReformRecord):
    """The criteria set one agency (the city) uses to score a kind of unit for one year."""

    VISIBLE_BELOW = True

    agency = agency_fk(
        _("cơ quan ban hành"), _("Agency that scores and ranks (the city)."), "reform_frameworks"
    )
    year = year_field(_("Year assessed."))
    name = models.CharField(_("tên bộ chỉ số"), max_length=255, help_text=_("Name of the index."))
    peer_kind = models.CharField(
        _("loại đơn vị được đánh giá"),
        max_length=24,
        choices=AgencyKind.choices,
        default=AgencyKind.DISTRICT,
        help_text=_("Kind of unit ranked with this criteria set."),
    )
    decision_number = models.CharField(
        _("quyết định ban hành"), max_length=60, blank=True, help_text=_("Decision number.")
    )

    class Meta:
        verbose_name = _("bộ chỉ số cải cách hành chính")
        verbose_name_plural = _("bộ chỉ số cải cách hành chính")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "peer_kind"], name="reform_framework_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class IndexCriterion(ReformRecord):
    """An area, criterion or sub-criterion; only leaves are scored."""

    OWNER_PATH = "framework__agency"
    SCOPE_PATHS = ("framework__agency",)
    VISIBLE_BELOW = True

    framework = models.ForeignKey(
        IndexFramework,
        on_delete=models.CASCADE,
        related_name="criteria",
        verbose_name=_("bộ chỉ số"),
        help_text=_("Criteria set it belongs to."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("tiêu chí cha"),
        help_text=_("Area or criterion above; empty for an area."),
    )
    code = models.CharField(
        _("mã"), max_length=20, help_text=_("Dotted number, e.g. '1', '1.3', '1.3.2'.")
    )
    title = models.CharField(_("tên"), max_length=500, help_text=_("Wording of the criterion."))
    max_points = models.DecimalField(
        _("điểm tối đa"),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Maximum points."),
        max_digits=6,
        decimal_places=2,
    )
    evidence_required = models.BooleanField(
        _("cần tài liệu kiểm chứng"),
        default=False,
        help_text=_("A self-score must cite its evidence."),
    )
    position = models.PositiveIntegerField(
        _("thứ tự"), default=0, help_text=_("Order among siblings.")
    )

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework_id", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="reform_criterion_code")
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    @property
    def depth(self) -> int:
        return self.code.count(".")

    def clean(self) -> None:
        if self.parent_id and self.parent and self.parent.framework_id != self.framework_id:
            raise ValidationError({"parent": _("Tiêu chí cha phải cùng bộ chỉ số.")})


class IndexAssessment(ReformRecord):
    """One unit's assessment under a criteria set: self-scores, then the appraisal."""

    SCOPE_PATHS = ("agency", "framework__agency")
    STATE_FIELDS = ("status", "self_total", "appraised_total", "submitted_at", "appraised_at")
    FIXED_FIELDS = ("framework",)

    framework = models.ForeignKey(
        IndexFramework,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("bộ chỉ số"),
        help_text=_("Criteria set used."),
    )
    agency = agency_fk(_("đơn vị được đánh giá"), _("Unit assessed."), "reform_assessments")
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=AssessmentStatus.choices,
        default=AssessmentStatus.DRAFT,
        help_text=_("Self-scoring, submitted or appraised."),
    )
    self_total = models.DecimalField(
        _("tổng điểm tự chấm"),
        default=Decimal(0),
        help_text=_("Sum of self-scores."),
        max_digits=6,
        decimal_places=2,
    )
    appraised_total = models.DecimalField(
        _("tổng điểm thẩm định"),
        null=True,
        blank=True,
        help_text=_("Sum of appraised scores, once appraised."),
        max_digits=6,
        decimal_places=2,
    )
    submitted_at = models.DateTimeField(
        _("gửi lúc"), null=True, blank=True, help_text=_("When the self-assessment was sent.")
    )
    appraised_at = models.DateTimeField(
        _("thẩm định lúc"), null=True, blank=True, help_text=_("When it was appraised.")
    )

    class Meta:
        verbose_name = _("đánh giá chỉ số")
        verbose_name_plural = _("đánh giá chỉ số")
        ordering = ["framework_id", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "agency"], name="reform_assessment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency} – {self.framework.year}"

    @property
    def final_total(self) -> Decimal:
        return self.appraised_total if self.appraised_total is not None else self.self_total


class IndexScore(ReformRecord):
    """Self-score and appraised score of one leaf criterion."""

    OWNER_PATH = "assessment__agency"
    SCOPE_PATHS = ("assessment__agency", "assessment__framework__agency")

    assessment = models.ForeignKey(
        IndexAssessment,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("đánh giá"),
        help_text=_("Assessment the score belongs to."),
    )
    criterion = models.ForeignKey(
        IndexCriterion,
        on_delete=models.PROTECT,
        related_name="scores",
        verbose_name=_("tiêu chí"),
        help_text=_("Leaf criterion scored."),
    )
    self_score = models.DecimalField(
        _("điểm tự chấm"),
        null=True,
        blank=True,
        help_text=_("Unit's own score."),
        max_digits=6,
        decimal_places=2,
    )
    appraised_score = models.DecimalField(
        _("điểm thẩm định"),
        null=True,
        blank=True,
        help_text=_("Score after appraisal."),
        max_digits=6,
        decimal_places=2,
    )
    evidence = models.TextField(
        _("tài liệu kiểm chứng"), blank=True, help_text=_("Documents proving the score.")
    )

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        ordering = ["assessment_id", "criterion__position", "criterion_id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="reform_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.self_score}"
