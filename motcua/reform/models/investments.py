"""Office investment projects: total investment, yearly allocations and disbursement."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import ProjectKind, ProjectLevel
from motcua.reform.models.base import YEAR_VALIDATORS, ReformRecord, agency_fk


class InvestmentProject(ReformRecord):
    """Building, upgrading or repairing the offices of an agency or a ward. Money in đồng."""

    SCOPE_PATHS = ("agency", "beneficiary_agency")

    agency = agency_fk(_("chủ đầu tư"), _("Agency that invests."), "reform_projects")
    beneficiary_agency = agency_fk(
        _("đơn vị sử dụng"), _("Office or ward that will use the building."), "+", null=True
    )
    name = models.CharField(_("tên dự án"), max_length=255, help_text=_("Name of the project."))
    level = models.CharField(
        _("cấp"),
        max_length=16,
        choices=ProjectLevel.choices,
        help_text=_("District offices or ward government offices."),
    )
    kind = models.CharField(
        _("loại công trình"),
        max_length=16,
        choices=ProjectKind.choices,
        help_text=_("New building, upgrade or repair."),
    )
    start_year = models.PositiveSmallIntegerField(
        _("năm khởi công"), validators=YEAR_VALIDATORS, help_text=_("First year of works.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("năm hoàn thành"), validators=YEAR_VALIDATORS, help_text=_("Planned last year.")
    )
    total_investment = models.PositiveBigIntegerField(
        _("tổng mức đầu tư (đồng)"), help_text=_("Approved total investment, in đồng.")
    )
    decision_number = models.CharField(
        _("quyết định phê duyệt"),
        max_length=60,
        blank=True,
        help_text=_("Decision approving the investment."),
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("tiến độ (%)"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Physical progress of the works, 0 to 100."),
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Anything worth knowing."))

    class Meta:
        verbose_name = _("dự án trụ sở")
        verbose_name_plural = _("dự án trụ sở")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=F("start_year")), name="reform_project_years"
            ),
            models.CheckConstraint(
                condition=Q(progress_percent__lte=100), name="reform_project_progress"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Năm hoàn thành không được trước năm khởi công.")})


class InvestmentAllocation(ReformRecord):
    """Capital allocated to a project in one year and how much of it was disbursed."""

    OWNER_PATH = "project__agency"
    SCOPE_PATHS = ("project__agency", "project__beneficiary_agency")

    project = models.ForeignKey(
        InvestmentProject,
        on_delete=models.CASCADE,
        related_name="allocations",
        verbose_name=_("dự án"),
        help_text=_("Project funded."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=YEAR_VALIDATORS, help_text=_("Budget year.")
    )
    allocated = models.PositiveBigIntegerField(
        _("vốn cấp (đồng)"), help_text=_("Capital allocated that year, in đồng.")
    )
    disbursed = models.PositiveBigIntegerField(
        _("giải ngân (đồng)"), default=0, help_text=_("Amount disbursed, in đồng.")
    )

    class Meta:
        verbose_name = _("vốn cấp theo năm")
        verbose_name_plural = _("vốn cấp theo năm")
        ordering = ["project_id", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="reform_allocation_year"),
            models.CheckConstraint(
                condition=Q(disbursed__lte=F("allocated")), name="reform_allocation_disbursed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"

    def clean(self) -> None:
        if (
            self.disbursed is not None
            and self.allocated is not None
            and (self.disbursed > self.allocated)
        ):
            raise ValidationError({"disbursed": _("Số giải ngân không được lớn hơn vốn cấp.")})
