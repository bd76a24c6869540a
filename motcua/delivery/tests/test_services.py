"""Returning results, electronic download, ratings: the services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.models import AuditEvent
from motcua.delivery import services
from motcua.delivery.constants import RatingValue, RecipientRelation
from motcua.delivery.models import Rating, ResultReturn
from motcua.delivery.tests.helpers import processed_dossier
from motcua.dossiers.constants import Action, ReturnMode, Status
from motcua.dossiers.events import dossier_events_verify
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import DossierEvent
from motcua.dossiers.tests.helpers import local
from motcua.feedback.models import Feedback

pytestmark = pytest.mark.django_db


def test_desk_return_records_the_recipient_and_the_event(user_named, world):
    # Given a processed dossier of Nguyễn Văn An
    dossier = processed_dossier(user_named)
    officer = user_named("motcua.bachdang")
    # When the desk hands the result to his authorised neighbour
    record = services.result_return_at_desk(
        actor=officer,
        dossier=dossier,
        recipient_name="Trần  Văn Bình",
        recipient_relation=RecipientRelation.AUTHORISED,
        recipient_id_number="001085012345",
        authorisation="Giấy ủy quyền số 12/UQ ngày 10/3/2026, UBND phường Bạch Đằng chứng thực",
        papers="Giấy khai sinh (bản chính)\nBản sao giấy khai sinh",
        at=local(2026, 3, 10, 9),
    )
    # Then the dossier is returned, when and how, with one chained event naming the recipient
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULT_RETURNED
    assert dossier.returned_at == local(2026, 3, 10, 9)
    assert dossier.return_mode == ReturnMode.DESK
    event = DossierEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert event.action == Action.RETURN_RESULT
    assert event.data["recipient_name"] == "Trần Văn Bình"
    assert record.recipient_text == "Trần Văn Bình (Người được ủy quyền)"
    assert record.signed_result is not None
    assert list(dossier_events_verify()) == []
    # And the back office's return step is done, so nothing stays open in the queues
    from motcua.processing.models import StepTask

    desk_steps = StepTask.objects.filter(dossier=dossier, at_desk=True)
    assert desk_steps.exists()
    assert set(desk_steps.values_list("state", flat=True)) == {"done"}
    # And form 05 names the officer who received the result at the desk
    from motcua.processing.models import Handover

    given = Handover.objects.get(dossier=dossier, kind="result")
    assert given.received_by == officer
    assert given.received_at == local(2026, 3, 10, 9)


def test_desk_return_names_the_field_to_fix(user_named, world):
    # Given a processed dossier
    dossier = processed_dossier(user_named)
    officer = user_named("motcua.bachdang")
    # When the officer says the applicant came but types another person's ID and no name
    with pytest.raises(ValidationError) as caught:
        services.result_return_at_desk(
            actor=officer,
            dossier=dossier,
            recipient_name="",
            recipient_relation=RecipientRelation.SELF,
            recipient_id_number="001085012345",
        )
    # Then both fields are named and nothing changed
    errors = caught.value.message_dict
    assert "recipient_name" in errors
    assert "không khớp" in errors["recipient_id_number"][0]
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSED
    assert not ResultReturn.objects.exists()


def test_another_wards_officer_may_not_return(user_named, world):
    dossier = processed_dossier(user_named)
    with pytest.raises(PermissionDenied):
        services.result_return_at_desk(
            actor=user_named("motcua.minhkhai"),
            dossier=dossier,
            recipient_name="Nguyễn Văn An",
            recipient_relation=RecipientRelation.SELF,
            recipient_id_number="001090012345",
        )


def test_a_second_return_is_a_conflict(user_named, world):
    # Given a result already posted
    dossier = processed_dossier(user_named)
    officer = user_named("motcua.bachdang")
    services.result_send_by_post(
        actor=officer,
        dossier=dossier,
        postal_service="Bưu điện Việt Nam",
        tracking_number="eb123456789vn",
        sent_at=local(2026, 3, 10, 8),
        at=local(2026, 3, 10, 8, 5),
    )
    # When someone also tries to hand it over at the desk
    with pytest.raises(DossierConflict):
        services.result_return_at_desk(
            actor=officer,
            dossier=dossier,
            recipient_name="Nguyễn Văn An",
            recipient_relation=RecipientRelation.SELF,
            recipient_id_number="001090012345",
        )
    # Then the postal return stands, the applicant is told the tracking number once
    record = ResultReturn.objects.get(dossier=dossier)
    assert record.tracking_number == "EB123456789VN"
    from motcua.notifications.models import OutboxMessage

    mails = OutboxMessage.objects.filter(subject__contains="đã được trả")
    assert mails.count() == 1
    assert "EB123456789VN" in mails.get().body
    # And its delivery can be confirmed once
    services.result_delivery_confirm(
        actor=officer, dossier=dossier, delivered_at=local(2026, 3, 11, 10), note="Người nhận: An"
    )
    with pytest.raises(DossierConflict):
        services.result_delivery_confirm(
            actor=officer, dossier=dossier, delivered_at=local(2026, 3, 11, 11)
        )
    assert AuditEvent.objects.filter(action="result.delivered").count() == 1


def test_owner_download_returns_once_and_staff_download_does_not(user_named, world):
    # Given a processed dossier with a signed result
    dossier = processed_dossier(user_named)
    # When a desk officer opens the file first
    staff = services.result_download(user=user_named("motcua.bachdang"), dossier=dossier)
    assert not staff.returned_now
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSED
    # And then the owner downloads it twice
    first = services.result_download(user=user_named("dan.nguyenvanan"), dossier=dossier)
    second = services.result_download(user=user_named("dan.nguyenvanan"), dossier=dossier)
    # Then the first owner download is the electronic return, the second changes nothing
    assert first.returned_now
    assert not second.returned_now
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULT_RETURNED
    assert dossier.return_mode == ReturnMode.ELECTRONIC
    assert ResultReturn.objects.get(dossier=dossier).signed_result_id == first.result.pk
    assert AuditEvent.objects.filter(action="result.download").count() == 3


def test_rating_once_and_dissatisfied_opens_a_complaint(user_named, world):
    # Given a dossier whose result was downloaded by its owner
    owner = user_named("dan.nguyenvanan")
    dossier = processed_dossier(user_named)
    services.result_download(user=owner, dossier=dossier)
    # When the owner rates it dissatisfied and asks to open a complaint
    rated = services.rating_submit(
        dossier=dossier,
        actor=owner,
        value=RatingValue.DISSATISFIED,
        comment="Phải đi lại hai lần",
        complaint=True,
        complaint_text="Cán bộ hẹn sai ngày, tôi phải đi lại hai lần mới nhận được kết quả.",
    )
    # Then the rating is stored with a dossier complaint in the feedback app
    case = Feedback.objects.get(code=rated.feedback_code)
    assert case.kind == "complaint"
    assert case.dossier_id == dossier.pk
    assert rated.rating.feedback_id == case.pk
    assert rated.feedback_secret
    # And a second rating, even with the secret, is refused
    with pytest.raises(DossierConflict):
        services.rating_submit(
            dossier=dossier, secret=dossier.tracking_secret, value=RatingValue.SATISFIED
        )
    assert Rating.objects.count() == 1


def test_rating_needs_the_owner_or_the_secret_and_a_returned_result(user_named, world):
    dossier = processed_dossier(user_named)
    # Before the return: conflict
    with pytest.raises(DossierConflict):
        services.rating_submit(
            dossier=dossier, actor=user_named("dan.nguyenvanan"), value="satisfied"
        )
    services.result_download(user=user_named("dan.nguyenvanan"), dossier=dossier)
    # A stranger without the secret: refused
    with pytest.raises(PermissionDenied):
        services.rating_submit(
            dossier=dossier, actor=user_named("motcua.bachdang"), value="satisfied"
        )
    with pytest.raises(PermissionDenied):
        services.rating_submit(dossier=dossier, secret="WRONGSECRET", value="satisfied")
    # With the secret from the tracking page: accepted, anonymous
    rated = services.rating_submit(
        dossier=dossier, secret=dossier.tracking_secret, value=RatingValue.VERY_SATISFIED
    )
    assert rated.rating.rated_by is None
    assert rated.rating.source == "tracking"
