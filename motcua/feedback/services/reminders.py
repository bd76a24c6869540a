"""Reminding officers of cases at risk or overdue, once per case, state, limit and day."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.feedback import integrations, selectors
from motcua.feedback.constants import (
    DueKind,
    EventKind,
)
from motcua.feedback.models import (
    Feedback,
    FeedbackReminder,
)
from motcua.feedback.services.common import (
    _event,
    _now,
)


@dataclass
class RemindResult:
    sent: list[FeedbackReminder] = field(default_factory=list)
    skipped: int = 0


def feedback_send_reminders(*, now: dt.datetime | None = None) -> RemindResult:
    """Flag cases at risk or overdue and remind their officers, once per case/state/day.

    One transaction per case, so one failure does not hold back the others; the unique
    (case, state, limit, day) row is the deduplication, and the notification's dedupe key
    repeats it for the outbox.
    """
    from motcua.feedback.constants import Queue

    now = _now(now)
    day = timezone.localtime(now).date()
    result = RemindResult()
    everything = Feedback.objects.select_related("agency", "assignee")
    overdue = selectors._queue_filter(everything, Queue.OVERDUE, now)
    at_risk = selectors._queue_filter(everything, Queue.AT_RISK, now)
    for state, cases in (("overdue", overdue), ("at_risk", at_risk)):
        for case in cases.order_by("current_due"):
            reminder = _remind_one(case, state=state, day=day, now=now)
            if reminder is None:
                result.skipped += 1
            else:
                result.sent.append(reminder)
    return result


@transaction.atomic
def _remind_one(
    case: Feedback, *, state: str, day: dt.date, now: dt.datetime
) -> FeedbackReminder | None:
    if case.current_due is None:
        return None
    if FeedbackReminder.objects.filter(
        feedback=case, state=state, due_kind=case.current_due_kind, day=day
    ).exists():
        return None
    recipients = list(selectors.handling_officers(agency=case.agency))
    if case.assignee is not None and case.assignee not in recipients:
        recipients.append(case.assignee)
    try:
        with transaction.atomic():
            reminder = FeedbackReminder.objects.create(
                feedback=case,
                state=state,
                due_kind=case.current_due_kind,
                day=day,
                due=case.current_due,
                recipients=len([r for r in recipients if r.email]),
            )
    except IntegrityError:  # another run got there first
        return None
    due_text = f"{timezone.localtime(case.current_due):%H:%M %d/%m/%Y}"
    note = (_("Quá hạn %(k)s (%(d)s).") if state == "overdue" else _("Sắp đến %(k)s (%(d)s).")) % {
        "k": DueKind(case.current_due_kind).label.lower(),
        "d": due_text,
    }
    _event(
        case,
        EventKind.REMINDED,
        at=now,
        actor=None,
        from_status=case.status,
        note=note,
        visible_to_sender=False,
    )
    for person in recipients:
        integrations.notify_email(
            to=person.email,
            subject=_("[%(s)s] Phản ánh %(c)s: %(n)s")
            % {"s": _("Nhắc hạn"), "c": case.code, "n": note},
            template="feedback/email/reminder.txt",
            context={
                "code": case.code,
                "title": case.title,
                "note": note,
                "agency": case.agency.name,
                "name": person.display_name,
                "site": settings.MOTCUA_SITE_NAME,
            },
            dedupe_key=f"feedback-remind:{case.code}:{state}:{case.current_due_kind}:{day}:{person.pk}",
            agency_id=case.agency_id,
            related=case,
        )
    return reminder
