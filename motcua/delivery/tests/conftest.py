"""Fixtures of the delivery tests: temporary media, empty caches, fast passwords, the intake
slice of the demo catalogue, and a throwaway signing certificate for ward Bạch Đằng."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated(settings: Any, tmp_path: Path) -> None:
    from django.core.cache import cache

    from motcua.dossiers.selectors import lookups_clear

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    lookups_clear()


@pytest.fixture(scope="session")
def ward_bundle() -> tuple[bytes, str]:
    """A PKCS#12 bundle for 'UBND phường Bạch Đằng' from a throwaway CA, and its passphrase."""
    from motcua.documents.pki_issue import ca_issue, pkcs12_bundle, signer_issue

    ca = ca_issue(common_name="CA kiểm thử trả kết quả", organisation="Kiểm thử")
    signer = signer_issue(ca=ca, common_name="UBND phường Bạch Đằng", organisation="UBND")
    passphrase = "mat-khau-kiem-thu"
    return pkcs12_bundle(signer=signer, ca=ca, passphrase=passphrase), passphrase


@pytest.fixture
def world(demo_org: dict[str, Any], ward_bundle: tuple[bytes, str]) -> dict[str, Any]:
    """Demo organisation and accounts, the intake procedures, and Bạch Đằng's certificate."""
    from motcua.accounts.models import User
    from motcua.documents.signing import certificate_upload
    from motcua.dossiers.tests.conftest import catalogue_slice
    from motcua.processing.accounts import seed_processing_accounts

    seed_processing_accounts(demo_org)
    catalogue_slice()
    p12, passphrase = ward_bundle
    certificate_upload(
        actor=User.objects.get(username="quantri.bachdang"),
        agency=demo_org["hbt-bach-dang"],
        p12_bytes=p12,
        passphrase=passphrase,
    )
    return demo_org
