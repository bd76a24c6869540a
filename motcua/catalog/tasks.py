"""Background work of the catalogue: large imports run outside the request."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from motcua.catalog.constants import ImportStatus
from motcua.catalog.exchange.engine import catalog_import
from motcua.catalog.exchange.files import read_file
from motcua.catalog.models import ImportJob


def import_job_run(*, job_id: int) -> ImportJob:
    """Run one queued import, recording progress on the job row as it goes.

    Idempotent: a job that already finished is left as it is.
    """
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status in (ImportStatus.DONE, ImportStatus.FAILED):
        return job
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    with job.file.open("rb") as stream:
        parsed = read_file(job.original_name, stream)
    job.total = len(parsed.procedures)
    job.save(update_fields=["total"])

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed=done, total=total)

    report = catalog_import(
        parsed, valid_only=job.valid_only, actor=job.created_by, progress=progress
    )
    job.processed = job.total
    job.created_count = report.created
    job.unchanged_count = report.unchanged
    job.skipped_count = report.skipped
    job.errors = [e.as_dict() for e in report.errors[:2000]]
    job.status = ImportStatus.DONE if report.written else ImportStatus.FAILED
    job.finished_at = timezone.now()
    job.save()
    return job


@task()
def catalog_import_task(job_id: int) -> str:
    return import_job_run(job_id=job_id).status
