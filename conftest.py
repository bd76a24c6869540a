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


@pytest.fixture
def demo_catalogue(demo_org: dict[str, Any]) -> dict[str, Any]:
    """The demo organisation plus the demo procedure catalogue (47 procedures, assignments)."""
    import io

    from motcua.catalog.demo import seed_demo_data

    seed_demo_data(agencies=demo_org, stdout=io.StringIO())
    return demo_org


# --- Browser tests ----------------------------------------------------------------------------

SCREENSHOTS = Path(__file__).parent / "var" / "screenshots"


@pytest.fixture(scope="session")
def _playwright_browser() -> Any:
    # Playwright's sync API runs an event loop in this thread; the ORM calls that the test
    # itself makes (fixtures, assertions) are synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(_playwright_browser: Any, live_server: Any) -> Any:
    """A fresh browser page (phone-sized when asked with `mobile_page`) on the live server."""
    context = _playwright_browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def mobile_page(_playwright_browser: Any, live_server: Any) -> Any:
    context = _playwright_browser.new_context(
        base_url=live_server.url,
        locale="vi-VN",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    context.set_default_timeout(15_000)
    pg = context.new_page()
    yield pg
    context.close()


def screenshot(pg: Any, name: str) -> Path:
    """Save a full-page PNG under var/screenshots (copied into docs/ by `make screenshots`)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=True)
    return path


def assert_accessible(pg: Any) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        pg,
        options={
            "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
        },
    )
    assert results.violations_count == 0, results.generate_report()


def sign_in(pg: Any, username: str, password: str | None = None) -> None:
    from motcua.organizations.demo import DEMO_PASSWORD

    pg.goto("/tai-khoan/dang-nhap/")
    pg.get_by_label("Tên đăng nhập").fill(username)
    pg.get_by_label("Mật khẩu").fill(password or DEMO_PASSWORD)
    pg.get_by_role("button", name="Đăng nhập").last.click()
    pg.wait_for_load_state("networkidle")


# --- E-mail through a real SMTP server ---------------------------------------------------------


@pytest.fixture
def smtp_server(settings: Any) -> Any:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 receiving this test's e-mail.

    Django's e-mail settings point to it for the test (through the ``settings`` fixture, so
    the live server thread of browser tests sends there too). Yields an object with
    ``.messages`` (received ``email.message.EmailMessage``s, in order), ``.host``, ``.port``
    and ``.wait_for(count, timeout=5)``.
    """
    import socket
    import threading
    import time
    from email import message_from_bytes, policy
    from types import SimpleNamespace

    from aiosmtpd.controller import Controller

    received: list[Any] = []
    arrived = threading.Condition()

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            message = message_from_bytes(envelope.content, policy=policy.default)
            with arrived:
                received.append(message)
                arrived.notify_all()
            return "250 Message accepted for delivery"

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()

    def wait_for(count: int, timeout: float = 5.0) -> list[Any]:
        deadline = time.monotonic() + timeout
        with arrived:
            while len(received) < count and time.monotonic() < deadline:
                arrived.wait(timeout=max(deadline - time.monotonic(), 0.01))
        return received

    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    try:
        yield SimpleNamespace(messages=received, host="127.0.0.1", port=port, wait_for=wait_for)
    finally:
        controller.stop()
