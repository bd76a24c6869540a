"""Demo organisation: Hà Nội → quận Hai Bà Trưng (code 007), its 18 wards and its offices,
as they stood in 2023 (DOMAIN.md §1), with accounts for every role.

Ward codes are the statistical codes in force before the July 2025 reorganisation. Electronic
identifiers follow the DDD.CC.BB.AAA pattern of Decision 20/2020 (H26 = Hà Nội, 07 = the
district); the level-3 numbers of offices and wards are illustrative.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from motcua.accounts.models import User
from motcua.organizations import services
from motcua.organizations.constants import AgencyKind, Role, UnitKind
from motcua.organizations.models import Agency, RoleGrant, Unit

DEMO_PASSWORD = "motcua-demo-2023"  # noqa: S105 (published demo credential, demo data only)

HBT_WARDS: list[tuple[str, str, str]] = [
    # (code suffix, name, statistical code)
    ("nguyen-du", "Phường Nguyễn Du", "00241"),
    ("bach-dang", "Phường Bạch Đằng", "00244"),
    ("pham-dinh-ho", "Phường Phạm Đình Hổ", "00247"),
    ("le-dai-hanh", "Phường Lê Đại Hành", "00256"),
    ("dong-nhan", "Phường Đồng Nhân", "00259"),
    ("pho-hue", "Phường Phố Huế", "00262"),
    ("dong-mac", "Phường Đống Mác", "00265"),
    ("thanh-luong", "Phường Thanh Lương", "00268"),
    ("thanh-nhan", "Phường Thanh Nhàn", "00271"),
    ("cau-den", "Phường Cầu Dền", "00274"),
    ("bach-khoa", "Phường Bách Khoa", "00277"),
    ("dong-tam", "Phường Đồng Tâm", "00280"),
    ("vinh-tuy", "Phường Vĩnh Tuy", "00283"),
    ("bach-mai", "Phường Bạch Mai", "00286"),
    ("quynh-mai", "Phường Quỳnh Mai", "00289"),
    ("quynh-loi", "Phường Quỳnh Lôi", "00292"),
    ("minh-khai", "Phường Minh Khai", "00295"),
    ("truong-dinh", "Phường Trương Định", "00298"),
]

HBT_OFFICES: list[tuple[str, str]] = [
    ("vp", "Văn phòng HĐND và UBND quận"),
    ("noi-vu", "Phòng Nội vụ"),
    ("tu-phap", "Phòng Tư pháp"),
    ("tckh", "Phòng Tài chính - Kế hoạch"),
    ("qldt", "Phòng Quản lý đô thị"),
    ("tnmt", "Phòng Tài nguyên và Môi trường"),
    ("gddt", "Phòng Giáo dục và Đào tạo"),
    ("ldtbxh", "Phòng Lao động - Thương binh và Xã hội"),
    ("kinh-te", "Phòng Kinh tế"),
    ("vhtt", "Phòng Văn hóa và Thông tin"),
    ("y-te", "Phòng Y tế"),
]

WARD_UNITS: list[tuple[str, str, UnitKind]] = [
    ("mot-cua", "Bộ phận Một cửa", UnitKind.DESK),
    ("tu-phap-ho-tich", "Công chức Tư pháp - Hộ tịch", UnitKind.OFFICE),
    ("dia-chinh", "Công chức Địa chính - Xây dựng", UnitKind.OFFICE),
    ("vhxh", "Công chức Văn hóa - Xã hội", UnitKind.OFFICE),
    ("lanh-dao", "Lãnh đạo UBND phường", UnitKind.LEADERSHIP),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str | None
    agency: str
    unit: str | None = None


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("giamsat.hdnd", "Phạm Minh Thư", Role.SUPERVISOR, "hn"),
    DemoAccount("quantri.hbt", "Lê Quang Huy", Role.ADMIN, "hbt"),
    DemoAccount("lanhdao.hbt", "Phan Văn Phúc", Role.LEADER, "hbt"),
    DemoAccount("caicach.hbt", "Nguyễn Thu Hà", Role.REFORM_OFFICER, "hbt-noi-vu"),
    DemoAccount("motcua.hbt", "Trần Thị Lan", Role.DESK_OFFICER, "hbt", "mot-cua"),
    DemoAccount("chuyenvien.tuphap", "Đỗ Văn Nam", Role.SPECIALIST, "hbt-tu-phap"),
    DemoAccount("lanhdao.tuphap", "Vũ Thị Mai", Role.LEADER, "hbt-tu-phap"),
    DemoAccount("vanthu.hbt", "Hoàng Thị Yến", Role.CLERK, "hbt", "van-thu"),
    DemoAccount("quantri.bachdang", "Bùi Đức Anh", Role.ADMIN, "hbt-bach-dang"),
    DemoAccount("motcua.bachdang", "Ngô Thị Hồng", Role.DESK_OFFICER, "hbt-bach-dang", "mot-cua"),
    DemoAccount(
        "tuphap.bachdang", "Đinh Văn Long", Role.SPECIALIST, "hbt-bach-dang", "tu-phap-ho-tich"
    ),
    DemoAccount("chutich.bachdang", "Lý Thị Thanh", Role.LEADER, "hbt-bach-dang", "lanh-dao"),
    DemoAccount("xungkich.bachdang", "Trịnh Minh Khoa", Role.SUPPORT_MEMBER, "hbt-bach-dang"),
    DemoAccount("motcua.minhkhai", "Mai Văn Tùng", Role.DESK_OFFICER, "hbt-minh-khai", "mot-cua"),
    DemoAccount("quantri.minhkhai", "Tạ Thu Trang", Role.ADMIN, "hbt-minh-khai"),
    DemoAccount("dan.nguyenvanan", "Nguyễn Văn An", None, "hbt"),
]


def _agency(code: str, parent: Agency | None, **fields: object) -> Agency:
    existing = Agency.objects.filter(code=code).first()
    if existing:
        return existing
    return services.agency_create(actor=None, parent=parent, code=code, **fields)


def _unit(agency: Agency, code: str, name: str, kind: str) -> Unit:
    existing = agency.units.filter(code=code).first()
    return existing or services.unit_create(
        actor=None, agency=agency, code=code, name=name, kind=kind
    )


@transaction.atomic
def seed_organisation() -> dict[str, Agency]:
    """Create (once) the demo tree; running it again changes nothing."""
    hn = _agency(
        "hn",
        None,
        name="Ủy ban nhân dân thành phố Hà Nội",
        short_name="UBND TP Hà Nội",
        kind=AgencyKind.PROVINCE,
        electronic_id="000.00.00.H26",
        admin_unit_code="01",
        address="12 Lê Lai, Hoàn Kiếm, Hà Nội",
    )
    hbt = _agency(
        "hbt",
        hn,
        name="Ủy ban nhân dân quận Hai Bà Trưng",
        short_name="UBND quận Hai Bà Trưng",
        kind=AgencyKind.DISTRICT,
        electronic_id="000.00.07.H26",
        admin_unit_code="007",
        valid_from=dt.date(1981, 1, 1),
        address="30 Lê Đại Hành, Hai Bà Trưng, Hà Nội",
        phone="024 3978 1460",
    )
    for code, name, kind in [
        ("mot-cua", "Bộ phận Tiếp nhận và Trả kết quả quận", UnitKind.DESK),
        ("van-thu", "Văn thư UBND quận", UnitKind.TEAM),
        ("lanh-dao", "Lãnh đạo UBND quận", UnitKind.LEADERSHIP),
    ]:
        _unit(hbt, code, name, kind)
    agencies = {"hn": hn, "hbt": hbt}
    for i, (suffix, name) in enumerate(HBT_OFFICES, start=1):
        agencies[f"hbt-{suffix}"] = _agency(
            f"hbt-{suffix}",
            hbt,
            name=name if suffix == "vp" else f"{name} quận Hai Bà Trưng",
            short_name=name,
            kind=AgencyKind.DISTRICT_OFFICE,
            electronic_id=f"{i:03d}.00.07.H26",
        )
    for i, (suffix, name, stat_code) in enumerate(HBT_WARDS, start=1):
        ward = _agency(
            f"hbt-{suffix}",
            hbt,
            name=f"Ủy ban nhân dân {name[0].lower()}{name[1:]}",
            short_name=name,
            kind=AgencyKind.COMMUNE,
            admin_unit_code=stat_code,
            electronic_id=f"000.{i + 20:02d}.07.H26",
        )
        for code, uname, kind in WARD_UNITS:
            _unit(ward, code, uname, kind)
        agencies[ward.code] = ward
    return agencies


@transaction.atomic
def seed_accounts(agencies: dict[str, Agency]) -> list[DemoAccount]:
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        User.objects.create_superuser(
            "admin", "admin@motcua.invalid", DEMO_PASSWORD, full_name="Quản trị hệ thống"
        )
    for acc in DEMO_ACCOUNTS:
        user = User.objects.filter(username=acc.username).first()
        if user is None:
            user = User.objects.create_user(
                acc.username,
                f"{acc.username}@motcua.invalid",
                DEMO_PASSWORD,
                full_name=acc.full_name,
                is_resident=acc.role is None,
                personal_id="001090012345" if acc.role is None else None,
            )
        if acc.role is None:
            continue
        agency = agencies[acc.agency]
        unit = agency.units.filter(code=acc.unit).first() if acc.unit else None
        if not RoleGrant.objects.active().filter(user=user, role=acc.role, agency=agency).exists():
            services.role_grant(
                actor=None,
                user=user,
                role=acc.role,
                agency=agency,
                unit=unit,
                valid_from=dt.date(2020, 1, 1),
            )
    return DEMO_ACCOUNTS
