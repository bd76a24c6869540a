"""Background work of processing (django-tasks; safe to run twice)."""

from __future__ import annotations

from django_tasks import task


@task()
def processing_deadlines_run() -> int:
    """The same work as ``manage.py processing_deadlines``, for a worker schedule: flags
    steps and dossiers at risk or overdue; reminders go out at most once a day per dossier.
    Returns the number of dossiers reminded."""
    from motcua.processing.deadlines import processing_check_deadlines

    return len(processing_check_deadlines().reminded)
