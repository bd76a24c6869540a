"""State changes of feedback cases. Each is one transaction, one row lock, one audit event.

The lifecycle table is :data:`motcua.feedback.constants.TRANSITIONS`. A change that finds the
case no longer in a status the action applies to (someone else got there first), or a form
built on an older version of the case, raises :class:`FeedbackConflict`, which pages show as
a message and the API as 409. Audit events carry codes and statuses only, never the sender's
personal data: the chain cannot be edited, personal data must be erasable.

``at`` (the instant of the action) defaults to now; imports and demo data pass past instants.
"""

from motcua.feedback.services.common import (
    CONTENT_MAX,
    CONTENT_MIN,
    MAX_ATTACHMENTS,
    NOTE_MIN,
    TITLE_MAX,
    FeedbackConflict,
)
from motcua.feedback.services.handling import (
    feedback_answer,
    feedback_assign,
    feedback_publish,
    feedback_reclassify,
    feedback_refuse,
    feedback_request_info,
    feedback_transfer,
    suggested_public_text,
)
from motcua.feedback.services.personal import (
    Contact,
    feedback_attachment_open,
    feedback_contact_view,
)
from motcua.feedback.services.reminders import RemindResult, feedback_send_reminders
from motcua.feedback.services.sender import feedback_provide_info, feedback_rate, feedback_repeat
from motcua.feedback.services.submission import Submitted, feedback_submit, normalise_phone

__all__ = [
    "CONTENT_MAX",
    "CONTENT_MIN",
    "MAX_ATTACHMENTS",
    "NOTE_MIN",
    "TITLE_MAX",
    "Contact",
    "FeedbackConflict",
    "RemindResult",
    "Submitted",
    "feedback_answer",
    "feedback_assign",
    "feedback_attachment_open",
    "feedback_contact_view",
    "feedback_provide_info",
    "feedback_publish",
    "feedback_rate",
    "feedback_reclassify",
    "feedback_refuse",
    "feedback_repeat",
    "feedback_request_info",
    "feedback_send_reminders",
    "feedback_submit",
    "feedback_transfer",
    "normalise_phone",
    "suggested_public_text",
]
