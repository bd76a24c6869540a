"""Background work of oversight."""

from __future__ import annotations

from django_tasks import task


@task()
def report_build_task(job_id: int) -> str:
    from motcua.oversight.services import report_build

    return str(report_build(job_id=job_id).state)
