"""Procedure reviews and proposals to commit to a shorter time limit than the law's."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.constants import LIMIT_UNIT_LABELS
from motcua.reform.constants import ProposalStatus, ReviewOutcome
from motcua.reform.models.base import ReformRecord, agency_fk, user_fk

LIMIT_UNIT_CHOICES = [(unit.value, label) for unit, label in LIMIT_UNIT_LABELS.items()]

procedure_code_validator = RegexValidator(
    r"^\d\.\d{6}$",
    _("Mã thủ tục có dạng N.NNNNNN, ví dụ 1.001193."),
    code="procedure_code_format",
)


class ProcedureReview(ReformRecord):
    """A review of one administrative procedure by the office that applies it.

    ``catalog_procedure_id`` links to the catalogue's procedure when that app is installed;
    code and name are always kept so the review stands on its own.
    """

    agency = agency_fk(_("đơn vị rà soát"), _("Office that reviewed it."), "reform_reviews")
    reviewed_on = models.DateField(_("ngày rà soát"), help_text=_("Date of the review."))
    procedure_code = models.CharField(
        _("mã thủ tục"),
        max_length=20,
        validators=[procedure_code_validator],
        help_text=_("Code in the national procedures database, N.NNNNNN."),
    )
    procedure_name = models.CharField(
        _("tên thủ tục"), max_length=500, help_text=_("Name of the procedure.")
    )
    field_name = models.CharField(
        _("lĩnh vực"), max_length=150, help_text=_("Field (lĩnh vực), e.g. 'Nội vụ'.")
    )
    catalog_procedure_id = models.BigIntegerField(
        _("thủ tục trong danh mục"),
        null=True,
        blank=True,
        help_text=_("Primary key of the catalogue procedure, when the catalogue is installed."),
    )
    outcome = models.CharField(
        _("kết quả rà soát"),
        max_length=16,
        choices=ReviewOutcome.choices,
        help_text=_("Keep, shorten the time limit, simplify or abolish."),
    )
    note = models.TextField(_("nhận xét"), blank=True, help_text=_("Reviewer's remarks."))

    class Meta:
        verbose_name = _("rà soát thủ tục hành chính")
        verbose_name_plural = _("rà soát thủ tục hành chính")
        ordering = ["-reviewed_on", "procedure_code"]
        indexes = [models.Index(fields=["procedure_code"])]

    def __str__(self) -> str:
        return f"{self.procedure_code} {self.procedure_name}"


class LimitProposal(ReformRecord):
    """A proposal to commit to a shorter time limit, and its decision."""

    OWNER_PATH = "review__agency"
    SCOPE_PATHS = ("review__agency",)
    STATE_FIELDS = (
        "status",
        "decided_on",
        "decision_number",
        "decided_by",
        "catalog_applied_at",
        "catalog_note",
    )

    review = models.ForeignKey(
        ProcedureReview,
        on_delete=models.CASCADE,
        related_name="proposals",
        verbose_name=_("rà soát"),
        help_text=_("Review that led to the proposal."),
    )
    legal_limit = models.PositiveIntegerField(
        _("thời hạn theo quy định"), help_text=_("Time limit set by law.")
    )
    legal_unit = models.CharField(
        _("đơn vị thời hạn theo quy định"),
        max_length=16,
        choices=LIMIT_UNIT_CHOICES,
        default="working_days",
        help_text=_("Unit of the legal limit."),
    )
    proposed_limit = models.PositiveIntegerField(
        _("thời hạn đề xuất"), help_text=_("Shorter limit the office commits to.")
    )
    proposed_unit = models.CharField(
        _("đơn vị thời hạn đề xuất"),
        max_length=16,
        choices=LIMIT_UNIT_CHOICES,
        default="working_days",
        help_text=_("Unit of the proposed limit."),
    )
    reason = models.TextField(_("lý do"), blank=True, help_text=_("Why it can be shorter."))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ProposalStatus.choices,
        default=ProposalStatus.PROPOSED,
        help_text=_("Proposed, approved or rejected."),
    )
    decided_on = models.DateField(
        _("ngày quyết định"), null=True, blank=True, help_text=_("Date of the decision.")
    )
    decision_number = models.CharField(
        _("số quyết định"), max_length=60, blank=True, help_text=_("Decision number.")
    )
    decided_by = user_fk(_("người quyết định"), _("Who recorded the decision."))
    catalog_applied_at = models.DateTimeField(
        _("đã áp dụng vào danh mục lúc"),
        null=True,
        blank=True,
        help_text=_("When the committed limit was written into the procedure catalogue."),
    )
    catalog_note = models.CharField(
        _("ghi chú danh mục"),
        max_length=255,
        blank=True,
        help_text=_("Outcome of applying the decision to the catalogue."),
    )

    class Meta:
        verbose_name = _("đề xuất rút ngắn thời hạn")
        verbose_name_plural = _("đề xuất rút ngắn thời hạn")
        ordering = ["review_id", "id"]

    def __str__(self) -> str:
        return f"{self.review.procedure_code}: {self.legal_limit} → {self.proposed_limit}"

    def clean(self) -> None:
        if (
            self.legal_unit == self.proposed_unit
            and self.proposed_limit is not None
            and self.legal_limit is not None
            and self.proposed_limit >= self.legal_limit
        ):
            raise ValidationError(
                {"proposed_limit": _("Thời hạn đề xuất phải ngắn hơn thời hạn theo quy định.")}
            )
