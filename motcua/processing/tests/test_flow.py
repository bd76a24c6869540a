"""Processing end to end through the services: steps and their due instants, step work,
the supplement pause, late handling with form 04, the signed result, endings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.dossiers import services as dossier_services
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import SupplementItem
from motcua.organizations.calendars import calendar_for_agency
from motcua.processing import services
from motcua.processing.clocking import budget_due
from motcua.processing.constants import HandoverKind, ProcessState, StepState
from motcua.processing.models import DossierProcess, Handover, StepTask
from motcua.processing.tests.helpers import (
    BUILDING,
    accepted,
    local,
    started,
    step,
    user,
)

pytestmark = pytest.mark.django_db


def test_transfer_turns_the_internal_process_into_steps_with_clock_dues(world):
    # Given a birth registration accepted at the Bạch Đằng desk on Monday 9/3/2026 09:00
    dossier = accepted(at=local(2026, 3, 9, 9))
    assert dossier.status == Status.RECEIVED
    # When the desk transfers it at 09:30
    process = services.processing_start(
        actor=user("motcua.bachdang"), dossier=dossier, at=local(2026, 3, 9, 9, 30)
    )
    dossier.refresh_from_db()
    # Then it is being processed, with the four steps of the ward's process
    assert dossier.status == Status.PROCESSING
    steps = list(StepTask.objects.filter(process=process).order_by("order"))
    assert [s.role for s in steps] == ["desk_officer", "specialist", "leader", "desk_officer"]
    # The reception step is done by the desk; the specialist step is open at the ward's
    # civil-status unit, due 3 working hours later by the engine
    assert steps[0].state == StepState.DONE
    assert steps[0].at_desk
    assert steps[1].state == StepState.OPEN
    assert steps[1].unit.code == "tu-phap-ho-tich"
    calendar = calendar_for_agency(dossier.competent_agency)
    assert steps[1].due_at == calendar.due(local(2026, 3, 9, 9, 30), 3, "working_hours")
    assert steps[1].due_at == local(2026, 3, 9, 12, 30) + dt.timedelta(minutes=60)
    # The leader step waits; the return step waits for the result
    assert steps[2].state == StepState.WAITING
    assert steps[3].state == StepState.WAITING
    assert steps[3].at_desk
    # And the hand-over desk → civil-status unit is recorded, with the reception's verdict
    handover = Handover.objects.get(dossier=dossier)
    assert handover.kind == HandoverKind.TRANSFER
    assert handover.to_unit.code == "tu-phap-ho-tich"
    assert handover.outcome == "early"
    # And the event log has the transfer
    assert dossier.events.last().action == Action.START_PROCESSING


def test_fractional_budgets_follow_the_engine():
    # Given 0.5 working day from Friday 6/3/2026 15:00 (4 working hours)
    from motcua.core.clock import CalendarRules, get_calendar

    calendar = get_calendar(CalendarRules())
    start = local(2026, 3, 6, 15)
    # Then it ends like 4 working hours: Monday 9/3 10:00 (DOMAIN.md §6 example)
    assert budget_due(calendar, start, Decimal("0.5"), "working_days") == local(2026, 3, 9, 10)
    # And a whole working day ends at close of office on the next working day
    assert budget_due(calendar, start, Decimal("1"), "working_days") == local(2026, 3, 9, 17)
    # And 0.3 day (2 h 24 min) is counted in working seconds: 2 h on Friday, 24 min Monday
    assert budget_due(calendar, start, Decimal("0.3"), "working_days") == local(2026, 3, 9, 8, 24)
    assert budget_due(calendar, start, Decimal("0.3"), "working_days", []) == calendar.add(
        start, int(Decimal("0.3") * 8 * 3600)
    )


def test_a_district_permit_goes_to_the_urban_office_and_back(world):
    # Given a building permit accepted at the district desk
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    steps = list(StepTask.objects.filter(dossier=dossier).select_related("agency"))
    # Then the appraisal and its review are at Phòng Quản lý đô thị (vertical liên thông),
    # the signature at the district's leadership and the register at its records clerks
    assert [s.agency.code for s in steps] == ["hbt", "hbt-qldt", "hbt-qldt", "hbt", "hbt"]
    assert steps[1].interagency == "vertical"
    assert steps[1].state == StepState.OPEN
    assert steps[1].due_at == local(2026, 3, 9, 17)  # 5 working days after Monday 2/3
    # When the office's specialist claims and completes the appraisal
    specialist = user("chuyenvien.qldt")
    services.step_claim(actor=specialist, step=steps[1], at=local(2026, 3, 3, 8))
    services.step_complete(
        actor=specialist, step=steps[1], note="Đủ điều kiện cấp phép", at=local(2026, 3, 5, 10)
    )
    # Then the office's leader step opens, due 1 working day later
    review = step(dossier, 3)
    assert review.state == StepState.OPEN
    assert review.due_at == local(2026, 3, 6, 17)
    assert step(dossier, 2).timeliness == "early"
    # When the office leader completes it, the step at the district opens (results back)
    services.step_claim(actor=user("lanhdao.qldt"), step=review, at=local(2026, 3, 5, 11))
    services.step_complete(
        actor=user("lanhdao.qldt"), step=review, note="Trình UBND quận", at=local(2026, 3, 5, 14)
    )
    assert step(dossier, 4).state == StepState.OPEN
    assert step(dossier, 4).agency.code == "hbt"
    # And form 05's rows name every hand-over
    kinds = list(Handover.objects.filter(dossier=dossier).values_list("kind", flat=True))
    assert kinds == ["transfer", "complete", "complete"]


def test_two_officers_claiming_the_same_step_one_wins(world):
    # Given an open step and two officers who loaded the page at the same revision
    dossier = started()
    specialist_step = step(dossier, 2)
    revision = Dossier.objects.get(pk=dossier.pk).revision
    services.step_claim(
        actor=user("tuphap.bachdang"), step=specialist_step, expected_revision=revision
    )
    # When the leader acts on the stale page
    with pytest.raises(DossierConflict):
        services.step_claim(
            actor=user("chutich.bachdang"), step=specialist_step, expected_revision=revision
        )
    # And also without the revision the step is taken
    with pytest.raises(DossierConflict):
        services.step_claim(actor=user("chutich.bachdang"), step=specialist_step)
    assert step(dossier, 2).assignee.username == "tuphap.bachdang"


def test_officer_of_another_ward_cannot_claim(world):
    dossier = started()
    with pytest.raises(PermissionDenied):
        services.step_claim(actor=user("motcua.minhkhai"), step=step(dossier, 2))


def test_send_back_approval_and_forward(world):
    # Given the ward's specialist working the first step
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    appraisal = step(dossier, 2)
    services.step_claim(actor=user("chuyenvien.qldt"), step=appraisal)
    # When they ask for approval, the leader rejects with a reason, then approves
    services.step_request_approval(actor=user("chuyenvien.qldt"), step=appraisal, note="Trình")
    with pytest.raises(ValidationError):
        services.step_reject(actor=user("lanhdao.qldt"), step=appraisal, reason="")
    services.step_reject(actor=user("lanhdao.qldt"), step=appraisal, reason="Bổ sung bản vẽ")
    assert step(dossier, 2).state == StepState.IN_PROGRESS
    services.step_request_approval(actor=user("chuyenvien.qldt"), step=appraisal)
    services.step_approve(actor=user("lanhdao.qldt"), step=appraisal, note="Đồng ý")
    assert step(dossier, 2).state == StepState.DONE
    # When the next step is sent back with a reason, the appraisal reopens with its officer
    review = step(dossier, 3)
    services.step_claim(actor=user("lanhdao.qldt"), step=review)
    with pytest.raises(ValidationError):
        services.step_send_back(actor=user("lanhdao.qldt"), step=review, reason="")
    services.step_send_back(actor=user("lanhdao.qldt"), step=review, reason="Kiểm tra lại mật độ")
    assert step(dossier, 2).state == StepState.IN_PROGRESS
    assert step(dossier, 2).assignee.username == "lanhdao.qldt"  # approved it last
    assert step(dossier, 3).state == StepState.WAITING
    # And a forward to another officer of the office
    services.step_forward(
        actor=user("lanhdao.qldt"), step=step(dossier, 2), to_user=user("chuyenvien.qldt")
    )
    assert step(dossier, 2).assignee.username == "chuyenvien.qldt"
    kinds = set(Handover.objects.filter(dossier=dossier).values_list("kind", flat=True))
    assert {"approval", "rejected", "approved", "send_back", "forward"} <= kinds


def test_supplement_pauses_the_clock_and_a_second_one_counts_late(world):
    # Given a building permit transferred Monday 2/3/2026 09:00 (due Monday 16/3 17:00)
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    assert dossier.due_at == local(2026, 3, 16, 17)
    appraisal = step(dossier, 2)
    specialist = user("chuyenvien.qldt")
    services.step_claim(actor=specialist, step=appraisal, at=local(2026, 3, 3, 9))
    # When the district's leader asks for a supplement on Wednesday 4/3 10:00
    item = SupplementItem(reason="Bản vẽ mặt bằng thiếu kích thước", name="Bản vẽ thiết kế")
    services.processing_request_supplement(
        actor=user("lanhdao.hbt"), dossier=dossier, items=[item], at=local(2026, 3, 4, 10)
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.SUPPLEMENT_REQUESTED
    # Then nobody can work the step meanwhile
    with pytest.raises(DossierConflict):
        services.step_complete(actor=specialist, step=appraisal, note="Xong")
    # And the applicant is told through the outbox
    from motcua.notifications.models import OutboxMessage

    assert OutboxMessage.objects.filter(
        recipient="an@example.com", subject__contains="bổ sung"
    ).exists()
    # When the supplement arrives Tuesday 10/3 14:00 (the desk records it)
    dossier_services.dossier_supplement_complete(
        actor=user("motcua.hbt"), dossier=dossier, at=local(2026, 3, 10, 14)
    )
    dossier.refresh_from_db()
    process = DossierProcess.objects.get(dossier=dossier)
    # Then processing resumes and the due instants are the engine's with the pause
    assert dossier.status == Status.PROCESSING
    calendar = calendar_for_agency(dossier.competent_agency)
    from motcua.core.clock import Pause

    pause = Pause(start=local(2026, 3, 4, 10), end=local(2026, 3, 10, 14))
    expected = calendar.due(dossier.received_at, 12, "days", [pause])
    assert dossier.due_at == expected == process.due_at
    assert step(dossier, 2).due_at == calendar.due(
        step(dossier, 2).started_at, 5, "working_days", [pause]
    )
    assert process.original_due_at == local(2026, 3, 16, 17)
    assert not process.late_by_rule
    assert [e.action for e in dossier.events.order_by("-seq")[:2]] == [
        Action.RESUME,
        Action.COMPLETE_SUPPLEMENT,
    ]
    # When a second supplement is asked without a reason, it is refused
    with pytest.raises(ValidationError) as exc:
        services.processing_request_supplement(
            actor=user("lanhdao.hbt"), dossier=dossier, items=[item], at=local(2026, 3, 11, 9)
        )
    assert "reason" in exc.value.message_dict
    # With a reason it is allowed and the dossier counts late by rule
    services.processing_request_supplement(
        actor=user("lanhdao.hbt"),
        dossier=dossier,
        items=[item],
        reason="Quy hoạch khu vực vừa điều chỉnh, cần bản vẽ mới",
        at=local(2026, 3, 11, 9),
    )
    assert DossierProcess.objects.get(dossier=dossier).late_by_rule


def test_withdraw_during_processing_closes_the_steps(world):
    # Given a dossier being processed, filed by a resident with an account
    dossier = started()
    resident = user("dan.nguyenvanan")
    assert dossier.applicant_user_id == resident.pk
    # When the resident withdraws it
    dossier_services.dossier_withdraw(actor=resident, dossier=dossier, reason="Không cần nữa")
    # Then no step is open any more and processing is marked withdrawn
    assert not StepTask.objects.filter(
        dossier=dossier, state__in=[StepState.OPEN, StepState.WAITING]
    ).exists()
    assert DossierProcess.objects.get(dossier=dossier).state == ProcessState.WITHDRAWN


def test_stop_notifies_the_applicant(world):
    dossier = started()
    with pytest.raises(PermissionDenied):
        services.processing_stop(
            actor=user("tuphap.bachdang"), dossier=dossier, reason="Không thuộc thẩm quyền"
        )
    services.processing_stop(
        actor=user("chutich.bachdang"), dossier=dossier, reason="Người yêu cầu đã chết, dừng"
    )
    dossier.refresh_from_db()
    assert dossier.status == Status.STOPPED
    from motcua.notifications.models import OutboxMessage

    assert OutboxMessage.objects.filter(subject__contains="dừng xử lý").exists()


def test_parallel_group_opens_together_and_the_bundle_routes_to_another_agency(world):
    # Given the birth + residence + health-insurance bundle (liên thông) transferred at the
    # ward on Monday 9/3/2026 09:00
    dossier = started(code="1.001566", at=local(2026, 3, 9, 9))
    steps = {s.order: s for s in StepTask.objects.filter(dossier=dossier)}
    # Then the ward police and the social-insurance steps form one parallel stage
    assert steps[4].stage == steps[5].stage
    assert steps[4].parallel_group == "A"
    # The social-insurance office is not in the organisation: the ward routes it by hand
    assert steps[5].needs_routing
    specialist, leader = user("tuphap.bachdang"), user("chutich.bachdang")
    # When the civil-status steps are done
    services.step_claim(actor=specialist, step=step(dossier, 2), at=local(2026, 3, 9, 9, 30))
    services.step_complete(
        actor=specialist, step=step(dossier, 2), note="Đăng ký khai sinh", at=local(2026, 3, 9, 11)
    )
    services.step_claim(actor=leader, step=step(dossier, 3), at=local(2026, 3, 9, 11))
    services.step_complete(
        actor=leader, step=step(dossier, 3), note="Đã ký trích lục", at=local(2026, 3, 9, 13)
    )
    # Then both steps of the group open at the same instant with their own dues (1.5 days)
    calendar = calendar_for_agency(dossier.competent_agency)
    for order in (4, 5):
        s = step(dossier, order)
        assert s.state == StepState.OPEN
        assert s.started_at == local(2026, 3, 9, 13)
        assert s.due_at == calendar.due(local(2026, 3, 9, 13), 12, "working_hours")
    # When the ward routes the health-insurance step to the district (vertical) with 1 day
    services.step_route(
        actor=leader,
        step=step(dossier, 5),
        to_agency=world["hbt"],
        budget=Decimal("1"),
        budget_unit="working_days",
        at=local(2026, 3, 9, 14),
    )
    routed = step(dossier, 5)
    assert routed.agency.code == "hbt"
    assert routed.interagency == "vertical"
    assert not routed.needs_routing
    assert routed.due_at == calendar.due(local(2026, 3, 9, 14), 1, "working_days")
    # And the district's leader finds it in the district's queues (long overdue by now)
    from motcua.processing import selectors

    overdue = selectors.queue_steps(user=user("lanhdao.hbt"), queue="overdue")
    assert routed.pk in {s.pk for s in overdue}
    # When the ward police step finishes alone, the stage does not end
    services.step_claim(actor=leader, step=step(dossier, 4), at=local(2026, 3, 10, 8))
    services.step_complete(
        actor=leader, step=step(dossier, 4), note="Đã đăng ký thường trú", at=local(2026, 3, 10, 9)
    )
    assert step(dossier, 6).state == StepState.WAITING
    district = user("lanhdao.hbt")
    services.step_claim(actor=district, step=routed, at=local(2026, 3, 10, 9))
    services.step_complete(
        actor=district, step=routed, note="Đã cấp thẻ BHYT", at=local(2026, 3, 10, 10)
    )
    # Then every working step is done; the return step waits for the result
    assert all(step(dossier, o).state == StepState.DONE for o in (2, 3, 4, 5))
    assert step(dossier, 6).state == StepState.WAITING
    route = Handover.objects.get(dossier=dossier, kind=HandoverKind.ROUTE)
    assert route.to_agency.code == "hbt"


def test_a_step_routed_to_a_district_office_is_vertical_to_another_ward_horizontal(world):
    # Given the birth bundle at ward Bạch Đằng with its civil-status steps done
    dossier = started(code="1.001566", at=local(2026, 3, 9, 9))
    leader = user("chutich.bachdang")
    for order in (2, 3):
        services.step_claim(actor=leader, step=step(dossier, order), at=local(2026, 3, 9, 10))
        services.step_complete(
            actor=leader, step=step(dossier, order), note="Xong", at=local(2026, 3, 9, 11)
        )
    # When the ward routes one step to the district's Phòng Tư pháp (a body of the district's
    # committee, one level up) and the other to the neighbouring ward Bạch Mai
    services.step_route(
        actor=leader,
        step=step(dossier, 5),
        to_agency=world["hbt-tu-phap"],
        budget=Decimal("1"),
        budget_unit="working_days",
        at=local(2026, 3, 9, 14),
    )
    services.step_route(
        actor=leader,
        step=step(dossier, 4),
        to_agency=world["hbt-bach-mai"],
        budget=Decimal("1"),
        budget_unit="working_days",
        at=local(2026, 3, 9, 14),
    )
    # Then the district office's step is vertical liên thông, the other ward's horizontal
    assert step(dossier, 5).interagency == "vertical"
    assert step(dossier, 4).interagency == "horizontal"
