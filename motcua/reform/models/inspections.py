"""Reform inspections: yearly plans, inter-office teams, inspections, findings, follow-up."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import (
    FindingSeverity,
    FollowUpStatus,
    InspectionKind,
    InspectionStatus,
    TeamRole,
)
from motcua.reform.models.base import (
    ReformRecord,
    agency_fk,
    decision_fields,
    user_fk,
    year_field,
)


class InspectionPlan(ReformRecord):
    """The yearly plan of reform inspections of an agency's units (Kế hoạch kiểm tra CCHC)."""

    agency = agency_fk(_("cơ quan"), _("Agency that inspects."), "reform_inspection_plans")
    year = year_field(_("Year of the plan."))
    title = models.CharField(_("tên kế hoạch"), max_length=255, help_text=_("Title of the plan."))
    decision_number, decision_date = decision_fields()
    planned_count = models.PositiveIntegerField(
        _("số cuộc dự kiến"), default=0, help_text=_("Number of inspections planned.")
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Scope, method, remarks."))

    class Meta:
        verbose_name = _("kế hoạch kiểm tra")
        verbose_name_plural = _("kế hoạch kiểm tra")
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "title"], name="reform_inspection_plan_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class InspectionTeam(ReformRecord):
    """An inspection team set up by decision, with members drawn from several offices."""

    agency = agency_fk(_("cơ quan"), _("Agency that set up the team."), "reform_inspection_teams")
    name = models.CharField(_("tên tổ"), max_length=255, help_text=_("Name of the team."))
    decision_number, decision_date = decision_fields()
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="teams",
        verbose_name=_("kế hoạch kiểm tra"),
        help_text=_("Plan the team carries out, if it was set up for one."),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True, help_text=_("Still active."))

    class Meta:
        verbose_name = _("tổ kiểm tra")
        verbose_name_plural = _("tổ kiểm tra")
        ordering = ["agency_id", "name"]

    def __str__(self) -> str:
        return self.name


class InspectionTeamMember(ReformRecord):
    """A member of an inspection team and the office they come from."""

    OWNER_PATH = "team__agency"
    SCOPE_PATHS = ("team__agency",)

    team = models.ForeignKey(
        InspectionTeam,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("tổ kiểm tra"),
        help_text=_("Team the person belongs to."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, help_text=_("Member's name."))
    position = models.CharField(
        _("chức vụ"), max_length=150, blank=True, help_text=_("Position in their office.")
    )
    member_agency = agency_fk(
        _("cơ quan công tác"), _("Office the member comes from."), "+", null=True
    )
    team_role = models.CharField(
        _("vai trò trong tổ"),
        max_length=16,
        choices=TeamRole.choices,
        default=TeamRole.MEMBER,
        help_text=_("Head, deputy, member or secretary."),
    )
    user = user_fk(_("tài khoản"), _("Staff account of the member, when they have one."))

    class Meta:
        verbose_name = _("thành viên tổ kiểm tra")
        verbose_name_plural = _("thành viên tổ kiểm tra")
        ordering = ["team_id", "team_role", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class Inspection(ReformRecord):
    """One inspection of a unit, scheduled under a plan or carried out without notice."""

    SCOPE_PATHS = ("agency", "inspected_agency")
    STATE_FIELDS = ("status", "conducted_on")

    agency = agency_fk(_("cơ quan kiểm tra"), _("Agency that inspects."), "reform_inspections")
    inspected_agency = agency_fk(
        _("đơn vị được kiểm tra"), _("Office or ward inspected."), "reform_inspected"
    )
    plan = models.ForeignKey(
        InspectionPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("kế hoạch kiểm tra"),
        help_text=_("Plan it belongs to; empty for an inspection without notice."),
    )
    team = models.ForeignKey(
        InspectionTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name=_("tổ kiểm tra"),
        help_text=_("Team that carries it out."),
    )
    kind = models.CharField(
        _("hình thức"),
        max_length=16,
        choices=InspectionKind.choices,
        help_text=_("Scheduled under a plan or without notice."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=InspectionStatus.choices,
        default=InspectionStatus.PLANNED,
        help_text=_("Changed through its transitions."),
    )
    scheduled_on = models.DateField(_("ngày dự kiến"), help_text=_("Planned date."))
    conducted_on = models.DateField(
        _("ngày kiểm tra"), null=True, blank=True, help_text=_("Date it took place.")
    )
    scope = models.TextField(_("nội dung kiểm tra"), help_text=_("What was checked."))
    conclusion = models.TextField(
        _("kết luận"), blank=True, help_text=_("Conclusion of the inspection record.")
    )

    class Meta:
        verbose_name = _("cuộc kiểm tra")
        verbose_name_plural = _("cuộc kiểm tra")
        ordering = ["-scheduled_on", "-id"]
        indexes = [models.Index(fields=["agency", "status", "conducted_on"])]

    def __str__(self) -> str:
        return f"{self.inspected_agency} – {self.scheduled_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.status == InspectionStatus.DONE and self.conducted_on is None:
            raise ValidationError({"conducted_on": _("Nhập ngày kiểm tra.")})


class InspectionFinding(ReformRecord):
    """A finding written into the inspection record."""

    OWNER_PATH = "inspection__agency"
    SCOPE_PATHS = ("inspection__agency", "inspection__inspected_agency")

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="findings",
        verbose_name=_("cuộc kiểm tra"),
        help_text=_("Inspection the finding comes from."),
    )
    severity = models.CharField(
        _("mức độ"),
        max_length=16,
        choices=FindingSeverity.choices,
        help_text=_("Strength, shortcoming or violation."),
    )
    text = models.TextField(_("nội dung"), help_text=_("What was found."))

    class Meta:
        verbose_name = _("kết quả kiểm tra")
        verbose_name_plural = _("kết quả kiểm tra")
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class FollowUpAction(ReformRecord):
    """What the inspected unit must fix after an inspection, by when, and whether it did."""

    OWNER_PATH = "inspection__agency"
    SCOPE_PATHS = ("inspection__agency", "inspection__inspected_agency")
    STATE_FIELDS = ("status", "done_on")

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        related_name="follow_ups",
        verbose_name=_("cuộc kiểm tra"),
        help_text=_("Inspection that asked for it."),
    )
    finding = models.ForeignKey(
        InspectionFinding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("kết quả kiểm tra"),
        help_text=_("Finding it answers, if any."),
    )
    text = models.TextField(_("yêu cầu khắc phục"), help_text=_("What has to be fixed."))
    deadline = models.DateField(
        _("thời hạn"), null=True, blank=True, help_text=_("Date by which it must be fixed.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=FollowUpStatus.choices,
        default=FollowUpStatus.OPEN,
        help_text=_("Open or fixed."),
    )
    done_on = models.DateField(
        _("ngày khắc phục xong"), null=True, blank=True, help_text=_("Date it was fixed.")
    )
    result = models.TextField(_("kết quả"), blank=True, help_text=_("How it was fixed."))

    class Meta:
        verbose_name = _("việc khắc phục sau kiểm tra")
        verbose_name_plural = _("việc khắc phục sau kiểm tra")
        ordering = ["inspection_id", "id"]

    def __str__(self) -> str:
        return self.text[:80]
