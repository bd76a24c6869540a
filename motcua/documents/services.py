"""Storing checked files and handing them back.

``file_store`` is the only way bytes enter the storage: it checks the content
(:mod:`motcua.documents.inspection`), and only when every check passes does it write the
blob (once per content) and the :class:`StoredFile` row. A refused file leaves nothing
behind: no row, no blob, no temporary file.

Access control is the caller's: ``stored_file_response`` serves whatever it is given, so a
view first finds the record that refers to the file through a selector scoped to the user.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from typing import IO, Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse

from motcua.accounts.models import User
from motcua.documents.constants import DEFAULT_ALLOWED_KINDS, EXTENSIONS, FileKind
from motcua.documents.inspection import UploadRejected, _mib, inspect_file, reject
from motcua.documents.models import StoredFile
from motcua.documents.slips import slip_number_next

__all__ = [
    "UploadRejected",
    "file_open",
    "file_store",
    "sanitize_file_name",
    "slip_number_next",
    "stored_file_response",
]

_MAX_NAME = 150
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_UNSAFE_CHARS = re.compile(r'[<>:"|?*]')


def sanitize_file_name(raw: str | None, *, kind: str | None = None) -> str:
    """A display name safe to store and to send back in Content-Disposition.

    Basename only (both slash kinds), no control characters, no leading dots, Unicode NFC, at
    most 150 characters, and the extension of the sniffed kind (a ``.pdf`` name on a PNG
    becomes ``….png``).
    """
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _CONTROL.sub("", name)
    name = _UNSAFE_CHARS.sub("_", name).strip().lstrip(".").strip()
    stem, ext = os.path.splitext(name)
    if kind is not None:
        allowed = EXTENSIONS[kind]
        if ext.lower() in allowed:
            ext = ext.lower()
        else:
            stem, ext = name, allowed[0]
    stem = stem.strip().lstrip(".") or "tep"
    return stem[: _MAX_NAME - len(ext)].rstrip() + ext


def _storage_name(sha256: str, kind: str) -> str:
    return f"files/{sha256[:2]}/{sha256[2:4]}/{sha256}{EXTENSIONS[kind][0]}"


def _spool(upload: Any, name: str, max_bytes: int) -> tuple[IO[bytes], str, int]:
    """Copy the upload to a private temporary file, hashing it, refusing it past the limit."""
    digest = hashlib.sha256()
    size = 0
    tmp = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the caller
    try:
        if hasattr(upload, "seek"):
            with contextlib.suppress(OSError, ValueError):
                upload.seek(0)
        chunks = (
            upload.chunks() if hasattr(upload, "chunks") else iter(lambda: upload.read(65536), b"")
        )
        for chunk in chunks:
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise reject(
                    "too_large",
                    name,
                    size=_mib(max(size, int(getattr(upload, "size", 0) or 0))),
                    limit=_mib(max_bytes),
                )
            digest.update(chunk)
            tmp.write(chunk)
        tmp.seek(0)
    except BaseException:
        tmp.close()
        raise
    return tmp, digest.hexdigest(), size


def file_store(
    *,
    upload: Any,
    created_by: User | None = None,
    allowed_kinds: frozenset[str] = DEFAULT_ALLOWED_KINDS,
    max_bytes: int | None = None,
) -> StoredFile:
    """Check ``upload`` (a Django UploadedFile or any file object with a name) and keep it.

    Raises :class:`UploadRejected` (a ValidationError; ``.code`` is one of ``empty``,
    ``too_large``, ``type_not_allowed``, ``executable``, ``active_content``, ``pdf_broken``,
    ``pdf_encrypted``, ``pdf_too_many_pages``, ``pdf_bomb``, ``image_broken``,
    ``image_bomb``, ``zip_broken``, ``zip_bomb``, ``zip_unsafe_name``, ``encrypted``,
    ``macro``) and then writes nothing. May run inside the caller's transaction: the row then
    commits or rolls back with it (a rolled-back blob is only an unreferenced, deduplicated
    file, removed by ``manage.py files_prune``).
    """
    limit = max_bytes if max_bytes is not None else settings.MOTCUA_UPLOAD_MAX_BYTES
    shown_name = sanitize_file_name(getattr(upload, "name", "") or "")
    declared = getattr(upload, "size", None)
    if isinstance(declared, int) and declared > limit:
        raise reject("too_large", shown_name, size=_mib(declared), limit=_mib(limit))
    tmp, sha256, size = _spool(upload, shown_name, limit)
    with tmp:
        if size == 0:
            raise reject("empty", shown_name)
        found = inspect_file(
            tmp,
            name=shown_name,
            allowed_kinds=frozenset(allowed_kinds),
            max_pdf_pages=settings.MOTCUA_PDF_MAX_PAGES,
        )
        storage_name = _storage_name(sha256, found.kind)
        if not default_storage.exists(storage_name):
            tmp.seek(0)
            saved = default_storage.save(storage_name, File(tmp))
            if saved != storage_name:
                # Someone stored the same bytes at the same moment: theirs is identical.
                default_storage.delete(saved)
    # One INSERT: no savepoint of its own inside the caller's transaction (a filing stores
    # several files; each savepoint would cost two more round trips to the database).
    with transaction.atomic(savepoint=False):
        return StoredFile.objects.create(
            sha256=sha256,
            size=size,
            content_type=found.content_type,
            kind=found.kind,
            original_name=sanitize_file_name(getattr(upload, "name", ""), kind=found.kind),
            storage_name=storage_name,
            pages=found.pages,
            width=found.width,
            height=found.height,
            created_by=created_by if created_by is not None and created_by.pk else None,
        )


def file_store_bytes(
    *, content: bytes, name: str, created_by: User | None = None, kind: str = FileKind.PDF
) -> StoredFile:
    """Keep a document the system generated itself (a slip), through the same checks."""
    from django.core.files.base import ContentFile

    return file_store(
        upload=ContentFile(content, name=name),
        created_by=created_by,
        allowed_kinds=frozenset({kind}),
        max_bytes=max(len(content), 1),
    )


def file_open(stored: StoredFile) -> IO[bytes]:
    """The stored bytes, opened for reading; the caller closes it."""
    return default_storage.open(stored.storage_name, "rb")


def stored_file_response(stored: StoredFile, *, as_attachment: bool = True) -> FileResponse:
    """Serve a stored file. The caller has already checked that the user may read it.

    The declared type is the sniffed one and the response forbids sniffing, framing and
    scripts, so even a file that fooled the checks cannot run in the site's origin.
    """
    response = FileResponse(
        file_open(stored),
        as_attachment=as_attachment,
        filename=stored.original_name,
        content_type=stored.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
