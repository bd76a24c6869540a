"""The result (prepared, signed, numbered, issued), timeliness per DOMAIN.md §6 rule 7, the
deadline check, form 04 and form 05."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from motcua.documents.services import file_open
from motcua.documents.signing import result_verify
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import pdf_text
from motcua.processing import selectors, services
from motcua.processing.constants import ResultState, Risk, StepState
from motcua.processing.deadlines import processing_check_deadlines
from motcua.processing.models import DelayNotice, DossierProcess
from motcua.processing.tests.helpers import BUILDING, local, started, step, user

pytestmark = pytest.mark.django_db


def _to_signature(dossier: Dossier, *, done_at: dt.datetime) -> None:
    """The ward's specialist takes the step, drafts the result and completes the step."""
    specialist = user("tuphap.bachdang")
    services.step_claim(actor=specialist, step=step(dossier, 2), at=local(2026, 3, 9, 9, 10))
    services.result_prepare(
        actor=specialist,
        dossier=dossier,
        title="Trích lục khai sinh",
        decision_text="Đăng ký khai sinh cho cháu Nguyễn Minh Khôi, sinh ngày 01/3/2026.",
        at=local(2026, 3, 9, 9, 20),
    )
    services.step_complete(
        actor=specialist, step=step(dossier, 2), note="Đủ điều kiện, trình ký", at=done_at
    )


@pytest.mark.parametrize(
    ("issued_at", "verdict"),
    [
        (local(2026, 3, 9, 16), "early"),
        (local(2026, 3, 9, 17), "on_time"),
        (local(2026, 3, 10, 9), "late"),
    ],
)
def test_result_signed_numbered_issued_and_graded(certified, issued_at, verdict):
    # Given a birth registration transferred Monday 9/3/2026 09:00, due the same day 17:00
    dossier = started(at=local(2026, 3, 9, 9))
    assert dossier.due_at == local(2026, 3, 9, 17)
    # And its specialist step finished at 14:00, after its 3-hour budget (due 12:00)
    _to_signature(dossier, done_at=local(2026, 3, 9, 14))
    assert step(dossier, 2).timeliness == "late"
    leader_step = step(dossier, 3)
    assert leader_step.state == StepState.OPEN
    assert leader_step.due_at == local(2026, 3, 9, 16)  # 2 working hours from 14:00
    # When the ward's chairwoman signs at 15:00, her step is done with the signature
    result = services.result_sign_draft(
        actor=user("chutich.bachdang"), dossier=dossier, at=local(2026, 3, 9, 15)
    )
    assert result.state == ResultState.SIGNED
    assert step(dossier, 3).timeliness == "early"
    # And the clerk numbers and issues it
    with pytest.raises(PermissionDenied):  # a specialist is not a records clerk
        services.result_issue(actor=user("tuphap.bachdang"), dossier=dossier, at=issued_at)
    result = services.result_issue(actor=user("vanthu.bachdang"), dossier=dossier, at=issued_at)
    dossier.refresh_from_db()
    process = DossierProcess.objects.get(dossier=dossier)
    # Then processing ended at that instant, graded by rule 7
    assert dossier.status == Status.PROCESSED
    assert process.finished_at == issued_at
    assert process.timeliness == verdict
    assert result.signed.number.endswith("/KQ-UBND")
    assert dossier.events.last().action == Action.COMPLETE
    # And the desk's return step is open at the receiving ward
    assert step(dossier, 4).state == StepState.OPEN
    # And the issued file verifies, and fails after one byte changes
    with file_open(result.signed.stored_file) as fh:
        signed = fh.read()
    assert result_verify(signed).ok
    altered = bytearray(signed)
    at = altered.index(b"/Producer") + 12
    altered[at] ^= 0x01
    assert not result_verify(bytes(altered)).ok


def test_only_leaders_sign(certified):
    dossier = started(at=local(2026, 3, 9, 9))
    _to_signature(dossier, done_at=local(2026, 3, 9, 10))
    with pytest.raises(PermissionDenied):
        services.result_sign_draft(actor=user("tuphap.bachdang"), dossier=dossier)


def test_late_dossier_is_flagged_and_gets_form_04(world):
    # Given a building permit transferred Monday 2/3/2026 09:00, due Monday 16/3 17:00
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    services.step_claim(
        actor=user("chuyenvien.qldt"), step=step(dossier, 2), at=local(2026, 3, 2, 10)
    )
    # When the deadline check runs on Thursday 12/3 16:00
    report = processing_check_deadlines(now=local(2026, 3, 12, 16))
    # Then the appraisal step (due Monday 9/3) is overdue; the dossier (due Monday 16/3)
    # is more than one working day away, so not yet at risk
    assert step(dossier, 2).risk == Risk.OVERDUE
    assert DossierProcess.objects.get(dossier=dossier).risk == Risk.NONE
    assert report.steps_overdue == 1
    # And on Monday 16/3 09:00 the dossier is at risk and its officer is reminded once
    processing_check_deadlines(now=local(2026, 3, 16, 9))
    process = DossierProcess.objects.get(dossier=dossier)
    assert process.risk == Risk.AT_RISK
    from motcua.notifications.models import OutboxMessage

    reminders = OutboxMessage.objects.filter(subject__contains="sắp đến hạn")
    assert reminders.count() == 1
    processing_check_deadlines(now=local(2026, 3, 16, 10))
    assert reminders.count() == 1
    # And the command reports the overdue dossier the next day
    out = io.StringIO()
    call_command("processing_deadlines", "--at", "2026-03-17T09:00+07:00", stdout=out)
    assert "dossiers at risk: 0, overdue: 1" in out.getvalue()
    # When the district's leader issues form 04 with a new appointment
    with pytest.raises(ValidationError):
        services.delay_notice_issue(
            actor=user("lanhdao.hbt"),
            dossier=dossier,
            reason="Chờ ý kiến",
            new_appointment_at=local(2026, 3, 16, 9),
            at=local(2026, 3, 17, 9),
        )
    notice = services.delay_notice_issue(
        actor=user("lanhdao.hbt"),
        dossier=dossier,
        reason="Cần lấy ý kiến Sở Xây dựng về chỉ giới xây dựng",
        new_appointment_at=local(2026, 3, 20, 17),
        at=local(2026, 3, 17, 9),
    )
    # Then the notice is numbered, its PDF says why and when, and the applicant is told
    assert notice.number.endswith("/XLHS")
    with file_open(notice.file) as fh:
        text = pdf_text(fh.read())
    assert "chỉ giới xây dựng" in text
    assert "20/03/2026" in text
    assert OutboxMessage.objects.filter(
        recipient="an@example.com", subject__contains="hẹn lại"
    ).exists()
    # And the new appointment is shown while the statutory due stays for the on-time rate
    process.refresh_from_db()
    assert process.appointment_at == local(2026, 3, 20, 17)
    assert process.due_at == local(2026, 3, 16, 17)
    assert DelayNotice.objects.filter(dossier=dossier).count() == 1
    # And the public tracking page shows the new appointment
    from motcua.dossiers.selectors import tracking_view

    track = tracking_view(dossier=Dossier.objects.get(pk=dossier.pk))
    assert track.new_appointment_at == local(2026, 3, 20, 17)
    assert track.due_at == local(2026, 3, 16, 17)
    assert Dossier.objects.get(pk=dossier.pk).events.last().action == Action.EXTEND


def test_form_05_lists_every_handover(world):
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    services.step_claim(actor=user("chuyenvien.qldt"), step=step(dossier, 2))
    services.step_complete(
        actor=user("chuyenvien.qldt"), step=step(dossier, 2), note="Đạt", at=local(2026, 3, 4, 9)
    )
    process = DossierProcess.objects.get(dossier=dossier)
    context = selectors.form05_context(process)
    from motcua.documents.slips import slip_render

    text = " ".join(pdf_text(slip_render(form="05", context=context)).split())
    assert dossier.code in text
    assert "Phòng Quản lý đô thị" in text
    assert "Lương Văn Bảo" in text  # the office's specialist, giver of the second row
    assert len(context["handovers"]) == 2
    assert context["handovers"][1]["outcome"] == "early"
