"""Shared fixtures. Browser tests run only where Debian's Chromium is installed; elsewhere the
run says so plainly at the end instead of passing silently."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("MOTCUA_CHROMIUM", "/usr/bin/chromium"))
_skipped_browser: list[str] = []


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)
            _skipped_browser.append(item.nodeid)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _skipped_browser:
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED ({len(_skipped_browser)}): Chromium is not installed at "
            f"{CHROMIUM}. Install it with 'apt-get install chromium' to run them "
            "(.ci/run does).",
            yellow=True,
            bold=True,
        )


@pytest.fixture
def demo_org(db: Any) -> dict[str, Any]:
    """The demo district with its wards, offices and role accounts."""
    from motcua.organizations.demo import seed_accounts, seed_organisation

    agencies = seed_organisation()
    seed_accounts(agencies)
    return agencies


@pytest.fixture
def user_named(demo_org: dict[str, Any]) -> Any:
    from motcua.accounts.models import User

    def get(username: str) -> User:
        return User.objects.get(username=username)

    return get


@pytest.fixture
def api_client_for(user_named: Any) -> Any:
    from rest_framework.test import APIClient

    def make(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(user_named(username))
        return client

    return make
