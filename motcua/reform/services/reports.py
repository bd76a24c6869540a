"""Supervision reports: requested by a user, generated in the background with progress."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.organizations.models import Agency
from motcua.reform import access
from motcua.reform.constants import ReportStatus
from motcua.reform.models import SupervisionReport
from motcua.reform.selectors import Period

log = logging.getLogger(__name__)

MAX_PERIOD_YEARS = 20


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationError(
            {"period_end": [_("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")]}
        )
    if (end - start).days > MAX_PERIOD_YEARS * 366:
        raise ValidationError(
            {"period_start": [_("Kỳ báo cáo dài tối đa %(n)s năm.") % {"n": MAX_PERIOD_YEARS}]}
        )


@transaction.atomic
def report_request(
    *, actor: Any, agency: Agency, period_start: dt.date, period_end: dt.date
) -> SupervisionReport:
    """Queue the report of ``agency`` over the period; it is generated after commit."""
    if not access.reform_agencies(user=actor).filter(pk=agency.pk).exists() and not getattr(
        actor, "is_superuser", False
    ):
        raise PermissionDenied(_("Bạn không xem được số liệu của cơ quan này."))
    _check_period(period_start, period_end)
    report = SupervisionReport.objects.create(
        agency=agency,
        period_start=period_start,
        period_end=period_end,
        requested_by=actor if getattr(actor, "pk", None) else None,
        message=_("Đang chờ lập báo cáo"),
    )
    audit_record(
        actor=actor,
        action="reform.supervisionreport.request",
        obj=report,
        agency_id=agency.pk,
        data={"after": {"period_start": period_start, "period_end": period_end}},
    )
    from motcua.reform.tasks import generate_supervision_report

    transaction.on_commit(lambda: generate_supervision_report.enqueue(report.pk))
    return report


def _progress(report_id: int, progress: int, message: str, **extra: Any) -> None:
    """Each step commits on its own, so a page polling the report sees it move."""
    SupervisionReport.objects.filter(pk=report_id).update(
        progress=progress, message=message, updated_at=timezone.now(), **extra
    )


def report_run(*, report_id: int, formats: tuple[str, ...] = ("docx", "pdf")) -> SupervisionReport:
    """Generate a queued report. Safe to run twice: a finished report is left as it is."""
    from motcua.reform.report.content import report_content
    from motcua.reform.report.docx import render_docx
    from motcua.reform.report.pdf import render_pdf

    with transaction.atomic():
        report = (
            SupervisionReport.objects.select_for_update().select_related("agency").get(pk=report_id)
        )
        if report.status == ReportStatus.DONE:
            return report
        report.status = ReportStatus.RUNNING
        report.save(update_fields=["status", "updated_at"])
    try:
        _progress(report_id, 10, _("Đang tổng hợp số liệu"))
        content = report_content(
            agency=report.agency, period=Period(report.period_start, report.period_end)
        )
        name = (
            f"bao-cao-{slugify(report.agency.code)}-{report.period_start:%Y%m%d}-"
            f"{report.period_end:%Y%m%d}"
        )
        files: dict[str, ContentFile[bytes]] = {}
        if "docx" in formats:
            _progress(report_id, 40, _("Đang tạo tệp DOCX"))
            files["docx"] = ContentFile(render_docx(content), name=f"{name}.docx")
        if "pdf" in formats:
            _progress(report_id, 65, _("Đang tạo tệp PDF"))
            files["pdf"] = ContentFile(render_pdf(content), name=f"{name}.pdf")
        _progress(report_id, 90, _("Đang lưu tệp"))
        with transaction.atomic():
            report = SupervisionReport.objects.select_for_update().get(pk=report_id)
            for key, file in files.items():
                getattr(report, key).save(file.name, file, save=False)
            report.figures = content.figures_json()
            report.status = ReportStatus.DONE
            report.progress = 100
            report.message = _("Đã lập xong báo cáo")
            report.finished_at = timezone.now()
            report.save()
            audit_record(
                actor=None,
                action="reform.supervisionreport.generate",
                obj=report,
                agency_id=report.agency_id,
                data={"after": {"status": report.status, "figures": len(report.figures)}},
            )
    except Exception as exc:  # a failed report says so on its page; it is never left running
        log.exception("supervision report %s failed", report_id)
        _progress(
            report_id,
            100,
            _("Lập báo cáo không thành công"),
            status=ReportStatus.FAILED,
            error=str(exc)[:2000],
            finished_at=timezone.now(),
        )
        report = SupervisionReport.objects.get(pk=report_id)
    return report
