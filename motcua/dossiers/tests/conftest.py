"""Fixtures of the dossier tests: files go to a temporary media folder, caches start empty,
passwords hash fast, and a small slice of the demo catalogue loads in a fraction of a second."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

#: Procedures the intake tests use (birth registration, civil-status extract, building permit).
INTAKE_CODES = ("1.001193", "2.000635", "1.009999")
_catalogue_json: dict[tuple[str, ...], bytes] = {}


@pytest.fixture(autouse=True)
def _isolated_media_and_cache(settings: Any, tmp_path: Path) -> Path:
    from django.core.cache import cache

    from motcua.dossiers.selectors import lookups_clear

    settings.MEDIA_ROOT = tmp_path / "media"
    # Demo accounts are created for every test; full-strength hashing would dominate the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    lookups_clear()  # primary keys are reused between tests
    return settings.MEDIA_ROOT


def catalogue_slice(codes: tuple[str, ...] = INTAKE_CODES) -> None:
    """Import the demo catalogue's procedures ``codes`` (with their assignments) like a file."""
    from motcua.catalog.demo import demo_payloads
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_json, write_json

    if codes not in _catalogue_json:
        buffer = io.BytesIO()
        write_json([p for p in demo_payloads() if p["code"] in codes], buffer)
        _catalogue_json[codes] = buffer.getvalue()
    report = catalog_import(read_json(io.BytesIO(_catalogue_json[codes])))
    assert report.written, report.errors[:3]


@pytest.fixture
def intake_catalogue(demo_org: dict[str, Any]) -> dict[str, Any]:
    """The demo organisation and the procedures the intake tests file."""
    catalogue_slice()
    return demo_org


def stored_blobs(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
