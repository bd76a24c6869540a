"""Demo dossiers: a few hundred over the last four months, in every ward and the district.

Every dossier goes through the real services (codes, slips numbers, events, appointments
from the clock), with times in the past passed as ``at``. Channels and outcomes are spread
the way a desk sees them: online, in person, by post; accepted, waiting, sent back for a
supplement, refused. Idempotent: nothing is added when dossiers already exist.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.eform import eform_parse
from motcua.catalog.models import ProcedureAssignment, ProcedureVersion
from motcua.dossiers import services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.models import Dossier
from motcua.organizations.models import Agency

DAYS_BACK = 120
TARGET = 320
SEED = 20230519

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Thanh"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hà",
    "Hùng",
    "Lan",
    "Linh",
    "Nam",
    "Phương",
    "Quân",
    "Sơn",
    "Trang",
    "Tuấn",
    "Yến",
]
STREETS = [
    "Bạch Đằng",
    "Lò Đúc",
    "Minh Khai",
    "Bạch Mai",
    "Phố Huế",
    "Trần Khát Chân",
    "Đại La",
    "Kim Ngưu",
    "Lạc Trung",
    "Tam Trinh",
]
SUPPLEMENT_REASONS = [
    "Bản chụp mờ, không đọc được nội dung",
    "Thiếu chữ ký của người yêu cầu",
    "Thông tin trên tờ khai không khớp với giấy tờ tùy thân",
    "Giấy tờ đã hết hạn sử dụng",
]
REFUSAL_REASONS = [
    "Yêu cầu không thuộc thẩm quyền giải quyết của cơ quan tiếp nhận.",
    "Sự việc đã được giải quyết bằng văn bản có hiệu lực trước đó.",
    "Người yêu cầu không thuộc đối tượng được thực hiện thủ tục theo quy định.",
]


def _person(rng: random.Random, serial: int) -> Applicant:
    name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    century_sex = rng.choice("0123")
    year = rng.randint(50, 99) if century_sex in "01" else rng.randint(0, 7)
    return Applicant(
        name=name,
        id_number=f"001{century_sex}{year:02d}{serial % 1_000_000:06d}",
        address=f"{rng.randint(1, 200)} {rng.choice(STREETS)}, Hai Bà Trưng, Hà Nội",
        phone=f"09{rng.randint(10_000_000, 99_999_999)}",
    )


def _eform_values(
    version: ProcedureVersion, rng: random.Random, applicant: Applicant
) -> dict[str, Any]:
    schema, _errors = eform_parse(version.eform_schema or "")
    values: dict[str, Any] = {}
    for name, prop in (schema or {}).get("properties", {}).items():
        kind = prop.get("type")
        if "enum" in prop:
            values[name] = rng.choice(prop["enum"])
        elif kind == "boolean":
            values[name] = True
        elif kind == "integer":
            values[name] = rng.randint(1, 3)
        elif kind == "number":
            values[name] = round(rng.uniform(20, 120), 1)
        elif prop.get("format") == "date":
            values[name] = (
                dt.date(2026, 1, 1) - dt.timedelta(days=rng.randint(30, 9000))
            ).isoformat()
        elif prop.get("pattern") == "^[0-9]{12}$":
            values[name] = applicant.id_number
        else:
            text = applicant.name if "ten" in name else (applicant.address or "Hà Nội")
            values[name] = text[: prop.get("maxLength", 255)]
    return values


def _working_instant(rng: random.Random, day: dt.date) -> dt.datetime:
    minute = rng.randint(8 * 60, 16 * 60 + 30)
    if 12 * 60 <= minute < 13 * 60:
        minute += 60
    naive = dt.datetime.combine(day, dt.time(minute // 60, minute % 60))
    return timezone.make_aware(naive)


def _later(at: dt.datetime, rng: random.Random) -> dt.datetime:
    """The desk's answer: 10 minutes to 2 hours later, still before 17:00 when possible."""
    later = at + dt.timedelta(minutes=rng.randint(10, 120))
    local = timezone.localtime(later)
    if local.hour >= 17:
        later = at + dt.timedelta(minutes=5)
    return later


def _residents(rng: random.Random) -> list[User]:
    """A dozen demo residents (no password, no e-mail: demo data never sends mail)."""
    people = []
    for i in range(1, 13):
        username = f"dan.demo{i:02d}"
        user = User.objects.filter(username=username).first()
        if user is None:
            person = _person(rng, 900 + i)
            user = User(
                username=username,
                full_name=person.name,
                phone=person.phone,
                personal_id=person.id_number,
                is_resident=True,
            )
            if hasattr(user, "address"):
                user.address = person.address
            user.set_unusable_password()
            user.save()
        people.append(user)
    return people


def _plan(
    agencies: dict[str, Agency],
) -> tuple[list[tuple[ProcedureVersion, Agency]], list[tuple[ProcedureVersion, Agency]]]:
    """(online choices, desk choices): each a version with an agency applying it."""
    today = timezone.localdate()
    online: list[tuple[ProcedureVersion, Agency]] = []
    desk: list[tuple[ProcedureVersion, Agency]] = []
    versions = {
        v.procedure_id: v
        for v in ProcedureVersion.objects.in_force(today).select_related("procedure")
    }
    for assignment in ProcedureAssignment.objects.select_related("agency").filter(
        agency__in=list(agencies.values())
    ):
        version = versions.get(assignment.procedure_id)
        if version is None or version.procedure.synthetic:
            continue
        channels = [int(c) for c in version.channels or []]
        if int(Channel.ONLINE) in channels and version.online_level != "none":
            online.append((version, assignment.agency))
        if int(Channel.IN_PERSON) in channels:
            desk.append((version, assignment.agency))
    return online, desk


def seed_demo_data(*, agencies: dict[str, Any], stdout: Any, target: int = TARGET) -> None:
    if Dossier.objects.exists():
        stdout.write(f"dossiers: {Dossier.objects.count()} already present, nothing added")
        return
    online, desk = _plan(agencies)
    if not online or not desk:
        stdout.write("dossiers: no catalogue loaded, no demo dossiers")
        return
    rng = random.Random(SEED)  # noqa: S311 - reproducible demo data, not a secret
    officers = {
        u.username: u
        for u in User.objects.filter(
            username__in=["motcua.bachdang", "motcua.minhkhai", "motcua.hbt"]
        )
    }
    own_desk = {"hbt-bach-dang": "motcua.bachdang", "hbt-minh-khai": "motcua.minhkhai"}
    residents = _residents(rng)
    an = User.objects.filter(username="dan.nguyenvanan").first()
    support = User.objects.filter(username="xungkich.bachdang").first()
    pdf = _demo_pdf()
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in range(DAYS_BACK, -1, -1)]
    days = [d for d in days if d.weekday() < 5]
    made = {"online": 0, "desk": 0}
    outcomes: dict[str, int] = {}
    for i in range(target):
        day = days[int(len(days) * (i / target) ** 0.8)]  # more recent days busier
        at = _working_instant(rng, day)
        if at > timezone.now():
            at = timezone.now() - dt.timedelta(minutes=rng.randint(5, 120))
        recent = (today - day).days <= 2
        with transaction.atomic():
            if rng.random() < 0.55:
                dossier = _online(rng, i, online, residents, an, support, pdf, at)
                made["online"] += 1
            else:
                dossier = _walk_in(rng, i, desk, agencies, officers, own_desk, pdf, at)
                made["desk"] += 1
            if dossier is None:
                continue
            officer = officers[own_desk.get(dossier.receiving_agency.code, "motcua.hbt")]
            outcome = _decide(rng, dossier, officer, recent, pdf)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
    stdout.write(
        f"dossiers: {sum(made.values())} demo dossiers ({made['online']} online, "
        f"{made['desk']} at the desk): "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items()))
    )


def _demo_pdf() -> bytes:
    """A blank one-page PDF standing for every scanned or uploaded demo document."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _online(
    rng: random.Random,
    i: int,
    choices: list[tuple[ProcedureVersion, Agency]],
    residents: list[User],
    an: User | None,
    support: User | None,
    pdf: bytes,
    at: dt.datetime,
) -> Dossier | None:
    version, agency = rng.choice(choices)
    actor = an if an is not None and i % 60 == 0 else rng.choice(residents)
    applicant = None
    on_behalf = False
    if support is not None and agency.code == "hbt-bach-dang" and rng.random() < 0.3:
        applicant = Applicant.from_user(actor)
        actor = support
        on_behalf = True
    uploads = {
        c.order: [ContentFile(pdf, name=f"giay-to-{c.order}.pdf")]
        for c in version.components.all()
        if c.mandatory and not c.reusable_from
    }
    person = applicant or Applicant.from_user(actor)
    dossier, _created = services.dossier_file_online(
        actor=actor,
        version=version,
        agency=agency,
        applicant=applicant,
        eform_data=_eform_values(version, rng, person),
        uploads=uploads,
        idempotency_key=f"demo-{i}",
        on_behalf=on_behalf,
        at=at,
    )
    return dossier


def _walk_in(
    rng: random.Random,
    i: int,
    choices: list[tuple[ProcedureVersion, Agency]],
    agencies: dict[str, Agency],
    officers: dict[str, User],
    own_desk: dict[str, str],
    pdf: bytes,
    at: dt.datetime,
) -> Dossier | None:
    version, competent = rng.choice(choices)
    receiving = competent
    if competent.code == "hbt" and rng.random() < 0.25:
        receiving = agencies["hbt-bach-dang"]  # received at a ward for the district
    officer = officers[own_desk.get(receiving.code, "motcua.hbt")]
    postal = int(Channel.POSTAL) in [int(c) for c in version.channels or []]
    channel = Channel.POSTAL if postal and rng.random() < 0.15 else Channel.IN_PERSON
    applicant = _person(rng, i)
    dossier = services.dossier_receive_at_desk(
        actor=officer,
        version=version,
        receiving_agency=receiving,
        competent_agency=competent,
        channel=channel,
        applicant=applicant,
        at=at,
    )
    scan = rng.random() < 0.7
    checks = []
    for row in dossier.components.all():
        if scan and row.mandatory:
            services.dossier_scan_attach(
                actor=officer,
                dossier=dossier,
                component_id=row.pk,
                upload=ContentFile(pdf, name=f"ban-quet-{row.order}.pdf"),
                at=at + dt.timedelta(minutes=2),
            )
        checks.append(
            services.ComponentCheck(
                component_id=row.pk,
                received=row.mandatory or rng.random() < 0.3,
                original_seen=row.copy_kind != "copy",
                copy_kind=row.copy_kind,
                quantity=row.quantity,
            )
        )
    return services.dossier_checklist_save(
        actor=officer, dossier=dossier, checks=checks, at=at + dt.timedelta(minutes=4)
    )


def _decide(rng: random.Random, dossier: Dossier, officer: User, recent: bool, pdf: bytes) -> str:
    at = dossier.submitted_at or timezone.now()
    if recent and rng.random() < 0.6:
        return "waiting"
    roll = rng.random()
    when = _later(at, rng)
    if roll < 0.07:
        services.dossier_refuse(
            actor=officer, dossier=dossier, reason=rng.choice(REFUSAL_REASONS), at=when
        )
        return "refused"
    if roll < 0.20:
        row = dossier.components.filter(mandatory=True).order_by("order").first()
        services.dossier_request_supplement(
            actor=officer,
            dossier=dossier,
            items=[
                services.SupplementItem(
                    component_id=row.pk if row else None,
                    name="" if row else "Giấy tờ chứng minh",
                    reason=rng.choice(SUPPLEMENT_REASONS),
                )
            ],
            at=when,
        )
        if recent or rng.random() < 0.4:
            return "supplement requested"
        back = when + dt.timedelta(days=rng.randint(1, 4))
        if back >= timezone.now():
            return "supplement requested"
        services.dossier_supplement_complete(actor=officer, dossier=dossier, at=back)
        services.dossier_accept(actor=officer, dossier=dossier, at=back + dt.timedelta(minutes=15))
        return "accepted after supplement"
    services.dossier_accept(actor=officer, dossier=dossier, at=when)
    if dossier.status == Status.SUBMITTED:
        return "waiting"
    return "accepted"
