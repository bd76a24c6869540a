"""Intake services: what a resident and a desk officer see happen to a dossier."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from motcua.dossiers import services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.codes import code_next
from motcua.dossiers.constants import Action, Channel, Status
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.slips import dossier_slip_pdf
from motcua.dossiers.tests.helpers import (
    BIRTH,
    BUILDING,
    EXTRACT,
    agency,
    draft_with_files,
    local,
    pdf_text,
    submitted,
    upload,
    version,
)
from motcua.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

CODE = re.compile(r"^000\.22\.07\.H26-\d{6}-\d{4}$")  # Bạch Đằng's electronic ID


def test_resident_files_online_and_gets_a_code_before_the_desk_checks(user_named, intake_catalogue):
    # Given a resident with a complete draft for birth registration at Bạch Đằng
    resident = user_named("dan.nguyenvanan")
    draft = draft_with_files(resident, at=local(2026, 3, 9, 9))
    assert draft.status == Status.DRAFT
    assert draft.code is None
    # When they submit it
    dossier = services.dossier_submit(
        actor=resident, dossier=draft, idempotency_key="abc", at=local(2026, 3, 9, 9, 5)
    )
    # Then it has a code of the ward for that day and waits for the desk
    assert CODE.match(dossier.code), dossier.code
    assert dossier.code.split("-")[1] == "260309"
    assert dossier.status == Status.SUBMITTED
    assert dossier.tracking_secret
    assert dossier.due_at is None
    # And no e-mail yet: the resident is written to when the desk receives the dossier
    assert not OutboxMessage.objects.exists()
    # And the event log reads: created, submitted
    assert [e.action for e in dossier.events.order_by("seq")] == [Action.CREATE, Action.SUBMIT]


def test_a_repeated_submit_never_makes_a_second_dossier(user_named, intake_catalogue):
    # Given a submitted dossier
    resident = user_named("dan.nguyenvanan")
    first = submitted(resident, key="same-key")
    # When the same draft is submitted again (double click, retry without or with the key)
    again = services.dossier_submit(actor=resident, dossier=first, idempotency_key="same-key")
    again_no_key = services.dossier_submit(actor=resident, dossier=first)
    # And a one-shot online filing reuses the key
    one_shot, created = services.dossier_file_online(
        actor=resident,
        version=version(BIRTH),
        agency=agency("hbt-bach-dang"),
        applicant=None,
        eform_data={},
        uploads={},
        idempotency_key="same-key",
    )
    # Then it is the same dossier every time
    assert again.pk == again_no_key.pk == one_shot.pk == first.pk
    assert not created
    assert Dossier.objects.exclude(status=Status.DRAFT).count() == 1
    assert first.events.filter(action=Action.SUBMIT).count() == 1


def test_an_incomplete_draft_is_refused_with_reasons_and_kept(user_named, intake_catalogue):
    # Given a draft with an e-form missing the child's name and no files
    resident = user_named("dan.nguyenvanan")
    draft = services.dossier_draft_create(
        actor=resident, version=version(BIRTH), agency=agency("hbt-bach-dang")
    )
    draft = services.dossier_draft_save(
        actor=resident, dossier=draft, eform_data={"gioi_tinh": "Nam", "ngay_sinh": "31/02/2026"}
    )
    # Then the draft remembers what was typed and what is wrong
    assert draft.eform_data["gioi_tinh"] == "Nam"
    assert draft.eform_data["ngay_sinh"] == "31/02/2026"
    assert "ngay_sinh" in draft.eform_errors
    # When they try to submit
    with pytest.raises(ValidationError) as caught:
        services.dossier_submit(actor=resident, dossier=draft, idempotency_key="x")
    # Then each problem is named, in Vietnamese, and nothing was submitted
    errors = caught.value.message_dict
    assert any("không được để trống" in m for m in errors["eform.ho_ten_tre"])
    assert "Giấy chứng sinh" in " ".join(errors["files"])
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.code is None
    assert draft.eform_data["gioi_tinh"] == "Nam"


def test_desk_accepts_an_online_dossier_and_the_clock_sets_the_appointment(
    user_named, intake_catalogue
):
    # Given an online birth registration submitted on Monday 9 March 2026
    resident = user_named("dan.nguyenvanan")
    dossier = submitted(resident, at=local(2026, 3, 9, 8, 30))
    code = dossier.code
    OutboxMessage.objects.all().delete()
    # When the ward's desk officer accepts it at 10:00 (same-day procedure)
    officer = user_named("motcua.bachdang")
    dossier = services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, 9, 10))
    # Then the code stays, the appointment is 17:00 that day, slip 01 is numbered
    assert dossier.code == code
    assert dossier.status == Status.RECEIVED
    assert dossier.due_at == local(2026, 3, 9, 17)
    assert (dossier.limit_value, dossier.limit_unit) == (1, "same_day")
    assert dossier.receipt_number.endswith("/TNHS")
    # And the resident is e-mailed the appointment
    mail = OutboxMessage.objects.get()
    assert code in mail.subject
    assert "17:00 ngày 09/03/2026" in mail.body


def test_accepted_after_the_cut_off_is_due_the_next_working_day(user_named, intake_catalogue):
    resident = user_named("dan.nguyenvanan")
    dossier = submitted(resident, at=local(2026, 3, 13, 14))
    dossier = services.dossier_accept(
        actor=user_named("motcua.bachdang"), dossier=dossier, at=local(2026, 3, 13, 15, 30)
    )
    # Friday after 15:00 → Monday close of office
    assert dossier.due_at == local(2026, 3, 16, 17)


def test_walk_in_with_scans_is_accepted_and_slip_01_lists_what_was_received(
    user_named, intake_catalogue
):
    # Given a walk-in at Bạch Đằng for birth registration, found by personal ID
    officer = user_named("motcua.bachdang")
    resident = user_named("dan.nguyenvanan")
    dossier = services.dossier_receive_at_desk(
        actor=officer,
        version=version(BIRTH),
        receiving_agency=agency("hbt-bach-dang"),
        competent_agency=agency("hbt-bach-dang"),
        channel=Channel.IN_PERSON,
        applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678"),
        at=local(2026, 3, 10, 8, 15),
    )
    assert dossier.status == Status.SUBMITTED
    assert dossier.code is None
    assert dossier.applicant_user_id == resident.pk  # shows in the resident's "my dossiers"
    rows = {r.order: r for r in dossier.components.all()}
    # When the officer scans the first two documents and ticks the ID card as seen
    services.dossier_scan_attach(
        actor=officer, dossier=dossier, component_id=rows[1].pk, upload=upload("to-khai.pdf")
    )
    services.dossier_scan_attach(
        actor=officer, dossier=dossier, component_id=rows[2].pk, upload=upload("chung-sinh.pdf")
    )
    services.dossier_checklist_save(
        actor=officer,
        dossier=dossier,
        checks=[
            services.ComponentCheck(
                rows[3].pk,
                received=True,
                original_seen=True,
                copy_kind="present_original",
                quantity=1,
            ),
        ],
    )
    dossier = services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, 10, 9))
    # Then it gets its code now, and the scanned components count as digitised
    assert CODE.match(dossier.code)
    assert dossier.components.filter(digitised=True).count() == 2
    # And slip 01 is a PDF carrying the code, the applicant and the appointment
    text = pdf_text(dossier_slip_pdf(dossier, "01"))
    assert dossier.code in text
    assert "Nguyễn Văn An" in text
    assert "Giấy chứng sinh" in text
    assert "17 giờ 00 phút, ngày 10/03/2026" in text or "10/03/2026" in text


def test_supplement_request_lists_items_with_reasons_on_slip_02(user_named, intake_catalogue):
    # Given an online dossier waiting at the desk
    resident = user_named("dan.nguyenvanan")
    dossier = submitted(resident)
    row = dossier.components.get(order=2)
    OutboxMessage.objects.all().delete()
    # When the officer asks for a clearer birth certificate
    officer = user_named("motcua.bachdang")
    dossier = services.dossier_request_supplement(
        actor=officer,
        dossier=dossier,
        items=[
            services.SupplementItem(component_id=row.pk, reason="Bản chụp mờ, không đọc được số")
        ],
        note="Chụp lại rõ nét cả hai mặt",
    )
    # Then the dossier waits for the resident, slip 02 says what and why, an e-mail went out
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    text = pdf_text(dossier_slip_pdf(dossier, "02"))
    assert "Giấy chứng sinh" in text
    assert "Bản chụp mờ" in text
    assert "Bản chụp mờ" in OutboxMessage.objects.get().body
    # When the resident adds a file and reports the supplement done
    services.dossier_file_attach(
        actor=resident, dossier=dossier, component_id=row.pk, upload=upload("chung-sinh-ro.pdf")
    )
    dossier = services.dossier_supplement_complete(actor=resident, dossier=dossier)
    # Then it is back in the desk's queue and can be accepted
    assert dossier.status == Status.SUPPLEMENT_COMPLETED
    dossier = services.dossier_accept(actor=officer, dossier=dossier)
    assert dossier.status == Status.RECEIVED


def test_refusal_states_the_reason_on_slip_03_and_by_email(user_named, intake_catalogue):
    resident = user_named("dan.nguyenvanan")
    dossier = submitted(resident)
    OutboxMessage.objects.all().delete()
    dossier = services.dossier_refuse(
        actor=user_named("motcua.bachdang"),
        dossier=dossier,
        reason="Trẻ đã được đăng ký khai sinh tại phường khác.",
    )
    assert dossier.status == Status.REFUSED
    assert "đã được đăng ký khai sinh" in pdf_text(dossier_slip_pdf(dossier, "03"))
    assert "đã được đăng ký khai sinh" in OutboxMessage.objects.get().body
    with pytest.raises(ValidationError):
        services.dossier_refuse(
            actor=user_named("motcua.bachdang"),
            dossier=submitted(resident, key="k2"),
            reason="ngắn",
        )


def test_when_two_officers_act_at_once_the_second_is_told_the_dossier_moved_on(
    user_named, intake_catalogue
):
    resident = user_named("dan.nguyenvanan")
    dossier = submitted(resident)
    stale = Dossier.objects.get(pk=dossier.pk)  # what the second officer has on screen
    services.dossier_accept(actor=user_named("motcua.bachdang"), dossier=dossier)
    with pytest.raises(DossierConflict) as caught:
        services.dossier_refuse(
            actor=user_named("motcua.hbt"), dossier=stale, reason="Hồ sơ không hợp lệ theo quy định"
        )
    assert "Đã tiếp nhận" in caught.value.message
    with pytest.raises(DossierConflict):
        services.dossier_accept(
            actor=user_named("motcua.hbt"), dossier=stale, expected_revision=stale.revision
        )
    assert Dossier.objects.get(pk=dossier.pk).status == Status.RECEIVED


def test_a_ward_desk_receives_for_the_district_and_both_see_it(user_named, intake_catalogue):
    # Given the Bạch Đằng desk receiving a building permit, decided by the district
    officer = user_named("motcua.bachdang")
    dossier = services.dossier_receive_at_desk(
        actor=officer,
        version=version(BUILDING),
        receiving_agency=agency("hbt-bach-dang"),
        competent_agency=agency("hbt"),
        channel=Channel.POSTAL,
        applicant=Applicant(name="Lê Thị Hoa", id_number="001185004321", address="5 Lò Đúc"),
        at=local(2026, 3, 2, 9),
    )
    for row in dossier.components.all():
        services.dossier_scan_attach(
            actor=officer, dossier=dossier, component_id=row.pk, upload=upload()
        )
    dossier = services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, 2, 9, 30))
    # Then the code is the ward's, the appointment follows the committed 12 calendar days
    assert dossier.code.startswith("000.22.07.H26-")
    assert (dossier.limit_value, dossier.limit_unit) == (12, "days")
    assert dossier.due_at == local(2026, 3, 16, 17)  # 14/3 is a Saturday → Monday
    assert dossier.channel == Channel.POSTAL
    assert dossier.competent_agency.code == "hbt"
    # And the district desk sees it; another ward's desk does not
    from motcua.dossiers.selectors import dossier_list_for_staff

    assert dossier_list_for_staff(user=user_named("motcua.hbt")).filter(pk=dossier.pk).exists()
    assert (
        not dossier_list_for_staff(user=user_named("motcua.minhkhai"))
        .filter(pk=dossier.pk)
        .exists()
    )


def test_another_wards_officer_may_not_decide(user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    with pytest.raises(PermissionDenied):
        services.dossier_accept(actor=user_named("motcua.minhkhai"), dossier=dossier)


def test_fee_is_computed_from_the_number_of_copies_declared(user_named, intake_catalogue):
    resident = user_named("dan.nguyenvanan")
    draft = draft_with_files(resident, code=EXTRACT)
    assert draft.fee_amount == 3 * 8000
    dossier = services.dossier_submit(actor=resident, dossier=draft, idempotency_key="fee")
    assert dossier.fee_amount == 24000
    dossier = services.dossier_checklist_save(
        actor=user_named("motcua.bachdang"),
        dossier=dossier,
        checks=[],
        fee_quantities={"copies": 1},
    )
    assert dossier.fee_amount == 8000


def test_slip_01_shows_the_fee_line_by_line_with_its_total(user_named, intake_catalogue):
    # Given an online request for 3 copies of a civil-status extract (8,000 đ a copy)
    resident = user_named("dan.nguyenvanan")
    dossier = submitted(resident, code=EXTRACT, key="fee-slip")
    # When the desk accepts it and prints slip 01
    dossier = services.dossier_accept(actor=user_named("motcua.bachdang"), dossier=dossier)
    text = pdf_text(dossier_slip_pdf(dossier, "01"))
    # Then the receipt states the fee: the line, how it is counted and the total
    assert "Phí, lệ phí: 24.000 đ" in text
    assert "3 bản × 8.000 đ" in text
    assert "Tổng cộng" in text


def test_slip_01_of_a_free_procedure_says_exempt(user_named, intake_catalogue):
    # Given an accepted birth registration (no fee)
    dossier = services.dossier_accept(
        actor=user_named("motcua.bachdang"), dossier=submitted(user_named("dan.nguyenvanan"))
    )
    # Then slip 01 says the fee is waived and totals 0 đ
    text = pdf_text(dossier_slip_pdf(dossier, "01"))
    assert "Phí, lệ phí: Miễn" in text
    assert "0 đ" in text


def test_support_member_files_for_a_resident_recorded_as_assisted(user_named, intake_catalogue):
    member = user_named("xungkich.bachdang")
    resident = user_named("dan.nguyenvanan")
    dossier = services.dossier_draft_create(
        actor=member,
        version=version(EXTRACT),
        agency=agency("hbt-bach-dang"),
        applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", email="an@example.vn"),
        on_behalf=True,
    )
    assert dossier.assisted_by_id == member.pk
    assert dossier.applicant_user_id == resident.pk
    from motcua.dossiers.selectors import dossier_list_for_applicant

    assert dossier_list_for_applicant(user=resident).filter(pk=dossier.pk).exists()
    with pytest.raises(PermissionDenied):
        services.dossier_draft_create(
            actor=user_named("motcua.bachdang"),
            version=version(EXTRACT),
            agency=agency("hbt-bach-dang"),
            applicant=Applicant(name="X"),
            on_behalf=True,
        )


def test_codes_count_per_agency_and_day_and_are_never_reused(intake_catalogue):
    ward, other = agency("hbt-bach-dang"), agency("hbt-minh-khai")
    day = local(2026, 5, 19, 10)
    assert code_next(agency=ward, at=day).endswith("-260519-0001")
    assert code_next(agency=ward, at=day).endswith("-260519-0002")
    assert code_next(agency=other, at=day) == "000.37.07.H26-260519-0001"
    # 23:30 in Hà Nội is already the next local day's counter in UTC terms? No: local date.
    assert code_next(agency=ward, at=local(2026, 5, 19, 23, 30)).endswith("-260519-0003")
    assert code_next(agency=ward, at=local(2026, 5, 20, 0, 5)).endswith("-260520-0001")


def test_changing_one_byte_of_an_event_is_caught_by_verify_audit(user_named, intake_catalogue):
    # Given a dossier with a few events and an intact log
    dossier = submitted(user_named("dan.nguyenvanan"))
    services.dossier_accept(actor=user_named("motcua.bachdang"), dossier=dossier)
    call_command("verify_audit")
    # When someone edits one character of the acceptance event in the database
    event = DossierEvent.objects.get(dossier=dossier, action=Action.ACCEPT)
    data = dict(event.data)
    data["number"] = data["number"].replace("1", "7", 1) if "1" in data["number"] else "9/TNHS"
    DossierEvent.objects.filter(pk=event.pk).update(data=data)
    # Then verify_audit names the dossier event
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_removing_the_last_event_is_caught(user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    DossierEvent.objects.filter(dossier=dossier, action=Action.SUBMIT).delete()
    from motcua.dossiers.events import dossier_events_verify

    assert list(dossier_events_verify())
