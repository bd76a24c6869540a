"""Recommendations: issued from above, progress reported by the addressed agency, closed
(or reopened) by whoever follows them. Every step is a history entry and an audit event."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.clock import ClockError, LimitUnit
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency
from motcua.organizations.selectors import user_active_grants
from motcua.reform import access
from motcua.reform.constants import (
    RECOMMENDATION_TRANSITIONS,
    SUPERVISE_ROLES,
    WRITE_ROLES,
    DeadlineMode,
    RecommendationStatus,
)
from motcua.reform.files import CheckedFile, check_upload
from motcua.reform.models import Inspection, Recommendation, RecommendationUpdate
from motcua.reform.services.records import check_related, snapshot, transition_audit
from motcua.reform.services.workflow import FileJanitor, store_attachment


def recommendation_due_on(
    *,
    agency: Agency,
    issued_on: dt.date,
    deadline_mode: str,
    limit_working_days: int | None = None,
    due_on: dt.date | None = None,
) -> dt.date:
    """The deadline: N working days on the addressed agency's calendar, or the given date.

    Counting follows the statutory clock: the period starts the day after the issue date
    (its first working day), and the N-th working day is the last one.
    """
    if deadline_mode == DeadlineMode.DATE:
        if due_on is None:
            raise ValidationError({"due_on": [_("Nhập hạn thực hiện (ngày cụ thể).")]})
        return due_on
    if deadline_mode != DeadlineMode.WORKING_DAYS:
        raise ValidationError({"deadline_mode": [_("Cách tính thời hạn không hợp lệ.")]})
    if not limit_working_days or limit_working_days < 1:
        raise ValidationError(
            {"limit_working_days": [_("Nhập số ngày làm việc (ít nhất 1) để tính hạn.")]}
        )
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    start = dt.datetime.combine(issued_on, dt.time(0, 0), tzinfo=tz)
    try:
        due = calendar_for_agency(agency).due(start, limit_working_days, LimitUnit.WORKING_DAYS)
    except ClockError as exc:
        raise ValidationError({"limit_working_days": [str(exc)]}) from exc
    return due.astimezone(tz).date()


def _issuer_agency(actor: Any, agency: Agency) -> Agency | None:
    """The nearest agency above (or at) ``agency`` where the actor holds a following role."""
    if actor is None:
        return None
    grants = user_active_grants(user=actor).filter(role__in=[*SUPERVISE_ROLES, *WRITE_ROLES])
    best: Agency | None = None
    for grant in grants:
        if agency.path.startswith(grant.agency.path) and (
            best is None or len(grant.agency.path) > len(best.path)
        ):
            best = grant.agency
    return best


def _check_uploads(uploads: Sequence[Any], field: str = "files") -> list[CheckedFile]:
    return [check_upload(u, field=field) for u in uploads]


def _entry(
    *,
    actor: Any,
    rec: Recommendation,
    from_status: str,
    note: str,
    janitor: FileJanitor,
    uploads: Sequence[Any] = (),
    checked: Sequence[CheckedFile] = (),
) -> RecommendationUpdate:
    entry = RecommendationUpdate.objects.create(
        recommendation=rec,
        at=timezone.now(),
        from_status=from_status,
        to_status=rec.status,
        note=note,
        actor=actor if getattr(actor, "pk", None) else None,
    )
    for upload, check in zip(uploads, checked, strict=True):
        store_attachment(
            actor=actor,
            janitor=janitor,
            upload=upload,
            checked=check,
            agency_id=rec.agency_id,
            recommendation=rec,
            update=entry,
        )
    return entry


@transaction.atomic
def recommendation_issue(
    *,
    actor: Any,
    agency: Agency,
    title: str,
    text: str,
    source: str,
    issued_on: dt.date,
    deadline_mode: str = DeadlineMode.WORKING_DAYS,
    limit_working_days: int | None = None,
    due_on: dt.date | None = None,
    subject_agency: Agency | None = None,
    issuer_agency: Agency | None = None,
    source_reference: str = "",
    inspection: Inspection | None = None,
    owner_agency: Agency | None = None,
    owner_name: str = "",
) -> Recommendation:
    """Issue a recommendation to ``agency``; its deadline is fixed now."""
    access.require_supervise(user=actor, agency_id=agency.pk)
    computed = recommendation_due_on(
        agency=agency,
        issued_on=issued_on,
        deadline_mode=deadline_mode,
        limit_working_days=limit_working_days,
        due_on=due_on,
    )
    rec = Recommendation(
        agency=agency,
        subject_agency=subject_agency or agency,
        issuer_agency=issuer_agency or _issuer_agency(actor, agency),
        issued_by=actor if getattr(actor, "pk", None) else None,
        source=source,
        source_reference=source_reference,
        inspection=inspection,
        issued_on=issued_on,
        title=title,
        text=text,
        owner_agency=owner_agency,
        owner_name=owner_name,
        deadline_mode=deadline_mode,
        limit_working_days=limit_working_days
        if deadline_mode == DeadlineMode.WORKING_DAYS
        else None,
        due_on=computed,
    )
    rec.full_clean()
    check_related(actor=actor, obj=rec)
    rec.save()
    with FileJanitor() as janitor:
        _entry(actor=actor, rec=rec, from_status="", note=_("Ban hành kiến nghị."), janitor=janitor)
    transition_audit(actor=actor, obj=rec, verb="issue", before={}, after=snapshot(rec))
    return rec


def _move(
    *,
    actor: Any,
    rec: Recommendation,
    to: str,
    note: str,
    uploads: Sequence[Any],
    checked: Sequence[CheckedFile],
    verb: str,
    closed_on: dt.date | None = None,
) -> Recommendation:
    """Caller holds the row lock and checked permission."""
    if to not in RECOMMENDATION_TRANSITIONS[rec.status]:
        message = (
            _("Kiến nghị đã đóng; đề nghị cơ quan theo dõi mở lại trước khi cập nhật.")
            if rec.status == RecommendationStatus.CLOSED
            else _("Không chuyển được từ '%(a)s' sang '%(b)s'.")
            % {"a": rec.get_status_display(), "b": RecommendationStatus(to).label}
        )
        raise ValidationError({"status": [message]})
    before = {"status": rec.status, "closed_on": rec.closed_on}
    from_status = rec.status
    rec.status = to
    rec.closed_on = closed_on
    rec.save(update_fields=["status", "closed_on", "updated_at"])
    with FileJanitor() as janitor:
        entry = _entry(
            actor=actor,
            rec=rec,
            from_status=from_status,
            note=note,
            janitor=janitor,
            uploads=uploads,
            checked=checked,
        )
        transition_audit(
            actor=actor,
            obj=rec,
            verb=verb,
            before=before,
            after={"status": rec.status, "closed_on": rec.closed_on},
            extra={"update_id": entry.pk, "note": note, "files": [c.name for c in checked]},
        )
    return rec


def _require_note(note: str, field: str = "note") -> str:
    note = (note or "").strip()
    if not note:
        raise ValidationError({field: [_("Nhập nội dung (kết quả, căn cứ hoặc lý do).")]})
    return note


@transaction.atomic
def recommendation_report_progress(
    *,
    actor: Any,
    recommendation: Recommendation,
    note: str,
    done: bool = False,
    uploads: Sequence[Any] = (),
) -> Recommendation:
    """The addressed agency reports progress, or that it has done what was asked."""
    access.require_write(user=actor, agency_id=recommendation.agency_id)
    note = _require_note(note)
    checked = _check_uploads(uploads)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.status == RecommendationStatus.CLOSED:
        raise ValidationError(
            {
                "status": [
                    _("Kiến nghị đã đóng; đề nghị cơ quan theo dõi mở lại trước khi cập nhật.")
                ]
            }
        )
    to = RecommendationStatus.REPORTED_DONE if done else RecommendationStatus.IN_PROGRESS
    return _move(
        actor=actor, rec=rec, to=to, note=note, uploads=uploads, checked=checked, verb="progress"
    )


@transaction.atomic
def recommendation_close(
    *,
    actor: Any,
    recommendation: Recommendation,
    note: str,
    uploads: Sequence[Any] = (),
    closed_on: dt.date | None = None,
) -> Recommendation:
    """Whoever follows the recommendation accepts the evidence and closes it."""
    access.require_supervise(user=actor, agency_id=recommendation.agency_id)
    note = _require_note(note)
    checked = _check_uploads(uploads)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if not (rec.updates.exclude(from_status="").exists() or checked):
        raise ValidationError(
            {
                "note": [
                    _(
                        "Chưa có báo cáo tiến độ hay tài liệu kiểm chứng nào; "
                        "đính kèm tài liệu kiểm chứng khi đóng kiến nghị."
                    )
                ]
            }
        )
    return _move(
        actor=actor,
        rec=rec,
        to=RecommendationStatus.CLOSED,
        note=note,
        uploads=uploads,
        checked=checked,
        verb="close",
        closed_on=closed_on or timezone.localdate(),
    )


@transaction.atomic
def recommendation_reopen(
    *, actor: Any, recommendation: Recommendation, note: str
) -> Recommendation:
    """Reopen a closed recommendation: the evidence did not hold."""
    access.require_supervise(user=actor, agency_id=recommendation.agency_id)
    note = _require_note(note)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if rec.status != RecommendationStatus.CLOSED:
        raise ValidationError({"status": [_("Chỉ mở lại được kiến nghị đã đóng.")]})
    return _move(
        actor=actor,
        rec=rec,
        to=RecommendationStatus.IN_PROGRESS,
        note=note,
        uploads=(),
        checked=(),
        verb="reopen",
    )


@transaction.atomic
def recommendation_set_deadline(
    *,
    actor: Any,
    recommendation: Recommendation,
    deadline_mode: str,
    limit_working_days: int | None = None,
    due_on: dt.date | None = None,
) -> Recommendation:
    """Change the deadline (an extension granted by whoever follows it)."""
    access.require_supervise(user=actor, agency_id=recommendation.agency_id)
    rec = (
        Recommendation.objects.select_for_update()
        .select_related("agency")
        .get(pk=recommendation.pk)
    )
    computed = recommendation_due_on(
        agency=rec.agency,
        issued_on=rec.issued_on,
        deadline_mode=deadline_mode,
        limit_working_days=limit_working_days,
        due_on=due_on,
    )
    before = {
        "deadline_mode": rec.deadline_mode,
        "limit_working_days": rec.limit_working_days,
        "due_on": rec.due_on,
    }
    rec.deadline_mode = deadline_mode
    rec.limit_working_days = (
        limit_working_days if deadline_mode == DeadlineMode.WORKING_DAYS else None
    )
    rec.due_on = computed
    rec.full_clean()
    rec.save(update_fields=["deadline_mode", "limit_working_days", "due_on", "updated_at"])
    transition_audit(
        actor=actor,
        obj=rec,
        verb="deadline",
        before=before,
        after={
            "deadline_mode": rec.deadline_mode,
            "limit_working_days": rec.limit_working_days,
            "due_on": rec.due_on,
        },
    )
    return rec
