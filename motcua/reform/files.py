"""Checking uploaded files by what they contain, not by what they are called."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from motcua.reform.constants import AttachmentKind

#: Upper bound of one attachment; a site may lower or raise it in settings.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024

ALLOWED_LABEL = "PDF, JPEG, PNG, DOCX, XLSX"


def max_attachment_bytes() -> int:
    """The reform limit if set, else the site's upload limit, else 10 MiB."""
    site = getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)
    return int(getattr(settings, "MOTCUA_REFORM_MAX_ATTACHMENT_BYTES", site))


@dataclass(frozen=True)
class CheckedFile:
    kind: AttachmentKind
    size: int
    sha256: str
    name: str


def _office_kind(stream: IO[bytes]) -> AttachmentKind | None:
    """DOCX and XLSX are ZIP packages; tell them apart by their main part."""
    try:
        with zipfile.ZipFile(stream) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return AttachmentKind.DOCX
    if "xl/workbook.xml" in names:
        return AttachmentKind.XLSX
    return None


def sniff(stream: IO[bytes]) -> AttachmentKind | None:
    """The format of a file from its first bytes (and, for ZIP packages, their contents)."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    kind: AttachmentKind | None = None
    if head.startswith(b"%PDF-"):
        kind = AttachmentKind.PDF
    elif head.startswith(b"\xff\xd8\xff"):
        kind = AttachmentKind.JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = AttachmentKind.PNG
    elif head.startswith(b"PK\x03\x04"):
        kind = _office_kind(stream)
        stream.seek(0)
    return kind


def check_upload(upload: Any, *, field: str = "file") -> CheckedFile:
    """Size, format and checksum of an uploaded file, or a ValidationError naming ``field``."""
    name = str(getattr(upload, "name", "") or "tep").rsplit("/", 1)[-1][:255]
    size = int(getattr(upload, "size", 0) or 0)
    limit = max_attachment_bytes()
    if size == 0:
        raise ValidationError({field: _("Tệp '%(n)s' rỗng. Chọn lại tệp.") % {"n": name}})
    if size > limit:
        raise ValidationError(
            {
                field: _("Tệp '%(n)s' nặng %(s)s, vượt giới hạn %(l)s. Hãy nén hoặc chia nhỏ tệp.")
                % {"n": name, "s": filesizeformat(size), "l": filesizeformat(limit)}
            }
        )
    kind = sniff(upload)
    if kind is None:
        raise ValidationError(
            {
                field: _(
                    "Tệp '%(n)s' không phải định dạng được nhận (%(a)s). Nội dung tệp được "
                    "kiểm tra, đổi đuôi tên tệp không có tác dụng."
                )
                % {"n": name, "a": ALLOWED_LABEL}
            }
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(64 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(kind=kind, size=size, sha256=digest.hexdigest(), name=name)
