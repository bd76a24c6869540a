"""Demo processing: a few dossiers moved through the back office with the real services.

At ward Bạch Đằng (birth registrations, signed by the chairwoman): three finished early or on
time, one waiting in the civil-status unit's queue and one in the specialist's hands. At the
district (building permits appraised by Phòng Quản lý đô thị): one at risk, one overdue with
form 04 (apology and new appointment), one awaiting the district leader's signature. Then
the deadline check flags them. Idempotent: nothing is added once demo processing exists.

Accounts added for it (password as every demo account): ``vanthu.bachdang`` (records clerk of
the ward), ``chuyenvien.qldt``, ``lanhdao.qldt``, ``vanthu.qldt`` (Phòng Quản lý đô thị).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.selectors import procedure_version_in_force
from motcua.dossiers import services as dossier_services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency
from motcua.processing import services
from motcua.processing.accounts import PROCESSING_ACCOUNTS, seed_processing_accounts
from motcua.processing.deadlines import processing_check_deadlines
from motcua.processing.models import DossierProcess, StepTask

BIRTH = "1.001193"
BUILDING = "1.009999"
MARK = "Dữ liệu mẫu giải quyết hồ sơ"

APPLICANTS = [
    ("Trần Văn Hiếu", "001088001101"),
    ("Lê Thị Ngọc Anh", "001192001102"),
    ("Phạm Quốc Bảo", "001085001103"),
    ("Vũ Thị Hằng", "001190001104"),
    ("Đỗ Minh Tâm", "001087001105"),
    ("Ngô Thanh Tùng", "001083001106"),
    ("Bùi Thị Lan Hương", "001191001107"),
    ("Hoàng Văn Quyết", "001082001108"),
]


def _pdf() -> bytes:
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _user(username: str) -> User:
    return User.objects.get(username=username)


def _accepted(
    *, code: str, agency: Agency, desk: User, at: dt.datetime, who: tuple[str, str], pdf: bytes
) -> Dossier | None:
    version = procedure_version_in_force(code=code)
    if version is None:
        return None
    dossier = dossier_services.dossier_receive_at_desk(
        actor=desk,
        version=version,
        receiving_agency=agency,
        competent_agency=agency,
        channel=Channel.IN_PERSON,
        applicant=Applicant(
            name=who[0],
            id_number=who[1],
            address="Số 8 phố Bạch Đằng, Hai Bà Trưng, Hà Nội",
            phone="0904123456",
            email=f"{who[1]}@example.invalid",
        ),
        at=at,
    )
    for row in dossier.components.all():
        dossier_services.dossier_scan_attach(
            actor=desk,
            dossier=dossier,
            component_id=row.pk,
            upload=ContentFile(pdf, name=f"ban-quet-{row.order}.pdf"),
            at=at,
        )
    return dossier_services.dossier_accept(actor=desk, dossier=dossier, at=at)


def _step(dossier: Dossier, order: int) -> StepTask:
    return StepTask.objects.select_related("agency", "process").get(dossier=dossier, order=order)


def _working_days_back(agency: Agency, count: int) -> list[dt.date]:
    """The last ``count`` working days before today, oldest first."""
    calendar = calendar_for_agency(agency)
    day = timezone.localdate()
    found: list[dt.date] = []
    while len(found) < count:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            found.append(day)
    return list(reversed(found))


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed_demo_data(*, agencies: dict[str, Agency], stdout: Any) -> None:
    seed_processing_accounts(agencies)
    if DossierProcess.objects.exists():
        stdout.write(
            f"processing: {DossierProcess.objects.count()} dossiers already in processing, "
            "nothing added"
        )
        return
    ward, district = agencies.get("hbt-bach-dang"), agencies.get("hbt")
    if ward is None or district is None or procedure_version_in_force(code=BIRTH) is None:
        stdout.write("processing: no catalogue loaded, no demo processing")
        return
    pdf = _pdf()
    made: dict[str, int] = {}
    days = _working_days_back(ward, 25)
    people = iter(APPLICANTS)

    # Ward: three birth registrations finished (two early, one exactly on time).
    for i, day in enumerate(days[-8:-5]):
        with transaction.atomic():
            at = _at(day, 9)
            dossier = _accepted(
                code=BIRTH,
                agency=ward,
                desk=_user("motcua.bachdang"),
                at=at,
                who=next(people),
                pdf=pdf,
            )
            if dossier is None:
                continue
            _ward_to_issue(dossier, day, on_time=i == 2)
            made["finished"] = made.get("finished", 0) + 1

    now = timezone.now()
    # Ward: one waiting in the civil-status unit's queue, one with the specialist.
    today = timezone.localdate()
    recent = days[-1]
    for claimed in (False, True):
        with transaction.atomic():
            dossier = _accepted(
                code=BIRTH,
                agency=ward,
                desk=_user("motcua.bachdang"),
                at=_at(recent, 14 + claimed),
                who=next(people),
                pdf=pdf,
            )
            if dossier is None:
                continue
            services.processing_start(
                actor=_user("motcua.bachdang"), dossier=dossier, at=_at(recent, 14 + claimed, 5)
            )
            if claimed:
                services.step_claim(
                    actor=_user("tuphap.bachdang"),
                    step=_step(dossier, 2),
                    at=_at(recent, 15, 10),
                )
            made["in progress"] = made.get("in progress", 0) + 1

    # District: building permits (committed 12 calendar days).
    version = procedure_version_in_force(code=BUILDING)
    if version is not None:
        calendar = calendar_for_agency(district)
        threshold = calendar.due(now, 1, "working_days")
        # At risk: received on the latest day whose appointment falls within one working day.
        day = today
        for _ in range(40):
            day -= dt.timedelta(days=1)
            if not calendar.is_working_day(day):
                continue
            due = calendar.due(_at(day, 9), 12, "days")
            if now <= due <= threshold:
                break
        else:
            day = today - dt.timedelta(days=12)
        with transaction.atomic():
            dossier = _accepted(
                code=BUILDING,
                agency=district,
                desk=_user("motcua.hbt"),
                at=_at(day, 9),
                who=next(people),
                pdf=pdf,
            )
            if dossier is not None:
                services.processing_start(
                    actor=_user("motcua.hbt"), dossier=dossier, at=_at(day, 9, 30)
                )
                services.step_claim(
                    actor=_user("chuyenvien.qldt"), step=_step(dossier, 2), at=_at(day, 10)
                )
                made["at risk"] = 1
        # Overdue with form 04: received 25 working days ago.
        start = days[0]
        with transaction.atomic():
            dossier = _accepted(
                code=BUILDING,
                agency=district,
                desk=_user("motcua.hbt"),
                at=_at(start, 9),
                who=next(people),
                pdf=pdf,
            )
            if dossier is not None:
                services.processing_start(
                    actor=_user("motcua.hbt"), dossier=dossier, at=_at(start, 9, 30)
                )
                services.step_claim(
                    actor=_user("chuyenvien.qldt"), step=_step(dossier, 2), at=_at(start, 10)
                )
                services.delay_notice_issue(
                    actor=_user("lanhdao.hbt"),
                    dossier=dossier,
                    reason=(
                        "Cần lấy ý kiến Sở Xây dựng về chỉ giới xây dựng của tuyến phố; "
                        "văn bản trả lời chưa nhận được."
                    ),
                    new_appointment_at=calendar.due(now, 5, "working_days"),
                    at=now,
                )
                made["overdue, form 04"] = 1
        # Awaiting the district leader's signature.
        start = days[-4]
        with transaction.atomic():
            dossier = _accepted(
                code=BUILDING,
                agency=district,
                desk=_user("motcua.hbt"),
                at=_at(start, 9),
                who=next(people),
                pdf=pdf,
            )
            if dossier is not None:
                _district_to_signature(dossier, days[-4:])
                made["awaiting signature"] = 1
    report = processing_check_deadlines(now=now)
    stdout.write(
        "processing: "
        + ", ".join(f"{k} {v}" for k, v in made.items())
        + f"; flagged {report.dossiers_at_risk} at risk, {report.dossiers_overdue} overdue; "
        f"accounts {', '.join(a.username for a in PROCESSING_ACCOUNTS)}"
    )


def _ward_to_issue(dossier: Dossier, day: dt.date, *, on_time: bool) -> None:
    """Transfer, work, draft, sign and issue a ward birth registration on ``day``."""
    desk, specialist = _user("motcua.bachdang"), _user("tuphap.bachdang")
    services.processing_start(actor=desk, dossier=dossier, at=_at(day, 9, 5))
    services.step_claim(actor=specialist, step=_step(dossier, 2), at=_at(day, 9, 10))
    services.result_prepare(
        actor=specialist,
        dossier=dossier,
        title="Trích lục khai sinh",
        decision_text=(
            f"Đăng ký khai sinh theo tờ khai của {dossier.applicant_name}.\n\n"
            "Cấp 01 bản chính Giấy khai sinh và 01 bản sao Trích lục khai sinh."
        ),
        at=_at(day, 10, 20),
    )
    services.step_complete(
        actor=specialist,
        step=_step(dossier, 2),
        note="Hồ sơ đầy đủ, hợp lệ; trình lãnh đạo ký.",
        at=_at(day, 10, 30),
    )
    services.result_sign_draft(actor=_user("chutich.bachdang"), dossier=dossier, at=_at(day, 11))
    services.result_issue(
        actor=_user("vanthu.bachdang"),
        dossier=dossier,
        at=_at(day, 17) if on_time else _at(day, 11, 30),
    )


def _district_to_signature(dossier: Dossier, days: list[dt.date]) -> None:
    """Transfer, appraise at Phòng Quản lý đô thị, review, draft: waits for the signature."""
    services.processing_start(actor=_user("motcua.hbt"), dossier=dossier, at=_at(days[0], 9, 30))
    specialist, office_leader = _user("chuyenvien.qldt"), _user("lanhdao.qldt")
    services.step_claim(actor=specialist, step=_step(dossier, 2), at=_at(days[0], 10))
    services.step_complete(
        actor=specialist,
        step=_step(dossier, 2),
        note="Đã kiểm tra hiện trường; công trình phù hợp quy hoạch, đủ điều kiện cấp phép.",
        at=_at(days[1], 16),
    )
    services.step_claim(actor=office_leader, step=_step(dossier, 3), at=_at(days[2], 8, 30))
    services.step_complete(
        actor=office_leader,
        step=_step(dossier, 3),
        note="Đồng ý, trình UBND quận ký giấy phép.",
        at=_at(days[2], 10),
    )
    services.result_prepare(
        actor=_user("lanhdao.hbt"),
        dossier=dossier,
        title="Giấy phép xây dựng nhà ở riêng lẻ",
        decision_text=(
            f"Cấp giấy phép xây dựng nhà ở riêng lẻ cho {dossier.applicant_name}.\n\n"
            "Công trình 5 tầng, diện tích xây dựng 62 m², theo hồ sơ thiết kế đã thẩm định."
        ),
        at=_at(days[3], 9),
    )
