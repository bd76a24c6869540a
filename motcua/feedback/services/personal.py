"""Reading the sender's personal data and files: allowed to few, audited every time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.feedback import selectors
from motcua.feedback.models import (
    Feedback,
    FeedbackAttachment,
)
from motcua.feedback.services.common import _require

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
