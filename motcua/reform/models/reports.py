"""Core databases declared by an agency, and generated supervision reports."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import DatabaseKind, ReportStatus
from motcua.reform.models.base import ReformRecord, agency_fk, user_fk


class CoreDatabase(ReformRecord):
    """A core or sectoral database the agency declares it runs or uses.

    Stands in for the registries app: once that exists, the report lists its registries
    and their record counts instead.
    """

    agency = agency_fk(_("cơ quan"), _("Agency that declares it."), "reform_databases")
    kind = models.CharField(
        _("loại dữ liệu"),
        max_length=24,
        choices=DatabaseKind.choices,
        help_text=_("Land, population, civil servants, finance, civil status, ..."),
    )
    name = models.CharField(_("tên cơ sở dữ liệu"), max_length=255, help_text=_("Name."))
    operator = models.CharField(
        _("đơn vị quản lý"),
        max_length=255,
        blank=True,
        help_text=_("Department or ministry that runs the system."),
    )
    in_use_since = models.DateField(
        _("sử dụng từ"), null=True, blank=True, help_text=_("Date the agency started using it.")
    )
    records_count = models.PositiveBigIntegerField(
        _("số bản ghi"), null=True, blank=True, help_text=_("Records held, as declared.")
    )
    note = models.TextField(_("ghi chú"), blank=True, help_text=_("Use at the agency."))

    class Meta:
        verbose_name = _("cơ sở dữ liệu")
        verbose_name_plural = _("cơ sở dữ liệu")
        ordering = ["agency_id", "kind", "name"]

    def __str__(self) -> str:
        return self.name


def report_path(instance: SupervisionReport, filename: str) -> str:
    return f"reform/reports/{instance.agency_id}/{filename}"


class SupervisionReport(ReformRecord):
    """A generated report (DOCX and PDF) on an agency's reform work over a period."""

    STATE_FIELDS = (
        "status",
        "progress",
        "message",
        "docx",
        "pdf",
        "figures",
        "finished_at",
        "error",
    )

    agency = agency_fk(_("cơ quan"), _("Agency reported on."), "reform_reports")
    period_start = models.DateField(_("từ ngày"), help_text=_("First day of the period."))
    period_end = models.DateField(_("đến ngày"), help_text=_("Last day of the period."))
    requested_by = user_fk(_("người yêu cầu"), _("Who asked for the report."))
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ReportStatus.choices,
        default=ReportStatus.QUEUED,
        help_text=_("Queued, running, done or failed."),
    )
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, help_text=_("How far the generation got, 0 to 100.")
    )
    message = models.CharField(
        _("bước hiện tại"), max_length=255, blank=True, help_text=_("What is being done now.")
    )
    figures = models.JSONField(
        _("số liệu"),
        default=list,
        blank=True,
        help_text=_("Every figure of the report with its source, as computed."),
    )
    docx = models.FileField(
        _("tệp DOCX"),
        upload_to=report_path,
        blank=True,
        max_length=200,
        help_text=_("The report as a Word document."),
    )
    pdf = models.FileField(
        _("tệp PDF"),
        upload_to=report_path,
        blank=True,
        max_length=200,
        help_text=_("The report as PDF."),
    )
    finished_at = models.DateTimeField(
        _("xong lúc"), null=True, blank=True, help_text=_("When generation ended.")
    )
    error = models.TextField(_("lỗi"), blank=True, help_text=_("Why generation failed."))

    class Meta:
        verbose_name = _("báo cáo giám sát")
        verbose_name_plural = _("báo cáo giám sát")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"
