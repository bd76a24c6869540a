"""Fixtures of the processing tests: the demo organisation, the processing accounts, a slice
of the demo catalogue (birth registration at the ward, building permit at the district),
files in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.dossiers.tests.conftest import catalogue_slice

CODES = ("1.001193", "2.000635", "1.009999", "1.001566")


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


@pytest.fixture(scope="session")
def agency_bundle() -> Any:
    """A throwaway CA and one signing bundle (PKCS#12) used for every agency in a test."""
    from types import SimpleNamespace

    from motcua.documents.pki_issue import ca_issue, pkcs12_bundle, signer_issue

    ca = ca_issue(common_name="CA thử nghiệm giải quyết hồ sơ", organisation="Kiểm thử")
    signer = signer_issue(ca=ca, common_name="UBND phường Bạch Đằng", organisation="UBND")
    return SimpleNamespace(p12=pkcs12_bundle(signer=signer, ca=ca, passphrase="pw"), ca=ca)


@pytest.fixture
def certified(world: dict[str, Any], agency_bundle: Any, settings: Any) -> dict[str, Any]:
    """The ward Bạch Đằng holds an active signing certificate, trusted by the verifier."""
    from motcua.documents.signing import certificate_upload

    certificate_upload(
        actor=None, agency=world["hbt-bach-dang"], p12_bytes=agency_bundle.p12, passphrase="pw"
    )
    return world
