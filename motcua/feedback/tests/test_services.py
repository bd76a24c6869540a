"""Handling a case step by step: limits, transitions, conflicts, personal data."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.core.models import AuditEvent
from motcua.feedback import services
from motcua.feedback.constants import EventKind, Kind, Status
from motcua.feedback.models import Feedback
from motcua.feedback.services import FeedbackConflict
from motcua.feedback.tests.factories import at, conduct_data

pytestmark = pytest.mark.django_db


def local(value):
    from django.utils import timezone

    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")


def test_submission_gets_a_code_a_secret_and_the_statutory_limits(submitted):
    # Given feedback received Monday 2 March 2026 at 09:00 by ward Bạch Đằng
    case = submitted.feedback
    # Then it has a public code of that day and a secret that opens it
    assert case.code == "PA-260302-0001"
    assert len(submitted.secret) == 8
    assert case.status == Status.NEW
    # And the limits count working days from the next day, by the ward's calendar
    assert local(case.refuse_due) == "17:00 04/03/2026"
    assert local(case.info_request_due) == "17:00 09/03/2026"
    assert local(case.handle_due) == "17:00 23/03/2026"
    # And the secret is not stored, only a digest of it
    assert submitted.secret not in case.secret_digest
    from motcua.feedback.selectors import feedback_for_sender

    assert feedback_for_sender(code=case.code, secret=submitted.secret_display) == case
    assert feedback_for_sender(code=case.code, secret="AAAAAAAA") is None


def test_codes_count_up_within_a_day_and_restart_the_next(demo_org):
    from motcua.feedback.tests.factories import submitted

    # When three cases arrive on two days
    first = submitted(at("2026-03-02", "08:10")).feedback.code
    second = submitted(at("2026-03-02", "22:30")).feedback.code
    third = submitted(at("2026-03-03", "07:00")).feedback.code
    # Then each day has its own sequence
    assert (first, second, third) == ("PA-260302-0001", "PA-260302-0002", "PA-260303-0001")


def test_an_anonymous_sender_must_leave_a_valid_contact(demo_org):
    # When an anonymous sender leaves neither e-mail nor phone, and a wrong ID number
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(
            actor=None,
            data=conduct_data(sender_email="", sender_phone="", sender_personal_id="12345"),
        )
    # Then every problem is named with its field and nothing is written
    assert "thư điện tử hoặc số điện thoại" in err.value.message_dict["sender_email"][0]
    assert "12 chữ số" in err.value.message_dict["sender_personal_id"][0]
    assert not Feedback.objects.exists()
    # And a malformed phone and e-mail are explained
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(
            actor=None, data=conduct_data(sender_email="binh@", sender_phone="12345")
        )
    assert "ví dụ: ten@example.vn" in err.value.message_dict["sender_email"][0]
    assert "0912345678" in err.value.message_dict["sender_phone"][0]


def test_a_procedure_or_dossier_feedback_names_what_it_is_about(demo_org):
    # When the procedure code is malformed and the dossier code unknown
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(
            actor=None,
            data=conduct_data(subject="procedure", category="regulation", procedure_code="1-23"),
        )
    assert "N.NNNNNN" in err.value.message_dict["procedure_code"][0]
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(
            actor=None, data=conduct_data(subject="dossier", dossier_code="XYZ-1", agency="")
        )
    assert "Không tìm thấy hồ sơ" in err.value.message_dict["dossier_code"][0]


def test_a_signed_in_resident_sends_with_the_contact_of_their_account(user_named):
    resident = user_named("dan.nguyenvanan")
    sent = services.feedback_submit(
        actor=resident,
        data=conduct_data(sender_name="", sender_email="", sender_phone="", sender_personal_id=""),
        at=at("2026-03-02"),
    )
    assert sent.feedback.sender == resident
    assert sent.feedback.sender_name == "Nguyễn Văn An"
    assert sent.feedback.sender_email == "dan.nguyenvanan@motcua.invalid"


def test_journey_answered_in_time_published_and_liked(submitted, user_named):
    officer = user_named("motcua.bachdang")
    case = submitted.feedback
    # When the ward's officer takes the case and answers on day 10
    case = services.feedback_assign(actor=officer, feedback=case, at=at("2026-03-03"))
    assert case.status == Status.PROCESSING
    assert case.assignee == officer
    case = services.feedback_answer(
        actor=officer,
        feedback=case,
        answer="Phường đã nhắc nhở cán bộ; ông Trần Văn Bình gọi 0912345678 để được hẹn lại.",
        at=at("2026-03-13", "10:00"),
    )
    # Then publication is due two working days later
    assert case.status == Status.ANSWERED
    assert local(case.publish_due) == "17:00 17/03/2026"
    # And the suggested public text has the sender's phone and name removed
    assert "0912345678" not in case.public_answer
    assert "Trần Văn Bình" not in case.public_answer
    assert "0912 345 678" not in case.public_content
    # When the officer tries to publish with the sender's e-mail left in
    with pytest.raises(ValidationError) as err:
        services.feedback_publish(
            actor=officer,
            feedback=case,
            public_title=case.public_title,
            public_content=case.public_content + " binh.tran@example.vn",
            public_answer=case.public_answer,
        )
    assert "thư điện tử" in err.value.message_dict["public_content"][0]
    # When they publish the reviewed text
    case = services.feedback_publish(
        actor=officer,
        feedback=case,
        public_title=case.public_title,
        public_content=case.public_content,
        public_answer=case.public_answer,
        at=at("2026-03-16"),
    )
    assert case.status == Status.PUBLISHED
    # And the sender likes the answer with their secret
    case = services.feedback_rate(
        feedback=case, rating="like", secret=submitted.secret, at=at("2026-03-17")
    )
    assert case.rating == "like"
    # Then a second rating is a conflict
    with pytest.raises(FeedbackConflict):
        services.feedback_rate(feedback=case, rating="dislike", secret=submitted.secret)
    # And every step left an event on the timeline and in the audit chain
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "assigned", "answered", "published", "rated"]
    actions = set(
        AuditEvent.objects.filter(
            object_id=str(case.pk), object_type="feedback.feedback"
        ).values_list("action", flat=True)
    )
    assert actions == {
        "feedback.submit",
        "feedback.assign",
        "feedback.answer",
        "feedback.publish",
        "feedback.rate",
    }
    # And the audit chain holds no personal data of the sender
    for data in AuditEvent.objects.filter(object_type="feedback.feedback").values_list(
        "data", flat=True
    ):
        assert "0912" not in str(data)
        assert "binh.tran" not in str(data)


def test_request_for_information_stops_the_clock_until_the_sender_answers(submitted, user_named):
    officer = user_named("tuphap.bachdang")
    case = submitted.feedback
    # When the officer asks for more on Wednesday 4 March at 10:00
    case = services.feedback_request_info(
        actor=officer,
        feedback=case,
        question="Xin cho biết ngày giờ cụ thể bạn đến nộp hồ sơ.",
        at=at("2026-03-04", "10:00"),
    )
    assert case.status == Status.WAITING_INFO
    assert case.handle_due is None
    # When the sender answers a week later (Wednesday 11 March 10:00)
    case = services.feedback_provide_info(
        feedback=case,
        reply="Tôi đến các ngày 10, 12 và 16 tháng 2, buổi sáng.",
        secret=submitted.secret,
        at=at("2026-03-11", "10:00"),
    )
    # Then the answer limit moves by exactly the five working days the clock stood still
    assert case.status == Status.PROCESSING
    assert local(case.handle_due) == "17:00 30/03/2026"
    # And a second request is refused with the reason
    with pytest.raises(ValidationError) as err:
        services.feedback_request_info(
            actor=officer, feedback=case, question="Xin cho biết thêm một lần nữa nhé."
        )
    assert "một lần" in err.value.message_dict["question"][0]


def test_information_can_only_be_asked_within_five_working_days(submitted, user_named):
    with pytest.raises(ValidationError) as err:
        services.feedback_request_info(
            actor=user_named("motcua.bachdang"),
            feedback=submitted.feedback,
            question="Xin cho biết thêm chi tiết sự việc.",
            at=at("2026-03-10", "08:00"),
        )
    assert "5 ngày làm việc" in err.value.message_dict["question"][0]


def test_journey_refused_with_a_reason(submitted, user_named):
    officer = user_named("motcua.bachdang")
    case = services.feedback_refuse(
        actor=officer,
        feedback=submitted.feedback,
        reason="duplicate",
        note="Trùng nội dung với phản ánh PA-260301-0003 đang được xử lý.",
        at=at("2026-03-03"),
    )
    assert case.status == Status.REFUSED
    assert case.current_due is None
    event = case.events.get(kind=EventKind.REFUSED)
    assert "Trùng với phản ánh" in event.note
    assert event.visible_to_sender
    # Then it can no longer be answered: the officer gets a conflict
    with pytest.raises(FeedbackConflict):
        services.feedback_answer(actor=officer, feedback=case, answer="x" * 30)


def test_stale_form_gets_a_conflict(submitted, user_named):
    officer = user_named("motcua.bachdang")
    version = submitted.feedback.version
    services.feedback_assign(actor=officer, feedback=submitted.feedback)
    with pytest.raises(FeedbackConflict) as err:
        services.feedback_refuse(
            actor=officer,
            feedback=submitted.feedback,
            reason="duplicate",
            note="Trùng với phản ánh khác.",
            expected_version=version,
        )
    assert "vừa được người khác cập nhật" in err.value.message


def test_officer_of_another_ward_cannot_handle(submitted, user_named):
    with pytest.raises(PermissionDenied):
        services.feedback_assign(actor=user_named("motcua.minhkhai"), feedback=submitted.feedback)
    # Supervisors read but do not handle
    with pytest.raises(PermissionDenied):
        services.feedback_answer(
            actor=user_named("giamsat.hdnd"), feedback=submitted.feedback, answer="x" * 40
        )


def test_transfer_keeps_the_reception_instant(submitted, user_named, demo_org):
    case = submitted.feedback
    due_before = case.handle_due
    # A desk officer may not transfer
    with pytest.raises(PermissionDenied):
        services.feedback_transfer(
            actor=user_named("motcua.bachdang"),
            feedback=case,
            to_agency=demo_org["hbt-tu-phap"],
            reason="Thuộc thẩm quyền Phòng Tư pháp.",
        )
    # When the ward's chair transfers it to the district justice office
    case = services.feedback_transfer(
        actor=user_named("chutich.bachdang"),
        feedback=case,
        to_agency=demo_org["hbt-tu-phap"],
        reason="Thuộc thẩm quyền Phòng Tư pháp quận.",
        at=at("2026-03-03"),
    )
    # Then the district office handles it against the same limit
    assert case.agency == demo_org["hbt-tu-phap"]
    assert case.named_agency == demo_org["hbt-bach-dang"]
    assert case.status == Status.NEW
    assert case.handle_due == due_before


def test_repeat_complaint_is_a_new_linked_case(submitted):
    # Given an answered case
    services.feedback_answer(
        actor=None,
        feedback=submitted.feedback,
        answer="Phường đã xử lý xong việc này.",
        at=at("2026-03-05"),
    )
    # When someone without the secret tries to reopen it, they are refused
    with pytest.raises(PermissionDenied):
        services.feedback_repeat(
            feedback=submitted.feedback, content="Tôi chưa hài lòng " * 3, secret="ZZZZ-ZZZZ"
        )
    # When the sender reopens it with the secret
    again = services.feedback_repeat(
        feedback=submitted.feedback,
        content="Cán bộ vẫn hẹn lại, tôi chưa hài lòng với câu trả lời.",
        secret=submitted.secret,
        at=at("2026-03-09"),
    )
    # Then a new linked case counts as a complaint, with its own code and limits
    assert again.feedback.kind == Kind.COMPLAINT
    assert again.feedback.repeat_of == submitted.feedback
    assert again.feedback.code == "PA-260309-0001"
    assert again.feedback.agency == submitted.feedback.agency
    assert local(again.feedback.handle_due) == "17:00 30/03/2026"
    # And only one repeat per case
    with pytest.raises(FeedbackConflict):
        services.feedback_repeat(
            feedback=submitted.feedback,
            content="Lần nữa, tôi vẫn chưa hài lòng.",
            secret=submitted.secret,
        )


def test_reclassify_and_contact_view_are_audited(submitted, user_named):
    officer = user_named("motcua.bachdang")
    case = services.feedback_reclassify(
        actor=officer, feedback=submitted.feedback, category="regulation", note="Về thủ tục."
    )
    assert case.category == "regulation"
    contact = services.feedback_contact_view(actor=officer, feedback=case)
    assert contact.email == "binh.tran@example.vn"
    assert contact.personal_id_masked == "*********399"
    assert AuditEvent.objects.filter(action="feedback.contact_view").count() == 1
    # A supervisor sees the case but not the contact
    with pytest.raises(PermissionDenied):
        services.feedback_contact_view(actor=user_named("giamsat.hdnd"), feedback=case)
