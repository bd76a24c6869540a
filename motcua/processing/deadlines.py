"""The scheduled deadline check: flag steps and dossiers at risk or overdue, and remind the
officers working them (once a day per dossier, through the outbox).

Run by ``manage.py processing_deadlines`` or the django-tasks task
:func:`motcua.processing.tasks.processing_deadlines_run`; safe to run as often as you like.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.core.clock import CompiledCalendar
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency
from motcua.processing.constants import ACTIVE_STEP_STATES, OPEN_PROCESS_STATES, Risk
from motcua.processing.models import DossierProcess, StepTask


@dataclass
class DeadlineReport:
    steps_at_risk: int = 0
    steps_overdue: int = 0
    dossiers_at_risk: int = 0
    dossiers_overdue: int = 0
    reminded: list[int] = field(default_factory=list)


def _risk(due: dt.datetime | None, now: dt.datetime, threshold: dt.datetime) -> str:
    if due is None:
        return Risk.NONE
    if due < now:
        return Risk.OVERDUE
    if due <= threshold:
        return Risk.AT_RISK
    return Risk.NONE


def processing_check_deadlines(*, now: dt.datetime | None = None) -> DeadlineReport:
    """Recompute the ``risk`` flag of every open step and dossier (bulk updates of the rows
    whose flag changes) and remind the officers of dossiers newly at risk or overdue."""
    now = now or timezone.now()
    days = int(settings.MOTCUA_PROCESSING_AT_RISK_WORKING_DAYS)
    calendars: dict[int, tuple[CompiledCalendar, dt.datetime]] = {}
    agencies = {a.pk: a for a in Agency.objects.all().only("pk", "path", "kind", "parent_id")}

    def threshold(agency_id: int) -> dt.datetime:
        if agency_id not in calendars:
            calendar = calendar_for_agency(agencies.get(agency_id))
            limit = calendar.due(now, days, "working_days") if days > 0 else now
            calendars[agency_id] = (calendar, limit)
        return calendars[agency_id][1]

    report = DeadlineReport()
    changed_steps: list[StepTask] = []
    for step in (
        StepTask.objects.filter(
            state__in=ACTIVE_STEP_STATES, at_desk=False, dossier__status="processing"
        )
        .only("pk", "agency_id", "due_at", "risk")
        .iterator(chunk_size=2000)
    ):
        risk = _risk(step.due_at, now, threshold(step.agency_id))
        report.steps_at_risk += risk == Risk.AT_RISK
        report.steps_overdue += risk == Risk.OVERDUE
        if risk != step.risk:
            step.risk = risk
            changed_steps.append(step)
    StepTask.objects.bulk_update(changed_steps, ["risk"], batch_size=1000)
    changed: list[DossierProcess] = []
    remind: list[int] = []
    today = timezone.localtime(now).date()
    for process in (
        DossierProcess.objects.filter(state__in=OPEN_PROCESS_STATES)
        .only("pk", "agency_id", "due_at", "appointment_at", "risk", "risk_notified_on", "state")
        .iterator(chunk_size=2000)
    ):
        if process.state == "paused":
            risk = Risk.NONE  # the clock is stopped while the applicant supplements
        else:
            risk = _risk(process.due_at, now, threshold(process.agency_id))
        report.dossiers_at_risk += risk == Risk.AT_RISK
        report.dossiers_overdue += risk == Risk.OVERDUE
        notify = risk != Risk.NONE and process.risk_notified_on != today
        if risk != process.risk or notify:
            process.risk = risk
            if notify:
                process.risk_notified_on = today
                remind.append(process.pk)
            changed.append(process)
    DossierProcess.objects.bulk_update(changed, ["risk", "risk_notified_on"], batch_size=1000)
    for pk in remind:
        _remind(pk, today)
    report.reminded = remind
    return report


@transaction.atomic
def _remind(process_id: int, today: dt.date) -> None:
    """E-mail the officers working the dossier's open steps (or the lead agency's leaders
    when nobody has taken them) that it is at risk or overdue."""
    from motcua.notifications.services import notification_enqueue
    from motcua.organizations.constants import Role
    from motcua.organizations.models import RoleGrant

    process = DossierProcess.objects.select_related(
        "dossier", "dossier__procedure_version", "agency"
    ).get(pk=process_id)
    emails = set(
        StepTask.objects.filter(process=process, state__in=ACTIVE_STEP_STATES)
        .exclude(assignee__isnull=True)
        .values_list("assignee__email", flat=True)
    )
    if not emails:
        emails = set(
            RoleGrant.objects.active()
            .filter(agency=process.agency, role=Role.LEADER)
            .values_list("user__email", flat=True)
        )
    dossier = process.dossier
    due = timezone.localtime(process.due_at).strftime("%H:%M ngày %d/%m/%Y")
    with override("vi"):
        if process.risk == Risk.OVERDUE:
            subject = _("Hồ sơ %(code)s đã quá hạn giải quyết (hạn %(due)s)")
        else:
            subject = _("Hồ sơ %(code)s sắp đến hạn giải quyết (hạn %(due)s)")
        subject = subject % {"code": dossier.code, "due": due}
        for email in sorted(e for e in emails if e):
            notification_enqueue(
                channel="email",
                to=email,
                subject=subject,
                template="processing/email/reminder.txt",
                context={
                    "code": dossier.code,
                    "procedure_name": dossier.procedure_version.name,
                    "due_at": due,
                    "overdue": process.risk == Risk.OVERDUE,
                    "agency_name": process.agency.name,
                    "site_name": settings.MOTCUA_SITE_NAME,
                },
                dedupe_key=f"processing:{process.pk}:{process.risk}:{today.isoformat()}:{email}",
                agency_id=process.agency_id,
                related=dossier,
            )
