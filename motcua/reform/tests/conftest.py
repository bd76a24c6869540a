"""Fixtures of the reform tests: files under a temporary MEDIA_ROOT, inline background
tasks, the demo district with its reform data, and small files of each accepted kind."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.reform.demo import DEMO_PDF

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _media_and_tasks(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    # Demo accounts are many; a slow password hash per account would dominate the run.
    settings.PASSWORD_HASHERS = FAST_HASHERS
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(scope="package")
def _reform_demo_data(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any
) -> Iterator[None]:
    """Load the demo once for this test package, inside a transaction rolled back at its end.

    Each test then runs in a savepoint of that transaction (like ``setUpTestData``), so it
    sees the demo as loaded and its own changes vanish after it; nothing outlives the
    package, so other apps' tests never see it.
    """
    from django.db import transaction
    from django.test import override_settings

    from motcua.organizations.demo import seed_accounts, seed_organisation
    from motcua.reform.demo import seed_demo_data

    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS, MEDIA_ROOT=media),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            agencies = seed_organisation()
            seed_accounts(agencies)
            seed_demo_data(agencies=agencies, stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def reform_demo(_reform_demo_data: None, db: Any) -> dict[str, Any]:
    """The demo organisation plus the reform demo (city departments, 29 peer districts)."""
    from motcua.organizations.models import Agency

    return {a.code: a for a in Agency.objects.all()}


def pdf_upload(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def png_upload(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def docx_bytes() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Báo cáo kết quả khắc phục")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Phường", "Số tổ"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """All text of a DOCX: paragraphs and table cells."""
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)
