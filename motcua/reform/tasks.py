"""Background work of the reform workspace (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_supervision_report(report_id: int) -> int:
    """Generate a queued supervision report (DOCX and PDF). Idempotent."""
    from motcua.reform.services.reports import report_run

    report = report_run(report_id=report_id)
    return int(report.pk)
