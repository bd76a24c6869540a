"""State changes of oversight: asking for a periodic report (built in the background)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.organizations.models import Agency
from motcua.oversight.models import ReportJob
from motcua.oversight.periods import Period
from motcua.oversight.selectors import agencies_for_user


@transaction.atomic
def report_request(*, actor: User, agency: Agency, period: Period) -> ReportJob:
    """Queue the report of ``agency`` for ``period`` (the user must see the agency)."""
    from django.http import Http404

    if not agencies_for_user(user=actor).filter(pk=agency.pk).exists():
        raise Http404("agency")
    job = ReportJob.objects.create(
        agency=agency,
        start=period.start,
        end=period.end,
        period_label=period.label or f"{period.start:%d/%m/%Y} – {period.end:%d/%m/%Y}",
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action="oversight.report_request",
        obj=job,
        agency_id=agency.pk,
        data={"start": period.start.isoformat(), "end": period.end.isoformat()},
    )
    from motcua.oversight.tasks import report_build_task

    job_id = job.pk
    transaction.on_commit(lambda: report_build_task.enqueue(job_id))
    return job


def report_build(*, job_id: int, now: dt.datetime | None = None) -> ReportJob:
    """Build the files of a queued report, recording progress as it goes (safe to rerun)."""
    from motcua.oversight.reports import build_report

    with transaction.atomic():
        job = ReportJob.objects.select_for_update().select_related("agency").get(pk=job_id)
        if job.state == ReportJob.State.DONE:
            return job
        job.state = ReportJob.State.RUNNING
        job.progress = 10
        job.save(update_fields=["state", "progress"])

    def progress(value: int) -> None:
        ReportJob.objects.filter(pk=job_id).update(progress=value)

    try:
        xlsx, docx = build_report(
            agency=job.agency,
            period=Period(job.start, job.end, job.period_label),
            progress=progress,
            now=now,
        )
    except Exception as exc:
        ReportJob.objects.filter(pk=job_id).update(
            state=ReportJob.State.FAILED, error=str(exc)[:2000]
        )
        raise
    ReportJob.objects.filter(pk=job_id).update(
        state=ReportJob.State.DONE,
        progress=100,
        xlsx=xlsx,
        docx=docx,
        finished_at=timezone.now(),
    )
    return ReportJob.objects.get(pk=job_id)
