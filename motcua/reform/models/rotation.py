"""Rotation of civil servants' positions (Decree 59/2019/NĐ-CP): plans, positions, cases."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import RotationReason
from motcua.reform.models.base import ReformRecord, agency_fk, decision_fields, year_field


class RotationPlan(ReformRecord):
    """The yearly plan for rotating civil servants and public employees."""

    agency = agency_fk(_("cơ quan"), _("Agency whose plan this is."), "reform_rotation_plans")
    year = year_field(_("Year of the plan."))
    title = models.CharField(_("tên kế hoạch"), max_length=255, help_text=_("Title of the plan."))
    decision_number, decision_date = decision_fields()
    planned_count = models.PositiveIntegerField(
        _("số trường hợp dự kiến"), default=0, help_text=_("People planned to be rotated.")
    )

    class Meta:
        verbose_name = _("kế hoạch chuyển đổi vị trí công tác")
        verbose_name_plural = _("kế hoạch chuyển đổi vị trí công tác")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "title"], name="reform_rotation_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class RotationPosition(ReformRecord):
    """A position whose holder must be rotated periodically."""

    agency = agency_fk(_("cơ quan"), _("Agency that lists the position."), "reform_positions")
    title = models.CharField(_("vị trí"), max_length=255, help_text=_("Name of the position."))
    office = agency_fk(_("đơn vị"), _("Office or ward where the position is."), "+", null=True)
    period_years = models.PositiveSmallIntegerField(
        _("thời hạn định kỳ (năm)"),
        default=3,
        validators=[MinValueValidator(2), MaxValueValidator(5)],
        help_text=_("Rotation period in years (2 to 5)."),
    )
    legal_basis = models.CharField(
        _("căn cứ"), max_length=255, blank=True, help_text=_("Legal text listing the position.")
    )
    active = models.BooleanField(_("đang áp dụng"), default=True, help_text=_("Still listed."))

    class Meta:
        verbose_name = _("vị trí phải chuyển đổi")
        verbose_name_plural = _("vị trí phải chuyển đổi")
        ordering = ["agency_id", "title"]

    def __str__(self) -> str:
        return self.title


class RotationCase(ReformRecord):
    """One person moved from one post to another."""

    agency = agency_fk(_("cơ quan"), _("Agency that decided the move."), "reform_rotations")
    plan = models.ForeignKey(
        RotationPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("kế hoạch"),
        help_text=_("Plan it carries out."),
    )
    position = models.ForeignKey(
        RotationPosition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("vị trí"),
        help_text=_("Position subject to rotation that the person left."),
    )
    person_name = models.CharField(_("họ và tên"), max_length=150, help_text=_("Who was moved."))
    registry_ref = models.CharField(
        _("mã hồ sơ cán bộ"),
        max_length=64,
        blank=True,
        help_text=_("Reference of the person's record in the civil-servant registry."),
    )
    from_agency = agency_fk(_("từ đơn vị"), _("Unit the person left."), "+", null=True)
    from_position = models.CharField(
        _("từ vị trí"), max_length=255, blank=True, help_text=_("Post the person left.")
    )
    to_agency = agency_fk(_("đến đơn vị"), _("Unit the person joined."), "+", null=True)
    to_position = models.CharField(
        _("đến vị trí"), max_length=255, blank=True, help_text=_("Post the person took.")
    )
    effective_on = models.DateField(_("ngày hiệu lực"), help_text=_("Date of the move."))
    reason = models.CharField(
        _("lý do"),
        max_length=16,
        choices=RotationReason.choices,
        default=RotationReason.PERIODIC,
        help_text=_("Why the person was moved."),
    )
    decision_number = models.CharField(
        _("số quyết định"), max_length=60, blank=True, help_text=_("Decision of the move.")
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Anything worth knowing."))

    class Meta:
        verbose_name = _("trường hợp chuyển đổi vị trí")
        verbose_name_plural = _("trường hợp chuyển đổi vị trí")
        ordering = ["-effective_on", "id"]
        indexes = [models.Index(fields=["agency", "effective_on"])]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.effective_on:%d/%m/%Y})"
