"""Yearly reform plans and their tasks."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import PlanStatus, ReformArea, TaskStatus
from motcua.reform.models.base import ReformRecord, agency_fk, decision_fields, year_field


class ReformPlan(ReformRecord):
    """An agency's administrative-reform plan for one year (Kế hoạch CCHC năm)."""

    agency = agency_fk(_("cơ quan"), _("Agency whose plan this is."), "reform_plans")
    year = year_field(_("Year the plan covers."))
    title = models.CharField(_("tên kế hoạch"), max_length=255, help_text=_("Title of the plan."))
    decision_number, decision_date = decision_fields()
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=PlanStatus.choices,
        default=PlanStatus.APPROVED,
        help_text=_("Draft, issued or closed with a year-end review."),
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Anything worth knowing."))

    class Meta:
        verbose_name = _("kế hoạch cải cách hành chính")
        verbose_name_plural = _("kế hoạch cải cách hành chính")
        ordering = ["-year", "agency_id", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "title"], name="reform_plan_unique_title"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ReformTask(ReformRecord):
    """One task of a plan: what, which area, who, by when, and how it stands."""

    OWNER_PATH = "plan__agency"
    SCOPE_PATHS = ("plan__agency", "owner_agency")
    STATE_FIELDS = ("status", "completed_on")

    plan = models.ForeignKey(
        ReformPlan,
        on_delete=models.CASCADE,
        related_name="tasks",
        verbose_name=_("kế hoạch"),
        help_text=_("Plan the task belongs to."),
    )
    title = models.CharField(_("nhiệm vụ"), max_length=500, help_text=_("What has to be done."))
    area = models.CharField(
        _("lĩnh vực cải cách"),
        max_length=24,
        choices=ReformArea.choices,
        help_text=_("Area of the reform programme."),
    )
    owner_agency = agency_fk(_("đơn vị chủ trì"), _("Office or unit in charge."), "+", null=True)
    owner_name = models.CharField(
        _("người phụ trách"), max_length=150, blank=True, help_text=_("Person in charge.")
    )
    deadline = models.DateField(_("thời hạn"), help_text=_("Date by which it must be done."))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=TaskStatus.choices,
        default=TaskStatus.NOT_STARTED,
        help_text=_("Changed through the status transition."),
    )
    completed_on = models.DateField(
        _("ngày hoàn thành"), null=True, blank=True, help_text=_("Date it was done.")
    )
    result = models.TextField(_("kết quả"), blank=True, help_text=_("What was achieved."))

    class Meta:
        verbose_name = _("nhiệm vụ cải cách")
        verbose_name_plural = _("nhiệm vụ cải cách")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        """Still open after its deadline."""
        open_statuses = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
        return self.status in open_statuses and self.deadline < today

    def clean(self) -> None:
        if self.status == TaskStatus.DONE and self.completed_on is None:
            raise ValidationError({"completed_on": _("Nhập ngày hoàn thành nhiệm vụ.")})
