"""Fixtures of the payment tests: a slice of the demo catalogue (the fee examples of
DOMAIN.md §4), dossiers in the states payments care about, files in a temporary folder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

#: certified copy (per page, capped), civil-status extract copy (per copy), birth (free)
FEE_CODES = ("2.000815", "2.000635", "1.001193")
_catalogue_json: dict[tuple[str, ...], bytes] = {}


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_procedures(codes: tuple[str, ...] = FEE_CODES) -> None:
    """Import these demo procedures (with their assignments) like a file in the national
    layout, through the catalogue's own importer."""
    from motcua.catalog.demo import demo_payloads
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_json, write_json

    if codes not in _catalogue_json:
        buffer = io.BytesIO()
        write_json([p for p in demo_payloads() if p["code"] in codes], buffer)
        _catalogue_json[codes] = buffer.getvalue()
    report = catalog_import(read_json(io.BytesIO(_catalogue_json[codes])))
    assert report.written, report.errors[:3]


@pytest.fixture(scope="module")
def _module_world(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The demo organisation, accounts and fee procedures, loaded once per test module inside
    a transaction that is rolled back after the module; each test runs in a savepoint of it.

    Loading them for every test would take most of the run (≈ 2.5 s of CPU per test).
    """
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
        load_procedures()
        yield agencies
        transaction.set_rollback(True)


@pytest.fixture
def fee_catalogue(_module_world: dict[str, Any], db: Any) -> dict[str, Any]:
    """The demo organisation with the fee procedures (shared by the module, see above)."""
    return _module_world


@pytest.fixture
def person(fee_catalogue: dict[str, Any]) -> Any:
    from motcua.accounts.models import User

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def api_for(person: Any) -> Any:
    from rest_framework.test import APIClient

    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(person(username))
        return client

    return make


@pytest.fixture
def make_dossier(fee_catalogue: dict[str, Any], person: Any) -> Any:
    """Factory of dossiers already filed (``status`` "received" by default), as the intake
    leaves them: code, fee computed by the catalogue's calculator for ``quantities``."""
    from motcua.payments.tests.helpers import dossier_filed

    def make(**kwargs: Any) -> Any:
        kwargs.setdefault("resident", person("dan.nguyenvanan"))
        return dossier_filed(**kwargs)

    return make
