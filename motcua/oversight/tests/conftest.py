"""Fixtures of the oversight tests: the demo organisation, three procedures of the demo
catalogue, and the hand-computed dossiers of docs/oversight.md."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """The public index is cached; primary keys are reused between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def catalogue(demo_org: dict[str, Any]) -> dict[str, Any]:
    from motcua.dossiers.tests.conftest import catalogue_slice

    catalogue_slice()
    return demo_org


@pytest.fixture
def march(catalogue: dict[str, Any], user_named: Any) -> dict[str, Any]:
    from motcua.oversight.tests.fixture import build_all

    groups = build_all(agencies=catalogue, actor=user_named("motcua.bachdang"))
    return {"agencies": catalogue, "groups": groups}
