"""The handling agency's steps: take, transfer, ask, refuse, answer, publish, reclassify."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.feedback import selectors
from motcua.feedback.constants import (
    Category,
    DueKind,
    EventKind,
    RefusalReason,
    Status,
)
from motcua.feedback.deadlines import publish_due
from motcua.feedback.models import Feedback
from motcua.feedback.redaction import leaked_contact, redact
from motcua.feedback.services.common import (
    CONTENT_MAX,
    CONTENT_MIN,
    NOTE_MIN,
    TITLE_MAX,
    _audit,
    _event,
    _lock,
    _need_text,
    _notify_sender,
    _now,
    _require,
    _require_handler,
    _save,
    _set_deadlines,
    _text,
)
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency

# --- handling ------------------------------------------------------------------------------


@transaction.atomic
def feedback_assign(
    *,
    actor: User | None,
    feedback: Feedback,
    assignee: User | None = None,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Take the case into handling (or hand it to a colleague of the same agency)."""
    at = _now(at)
    case = _lock(feedback, "assign", expected_version)
    _require_handler(actor, case)
    person = assignee or actor
    if person is None:
        raise ValidationError({"assignee": [_("Hãy chọn cán bộ xử lý.")]})
    if not selectors.user_can_handle(user=person, agency=case.agency):
        raise ValidationError(
            {"assignee": [_("Cán bộ này không có vai trò xử lý phản ánh tại cơ quan.")]}
        )
    before = case.status
    case.status = Status.PROCESSING
    case.assignee = person
    case.assigned_at = case.assigned_at or at
    _save(case, ["status", "assignee", "assigned_at"])
    _event(
        case,
        EventKind.ASSIGNED,
        at=at,
        actor=actor,
        from_status=before,
        note=person.display_name,
        visible_to_sender=before == Status.NEW,
    )
    _audit(actor, "assign", case, before=before, assignee=person.username)
    return case


@transaction.atomic
def feedback_transfer(
    *,
    actor: User | None,
    feedback: Feedback,
    to_agency: Agency,
    reason: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Move the case to the agency competent for it (leaders).

    The reception instant is kept: the limits are recomputed with the new agency's calendar
    but do not restart, so a transfer never buys time against the sender.
    """
    at = _now(at)
    case = _lock(feedback, "transfer", expected_version)
    if actor is not None:
        _require(
            selectors.user_can_transfer(user=actor, agency=case.agency),
            _("Chỉ lãnh đạo cơ quan đang xử lý được chuyển phản ánh."),
        )
    reason = _text(reason)
    errors: dict[str, list[str]] = {}
    if to_agency.pk == case.agency_id:
        errors["agency"] = [_("Phản ánh đang ở cơ quan này; hãy chọn cơ quan khác.")]
    elif not to_agency.is_valid_on(timezone.localdate()):
        errors["agency"] = [_("Cơ quan này không còn hoạt động; hãy chọn cơ quan khác.")]
    _need_text(errors, "reason", reason, _("Lý do chuyển"), NOTE_MIN)
    if errors:
        raise ValidationError(errors)
    before_agency = case.agency
    before = case.status
    case.agency = to_agency
    case.status = Status.NEW
    case.assignee = None
    case.assigned_at = None
    _set_deadlines(case)
    _save(
        case,
        [
            "agency",
            "status",
            "assignee",
            "assigned_at",
            "refuse_due",
            "info_request_due",
            "handle_due",
            "current_due",
            "current_due_kind",
        ],
    )
    _event(
        case,
        EventKind.TRANSFERRED,
        at=at,
        actor=actor,
        from_status=before,
        note=_("Chuyển từ %(a)s đến %(b)s. Lý do: %(r)s")
        % {"a": before_agency.name, "b": to_agency.name, "r": reason},
    )
    _audit(actor, "transfer", case, before=before, from_agency=before_agency.code)
    return case


@transaction.atomic
def feedback_request_info(
    *,
    actor: User | None,
    feedback: Feedback,
    question: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Ask the sender for more information; the 15-day clock stops until they answer.

    Allowed once, and only within 5 working days of reception: later the agency answers
    with what it has or refuses, instead of stopping the clock when the limit draws near.
    """
    at = _now(at)
    case = _lock(feedback, "request_info", expected_version)
    _require_handler(actor, case)
    question = _text(question)
    errors: dict[str, list[str]] = {}
    _need_text(errors, "question", question, _("Nội dung cần bổ sung"), NOTE_MIN)
    if case.info_requested_at is not None:
        errors.setdefault("question", []).append(
            _("Đã yêu cầu bổ sung thông tin một lần; hãy trả lời hoặc từ chối phản ánh.")
        )
    elif at > case.info_request_due:
        errors.setdefault("question", []).append(
            _(
                "Đã quá thời hạn 5 ngày làm việc để yêu cầu bổ sung (hạn %(d)s); "
                "hãy trả lời hoặc từ chối phản ánh."
            )
            % {"d": f"{timezone.localtime(case.info_request_due):%H:%M %d/%m/%Y}"}
        )
    if errors:
        raise ValidationError(errors)
    before = case.status
    case.status = Status.WAITING_INFO
    case.info_request = question
    case.info_requested_at = at
    if case.assignee_id is None and actor is not None:
        case.assignee = actor
        case.assigned_at = at
    _set_deadlines(case)
    _save(
        case,
        [
            "status",
            "info_request",
            "info_requested_at",
            "assignee",
            "assigned_at",
            "handle_due",
            "current_due",
            "current_due_kind",
        ],
    )
    _event(case, EventKind.INFO_REQUESTED, at=at, actor=actor, from_status=before, note=question)
    _audit(actor, "request_info", case, before=before)
    _notify_sender(
        case,
        "info_requested",
        _("Phản ánh %(c)s: cơ quan đề nghị bổ sung thông tin") % {"c": case.code},
        {"question": question},
    )
    return case


@transaction.atomic
def feedback_refuse(
    *,
    actor: User | None,
    feedback: Feedback,
    reason: str,
    note: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Refuse the case with a reason the sender is told (due within 2 working days)."""
    at = _now(at)
    case = _lock(feedback, "refuse", expected_version)
    _require_handler(actor, case)
    note = _text(note)
    errors: dict[str, list[str]] = {}
    if reason not in RefusalReason.values:
        errors["reason"] = [_("Hãy chọn lý do từ chối.")]
    elif reason == RefusalReason.NO_INFORMATION and case.status != Status.WAITING_INFO:
        errors["reason"] = [
            _("Lý do «không bổ sung thông tin» chỉ dùng khi đang chờ người gửi bổ sung.")
        ]
    _need_text(errors, "note", note, _("Giải thích cho người gửi"), NOTE_MIN)
    if errors:
        raise ValidationError(errors)
    before = case.status
    case.status = Status.REFUSED
    case.refusal_reason = reason
    case.refusal_note = note
    case.refused_at = at
    case.current_due = None
    case.current_due_kind = ""
    _save(
        case,
        [
            "status",
            "refusal_reason",
            "refusal_note",
            "refused_at",
            "current_due",
            "current_due_kind",
        ],
    )
    _event(
        case,
        EventKind.REFUSED,
        at=at,
        actor=actor,
        from_status=before,
        note=f"{RefusalReason(reason).label}. {note}",
    )
    _audit(
        actor,
        "refuse",
        case,
        before=before,
        reason=reason,
        within_limit=at <= case.refuse_due,
    )
    _notify_sender(
        case,
        "refused",
        _("Phản ánh %(c)s không được tiếp nhận") % {"c": case.code},
        {"reason": RefusalReason(reason).label, "note": note},
    )
    return case


def suggested_public_text(case: Feedback) -> dict[str, str]:
    """First pass of the public version: personal IDs, phones, e-mails, the sender's name."""
    names = [case.sender_name]
    return {
        "public_title": redact(case.title, names=names).text,
        "public_content": redact(case.content, names=names).text,
        "public_answer": redact(case.answer, names=names).text,
    }


@transaction.atomic
def feedback_answer(
    *,
    actor: User | None,
    feedback: Feedback,
    answer: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Answer the sender; publication is then due within 2 working days."""
    at = _now(at)
    case = _lock(feedback, "answer", expected_version)
    _require_handler(actor, case)
    answer = _text(answer)
    errors: dict[str, list[str]] = {}
    _need_text(errors, "answer", answer, _("Câu trả lời"), CONTENT_MIN)
    if len(answer) > CONTENT_MAX * 2:
        errors.setdefault("answer", []).append(
            _("Câu trả lời dài quá %(n)d ký tự.") % {"n": CONTENT_MAX * 2}
        )
    if errors:
        raise ValidationError(errors)
    before = case.status
    case.status = Status.ANSWERED
    case.answer = answer
    case.answered_at = at
    case.answered_by = actor
    if case.assignee_id is None and actor is not None:
        case.assignee = actor
        case.assigned_at = at
    case.publish_due = publish_due(calendar_for_agency(case.agency), answered_at=at)
    case.current_due = case.publish_due
    case.current_due_kind = DueKind.PUBLISH
    suggestion = suggested_public_text(case)
    case.public_title = suggestion["public_title"]
    case.public_content = suggestion["public_content"]
    case.public_answer = suggestion["public_answer"]
    _save(
        case,
        [
            "status",
            "answer",
            "answered_at",
            "answered_by",
            "assignee",
            "assigned_at",
            "publish_due",
            "current_due",
            "current_due_kind",
            "public_title",
            "public_content",
            "public_answer",
        ],
    )
    _event(case, EventKind.ANSWERED, at=at, actor=actor, from_status=before, note=answer)
    on_time = case.handle_due is not None and at <= case.handle_due
    _audit(actor, "answer", case, before=before, on_time=on_time)
    _notify_sender(
        case,
        "answered",
        _("Phản ánh %(c)s đã được trả lời") % {"c": case.code},
        {"answer": answer},
    )
    return case


@transaction.atomic
def feedback_publish(
    *,
    actor: User | None,
    feedback: Feedback,
    public_title: str,
    public_content: str,
    public_answer: str,
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    """Publish the reviewed, redacted feedback and answer on the public page.

    Refused while any text still contains the sender's own e-mail, phone, ID or full name.
    """
    at = _now(at)
    case = _lock(feedback, "publish", expected_version)
    _require_handler(actor, case)
    texts = {
        "public_title": _text(public_title),
        "public_content": _text(public_content),
        "public_answer": _text(public_answer),
    }
    labels = {
        "public_title": _("Tiêu đề công khai"),
        "public_content": _("Nội dung công khai"),
        "public_answer": _("Câu trả lời công khai"),
    }
    what = {
        "email": _("thư điện tử"),
        "phone": _("số điện thoại"),
        "personal_id": _("số định danh"),
        "name": _("họ tên"),
    }
    errors: dict[str, list[str]] = {}
    for name, value in texts.items():
        if not value:
            errors[name] = [_("Hãy nhập %(f)s.") % {"f": labels[name].lower()}]
            continue
        if name == "public_title" and len(value) > TITLE_MAX:
            errors[name] = [_("Tiêu đề dài quá %(n)d ký tự.") % {"n": TITLE_MAX}]
        leaks = leaked_contact(
            value,
            email=case.sender_email,
            phone=case.sender_phone,
            personal_id=case.sender_personal_id,
            name=case.sender_name,
        )
        if leaks:
            errors.setdefault(name, []).append(
                _("%(f)s vẫn còn %(w)s của người gửi; hãy xóa trước khi công khai.")
                % {"f": labels[name], "w": ", ".join(str(what[k]) for k in leaks)}
            )
    if errors:
        raise ValidationError(errors)
    before = case.status
    case.status = Status.PUBLISHED
    case.public_title = texts["public_title"]
    case.public_content = texts["public_content"]
    case.public_answer = texts["public_answer"]
    case.published_at = at
    case.published_by = actor
    case.current_due = None
    case.current_due_kind = ""
    _save(
        case,
        [
            "status",
            "public_title",
            "public_content",
            "public_answer",
            "published_at",
            "published_by",
            "current_due",
            "current_due_kind",
        ],
    )
    _event(case, EventKind.PUBLISHED, at=at, actor=actor, from_status=before)
    on_time = case.publish_due is not None and at <= case.publish_due
    _audit(actor, "publish", case, before=before, on_time=on_time)
    return case


@transaction.atomic
def feedback_reclassify(
    *,
    actor: User | None,
    feedback: Feedback,
    category: str,
    note: str = "",
    expected_version: int | None = None,
    at: dt.datetime | None = None,
) -> Feedback:
    at = _now(at)
    case = _lock(feedback, "reclassify", expected_version)
    _require_handler(actor, case)
    if category not in Category.values:
        raise ValidationError({"category": [_("Hãy chọn phân loại.")]})
    if category == case.category:
        raise ValidationError(
            {"category": [_("Phản ánh đã thuộc phân loại này; hãy chọn phân loại khác.")]}
        )
    before = case.category
    case.category = category
    _save(case, ["category"])
    label = _("Từ «%(a)s» sang «%(b)s».") % {
        "a": Category(before).label,
        "b": Category(category).label,
    }
    _event(
        case,
        EventKind.RECLASSIFIED,
        at=at,
        actor=actor,
        from_status=case.status,
        note=f"{label} {_text(note)}".strip(),
    )
    _audit(actor, "reclassify", case, before=before, after=category)
    return case
