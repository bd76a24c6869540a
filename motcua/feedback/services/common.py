"""What every feedback service shares: the lock and transition check, events, audit, the
limits recomputed by the clock, text checks, e-mails to the sender and attached files."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.feedback import integrations, selectors
from motcua.feedback.constants import (
    TRANSITIONS,
    DueKind,
)
from motcua.feedback.deadlines import case_deadlines
from motcua.feedback.models import (
    Feedback,
    FeedbackAttachment,
    FeedbackEvent,
)
from motcua.organizations.calendars import calendar_for_agency

TITLE_MAX = 200
MAX_ATTACHMENTS = 5
CONTENT_MIN = 20
CONTENT_MAX = 5000
NOTE_MIN = 10
_PHONE = re.compile(r"^0\d{9,10}$")


class FeedbackConflict(Exception):
    """The case changed under the caller: the action no longer applies (HTTP 409)."""

    def __init__(self, message: str, *, status: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status


# --- helpers -------------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    if at is None:
        return timezone.now()
    if timezone.is_naive(at):
        raise ValueError("at must be timezone-aware")
    return at


def _is_staff_actor(actor: User | None) -> bool:
    return actor is not None and actor.is_authenticated


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_handler(actor: User | None, feedback: Feedback) -> None:
    if actor is None:  # system jobs (demo data, imports)
        return
    _require(
        selectors.user_can_handle(user=actor, agency=feedback.agency),
        _("Bạn không có quyền xử lý phản ánh của cơ quan này."),
    )


def _lock(feedback: Feedback, action: str, expected_version: int | None) -> Feedback:
    """Lock the row and check the transition. Caller is inside a transaction."""
    case = (
        Feedback.objects.select_for_update()
        .select_related("agency", "named_agency")
        .get(pk=feedback.pk)
    )
    if expected_version is not None and case.version != expected_version:
        raise FeedbackConflict(
            _(
                "Phản ánh %(code)s vừa được người khác cập nhật. Tải lại trang để xem "
                "tình trạng mới rồi thao tác lại."
            )
            % {"code": case.code},
            status=case.status,
        )
    if case.status not in TRANSITIONS[action]:
        raise FeedbackConflict(
            _("Phản ánh %(code)s đang ở trạng thái «%(status)s», không thể thực hiện thao tác này.")
            % {"code": case.code, "status": case.get_status_display()},
            status=case.status,
        )
    return case


def _save(case: Feedback, fields: list[str]) -> None:
    case.version = F("version") + 1
    case.save(update_fields=[*fields, "version"])
    case.refresh_from_db(fields=["version"])


def _event(
    case: Feedback,
    kind: str,
    *,
    at: dt.datetime,
    actor: User | None,
    from_status: str,
    note: str = "",
    by_sender: bool = False,
    visible_to_sender: bool = True,
) -> FeedbackEvent:
    return FeedbackEvent.objects.create(
        feedback=case,
        at=at,
        kind=kind,
        actor=actor if _is_staff_actor(actor) else None,
        by_sender=by_sender,
        agency=case.agency,
        from_status=from_status,
        to_status=case.status,
        note=note,
        visible_to_sender=visible_to_sender,
    )


def _audit(actor: User | None, action: str, case: Feedback, **data: Any) -> None:
    audit_record(
        actor=actor if _is_staff_actor(actor) else None,
        action=f"feedback.{action}",
        obj=case,
        agency_id=case.agency_id,
        data={"code": case.code, "status": case.status, **data},
    )


def _set_deadlines(case: Feedback) -> None:
    """Recompute the limits from the reception instant with the handling agency's clock."""
    limits = case_deadlines(
        calendar_for_agency(case.agency),
        received_at=case.received_at,
        info_requested_at=case.info_requested_at,
        info_provided_at=case.info_provided_at,
    )
    case.refuse_due = limits.refuse_due
    case.info_request_due = limits.info_request_due
    case.handle_due = limits.handle_due
    case.current_due = limits.handle_due
    case.current_due_kind = DueKind.HANDLE if limits.handle_due else ""


def _text(value: Any) -> str:
    return str(value or "").strip()


def _need_text(
    errors: dict[str, list[str]], name: str, value: str, label: str, minimum: int
) -> None:
    if not value:
        errors.setdefault(name, []).append(_("Hãy nhập %(f)s.") % {"f": label})
    elif len(value) < minimum:
        errors.setdefault(name, []).append(
            _("%(f)s quá ngắn: hãy viết ít nhất %(n)d ký tự.") % {"f": label, "n": minimum}
        )


def _sender_email_context(case: Feedback) -> dict[str, Any]:
    return {
        "code": case.code,
        "name": case.sender_name,
        "agency": case.agency.name,
        "title": case.title,
        "site": settings.MOTCUA_SITE_NAME,
    }


def _notify_sender(case: Feedback, what: str, subject: str, extra: dict[str, Any]) -> None:
    integrations.notify_email(
        to=case.sender_email,
        subject=subject,
        template=f"feedback/email/{what}.txt",
        context={**_sender_email_context(case), **extra},
        dedupe_key=f"feedback:{case.code}:{what}:{case.version}",
        agency_id=case.agency_id,
        related=case,
    )


def _store_files(actor: User | None, files: Sequence[Any], *, already: int = 0) -> list[Any]:
    """Check and keep the uploads (documents app) or raise a ValidationError on "attachments".

    Runs inside the caller's transaction: a refused file, or any later failure, leaves no row.
    """
    from motcua.documents.services import UploadRejected, file_store

    files = [f for f in files if f]
    if already + len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {
                "attachments": [
                    _("Chỉ gửi kèm tối đa %(n)d tệp; hãy bỏ bớt hoặc gộp tệp.")
                    % {"n": MAX_ATTACHMENTS}
                ]
            }
        )
    stored = []
    uploader = actor if actor is not None and actor.is_authenticated else None
    for upload in files:
        try:
            stored.append(file_store(upload=upload, created_by=uploader))
        except UploadRejected as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
    return stored


def _attach(case: Feedback, stored: list[Any], *, with_info_reply: bool = False) -> None:
    FeedbackAttachment.objects.bulk_create(
        FeedbackAttachment(feedback=case, file=f, with_info_reply=with_info_reply) for f in stored
    )
