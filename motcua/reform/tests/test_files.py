"""Uploads are accepted by what they contain: PDF, JPEG, PNG, DOCX, XLSX and nothing else."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.reform.constants import AttachmentKind
from motcua.reform.demo import DEMO_PDF
from motcua.reform.files import check_upload
from motcua.reform.tests.conftest import docx_bytes, xlsx_bytes


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bien-ban.pdf", DEMO_PDF, AttachmentKind.PDF),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 32, AttachmentKind.JPEG),
        ("anh.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32, AttachmentKind.PNG),
        ("bao-cao.docx", docx_bytes(), AttachmentKind.DOCX),
        ("so-lieu.xlsx", xlsx_bytes(), AttachmentKind.XLSX),
        # The name does not matter, the content does.
        ("so-lieu.pdf", xlsx_bytes(), AttachmentKind.XLSX),
    ],
)
def test_accepted_formats_are_recognised_by_content(name, content, kind):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.kind == kind
    assert checked.size == len(content)
    assert len(checked.sha256) == 64


def _zip_with(name: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(name, "x")
    return out.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03 program",  # an executable renamed .pdf
        b"<html><script>alert(1)</script></html>",
        _zip_with("ppt/presentation.xml"),  # a presentation is not an accepted office file
        b"PK\x03\x04 broken zip",
        b"GIF89a....",
    ],
)
def test_other_content_is_refused_whatever_the_name(content):
    with pytest.raises(ValidationError) as err:
        check_upload(SimpleUploadedFile("tai-lieu.pdf", content), field="file")
    assert "không phải định dạng được nhận" in err.value.message_dict["file"][0]


def test_empty_file_is_refused():
    with pytest.raises(ValidationError) as err:
        check_upload(SimpleUploadedFile("rong.pdf", b""))
    assert "rỗng" in err.value.message_dict["file"][0]
