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


# --- Signing: a throwaway CA and agency certificates (RSA 2048), made once per session -------


@pytest.fixture(scope="session")
def test_pki() -> Any:
    """A throwaway CA, a signing certificate for ward Bạch Đằng and the district, one for
    ward Nguyễn Du, and an expired one; each also as a PKCS#12 bundle (passphrase below)."""
    import datetime as dt
    from types import SimpleNamespace

    from motcua.documents.pki_issue import ca_issue, pkcs12_bundle, signer_issue

    ca = ca_issue(common_name="CA thử nghiệm của bộ kiểm thử", organisation="Kiểm thử")
    passphrase = "mật-khẩu-đúng"

    def bundle(common_name: str, **kwargs: Any) -> bytes:
        signer = signer_issue(ca=ca, common_name=common_name, organisation="UBND", **kwargs)
        return pkcs12_bundle(signer=signer, ca=ca, passphrase=passphrase)

    now = dt.datetime.now(dt.UTC)
    return SimpleNamespace(
        ca=ca,
        passphrase=passphrase,
        bach_dang=bundle("UBND phường Bạch Đằng"),
        bach_dang_renewed=bundle("UBND phường Bạch Đằng"),
        hbt=bundle("UBND quận Hai Bà Trưng"),
        nguyen_du=bundle("UBND phường Nguyễn Du"),
        expired=bundle(
            "UBND phường Bạch Đằng (hết hạn)",
            not_before=now - dt.timedelta(days=400),
            not_after=now - dt.timedelta(days=1),
        ),
        not_for_signing=bundle("Máy chủ web", document_signing=False),
    )


@pytest.fixture(scope="session")
def sample_pdf() -> bytes:
    """A generated result document (the generic template), unsigned."""
    from motcua.documents.signing import result_generate_pdf

    return result_generate_pdf(
        template="van_ban_tra_ket_qua",
        context={
            "agency_parent_name": "Ủy ban nhân dân quận Hai Bà Trưng",
            "agency_name": "Ủy ban nhân dân phường Bạch Đằng",
            "place": "Hà Nội",
            "procedure_name": "Cấp bản sao trích lục hộ tịch",
            "applicant_name": "Nguyễn Văn An",
            "decision_text": "Cấp 01 bản sao trích lục khai sinh.",
            "signer_name": "Lý Thị Thanh",
        },
    )


@pytest.fixture(scope="module")
def signing_world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo organisation and accounts, loaded once per module inside a transaction that
    is rolled back afterwards; each test runs in a savepoint of it (seeding per test would
    take most of the run)."""
    from django.db import transaction
    from django.test import override_settings

    from motcua.organizations.demo import seed_accounts, seed_organisation

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        agencies = seed_organisation()
        seed_accounts(agencies)
        yield agencies
        transaction.set_rollback(True)


@pytest.fixture
def signing_files(settings: Any, tmp_path: Any) -> None:
    """Stored files of the test go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
