"""A two-level agency tree without the full demo seed (which hashes many passwords)."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def small_tree(db: Any) -> dict[str, Any]:
    from motcua.organizations.constants import AgencyKind
    from motcua.organizations.services import agency_create

    hn = agency_create(
        actor=None,
        parent=None,
        code="hn",
        name="Ủy ban nhân dân thành phố Hà Nội",
        kind=AgencyKind.PROVINCE,
    )
    hbt = agency_create(
        actor=None,
        parent=hn,
        code="hbt",
        name="Ủy ban nhân dân quận Hai Bà Trưng",
        kind=AgencyKind.DISTRICT,
    )
    ward = agency_create(
        actor=None,
        parent=hbt,
        code="hbt-bach-dang",
        name="Ủy ban nhân dân phường Bạch Đằng",
        kind=AgencyKind.COMMUNE,
    )
    other = agency_create(
        actor=None,
        parent=hbt,
        code="hbt-nguyen-du",
        name="Ủy ban nhân dân phường Nguyễn Du",
        kind=AgencyKind.COMMUNE,
    )
    return {"hn": hn, "hbt": hbt, "hbt-bach-dang": ward, "hbt-nguyen-du": other}
