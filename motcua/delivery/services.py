"""State changes after processing: returning the result (three ways) and the rating.

Each public function is one transaction: it locks the dossier row, checks the actor's right
and the transition table (``processed → result_returned``), writes its record, appends the
dossier's event (the return) or an audit event (rating, download, delivery confirmation), and
saves only the changed fields.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.accounts.validators import validate_personal_id
from motcua.core.audit import audit_record
from motcua.delivery import notify
from motcua.delivery.constants import RatingSource, RatingValue, RecipientRelation, ReturnMode
from motcua.delivery.models import Rating, ResultReturn
from motcua.documents.models import SignedResult
from motcua.dossiers.codes import secret_matches
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.events import event_append
from motcua.dossiers.lifecycle import DossierConflict, transition
from motcua.dossiers.models import Dossier
from motcua.organizations.constants import Role
from motcua.organizations.selectors import agency_list_for_user

COMMENT_MAX = 1000
PAPERS_MAX = 2000


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update()
        .select_related("procedure_version", "receiving_agency", "competent_agency")
        .get(pk=dossier.pk)
    )


def is_owner(user: User | None, dossier: Dossier) -> bool:
    """The applicant's own account: linked to the dossier, or the resident who filed it."""
    if user is None or not user.is_authenticated or user.pk is None:
        return False
    if dossier.applicant_user_id is not None:
        return bool(dossier.applicant_user_id == user.pk)
    return bool(dossier.submitted_by_id == user.pk and user.is_resident)


def desk_may_return(user: User, dossier: Dossier) -> bool:
    """Desk officers of the receiving or the competent agency (or above) hand results over."""
    if user.is_superuser:
        return True
    return (
        agency_list_for_user(user=user, roles=[Role.DESK_OFFICER])
        .filter(pk__in=[dossier.receiving_agency_id, dossier.competent_agency_id])
        .exists()
    )


def _require_desk(user: User, dossier: Dossier) -> None:
    if not desk_may_return(user, dossier):
        raise PermissionDenied(
            _("Chỉ cán bộ Bộ phận Một cửa nơi tiếp nhận hoặc giải quyết hồ sơ được trả kết quả.")
        )


def _require_payment(dossier: Dossier) -> None:
    from motcua.payments.selectors import dossier_payment_blocks

    reason = dossier_payment_blocks(dossier, "return")
    if reason:
        raise DossierConflict(reason, status=dossier.status, action=Action.RETURN_RESULT)


def signed_result_of(dossier: Dossier) -> SignedResult | None:
    """The signed result issued for the dossier (the back office's record first, else the
    newest result signed for its code)."""
    from motcua.documents.selectors import result_for_related

    process_result = getattr(dossier, "processing_result", None) if dossier.pk else None
    signed_id = getattr(process_result, "signed_id", None)
    if signed_id is not None:
        found = SignedResult.objects.select_related("stored_file", "agency").filter(pk=signed_id)
        result = found.first()
        if result is not None:
            return result
    if not dossier.code:
        return None
    return (
        result_for_related(related_type="dossier", related_id=dossier.code)
        .select_related("stored_file", "agency")
        .first()
    )


def _record_return(
    dossier: Dossier,
    *,
    actor: User,
    mode: str,
    at: dt.datetime,
    agency_id: int,
    data: dict[str, Any],
) -> None:
    """Move the locked dossier to result_returned and append its event (caller saves nothing
    else of the dossier)."""
    from_status = dossier.status
    status = transition(from_status, Action.RETURN_RESULT)
    _require_payment(dossier)
    dossier.status = status
    dossier.returned_at = at
    dossier.return_mode = mode
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.RETURN_RESULT,
        from_status=from_status,
        to_status=status,
        at=at,
        agency_id=agency_id,
        data={"mode": mode, **data},
    )
    _close_return_steps(
        dossier,
        actor=actor,
        at=at,
        note=str(ReturnMode(mode).label),
        by_officer=mode != ReturnMode.ELECTRONIC,
    )
    dossier.revision += 1
    dossier.save(
        update_fields=[
            "status",
            "returned_at",
            "return_mode",
            "revision",
            "event_seq",
            "event_head",
            "updated_at",
        ]
    )


def _close_return_steps(
    dossier: Dossier, *, actor: User, at: dt.datetime, note: str, by_officer: bool
) -> int:
    """The back office's "return the result" steps (at the desk) are done with the return:
    graded against their own due instant, so the process has no open step left."""
    from motcua.core.clock import classify
    from motcua.processing.constants import ACTIVE_STEP_STATES, StepState
    from motcua.processing.models import StepTask

    steps = list(
        StepTask.objects.select_for_update().filter(
            dossier=dossier,
            at_desk=True,
            state__in=[StepState.WAITING, *ACTIVE_STEP_STATES],
        )
    )
    for step in steps:
        step.state = StepState.DONE
        step.finished_at = at
        step.finished_by = actor
        if step.assignee_id is None:
            step.assignee = actor
        if step.started_at is None:
            step.started_at = at
        step.timeliness = classify(step.due_at, at, at).value if step.due_at else ""
        step.note = note
        step.risk = ""
        step.save(
            update_fields=[
                "state",
                "finished_at",
                "finished_by",
                "assignee",
                "started_at",
                "timeliness",
                "note",
                "risk",
                "updated_at",
            ]
        )
    if by_officer:
        # Form 05: the desk officer who hands the result over received it from the clerk.
        from motcua.processing.models import Handover

        Handover.objects.filter(to_step__in=steps, received_by__isnull=True).update(
            received_by=actor, received_at=at
        )
    return len(steps)


def _check_revision(dossier: Dossier, revision: int | None) -> None:
    if revision is not None and revision != dossier.revision:
        raise DossierConflict(
            _(
                "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Tải lại trang để "
                "xem nội dung mới rồi thực hiện lại."
            ),
            status=dossier.status,
        )


def _desk_agency(user: User, dossier: Dossier) -> int:
    """Where the officer hands over: the receiving desk if they work there, else the
    competent agency's."""
    mine = set(
        agency_list_for_user(user=user, roles=[Role.DESK_OFFICER])
        .filter(pk__in=[dossier.receiving_agency_id, dossier.competent_agency_id])
        .values_list("pk", flat=True)
    )
    if dossier.receiving_agency_id in mine or not mine:
        return int(dossier.receiving_agency_id)
    return int(dossier.competent_agency_id)


@transaction.atomic
def result_return_at_desk(
    *,
    actor: User,
    dossier: Dossier,
    recipient_name: str,
    recipient_relation: str,
    recipient_id_number: str = "",
    authorisation: str = "",
    papers: str = "",
    at: dt.datetime | None = None,
    revision: int | None = None,
) -> ResultReturn:
    """The one-stop officer hands the result over at the desk and signs the tracking book.

    The recipient is the applicant (their personal ID must match the dossier's), the legal
    representative, or a person holding an authorisation (its reference is required).
    """
    now = _now(at)
    dossier = _lock(dossier)
    _require_desk(actor, dossier)
    _check_revision(dossier, revision)
    name = " ".join((recipient_name or "").split())
    id_number = (recipient_id_number or "").strip()
    authorisation = (authorisation or "").strip()
    papers = (papers or "").strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["recipient_name"] = [_("Nhập họ tên người nhận kết quả.")]
    elif len(name) > 150:
        errors["recipient_name"] = [_("Họ tên người nhận tối đa 150 ký tự.")]
    if recipient_relation not in RecipientRelation.values:
        errors["recipient_relation"] = [
            _("Chọn người nhận là người nộp, người được ủy quyền hay người đại diện.")
        ]
    if not id_number:
        errors["recipient_id_number"] = [
            _("Nhập số định danh cá nhân (12 chữ số) của người nhận, theo giấy tờ xuất trình.")
        ]
    else:
        try:
            validate_personal_id(id_number)
        except ValidationError as exc:
            errors["recipient_id_number"] = list(exc.messages)
    if (
        recipient_relation == RecipientRelation.SELF
        and id_number
        and "recipient_id_number" not in errors
        and dossier.applicant_id_number
        and dossier.applicant_id_number != id_number
    ):
        errors["recipient_id_number"] = [
            _(
                "Số định danh không khớp với người nộp hồ sơ. Nếu người khác đến nhận, chọn "
                "“Người được ủy quyền” và ghi giấy ủy quyền."
            )
        ]
    if recipient_relation == RecipientRelation.AUTHORISED and not authorisation:
        errors["authorisation"] = [
            _("Ghi số, ngày của giấy ủy quyền (hoặc nơi chứng thực) người nhận xuất trình.")
        ]
    if len(authorisation) > 255:
        errors["authorisation"] = [_("Thông tin giấy ủy quyền tối đa 255 ký tự.")]
    if len(papers) > PAPERS_MAX:
        errors["papers"] = [_("Danh sách giấy tờ đã giao tối đa %(n)s ký tự.") % {"n": PAPERS_MAX}]
    if errors:
        raise ValidationError(errors)
    agency_id = _desk_agency(actor, dossier)
    _record_return(
        dossier,
        actor=actor,
        mode=ReturnMode.DESK,
        at=now,
        agency_id=agency_id,
        data={
            "recipient_name": name,
            "recipient_relation": recipient_relation,
            "papers": papers,
        },
    )
    record = ResultReturn.objects.create(
        dossier=dossier,
        mode=ReturnMode.DESK,
        agency_id=agency_id,
        returned_at=now,
        returned_by=actor,
        recipient_name=name,
        recipient_id_number=id_number,
        recipient_relation=recipient_relation,
        authorisation=authorisation,
        papers=papers,
        signed_result=signed_result_of(dossier),
    )
    notify.result_returned(dossier, record)
    return record


@transaction.atomic
def result_send_by_post(
    *,
    actor: User,
    dossier: Dossier,
    postal_service: str,
    tracking_number: str,
    sent_at: dt.datetime | None = None,
    recipient_name: str = "",
    at: dt.datetime | None = None,
    revision: int | None = None,
) -> ResultReturn:
    """The desk posts the result: the return is recorded when it is sent; the delivery
    confirmation is stored later with :func:`result_delivery_confirm`."""
    now = _now(at)
    sent = sent_at or now
    dossier = _lock(dossier)
    _require_desk(actor, dossier)
    _check_revision(dossier, revision)
    service = " ".join((postal_service or "").split())
    number = (tracking_number or "").strip().upper()
    name = " ".join((recipient_name or dossier.applicant_name or "").split())
    errors: dict[str, list[str]] = {}
    if not service:
        errors["postal_service"] = [_("Nhập đơn vị bưu chính, ví dụ Bưu điện Việt Nam.")]
    elif len(service) > 100:
        errors["postal_service"] = [_("Tên đơn vị bưu chính tối đa 100 ký tự.")]
    if not number:
        errors["tracking_number"] = [_("Nhập số hiệu bưu gửi in trên phiếu gửi.")]
    elif len(number) > 40 or not number.replace("-", "").isalnum():
        errors["tracking_number"] = [
            _("Số hiệu bưu gửi chỉ gồm chữ và số (tối đa 40 ký tự), ví dụ EB123456789VN.")
        ]
    if sent > now + dt.timedelta(minutes=5):
        errors["sent_at"] = [_("Thời điểm gửi không được ở tương lai.")]
    if dossier.received_at is not None and sent < dossier.received_at:
        errors["sent_at"] = [_("Thời điểm gửi phải sau thời điểm tiếp nhận hồ sơ.")]
    if errors:
        raise ValidationError(errors)
    agency_id = _desk_agency(actor, dossier)
    _record_return(
        dossier,
        actor=actor,
        mode=ReturnMode.POSTAL,
        at=sent,
        agency_id=agency_id,
        data={"postal_service": service, "tracking_number": number},
    )
    record = ResultReturn.objects.create(
        dossier=dossier,
        mode=ReturnMode.POSTAL,
        agency_id=agency_id,
        returned_at=sent,
        returned_by=actor,
        recipient_name=name[:150],
        postal_service=service,
        tracking_number=number,
        signed_result=signed_result_of(dossier),
    )
    notify.result_returned(dossier, record)
    return record


@transaction.atomic
def result_delivery_confirm(
    *,
    actor: User,
    dossier: Dossier,
    delivered_at: dt.datetime,
    note: str = "",
) -> ResultReturn:
    """Store the postal operator's delivery confirmation (once); the status stays returned."""
    dossier = _lock(dossier)
    _require_desk(actor, dossier)
    record = ResultReturn.objects.select_for_update().filter(dossier=dossier).first()
    if record is None or record.mode != ReturnMode.POSTAL:
        raise DossierConflict(
            _("Hồ sơ này không trả kết quả qua bưu chính nên không có xác nhận phát."),
            status=dossier.status,
        )
    if record.delivered_at is not None:
        raise DossierConflict(
            _("Đã ghi nhận phát thành công lúc %(t)s.")
            % {"t": timezone.localtime(record.delivered_at).strftime("%H:%M %d/%m/%Y")},
            status=dossier.status,
        )
    note = " ".join((note or "").split())
    errors: dict[str, list[str]] = {}
    if delivered_at < record.returned_at:
        errors["delivered_at"] = [_("Thời điểm phát phải sau thời điểm gửi bưu chính.")]
    elif delivered_at > timezone.now() + dt.timedelta(minutes=5):
        errors["delivered_at"] = [_("Thời điểm phát không được ở tương lai.")]
    if len(note) > 255:
        errors["note"] = [_("Ghi chú tối đa 255 ký tự.")]
    if errors:
        raise ValidationError(errors)
    record.delivered_at = delivered_at
    record.delivery_note = note
    record.delivery_recorded_by = actor
    record.save(update_fields=["delivered_at", "delivery_note", "delivery_recorded_by"])
    audit_record(
        actor=actor,
        action="result.delivered",
        obj=record,
        agency_id=record.agency_id,
        data={"dossier": dossier.code, "delivered_at": delivered_at.isoformat(), "note": note},
    )
    return record


@dataclass(frozen=True)
class ResultFile:
    """What to serve: the signed result, and whether this download recorded the return."""

    dossier: Dossier
    result: SignedResult
    returned_now: bool


@transaction.atomic
def result_download(*, user: User, dossier: Dossier, at: dt.datetime | None = None) -> ResultFile:
    """The signed result for its owner or a staff member the caller already scoped.

    The owner's first download of a processed dossier's result is the electronic return:
    status ``result_returned``, the event, the return record. Every download is audited.
    """
    now = _now(at)
    dossier = _lock(dossier)
    owner = is_owner(user, dossier)
    if dossier.status not in (Status.PROCESSED, Status.RESULT_RETURNED):
        raise DossierConflict(
            _("Hồ sơ chưa có kết quả để tải về."),
            status=dossier.status,
        )
    result = signed_result_of(dossier)
    if result is None:
        raise DossierConflict(
            _("Kết quả điện tử chưa được ký số; vui lòng nhận kết quả tại Bộ phận Một cửa."),
            status=dossier.status,
        )
    returned_now = False
    if owner and dossier.status == Status.PROCESSED:
        _record_return(
            dossier,
            actor=user,
            mode=ReturnMode.ELECTRONIC,
            at=now,
            agency_id=int(dossier.receiving_agency_id),
            data={"result_code": result.code},
        )
        record = ResultReturn.objects.create(
            dossier=dossier,
            mode=ReturnMode.ELECTRONIC,
            agency_id=dossier.receiving_agency_id,
            returned_at=now,
            returned_by=user,
            recipient_name=dossier.applicant_name,
            signed_result=result,
        )
        notify.result_returned(dossier, record)
        returned_now = True
    audit_record(
        actor=user,
        action="result.download",
        obj=result,
        agency_id=result.agency_id,
        data={"dossier": dossier.code, "by": "owner" if owner else "staff"},
    )
    return ResultFile(dossier=dossier, result=result, returned_now=returned_now)


@dataclass(frozen=True)
class Rated:
    rating: Rating
    #: Code and secret of the complaint opened with a 'dissatisfied' rating (shown once).
    feedback_code: str = ""
    feedback_secret: str = ""


def _open_complaint(
    dossier: Dossier, *, actor: User | None, text: str, at: dt.datetime
) -> tuple[Any, str]:
    """A dossier complaint through the feedback app's own submission service."""
    from motcua.feedback.constants import Category, Kind, Subject
    from motcua.feedback.services import feedback_submit

    data = {
        "kind": Kind.COMPLAINT,
        "category": Category.OTHER,
        "subject": Subject.DOSSIER,
        "title": str(_("Không hài lòng với việc giải quyết hồ sơ %(c)s")) % {"c": dossier.code},
        "content": text,
        "dossier_code": dossier.code or "",
        "sender_name": dossier.applicant_name,
        "sender_email": dossier.applicant_email,
        "sender_phone": dossier.applicant_phone,
    }
    try:
        sent = feedback_submit(actor=actor, data=data, at=at)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        renamed = {("complaint_text" if k == "content" else k): v for k, v in errors.items()}
        raise ValidationError(renamed) from None
    return sent.feedback, sent.secret_display


@transaction.atomic
def rating_submit(
    *,
    dossier: Dossier,
    value: str,
    comment: str = "",
    actor: User | None = None,
    secret: str | None = None,
    complaint: bool = False,
    complaint_text: str = "",
    at: dt.datetime | None = None,
) -> Rated:
    """The owner (signed in, or with the tracking secret) rates the handling once, after the
    result was returned. A 'dissatisfied' rating may open a complaint about the dossier."""
    now = _now(at)
    dossier = _lock(dossier)
    owner = is_owner(actor, dossier)
    if not owner and not (secret and secret_matches(dossier.tracking_secret, secret)):
        raise PermissionDenied(_("Chỉ người nộp hồ sơ được đánh giá."))
    if dossier.status != Status.RESULT_RETURNED:
        raise DossierConflict(
            _("Hồ sơ được đánh giá sau khi đã nhận kết quả."), status=dossier.status
        )
    if Rating.objects.filter(dossier=dossier).exists():
        raise DossierConflict(
            _("Hồ sơ này đã được đánh giá; mỗi hồ sơ chỉ đánh giá một lần."),
            status=dossier.status,
        )
    comment = (comment or "").strip()
    complaint_text = (complaint_text or "").strip()
    errors: dict[str, list[str]] = {}
    if value not in RatingValue.values:
        errors["value"] = [_("Chọn mức: rất hài lòng, hài lòng hoặc không hài lòng.")]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("Nhận xét tối đa %(n)s ký tự.") % {"n": COMMENT_MAX}]
    if complaint and value != RatingValue.DISSATISFIED:
        errors["complaint"] = [_("Chỉ gửi phản ánh kèm khi chọn “Không hài lòng”.")]
    if errors:
        raise ValidationError(errors)
    feedback = None
    feedback_secret = ""
    if complaint:
        feedback, feedback_secret = _open_complaint(
            dossier,
            actor=actor if owner else None,
            text=complaint_text or comment,
            at=now,
        )
    rating = Rating.objects.create(
        dossier=dossier,
        agency_id=dossier.competent_agency_id,
        value=value,
        comment=comment,
        rated_at=now,
        rated_by=actor if owner else None,
        source=RatingSource.MINE if owner else RatingSource.TRACKING,
        feedback=feedback,
    )
    audit_record(
        actor=actor if owner else None,
        action="dossier.rate",
        obj=rating,
        agency_id=rating.agency_id,
        data={"dossier": dossier.code, "value": value, "feedback": feedback and feedback.code},
    )
    return Rated(
        rating=rating,
        feedback_code=feedback.code if feedback is not None else "",
        feedback_secret=feedback_secret,
    )
