"""Fixtures of the processing tests: the demo organisation, the processing accounts, a slice
of the demo catalogue (birth registration at the ward, building permit at the district),
files in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.tests.conftest import catalogue_slice

CODES = ("1.001193", "2.000635", "1.009999")


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> None:
    from django.core.cache import cache

    from motcua.dossiers.selectors import lookups_clear

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    lookups_clear()


@pytest.fixture
def world(demo_org: dict[str, Any]) -> dict[str, Any]:
    from motcua.processing.accounts import seed_processing_accounts

    seed_processing_accounts(demo_org)
    catalogue_slice(CODES)
    return demo_org
