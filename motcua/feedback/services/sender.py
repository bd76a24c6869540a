"""What the sender does: answer a request for information, rate the answer, come back."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.feedback import selectors
from motcua.feedback.constants import (
    EventKind,
    Kind,
    Rating,
    Status,
)
from motcua.feedback.models import Feedback
from motcua.feedback.services.common import (
    CONTENT_MAX,
    CONTENT_MIN,
    NOTE_MIN,
    TITLE_MAX,
    FeedbackConflict,
    _attach,
    _audit,
    _event,
    _lock,
    _need_text,
    _now,
    _save,
    _set_deadlines,
    _store_files,
    _text,
)
from motcua.feedback.services.submission import (
    Submitted,
    _create_case,
)


def _require_sender(feedback: Feedback, actor: User | None, secret: str | None) -> None:
    owner = actor is not None and actor.is_authenticated and feedback.sender_id == actor.pk
    if not owner and not (
        secret and selectors.feedback_secret_matches(feedback=feedback, secret=secret)
    ):
        raise PermissionDenied(
            _("Chỉ người gửi phản ánh (đăng nhập hoặc có mã bí mật) được làm việc này.")
        )


@transaction.atomic
def feedback_provide_info(
    *,
    feedback: Feedback,
    reply: str,
    actor: User | None = None,
    secret: str | None = None,
    files: Sequence[Any] = (),
    at: dt.datetime | None = None,
) -> Feedback:
    """The sender answers the request (with files if needed); the clock restarts with the
    time that was left."""
    at = _now(at)
    case = _lock(feedback, "provide_info", None)
    _require_sender(case, actor, secret)
    reply = _text(reply)
    errors: dict[str, list[str]] = {}
    _need_text(errors, "reply", reply, _("Thông tin bổ sung"), NOTE_MIN)
    if len(reply) > CONTENT_MAX:
        errors.setdefault("reply", []).append(
            _("Thông tin bổ sung dài quá %(n)d ký tự.") % {"n": CONTENT_MAX}
        )
    if errors:
        raise ValidationError(errors)
    stored = _store_files(actor, files, already=case.attachments.count())
    _attach(case, stored, with_info_reply=True)
    before = case.status
    case.info_reply = reply
    case.info_provided_at = at
    case.status = Status.PROCESSING if case.assignee_id else Status.NEW
    _set_deadlines(case)
    _save(
        case,
        [
            "info_reply",
            "info_provided_at",
            "status",
            "handle_due",
            "current_due",
            "current_due_kind",
        ],
    )
    _event(
        case,
        EventKind.INFO_PROVIDED,
        at=at,
        actor=actor,
        from_status=before,
        note=reply,
        by_sender=True,
    )
    _audit(actor, "provide_info", case, before=before, attachments=len(stored))
    return case


# --- the sender after the answer ---------------------------------------------------------


@transaction.atomic
def feedback_rate(
    *,
    feedback: Feedback,
    rating: str,
    actor: User | None = None,
    secret: str | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """The sender likes or dislikes the answer, once."""
    at = _now(at)
    _require_sender(feedback, actor, secret)
    if rating not in Rating.values:
        raise ValidationError({"rating": [_("Hãy chọn hài lòng hoặc không hài lòng.")]})
    case = _lock(feedback, "rate", None)
    if case.rating:
        raise FeedbackConflict(
            _("Bạn đã đánh giá câu trả lời này (%(r)s); mỗi phản ánh chỉ đánh giá một lần.")
            % {"r": case.get_rating_display()},
            status=case.status,
        )
    case.rating = rating
    case.rated_at = at
    _save(case, ["rating", "rated_at"])
    _event(
        case,
        EventKind.RATED,
        at=at,
        actor=actor,
        from_status=case.status,
        note=str(Rating(rating).label),
        by_sender=True,
    )
    _audit(actor, "rate", case, rating=rating)
    return case


@transaction.atomic
def feedback_repeat(
    *,
    feedback: Feedback,
    content: str,
    actor: User | None = None,
    secret: str | None = None,
    at: dt.datetime | None = None,
) -> Submitted:
    """The sender is not satisfied: a new linked case, counted as a complaint, once per case."""
    at = _now(at)
    _require_sender(feedback, actor, secret)
    case = _lock(feedback, "repeat", None)
    if Feedback.objects.filter(repeat_of=case).exists():
        raise FeedbackConflict(
            _("Phản ánh %(c)s đã được phản ánh lại một lần; hãy theo dõi phản ánh mới.")
            % {"c": case.code},
            status=case.status,
        )
    content = _text(content)
    errors: dict[str, list[str]] = {}
    _need_text(errors, "content", content, _("Nội dung phản ánh lại"), CONTENT_MIN)
    if len(content) > CONTENT_MAX:
        errors.setdefault("content", []).append(
            _("Nội dung dài quá %(n)d ký tự; hãy rút gọn.") % {"n": CONTENT_MAX}
        )
    if errors:
        raise ValidationError(errors)
    title = _("Phản ánh lại %(c)s: %(t)s") % {"c": case.code, "t": case.title}
    values = {
        "kind": Kind.COMPLAINT,
        "category": case.category,
        "subject": case.subject,
        "title": title[:TITLE_MAX],
        "content": content,
        "procedure_code": case.procedure_code,
        "dossier_code": case.dossier_code,
        "dossier_pk": case.dossier_id,
        "agency": case.named_agency,
        "sender_name": case.sender_name,
        "sender_email": case.sender_email,
        "sender_phone": case.sender_phone,
        "sender_personal_id": case.sender_personal_id,
    }
    sender = case.sender if case.sender_id else None
    try:
        with transaction.atomic():
            submitted = _create_case(
                actor=actor,
                values=values,
                at=at,
                repeat_of=case,
                handling=case.agency,
                sender=sender,
            )
    except IntegrityError as exc:  # a second repeat raced this one
        raise FeedbackConflict(
            _("Phản ánh %(c)s đã được phản ánh lại một lần.") % {"c": case.code},
            status=case.status,
        ) from exc
    _event(
        case,
        EventKind.REPEATED,
        at=at,
        actor=actor,
        from_status=case.status,
        note=submitted.feedback.code,
        by_sender=True,
    )
    _audit(actor, "repeat", case, repeat=submitted.feedback.code)
    return submitted
