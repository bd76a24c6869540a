"""Demo data of the reform workspace: quận Hai Bà Trưng as supervised on 19 May 2023.

``seed_demo_data`` is idempotent: each part is loaded once, when its first row is missing.
Registers with hundreds of rows (inspections, teams, scores) are bulk-loaded as history and
recorded as one audit event per part; recommendations, decisions and files go through the
services, as a user would.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.organizations import services as org_services
from motcua.organizations.constants import AgencyKind, Role
from motcua.organizations.demo import DEMO_PASSWORD, HBT_OFFICES, HBT_WARDS
from motcua.organizations.models import Agency, RoleGrant
from motcua.reform import demo_data as data
from motcua.reform import services
from motcua.reform.constants import (
    AssessmentStatus,
    DeadlineMode,
    FindingSeverity,
    FollowUpStatus,
    InspectionKind,
    InspectionStatus,
    PlanStatus,
    ProjectKind,
    ProjectLevel,
    RecommendationSource,
    ReformArea,
    RotationReason,
    SupportMemberRole,
    SupportTeamKind,
    TaskStatus,
    TeamRole,
)
from motcua.reform.models import (
    CoreDatabase,
    FollowUpAction,
    IndexAssessment,
    IndexCriterion,
    IndexFramework,
    IndexScore,
    Inspection,
    InspectionFinding,
    InspectionPlan,
    InspectionTeam,
    InspectionTeamMember,
    InvestmentAllocation,
    InvestmentProject,
    LimitProposal,
    ProcedureReview,
    Recommendation,
    RecommendationUpdate,
    ReformPlan,
    ReformTask,
    RotationCase,
    RotationPlan,
    RotationPosition,
    SupervisionReport,
    SupportActivity,
    SupportTeam,
    SupportTeamMember,
)

#: Reform accounts added by this demo (the organisation demo has the others).
REFORM_ACCOUNTS: list[tuple[str, str, str]] = [
    ("caicach.bachdang", "Vương Thị Hằng", "hbt-bach-dang"),
    ("caicach.minhkhai", "Kiều Văn Toàn", "hbt-minh-khai"),
]

# A one-page PDF: enough for the content check and for a viewer to open.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _rng(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 - reproducible demo data, not a secret


def _name(rng: random.Random) -> str:
    middle = rng.choice(data.MIDDLES)
    return f"{rng.choice(data.SURNAMES)} {middle} {rng.choice(data.GIVEN)}"


def _audit_bulk(part: str, agency: Agency, counts: dict[str, int]) -> None:
    audit_record(
        actor=None,
        action=f"reform.demo.{part}",
        obj=agency,
        agency_id=agency.pk,
        data={"after": counts},
    )


def _org(agencies: dict[str, Agency]) -> dict[str, Agency]:
    """City departments and the other 29 districts (ranked with Hai Bà Trưng)."""
    hn = agencies["hn"]
    added: dict[str, Agency] = {}
    for code, name, short in data.HN_DEPARTMENTS:
        added[code] = Agency.objects.filter(code=code).first() or org_services.agency_create(
            actor=None,
            parent=hn,
            code=code,
            name=name,
            short_name=short,
            kind=AgencyKind.DEPARTMENT,
        )
    for suffix, name, stat in data.HN_PEER_DISTRICTS:
        code = f"hn-{suffix}"
        added[code] = Agency.objects.filter(code=code).first() or org_services.agency_create(
            actor=None,
            parent=hn,
            code=code,
            name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
            short_name=name,
            kind=AgencyKind.DISTRICT,
            admin_unit_code=stat,
        )
    return added


def _accounts(agencies: dict[str, Agency]) -> dict[str, User]:
    def grant(user: User, role: str, agency: Agency) -> None:
        if not RoleGrant.objects.active().filter(user=user, role=role, agency=agency).exists():
            org_services.role_grant(
                actor=None, user=user, role=role, agency=agency, valid_from=dt.date(2020, 1, 1)
            )

    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["giamsat.hdnd", "caicach.hbt", "lanhdao.hbt", "xungkich.bachdang"]
        )
    }
    # The district's reform officer works for the whole district, not only its home office.
    grant(users["caicach.hbt"], Role.REFORM_OFFICER, agencies["hbt"])
    for username, full_name, code in REFORM_ACCOUNTS:
        user = User.objects.filter(username=username).first() or User.objects.create_user(
            username, f"{username}@motcua.invalid", DEMO_PASSWORD, full_name=full_name
        )
        grant(user, Role.REFORM_OFFICER, agencies[code])
        users[username] = user
    return users


def _plans(a: dict[str, Agency]) -> None:
    hbt = a["hbt"]
    if ReformPlan.objects.filter(agency=hbt).exists():
        return
    offices = ["noi-vu", "vp", "tu-phap", "tckh", "qldt", "tnmt", "vhtt", "ldtbxh"]
    areas = list(ReformArea.values)
    titles = [
        "Ban hành và triển khai kế hoạch cải cách hành chính năm",
        "Kiểm tra công tác cải cách hành chính tại các phòng và 18 phường",
        "Rà soát, đơn giản hóa thủ tục hành chính thuộc thẩm quyền của quận",
        "Niêm yết công khai thủ tục hành chính tại bộ phận một cửa quận, phường",
        "Rà soát vị trí việc làm, chuyển đổi vị trí công tác theo quy định",
        "Thực hiện cơ chế tự chủ tài chính tại các đơn vị sự nghiệp công lập",
        "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
        "Tuyên truyền dịch vụ công trực tuyến đến tổ dân phố",
        "Duy trì, cải tiến hệ thống quản lý chất lượng ISO 9001:2015",
        "Khảo sát mức độ hài lòng của người dân tại bộ phận một cửa",
    ]
    rng = _rng(2023)
    plans = []
    for year, number, signed in [
        (2022, "25/KH-UBND", dt.date(2022, 1, 20)),
        (2023, "18/KH-UBND", dt.date(2023, 1, 16)),
    ]:
        plans.append(
            ReformPlan.objects.create(
                agency=hbt,
                year=year,
                title=f"Kế hoạch cải cách hành chính năm {year}",
                decision_number=number,
                decision_date=signed,
                status=PlanStatus.CLOSED if year == 2022 else PlanStatus.APPROVED,
            )
        )
    tasks = []
    for plan in plans:
        for i, title in enumerate(titles):
            deadline = dt.date(plan.year, min(12, 2 + i), 28)
            if plan.year == 2022:
                status, completed = (
                    TaskStatus.DONE,
                    deadline - dt.timedelta(days=rng.randint(0, 20)),
                )
                if i == 6:
                    completed = deadline + dt.timedelta(days=25)  # done late
            elif deadline < data.VISIT_DAY:
                status, completed = TaskStatus.DONE, deadline - dt.timedelta(days=rng.randint(0, 9))
            elif i in (6, 8):
                status, completed = TaskStatus.IN_PROGRESS, None
            else:
                status, completed = TaskStatus.DONE, deadline
            tasks.append(
                ReformTask(
                    plan=plan,
                    title=f"{title} {plan.year}" if i == 0 else title,
                    area=areas[i % len(areas)],
                    owner_agency=a[f"hbt-{offices[i % len(offices)]}"],
                    owner_name=_name(rng),
                    deadline=deadline,
                    status=status,
                    completed_on=completed,
                )
            )
    for code in ("hbt-bach-dang", "hbt-minh-khai"):
        ward_plan = ReformPlan.objects.create(
            agency=a[code],
            year=2023,
            title="Kế hoạch cải cách hành chính năm 2023",
            decision_number="05/KH-UBND",
            decision_date=dt.date(2023, 1, 30),
        )
        for i, title in enumerate(titles[2:6]):
            deadline = dt.date(2023, 3 + 2 * i, 30)
            done = deadline < data.VISIT_DAY
            tasks.append(
                ReformTask(
                    plan=ward_plan,
                    title=title,
                    area=areas[(i + 2) % len(areas)],
                    owner_agency=a[code],
                    owner_name=_name(rng),
                    deadline=deadline,
                    status=TaskStatus.DONE if done else TaskStatus.IN_PROGRESS,
                    completed_on=deadline if done else None,
                )
            )
    ReformTask.objects.bulk_create(tasks)
    _audit_bulk("plans", hbt, {"plans": len(plans) + 2, "tasks": len(tasks)})


def _inspections(a: dict[str, Agency], users: dict[str, User]) -> None:
    hbt = a["hbt"]
    if Inspection.objects.filter(agency=hbt).exists():
        return
    rng = _rng(462)
    units = [a[f"hbt-{s}"] for s, _n, _c in HBT_WARDS] + [a[f"hbt-{s}"] for s, _n in HBT_OFFICES]
    plans = {
        year: InspectionPlan.objects.create(
            agency=hbt,
            year=year,
            title=f"Kế hoạch kiểm tra công tác cải cách hành chính năm {year}",
            decision_number=f"{10 + year % 100}/KH-UBND",
            decision_date=dt.date(year, 1, 25),
            planned_count=scheduled,
        )
        for year, (scheduled, _surprise) in data.INSPECTIONS_PER_YEAR.items()
    }
    team = InspectionTeam.objects.create(
        agency=hbt,
        name="Tổ kiểm tra liên ngành công tác cải cách hành chính quận",
        decision_number="1520/QĐ-UBND",
        decision_date=dt.date(2016, 2, 15),
    )
    members = [
        ("noi-vu", "Trưởng phòng Nội vụ", TeamRole.HEAD),
        ("vp", "Phó Chánh Văn phòng HĐND và UBND quận", TeamRole.DEPUTY),
        ("tu-phap", "Phó Trưởng phòng Tư pháp", TeamRole.MEMBER),
        ("tckh", "Chuyên viên Phòng Tài chính - Kế hoạch", TeamRole.MEMBER),
        ("vhtt", "Chuyên viên Phòng Văn hóa và Thông tin", TeamRole.MEMBER),
        ("noi-vu", "Chuyên viên Phòng Nội vụ", TeamRole.SECRETARY),
    ]
    InspectionTeamMember.objects.bulk_create(
        [
            InspectionTeamMember(
                team=team,
                full_name=_name(rng),
                position=position,
                member_agency=a[f"hbt-{office}"],
                team_role=role,
            )
            for office, position, role in members
        ]
    )
    rows = []
    for year, (scheduled, surprise) in data.INSPECTIONS_PER_YEAR.items():
        last_day = dt.date(2023, 5, 12) if year == 2023 else dt.date(year, 12, 15)
        span = (last_day - dt.date(year, 2, 15)).days
        for i in range(scheduled + surprise):
            kind = InspectionKind.SCHEDULED if i < scheduled else InspectionKind.SURPRISE
            day = dt.date(year, 2, 15) + dt.timedelta(days=rng.randint(0, span))
            unit = units[(i + year) % len(units)]
            rows.append(
                Inspection(
                    agency=hbt,
                    inspected_agency=unit,
                    plan=plans[year] if kind == InspectionKind.SCHEDULED else None,
                    team=team,
                    kind=kind,
                    status=InspectionStatus.DONE,
                    scheduled_on=day,
                    conducted_on=day,
                    scope="Kiểm tra việc niêm yết, tiếp nhận, giải quyết thủ tục hành chính, "
                    "kỷ luật, kỷ cương hành chính tại bộ phận một cửa",
                    conclusion="Đơn vị thực hiện cơ bản đúng quy định.",
                )
            )
    # Two planned inspections still to come in 2023.
    for code, day in (
        ("hbt-bach-dang", dt.date(2023, 9, 12)),
        ("hbt-minh-khai", dt.date(2023, 10, 3)),
    ):
        rows.append(
            Inspection(
                agency=hbt,
                inspected_agency=a[code],
                plan=plans[2023],
                team=team,
                kind=InspectionKind.SCHEDULED,
                scheduled_on=day,
                scope="Kiểm tra công tác cải cách hành chính quý III/2023",
            )
        )
    Inspection.objects.bulk_create(rows, batch_size=500)
    recent = list(
        Inspection.objects.filter(
            agency=hbt, status=InspectionStatus.DONE, conducted_on__year__gte=2022
        ).order_by("conducted_on", "id")[:24]
    )
    findings, follow_ups = [], []
    for i, inspection in enumerate(recent):
        findings.append(
            InspectionFinding(
                inspection=inspection,
                severity=FindingSeverity.GOOD,
                text="Bộ phận một cửa bố trí máy tính, máy quét, tờ gấp hướng dẫn dịch vụ công "
                "trực tuyến mức độ 3, 4.",
            )
        )
        findings.append(
            InspectionFinding(
                inspection=inspection,
                severity=FindingSeverity.SHORTCOMING,
                text="Một số thủ tục niêm yết chưa cập nhật theo quyết định công bố mới; "
                "tỷ lệ số hóa hồ sơ chưa đạt chỉ tiêu.",
            )
        )
        done = i % 3 != 0
        day = inspection.conducted_on or inspection.scheduled_on
        follow_ups.append(
            FollowUpAction(
                inspection=inspection,
                text="Cập nhật niêm yết thủ tục hành chính; số hóa hồ sơ tiếp nhận theo hướng dẫn.",
                deadline=day + dt.timedelta(days=30),
                status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                done_on=day + dt.timedelta(days=21) if done else None,
                result="Đã cập nhật niêm yết và số hóa." if done else "",
            )
        )
    InspectionFinding.objects.bulk_create(findings)
    FollowUpAction.objects.bulk_create(follow_ups)
    _audit_bulk(
        "inspections",
        hbt,
        {"inspections": len(rows), "findings": len(findings), "follow_ups": len(follow_ups)},
    )
    for inspection in recent[:3]:
        upload = ContentFile(DEMO_PDF, name=f"bien-ban-kiem-tra-{inspection.pk}.pdf")
        services.inspection_attach(actor=users["caicach.hbt"], inspection=inspection, upload=upload)


def _backdate(rec: Recommendation, moments: list[dt.datetime]) -> None:
    """Demo history happened in 2023: give the entries their real dates."""
    for entry, moment in zip(rec.updates.order_by("id"), moments, strict=False):
        RecommendationUpdate.objects.filter(pk=entry.pk).update(at=moment)


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _recommendations(a: dict[str, Agency], users: dict[str, User]) -> None:
    if Recommendation.objects.filter(subject_agency=a["hbt"]).exists():
        return
    supervisor, officer = users["giamsat.hdnd"], users["caicach.hbt"]
    issued = [
        (
            "hn-so-tu-phap",
            "Rà soát quy định về phân cấp trong ban hành văn bản QPPL",
            "Đề nghị Sở Tư pháp chủ trì rà soát các quy định về phân cấp trong ban hành văn bản "
            "quy phạm pháp luật của thành phố.",
            60,
            None,
        ),
        (
            "hn-so-noi-vu",
            "Rà soát việc ủy quyền theo cơ chế một cửa, một cửa liên thông",
            "Đề nghị các sở, ngành thành phố rà soát việc ủy quyền giải quyết thủ tục hành chính "
            "theo cơ chế một cửa, một cửa liên thông.",
            60,
            None,
        ),
        (
            "hbt",
            "Tiếp tục triển khai số hóa, xây dựng chính quyền điện tử",
            "Đề nghị UBND quận tiếp tục triển khai thực hiện số hóa hồ sơ, kết quả giải quyết thủ "
            "tục hành chính, xây dựng chính quyền điện tử.",
            90,
            None,
        ),
        (
            "hn-so-tai-chinh",
            "Ban hành định mức giá thực hiện cơ chế tự chủ",
            "Đề nghị Sở Tài chính nghiên cứu, sớm ban hành định mức giá trong thực hiện cơ chế tự "
            "chủ, làm cơ sở cho quận triển khai thực hiện.",
            None,
            dt.date(2023, 12, 31),
        ),
        (
            "hn-so-tttt",
            "Hướng dẫn nhiệm vụ số hóa của cấp quận, phường",
            "Đề nghị Sở Thông tin và Truyền thông có hướng dẫn cụ thể về nhiệm vụ của cấp quận, "
            "phường trong thực hiện số hóa.",
            30,
            None,
        ),
        (
            "hn-so-tttt",
            "Tập huấn kỹ năng công nghệ thông tin cho cán bộ chuyên trách",
            "Đề nghị Sở Thông tin và Truyền thông chủ trì tổ chức các lớp tập huấn, nâng cao năng "
            "lực, kỹ năng về công nghệ thông tin cho cán bộ, công chức chuyên trách.",
            None,
            dt.date(2023, 10, 31),
        ),
        (
            "hbt",
            "Đẩy mạnh tuyên truyền dịch vụ công trực tuyến tới người dân",
            "Đề nghị UBND quận đẩy mạnh phối hợp tuyên truyền rộng rãi tới toàn thể người dân về "
            "dịch vụ công trực tuyến.",
            60,
            None,
        ),
    ]
    recs = []
    for code, title, text, days, due in issued:
        mode = DeadlineMode.WORKING_DAYS if days else DeadlineMode.DATE
        recs.append(
            services.recommendation_issue(
                actor=supervisor,
                agency=a[code],
                title=title,
                text=text,
                deadline_mode=mode,
                limit_working_days=days,
                due_on=due,
                source=RecommendationSource.SUPERVISION,
                issued_on=data.VISIT_DAY,
                source_reference=data.VISIT_REFERENCE,
                subject_agency=a["hbt"],
            )
        )
    RecommendationUpdate.objects.filter(recommendation__in=recs).update(at=_at(data.VISIT_DAY, 11))
    so_tu_phap, so_noi_vu, digitise, pricing, guidance, training, outreach = recs
    services.recommendation_report_progress(
        actor=None,
        recommendation=so_tu_phap,
        note="Đã lập danh mục văn bản cần rà soát; dự kiến báo cáo UBND thành phố quý IV/2023.",
    )
    _backdate(so_tu_phap, [_at(data.VISIT_DAY, 11), _at(dt.date(2023, 8, 10))])
    services.recommendation_report_progress(
        actor=officer,
        recommendation=digitise,
        note="Đã số hóa 100% hồ sơ tiếp nhận tại bộ phận một cửa quận từ 01/7/2023; các phường "
        "đạt 82%.",
    )
    _backdate(digitise, [_at(data.VISIT_DAY, 11), _at(dt.date(2023, 9, 5))])
    services.recommendation_report_progress(
        actor=None,
        recommendation=guidance,
        done=True,
        note="Đã ban hành Hướng dẫn số 2150/STTTT-CNTT về nhiệm vụ số hóa của cấp huyện, xã.",
        uploads=[ContentFile(DEMO_PDF, name="huong-dan-2150-STTTT.pdf")],
    )
    services.recommendation_close(
        actor=supervisor,
        recommendation=guidance,
        closed_on=dt.date(2023, 8, 28),
        note="Hướng dẫn đã ban hành, đáp ứng nội dung kiến nghị.",
    )
    _backdate(
        guidance, [_at(data.VISIT_DAY, 11), _at(dt.date(2023, 8, 15)), _at(dt.date(2023, 8, 28))]
    )
    services.recommendation_report_progress(
        actor=None,
        recommendation=training,
        note="Đã tổ chức 2 lớp tập huấn cho 180 công chức; 2 lớp còn lại trong tháng 11/2023.",
    )
    _backdate(training, [_at(data.VISIT_DAY, 11), _at(dt.date(2023, 10, 20))])
    services.recommendation_report_progress(
        actor=officer,
        recommendation=outreach,
        done=True,
        note="250 tổ xung kích số đã hướng dẫn người dân tại 18 phường; phát 12.000 tờ gấp.",
    )
    _backdate(outreach, [_at(data.VISIT_DAY, 11), _at(dt.date(2023, 8, 30))])
    del so_noi_vu, pricing  # issued and not yet answered
    # Recommendations of the district's own inspections, addressed to two wards.
    inspections = {
        code: Inspection.objects.filter(
            inspected_agency=a[code], status=InspectionStatus.DONE, conducted_on__year=2023
        )
        .order_by("conducted_on")
        .first()
        for code in ("hbt-bach-dang", "hbt-minh-khai")
    }
    ward_recs = {}
    for code, title in (
        ("hbt-bach-dang", "Cập nhật niêm yết thủ tục hành chính tại bộ phận một cửa phường"),
        ("hbt-minh-khai", "Số hóa hồ sơ tiếp nhận đạt tối thiểu 80%"),
    ):
        inspection = inspections[code]
        ward_recs[code] = services.recommendation_issue(
            actor=officer,
            agency=a[code],
            title=title,
            source=RecommendationSource.INSPECTION,
            text=f"Qua kiểm tra, đề nghị UBND phường: {title.lower()}.",
            issued_on=(inspection.conducted_on if inspection else None) or dt.date(2023, 4, 20),
            inspection=inspection,
            deadline_mode=DeadlineMode.WORKING_DAYS,
            limit_working_days=20,
            source_reference="Biên bản kiểm tra công tác CCHC",
        )
    bach_dang = ward_recs["hbt-bach-dang"]
    services.recommendation_report_progress(
        actor=users["caicach.bachdang"],
        recommendation=bach_dang,
        done=True,
        note="Đã niêm yết lại 144 thủ tục theo quyết định công bố mới.",
    )
    services.recommendation_close(
        actor=officer,
        recommendation=bach_dang,
        note="Đã kiểm tra lại, đạt yêu cầu.",
        closed_on=dt.date(2023, 5, 30),
    )


def _rotation(a: dict[str, Agency]) -> None:
    hbt = a["hbt"]
    if RotationCase.objects.filter(agency=hbt).exists():
        return
    rng = _rng(48)
    positions = [
        RotationPosition.objects.create(
            agency=hbt,
            title=title,
            office=a[office],
            period_years=years,
            legal_basis="Nghị định 59/2019/NĐ-CP, Phụ lục III",
        )
        for title, office, years in [
            ("Kế toán đơn vị", "hbt-tckh", 3),
            ("Chuyên viên quản lý ngân sách", "hbt-tckh", 3),
            ("Chuyên viên thẩm định hồ sơ đất đai", "hbt-tnmt", 3),
            ("Chuyên viên cấp phép xây dựng", "hbt-qldt", 3),
            ("Công chức Địa chính - Xây dựng phường", "hbt", 3),
            ("Công chức Tư pháp - Hộ tịch phường", "hbt", 4),
            ("Cán bộ tiếp nhận và trả kết quả", "hbt-vp", 3),
            ("Thủ quỹ", "hbt-tckh", 2),
        ]
    ]
    wards = [a[f"hbt-{s}"] for s, _n, _c in HBT_WARDS]
    cases = []
    for year, count in data.ROTATIONS_PER_YEAR.items():
        plan = RotationPlan.objects.create(
            agency=hbt,
            year=year,
            title=f"Kế hoạch chuyển đổi vị trí công tác đối với công chức, viên chức năm {year}",
            decision_number=f"{30 + year % 100}/KH-UBND",
            decision_date=dt.date(year, 2, 10),
            planned_count=count + (2 if year == 2023 else 0),
        )
        for i in range(count):
            position = positions[i % len(positions)]
            ward_post = position.office_id == hbt.pk
            origin = wards[(i * 5) % len(wards)] if ward_post else position.office
            target = wards[(i * 5 + 7) % len(wards)] if ward_post else a["hbt-vp"]
            cases.append(
                RotationCase(
                    agency=hbt,
                    plan=plan,
                    position=position,
                    person_name=_name(rng),
                    from_agency=origin,
                    from_position=position.title,
                    to_agency=target,
                    to_position=position.title if ward_post else "Chuyên viên",
                    effective_on=dt.date(year, 3 + (i % 9), 1 + (i % 27)),
                    reason=RotationReason.PERIODIC,
                    decision_number=f"{200 + i}/QĐ-UBND",
                )
            )
    RotationCase.objects.bulk_create(cases)
    _audit_bulk("rotation", hbt, {"positions": len(positions), "cases": len(cases)})


def _support(a: dict[str, Agency], users: dict[str, User]) -> None:
    hbt = a["hbt"]
    if SupportTeam.objects.filter(agency__path__startswith=hbt.path).exists():
        return
    rng = _rng(250)
    teams = [
        SupportTeam(
            agency=a[f"hbt-{suffix}"],
            name=f"Tổ xung kích số tổ dân phố số {n}",
            kind=SupportTeamKind.SHOCK,
            decision_number=f"{40 + n}/QĐ-UBND",
            decision_date=dt.date(2022, 4 + n % 6, 5 + n),
            area_covered=f"Tổ dân phố số {n}",
        )
        for (suffix, _name_, _stat), count in zip(
            HBT_WARDS, data.SUPPORT_TEAMS_PER_WARD, strict=True
        )
        for n in range(1, count + 1)
    ]
    SupportTeam.objects.bulk_create(teams)
    teams = list(SupportTeam.objects.filter(agency__path__startswith=hbt.path).order_by("id"))
    organisations = [
        "Tổ dân phố",
        "Đoàn Thanh niên",
        "Công an phường",
        "Hội Phụ nữ",
        "Hội Cựu chiến binh",
    ]
    members, activities = [], []
    for i, team in enumerate(teams):
        members += [
            SupportTeamMember(
                team=team,
                full_name=_name(rng),
                phone=f"09{rng.randint(10_000_000, 99_999_999)}",
                member_role=SupportMemberRole.LEADER if j == 0 else SupportMemberRole.MEMBER,
                organisation=organisations[j % len(organisations)],
            )
            for j in range(4 + i % 2)
        ]
        activities += [
            SupportActivity(
                team=team,
                date=dt.date(2023, month, 4 + (i + k) % 20),
                place=f"Nhà văn hóa {team.area_covered.lower()}",
                residents_helped=rng.randint(8, 40),
                description="Hướng dẫn cài đặt VNeID, nộp hồ sơ trực tuyến.",
            )
            for k, month in enumerate((2, 4))
        ]
    bach_dang_team = next(t for t in teams if t.agency_id == a["hbt-bach-dang"].pk)
    members.append(
        SupportTeamMember(
            team=bach_dang_team,
            full_name="Trịnh Minh Khoa",
            member_role=SupportMemberRole.MEMBER,
            organisation="Đoàn Thanh niên",
            user=users.get("xungkich.bachdang"),
        )
    )
    SupportTeamMember.objects.bulk_create(members, batch_size=500)
    SupportActivity.objects.bulk_create(activities, batch_size=500)
    _audit_bulk(
        "support",
        hbt,
        {"teams": len(teams), "members": len(members), "activities": len(activities)},
    )


def _investment(a: dict[str, Agency]) -> None:
    hbt = a["hbt"]
    if InvestmentProject.objects.filter(agency=hbt).exists():
        return
    million = 1_000_000
    projects: list[tuple[InvestmentProject, float]] = []
    for name, office, kind, start, end, total, share, progress in data.DISTRICT_PROJECTS:
        projects.append(
            (
                InvestmentProject(
                    agency=hbt,
                    beneficiary_agency=a[f"hbt-{office}"],
                    name=name,
                    level=ProjectLevel.DISTRICT,
                    kind=kind,
                    start_year=start,
                    end_year=end,
                    total_investment=total * million,
                    progress_percent=progress,
                    decision_number=f"{3000 + start}/QĐ-UBND",
                ),
                share,
            )
        )
    rng = _rng(15)
    for i, (suffix, total) in enumerate(data.WARD_PROJECTS):
        ward = a[f"hbt-{suffix}"]
        start = 2016 + i % 4
        share = (0.35, 0.5, 0.62, 0.8, 1.0)[i % 5]
        projects.append(
            (
                InvestmentProject(
                    agency=hbt,
                    beneficiary_agency=ward,
                    name=f"Cải tạo, nâng cấp trụ sở làm việc {ward.short_name}",
                    level=ProjectLevel.WARD,
                    kind=ProjectKind.UPGRADE if i % 3 else ProjectKind.NEW,
                    start_year=start,
                    end_year=min(start + 2, 2022),
                    total_investment=total * million,
                    progress_percent=100 if share == 1.0 else rng.randint(45, 95),
                    decision_number=f"{4000 + i}/QĐ-UBND",
                ),
                share,
            )
        )
    InvestmentProject.objects.bulk_create([p for p, _s in projects])
    # Allocations 2016–2020 in whole million đồng, adding up to the reported 192.462 billion;
    # the large new office building absorbs the rounding.
    target = data.INVESTMENT_ALLOCATED_2016_2020 // million
    amounts = [int(p.total_investment // million * share) for p, share in projects]
    amounts[1] += target - sum(amounts)
    allocations = []
    for (project, _share), amount in zip(projects, amounts, strict=True):
        years = [y for y in range(project.start_year, project.end_year + 1) if y <= 2020] or [2020]
        per_year = amount // len(years)
        for k, year in enumerate(years):
            value = per_year + (amount - per_year * len(years) if k == len(years) - 1 else 0)
            allocations.append(
                InvestmentAllocation(
                    project=project,
                    year=year,
                    allocated=value * million,
                    disbursed=value
                    * million
                    * (100 if project.progress_percent == 100 else 92)
                    // 100,
                )
            )
    InvestmentAllocation.objects.bulk_create(allocations)
    _audit_bulk("investment", hbt, {"projects": len(projects), "allocations": len(allocations)})


def _reviews(a: dict[str, Agency], users: dict[str, User]) -> None:
    hbt = a["hbt"]
    if ProcedureReview.objects.filter(agency__path__startswith=hbt.path).exists():
        return
    leader = users["lanhdao.hbt"]
    for i, (office, code, name, field, legal, committed, decision) in enumerate(data.REVIEWS):
        review = services.review_create(
            actor=users["caicach.hbt"],
            data={
                "agency": a[f"hbt-{office}"],
                "reviewed_on": dt.date(2022, 3 + i % 8, 10 + i),
                "procedure_code": code,
                "procedure_name": name,
                "field_name": field,
                "outcome": "shorten" if committed else "keep",
                "note": "Đủ điều kiện rút ngắn thời gian giải quyết."
                if committed
                else "Quy định hiện hành phù hợp.",
            },
        )
        if committed is None:
            continue
        proposal = services.record_create(
            actor=users["caicach.hbt"],
            model=LimitProposal,
            data={
                "review": review,
                "legal_limit": legal,
                "proposed_limit": committed,
                "reason": "Rút ngắn thời gian thẩm định nhờ liên thông điện tử giữa các phòng.",
            },
        )
        if decision in ("approved", "rejected"):
            services.review_decision_apply(
                actor=leader,
                proposal=proposal,
                approved=decision == "approved",
                decided_on=dt.date(2022, 11, 15),
                decision_number="4521/QĐ-UBND",
            )


def _points(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _index(a: dict[str, Agency]) -> None:
    hn, hbt = a["hn"], a["hbt"]
    if IndexFramework.objects.filter(agency=hn).exists():
        return
    districts = [hbt] + [a[f"hn-{s}"] for s, _n, _c in data.HN_PEER_DISTRICTS]
    assessments, scores = [], []
    leaves_by_year: dict[int, list[IndexCriterion]] = {}
    for year, hbt_rank in data.HBT_INDEX_RANK.items():
        framework = IndexFramework.objects.create(
            agency=hn,
            year=year,
            name=f"Chỉ số cải cách hành chính cấp huyện năm {year}",
            peer_kind=AgencyKind.DISTRICT,
            decision_number=f"{1200 + year % 100}/QĐ-UBND",
        )
        by_code: dict[str, IndexCriterion] = {}
        for position, (code, title, max_points, evidence) in enumerate(data.INDEX_CRITERIA):
            parent = by_code.get(code.rsplit(".", 1)[0]) if "." in code else None
            by_code[code] = IndexCriterion.objects.create(
                framework=framework,
                parent=parent,
                code=code,
                title=title,
                max_points=Decimal(max_points),
                evidence_required=evidence,
                position=position,
            )
        parents = {c.parent_id for c in by_code.values() if c.parent_id}
        leaves = [c for c in by_code.values() if c.pk not in parents]
        leaves_by_year[year] = leaves
        # Ratios from best to worst; Hai Bà Trưng takes the reported place.
        rng = _rng(year)
        others = districts[1:]
        rng.shuffle(others)
        order = others[: hbt_rank - 1] + [hbt] + others[hbt_rank - 1 :]
        for place, agency in enumerate(order):
            ratio = Decimal("0.93") - Decimal("0.0045") * place
            assessment = IndexAssessment(
                framework=framework,
                agency=agency,
                status=AssessmentStatus.APPRAISED,
                submitted_at=_at(dt.date(year + 1, 1, 10)),
                appraised_at=_at(dt.date(year + 1, 3, 20)),
            )
            self_total = appraised_total = Decimal(0)
            for leaf in leaves:
                appraised = _points(leaf.max_points * ratio)
                self_score = min(
                    leaf.max_points, _points(appraised + leaf.max_points * Decimal("0.02"))
                )
                self_total += self_score
                appraised_total += appraised
                scores.append(
                    (
                        assessment,
                        IndexScore(
                            criterion=leaf,
                            self_score=self_score,
                            appraised_score=appraised,
                            evidence="Báo cáo, kế hoạch, quyết định kèm theo"
                            if leaf.evidence_required
                            else "",
                        ),
                    )
                )
            assessment.self_total, assessment.appraised_total = self_total, appraised_total
            assessments.append(assessment)
    IndexAssessment.objects.bulk_create(assessments)
    for assessment, score in scores:
        score.assessment = assessment
    IndexScore.objects.bulk_create([sc for _a, sc in scores], batch_size=1000)
    _audit_bulk(
        "index",
        hn,
        {"frameworks": len(leaves_by_year), "assessments": len(assessments), "scores": len(scores)},
    )


def _databases(a: dict[str, Agency]) -> None:
    hbt = a["hbt"]
    if CoreDatabase.objects.filter(agency=hbt).exists():
        return
    for kind, name, operator, records in data.CORE_DATABASES:
        services.record_create(
            actor=None,
            model=CoreDatabase,
            data={
                "agency": hbt,
                "kind": kind,
                "name": name,
                "operator": operator,
                "records_count": records,
                "in_use_since": dt.date(2021, 7, 1),
            },
        )


@transaction.atomic
def _report(a: dict[str, Agency], users: dict[str, User]) -> None:
    """The supervisor's report of the visit (1/1/2016 – 19/5/2023), as DOCX: the figures the
    delegation discussed, each with its source. A PDF is made when a report is requested in
    the workspace (printing one takes seconds, too long for seeding)."""
    hbt = a["hbt"]
    if SupervisionReport.objects.filter(agency=hbt).exists():
        return
    # Inside one transaction the queued generation (after commit) finds the report done.
    with transaction.atomic():
        report = services.report_request(
            actor=users["giamsat.hdnd"],
            agency=hbt,
            period_start=dt.date(2016, 1, 1),
            period_end=data.VISIT_DAY,
        )
        services.report_run(report_id=report.pk, formats=("docx",))


def seed_demo_data(*, agencies: dict[str, Agency], stdout: Any) -> None:
    """Load the demo of the reform workspace once; running it again changes nothing."""
    agencies = {**agencies, **_org(agencies)}
    users = _accounts(agencies)
    _plans(agencies)
    _inspections(agencies, users)
    _recommendations(agencies, users)
    _rotation(agencies)
    _support(agencies, users)
    _investment(agencies)
    _reviews(agencies, users)
    _index(agencies)
    _databases(agencies)
    _report(agencies, users)
    hbt = agencies["hbt"]
    stdout.write(
        "reform: "
        f"{Inspection.objects.filter(agency=hbt).count()} inspections, "
        f"{Recommendation.objects.count()} recommendations, "
        f"{SupportTeam.objects.filter(agency__path__startswith=hbt.path).count()} support teams, "
        f"{InvestmentProject.objects.filter(agency=hbt).count()} office projects, "
        f"{IndexAssessment.objects.count()} index assessments"
    )
