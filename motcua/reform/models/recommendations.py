"""Recommendations from supervision delegations, inspections or the city, until closed."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import (
    OPEN_RECOMMENDATION_STATUSES,
    DeadlineMode,
    RecommendationSource,
    RecommendationStatus,
)
from motcua.reform.models.base import ReformRecord, agency_fk, user_fk
from motcua.reform.models.inspections import Inspection


class Recommendation(ReformRecord):
    """A recommendation addressed to one agency, followed by whoever issued it.

    ``agency`` is the addressed agency (it reports progress); ``subject_agency`` the unit
    the visit or inspection concerned (a delegation visiting a district may address the
    city's finance department), so both see it.
    """

    SCOPE_PATHS = ("agency", "subject_agency")
    STATE_FIELDS = (
        "status",
        "closed_on",
        "due_on",
        "deadline_mode",
        "limit_working_days",
        "issued_on",
    )

    agency = agency_fk(
        _("cơ quan được kiến nghị"), _("Agency that must act on it."), "reform_recommendations"
    )
    subject_agency = agency_fk(
        _("đơn vị được giám sát"),
        _("Unit the supervision or inspection concerned; empty: the addressed agency."),
        "reform_recommendations_about",
        null=True,
    )
    issuer_agency = agency_fk(
        _("cơ quan ban hành"),
        _("Agency of the delegation or team that issued it."),
        "+",
        null=True,
    )
    issued_by = user_fk(_("người ban hành"), _("Account that recorded it."))
    source = models.CharField(
        _("nguồn kiến nghị"),
        max_length=16,
        choices=RecommendationSource.choices,
        help_text=_("Supervision delegation, inspection, city or other."),
    )
    source_reference = models.CharField(
        _("căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Meeting, record or document it comes from, e.g. 'Buổi làm việc 19/5/2023'."),
    )
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recommendations",
        verbose_name=_("cuộc kiểm tra"),
        help_text=_("Inspection it comes from, when the source is an inspection."),
    )
    issued_on = models.DateField(_("ngày kiến nghị"), help_text=_("Date it was issued."))
    title = models.CharField(_("tóm tắt"), max_length=255, help_text=_("One-line summary."))
    text = models.TextField(_("nội dung kiến nghị"), help_text=_("Full text."))
    owner_agency = agency_fk(
        _("đơn vị chủ trì thực hiện"),
        _("Office in charge inside the addressed agency."),
        "+",
        null=True,
    )
    owner_name = models.CharField(
        _("người phụ trách"), max_length=150, blank=True, help_text=_("Person in charge.")
    )
    deadline_mode = models.CharField(
        _("cách tính thời hạn"),
        max_length=16,
        choices=DeadlineMode.choices,
        default=DeadlineMode.WORKING_DAYS,
        help_text=_("Working days on the addressed agency's calendar, or a given date."),
    )
    limit_working_days = models.PositiveSmallIntegerField(
        _("số ngày làm việc"),
        null=True,
        blank=True,
        help_text=_("Working days after the issue date, when the deadline is counted."),
    )
    due_on = models.DateField(
        _("hạn thực hiện"), help_text=_("Deadline: computed on the agency's calendar or given.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=RecommendationStatus.choices,
        default=RecommendationStatus.OPEN,
        help_text=_("Changed only through its transitions."),
    )
    closed_on = models.DateField(
        _("ngày đóng"), null=True, blank=True, help_text=_("Date the supervisor closed it.")
    )

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["-issued_on", "-id"]
        indexes = [models.Index(fields=["agency", "status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_RECOMMENDATION_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on < today

    def clean(self) -> None:
        if self.deadline_mode == DeadlineMode.WORKING_DAYS and not self.limit_working_days:
            raise ValidationError(
                {"limit_working_days": _("Nhập số ngày làm việc (ít nhất 1) để tính hạn.")}
            )
        if self.due_on and self.issued_on and self.due_on < self.issued_on:
            raise ValidationError({"due_on": _("Hạn thực hiện không được trước ngày kiến nghị.")})


class RecommendationUpdate(ReformRecord):
    """One entry of a recommendation's history: a progress report, a closing or reopening."""

    OWNER_PATH = "recommendation__agency"
    SCOPE_PATHS = ("recommendation__agency", "recommendation__subject_agency")

    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        related_name="updates",
        verbose_name=_("kiến nghị"),
        help_text=_("Recommendation this entry belongs to."),
    )
    at = models.DateTimeField(_("thời điểm"), help_text=_("When it was recorded."))
    actor = user_fk(_("người cập nhật"), _("Who recorded it."))
    from_status = models.CharField(
        _("trạng thái trước"),
        max_length=16,
        choices=RecommendationStatus.choices,
        blank=True,
        help_text=_("Status before; empty for the issue itself."),
    )
    to_status = models.CharField(
        _("trạng thái sau"),
        max_length=16,
        choices=RecommendationStatus.choices,
        help_text=_("Status after."),
    )
    note = models.TextField(_("nội dung"), blank=True, help_text=_("Progress, evidence, reason."))

    class Meta:
        verbose_name = _("diễn biến kiến nghị")
        verbose_name_plural = _("diễn biến kiến nghị")
        ordering = ["recommendation_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y} {self.get_to_status_display()}"
