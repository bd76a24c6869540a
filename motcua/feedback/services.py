"""State changes of feedback cases. Each is one transaction, one row lock, one audit event.

The lifecycle table is :data:`motcua.feedback.constants.TRANSITIONS`. A change that finds the
case no longer in a status the action applies to (someone else got there first), or a form
built on an older version of the case, raises :class:`FeedbackConflict`, which pages show as
a message and the API as 409. Audit events carry codes and statuses only, never the sender's
personal data: the chain cannot be edited, personal data must be erasable.

``at`` (the instant of the action) defaults to now; imports and demo data pass past instants.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_personal_id
from motcua.core.audit import audit_record
from motcua.feedback import codes, integrations, selectors
from motcua.feedback.constants import (
    TRANSITIONS,
    Category,
    DueKind,
    EventKind,
    Kind,
    Rating,
    RefusalReason,
    Status,
    Subject,
)
from motcua.feedback.deadlines import case_deadlines, publish_due
from motcua.feedback.models import (
    Feedback,
    FeedbackAttachment,
    FeedbackEvent,
    FeedbackReminder,
    FeedbackSequence,
)
from motcua.feedback.redaction import leaked_contact, redact
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency

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


# --- submission ----------------------------------------------------------------------------


def normalise_phone(value: str) -> str:
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class Submitted:
    feedback: Feedback
    secret: str

    @property
    def secret_display(self) -> str:
        return codes.format_secret(self.secret)


@dataclass
class _Cleaned:
    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)


def _clean_submission(actor: User | None, data: dict[str, Any]) -> _Cleaned:
    out = _Cleaned()
    kind = _text(data.get("kind")) or Kind.REPORT
    if kind not in Kind.values:
        out.error("kind", _("Chọn loại: phản ánh, kiến nghị hoặc không hài lòng."))
    category = _text(data.get("category"))
    if category not in Category.values:
        out.error("category", _("Chọn phân loại của phản ánh."))
    subject = _text(data.get("subject"))
    if subject not in Subject.values:
        out.error("subject", _("Chọn phản ánh về thủ tục, hồ sơ hay cán bộ."))
    title = _text(data.get("title"))
    if not title:
        out.error("title", _("Hãy nhập tiêu đề ngắn gọn."))
    elif len(title) > TITLE_MAX:
        out.error("title", _("Tiêu đề dài quá %(n)d ký tự; hãy rút gọn.") % {"n": TITLE_MAX})
    content = _text(data.get("content"))
    _need_text(out.errors, "content", content, _("Nội dung"), CONTENT_MIN)
    if len(content) > CONTENT_MAX:
        out.error("content", _("Nội dung dài quá %(n)d ký tự; hãy rút gọn.") % {"n": CONTENT_MAX})

    procedure_code = _text(data.get("procedure_code"))
    dossier_code = _text(data.get("dossier_code")).upper()
    dossier_pk: int | None = None
    agency_code = _text(data.get("agency"))
    agency: Agency | None = None
    if agency_code:
        agency = Agency.objects.valid_on(timezone.localdate()).filter(code=agency_code).first()
        if agency is None:
            out.error("agency", _("Không có cơ quan này; hãy chọn trong danh sách."))
    if procedure_code:
        if not integrations.PROCEDURE_CODE_RE.match(procedure_code):
            out.error("procedure_code", _("Mã thủ tục có dạng N.NNNNNN, ví dụ 1.001193."))
        elif integrations.procedure_lookup(procedure_code) is None:
            out.error(
                "procedure_code",
                _("Không có thủ tục mã %(c)s trong danh mục; kiểm tra lại mã.")
                % {"c": procedure_code},
            )
    if subject == Subject.PROCEDURE and not procedure_code:
        out.error("procedure_code", _("Hãy nhập mã thủ tục bạn phản ánh, ví dụ 1.001193."))
    if subject == Subject.DOSSIER:
        if not dossier_code:
            out.error("dossier_code", _("Hãy nhập mã hồ sơ ghi trên phiếu hẹn."))
        else:
            dossier = integrations.dossier_lookup(dossier_code)
            if dossier is None or dossier.agency is None:
                out.error(
                    "dossier_code",
                    _(
                        "Không tìm thấy hồ sơ mã %(c)s. Mã có dạng "
                        "000.00.07.H26-230519-0001, ghi trên phiếu hẹn."
                    )
                    % {"c": dossier_code},
                )
            else:
                agency = dossier.agency
                dossier_pk = dossier.pk
    elif subject in (Subject.PROCEDURE, Subject.CONDUCT) and not agency_code:
        out.error("agency", _("Hãy chọn cơ quan bạn phản ánh."))

    signed_in = actor is not None and actor.is_authenticated
    name = _text(data.get("sender_name")) or (actor.display_name if signed_in and actor else "")
    email = _text(data.get("sender_email")) or (actor.email if signed_in and actor else "")
    phone_raw = _text(data.get("sender_phone")) or (actor.phone if signed_in and actor else "")
    personal_id = _text(data.get("sender_personal_id"))
    if not name:
        out.error("sender_name", _("Hãy nhập họ tên của bạn."))
    elif len(name) > 150:
        out.error("sender_name", _("Họ tên dài quá 150 ký tự."))
    if email:
        try:
            EmailValidator()(email)
        except ValidationError:
            out.error(
                "sender_email",
                _("Địa chỉ thư điện tử không đúng dạng, ví dụ: ten@example.vn."),
            )
    phone = normalise_phone(phone_raw)
    if phone_raw and not _PHONE.match(phone):
        out.error(
            "sender_phone",
            _("Số điện thoại gồm 10 hoặc 11 chữ số bắt đầu bằng 0 (hoặc +84), ví dụ 0912345678."),
        )
    if not signed_in and not email and not phone_raw:
        out.error(
            "sender_email",
            _("Hãy để lại thư điện tử hoặc số điện thoại để cơ quan liên hệ, trả lời bạn."),
        )
    if personal_id:
        try:
            validate_personal_id(personal_id)
        except ValidationError as exc:
            out.errors.setdefault("sender_personal_id", []).extend(exc.messages)
    out.values = {
        "kind": kind,
        "category": category,
        "subject": subject,
        "title": title,
        "content": content,
        "procedure_code": procedure_code,
        "dossier_code": dossier_code if subject == Subject.DOSSIER else "",
        "dossier_pk": dossier_pk if subject == Subject.DOSSIER else None,
        "agency": agency,
        "sender_name": name,
        "sender_email": email,
        "sender_phone": phone,
        "sender_personal_id": personal_id,
    }
    return out


def _next_code(day: dt.date) -> str:
    row, _created = FeedbackSequence.objects.select_for_update().get_or_create(day=day)
    FeedbackSequence.objects.filter(pk=row.pk).update(last=F("last") + 1)
    row.refresh_from_db(fields=["last"])
    return codes.feedback_code(day, row.last)


def _create_case(
    *,
    actor: User | None,
    values: dict[str, Any],
    at: dt.datetime,
    repeat_of: Feedback | None = None,
    handling: Agency | None = None,
    sender: User | None = None,
    attachments: int = 0,
) -> Submitted:
    agency: Agency = values["agency"]
    code = _next_code(timezone.localtime(at).date())
    secret = codes.new_secret()
    case = Feedback(
        code=code,
        secret_digest=codes.secret_digest(code, secret, key=settings.SECRET_KEY),
        kind=values["kind"],
        category=values["category"],
        subject=values["subject"],
        procedure_code=values["procedure_code"],
        dossier_code=values["dossier_code"],
        dossier_id=values.get("dossier_pk"),
        named_agency=agency,
        agency=handling or agency,
        title=values["title"],
        content=values["content"],
        sender=sender or (actor if actor is not None and actor.is_authenticated else None),
        sender_name=values["sender_name"],
        sender_email=values["sender_email"],
        sender_phone=values["sender_phone"],
        sender_personal_id=values["sender_personal_id"],
        status=Status.NEW,
        received_at=at,
        repeat_of=repeat_of,
    )
    _set_deadlines(case)
    case.save()
    _event(case, EventKind.SUBMITTED, at=at, actor=actor, from_status="", by_sender=True)
    _audit(
        actor,
        "submit",
        case,
        kind=case.kind,
        category=case.category,
        subject=case.subject,
        agency=case.agency.code,
        repeat_of=repeat_of.code if repeat_of else None,
        attachments=attachments,
    )
    return Submitted(feedback=case, secret=secret)


@transaction.atomic
def feedback_submit(
    *,
    actor: User | None,
    data: dict[str, Any],
    files: Sequence[Any] = (),
    at: dt.datetime | None = None,
) -> Submitted:
    """Receive feedback from a signed-in or anonymous sender.

    ``data`` keys: kind, category, subject, title, content, procedure_code, dossier_code,
    agency (code), sender_name, sender_email, sender_phone, sender_personal_id. ``files``:
    up to 5 uploads (PDF, JPEG, PNG, DOCX), checked by the documents app. Raises
    ValidationError with a Vietnamese message per field; nothing is written then.
    The returned secret is shown once and never stored.
    """
    cleaned = _clean_submission(actor, data)
    if cleaned.errors:
        raise ValidationError(cleaned.errors)
    stored = _store_files(actor, files)
    submitted = _create_case(
        actor=actor, values=cleaned.values, at=_now(at), attachments=len(stored)
    )
    _attach(submitted.feedback, stored)
    return submitted


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


# --- personal data and reminders ---------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    name: str
    email: str
    phone: str
    personal_id_masked: str
    account: str


@transaction.atomic
def feedback_contact_view(*, actor: User, feedback: Feedback) -> Contact:
    """Show the sender's contact to the handling agency's staff; every view is audited."""
    from motcua.accounts.validators import mask_personal_id

    _require(
        selectors.user_can_see_contact(user=actor, agency=feedback.agency),
        _("Chỉ cán bộ của cơ quan xử lý được xem thông tin liên hệ của người gửi."),
    )
    audit_record(
        actor=actor,
        action="feedback.contact_view",
        obj=feedback,
        agency_id=feedback.agency_id,
        data={"code": feedback.code},
    )
    return Contact(
        name=feedback.sender_name,
        email=feedback.sender_email,
        phone=feedback.sender_phone,
        personal_id_masked=mask_personal_id(feedback.sender_personal_id),
        account=feedback.sender.username if feedback.sender_id and feedback.sender else "",
    )


def feedback_attachment_open(
    *,
    feedback: Feedback,
    attachment_id: Any,
    actor: User | None = None,
    secret: str | None = None,
) -> Any:
    """The stored file of one attachment, for the handling agency's staff (audited) or the
    sender; PermissionDenied for anyone else, Http404 for an id that is not the case's."""
    from django.http import Http404

    attachment = (
        FeedbackAttachment.objects.select_related("file")
        .filter(feedback=feedback, file_id=attachment_id)
        .first()
    )
    if attachment is None:
        raise Http404("attachment")
    is_sender = (
        actor is not None and actor.is_authenticated and feedback.sender_id == actor.pk
    ) or bool(secret and selectors.feedback_secret_matches(feedback=feedback, secret=secret))
    if not is_sender:
        _require(
            actor is not None
            and selectors.user_can_see_contact(user=actor, agency=feedback.agency),
            _("Chỉ người gửi và cán bộ cơ quan xử lý được xem tệp đính kèm."),
        )
        with transaction.atomic():
            audit_record(
                actor=actor,
                action="feedback.attachment_view",
                obj=feedback,
                agency_id=feedback.agency_id,
                data={"code": feedback.code, "file": str(attachment.file_id)},
            )
    return attachment.file


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
