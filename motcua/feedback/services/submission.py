"""Receiving feedback: checks, the public code, the secret, the handling agency."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_personal_id
from motcua.feedback import codes, integrations
from motcua.feedback.constants import (
    Category,
    EventKind,
    Kind,
    Status,
    Subject,
)
from motcua.feedback.models import (
    Feedback,
    FeedbackSequence,
)
from motcua.feedback.services.common import (
    _PHONE,
    CONTENT_MAX,
    CONTENT_MIN,
    TITLE_MAX,
    _attach,
    _audit,
    _event,
    _need_text,
    _now,
    _set_deadlines,
    _store_files,
    _text,
)
from motcua.organizations.models import Agency

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
