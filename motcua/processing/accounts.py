"""Demo accounts processing needs besides those of the organisation demo: a records clerk at
the ward Bạch Đằng, and a specialist, leader and clerk at the district's Phòng Quản lý đô thị
(which appraises building permits)."""

from __future__ import annotations

import datetime as dt

from motcua.accounts.models import User
from motcua.organizations import services as org_services
from motcua.organizations.constants import Role
from motcua.organizations.demo import DEMO_PASSWORD, DemoAccount
from motcua.organizations.models import Agency, RoleGrant

PROCESSING_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("vanthu.bachdang", "Cao Thị Nhung", Role.CLERK, "hbt-bach-dang"),
    DemoAccount("chuyenvien.qldt", "Lương Văn Bảo", Role.SPECIALIST, "hbt-qldt"),
    DemoAccount("lanhdao.qldt", "Kiều Minh Đức", Role.LEADER, "hbt-qldt"),
    DemoAccount("vanthu.qldt", "Đào Thị Hạnh", Role.CLERK, "hbt-qldt"),
]


def seed_processing_accounts(agencies: dict[str, Agency]) -> list[DemoAccount]:
    """Create (once) the accounts above with their grants; running again changes nothing."""
    for acc in PROCESSING_ACCOUNTS:
        user = User.objects.filter(username=acc.username).first()
        if user is None:
            user = User.objects.create_user(
                acc.username,
                f"{acc.username}@motcua.invalid",
                DEMO_PASSWORD,
                full_name=acc.full_name,
                is_resident=False,
            )
        agency = agencies[acc.agency]
        unit = agency.units.filter(code=acc.unit).first() if acc.unit else None
        if not RoleGrant.objects.active().filter(user=user, role=acc.role, agency=agency).exists():
            org_services.role_grant(
                actor=None,
                user=user,
                role=str(acc.role),
                agency=agency,
                unit=unit,
                valid_from=dt.date(2020, 1, 1),
            )
    return PROCESSING_ACCOUNTS
