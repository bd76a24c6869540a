"""Fixtures of the catalogue tests."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # The demo accounts are created per test; a slow hasher would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db: Any) -> dict[str, Any]:
    """The demo organisation without accounts (for tests that need agencies only)."""
    from motcua.organizations.demo import seed_organisation

    return seed_organisation()


@pytest.fixture
def demo_catalogue(demo_org: dict[str, Any]) -> dict[str, Any]:
    """Demo organisation, accounts, and the demo catalogue imported from its xlsx."""
    from motcua.catalog.demo import XLSX
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_xlsx

    with XLSX.open("rb") as stream:
        report = catalog_import(read_xlsx(stream))
    assert report.written, report.errors[:3]
    return demo_org
