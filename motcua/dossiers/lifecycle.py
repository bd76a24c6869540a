"""The transition table of a dossier (DOMAIN.md §5): which action may move it from where to where.

Pure data and one lookup. Every service asks :func:`transition` before it changes anything,
while it holds the dossier's row lock, so two officers acting on the same dossier at once
cannot both succeed: the second finds the dossier already moved on and gets
:class:`DossierConflict`.

``NEW`` stands for "no dossier yet" (a walk-in received at the desk, or an online filing
created and submitted in one request).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.dossiers.constants import Action, Status

NEW = ""

_S = Status
_A = Action

TRANSITIONS: dict[tuple[str, str], str] = {
    # Intake
    (NEW, _A.CREATE): _S.DRAFT,
    (NEW, _A.SUBMIT): _S.SUBMITTED,
    (_S.DRAFT, _A.SUBMIT): _S.SUBMITTED,
    (NEW, _A.RECEIVE_AT_DESK): _S.SUBMITTED,
    (_S.SUBMITTED, _A.CHECK): _S.SUBMITTED,
    (_S.SUPPLEMENT_COMPLETED, _A.CHECK): _S.SUPPLEMENT_COMPLETED,
    (_S.SUBMITTED, _A.ACCEPT): _S.RECEIVED,
    (_S.SUPPLEMENT_COMPLETED, _A.ACCEPT): _S.RECEIVED,  # only before the first receipt
    (_S.SUBMITTED, _A.REQUEST_SUPPLEMENT): _S.SUPPLEMENT_REQUESTED,
    (_S.SUPPLEMENT_COMPLETED, _A.REQUEST_SUPPLEMENT): _S.SUPPLEMENT_REQUESTED,
    (_S.SUPPLEMENT_REQUESTED, _A.COMPLETE_SUPPLEMENT): _S.SUPPLEMENT_COMPLETED,
    (_S.SUBMITTED, _A.REFUSE): _S.REFUSED,
    (_S.SUPPLEMENT_REQUESTED, _A.REFUSE): _S.REFUSED,
    (_S.SUPPLEMENT_COMPLETED, _A.REFUSE): _S.REFUSED,
    # Withdrawal by the applicant, any time before a decision
    (_S.DRAFT, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.SUBMITTED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.SUPPLEMENT_REQUESTED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.SUPPLEMENT_COMPLETED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.RECEIVED, _A.WITHDRAW): _S.WITHDRAWN,
    (_S.PROCESSING, _A.WITHDRAW): _S.WITHDRAWN,
    # Processing (back office)
    (_S.RECEIVED, _A.START_PROCESSING): _S.PROCESSING,
    (_S.PROCESSING, _A.REQUEST_SUPPLEMENT): _S.SUPPLEMENT_REQUESTED,
    (_S.SUPPLEMENT_COMPLETED, _A.RESUME): _S.PROCESSING,  # only after the first receipt
    (_S.PROCESSING, _A.REFUSE): _S.REFUSED,
    (_S.PROCESSING, _A.STOP): _S.STOPPED,
    (_S.PROCESSING, _A.COMPLETE): _S.PROCESSED,
    (_S.PROCESSED, _A.RETURN_RESULT): _S.RESULT_RETURNED,
}


class DossierConflict(Exception):
    """The dossier is not (or no longer) in a state that allows the action.

    Maps to HTTP 409 in the API and to a message on the page; nothing was changed.
    """

    def __init__(self, message: str, *, status: str = "", action: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.action = action


def allowed_actions(status: str) -> list[str]:
    """Actions the table allows from ``status`` (for buttons and API hints)."""
    return [action for (source, action) in TRANSITIONS if source == status]


def transition(status: str, action: str) -> str:
    """The status after ``action`` from ``status``; :class:`DossierConflict` if not allowed."""
    target = TRANSITIONS.get((status, action))
    if target is None:
        label = Status(status).label if status in Status.values else _("chưa có")
        verb = Action(action).label if action in Action.values else action
        raise DossierConflict(
            _(
                "Hồ sơ đang ở trạng thái “%(status)s” nên không thể “%(action)s”. "
                "Có thể hồ sơ vừa được người khác xử lý: tải lại trang để xem trạng thái mới."
            )
            % {"status": label, "action": verb},
            status=status,
            action=action,
        )
    return target
