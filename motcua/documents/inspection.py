"""What a file really is, read from its bytes, with limits that stop hostile files.

No ORM here: :func:`inspect_file` takes a seekable binary file and either returns what it
found or raises :class:`UploadRejected`. The name the uploader gave is only used in
messages; the kind always comes from the content.

Limits (DOCX/XLSX values are constants, the others settings):

- PDF: ``%PDF-`` header, opens with pypdf, at most ``MOTCUA_PDF_MAX_PAGES`` pages, every
  Flate-compressed stream inflated with a running counter and refused past
  :data:`PDF_MAX_INFLATED_BYTES` in total (a "PDF bomb" inflates a few kilobytes to gigabytes).
- JPEG/PNG: Pillow opens and verifies it, at most :data:`IMAGE_MAX_PIXELS` pixels.
- DOCX/XLSX: a ZIP with ``[Content_Types].xml`` and the main part, no absolute or ``..``
  member names, no encrypted members or macros, each member actually inflated with a counter:
  at most :data:`ZIP_MAX_TOTAL_BYTES` in total and a ratio of :data:`ZIP_MAX_RATIO` for any
  member larger than :data:`ZIP_RATIO_FLOOR_BYTES`.
- Executables (MZ, ELF, Mach-O, ``#!`` scripts), HTML, SVG and anything else are refused.
"""

from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from motcua.documents.constants import CONTENT_TYPES, FileKind

IMAGE_MAX_PIXELS = 50_000_000
PDF_MAX_INFLATED_BYTES = 256 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 100 * 1024 * 1024
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR_BYTES = 1024 * 1024
ZIP_MAX_MEMBERS = 10_000
_CHUNK = 64 * 1024

KIND_LABELS: dict[str, Any] = {
    FileKind.PDF: "PDF",
    FileKind.JPEG: "JPEG",
    FileKind.PNG: "PNG",
    FileKind.DOCX: "DOCX",
    FileKind.XLSX: "XLSX",
}


class UploadRejected(ValidationError):
    """A file refused by the content checks; ``code`` says why, the message how to fix it."""

    def __init__(self, message: Any, *, code: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(message, code=code, params=params)

    @property
    def reason(self) -> str:
        return str(self.code)


@dataclass(frozen=True)
class Inspection:
    kind: str
    content_type: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def _mib(n: int) -> str:
    value = n / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".rstrip("0").rstrip(".")


def reject(code: str, name: str, **params: Any) -> UploadRejected:
    """The exception for one refusal, with its Vietnamese message naming the file and the fix."""
    messages: dict[str, Any] = {
        "empty": _("Tệp “%(name)s” không có nội dung. Hãy chọn lại đúng tệp rồi tải lên."),
        "too_large": _(
            "Tệp “%(name)s” nặng %(size)s MB, vượt giới hạn %(limit)s MB. Hãy giảm độ phân "
            "giải khi quét, nén hoặc tách tệp rồi tải lên lại."
        ),
        "type_not_allowed": _(
            "Tệp “%(name)s” không phải loại được nhận (%(allowed)s). Hãy lưu hoặc xuất tài "
            "liệu sang một trong các định dạng đó rồi tải lên lại."
        ),
        "executable": _(
            "Tệp “%(name)s” là chương trình chạy được, không phải tài liệu, nên không được "
            "nhận. Hãy tải lên bản PDF hoặc ảnh chụp của giấy tờ."
        ),
        "active_content": _(
            "Tệp “%(name)s” là trang web hoặc ảnh SVG có thể chứa mã chạy được, nên không "
            "được nhận. Hãy in ra PDF hoặc chụp ảnh rồi tải lên lại."
        ),
        "pdf_broken": _(
            "Tệp “%(name)s” không mở được như một tệp PDF (tệp hỏng hoặc tải về chưa hết). "
            "Hãy xuất lại PDF từ phần mềm gốc hoặc quét lại giấy tờ."
        ),
        "pdf_too_many_pages": _(
            "Tệp “%(name)s” có %(pages)s trang, vượt giới hạn %(limit)s trang. Hãy tách tài "
            "liệu thành nhiều tệp nhỏ hơn."
        ),
        "pdf_bomb": _(
            "Tệp “%(name)s” chứa dữ liệu nén bất thường (giải nén ra quá %(limit)s MB) nên "
            "không được nhận. Hãy in lại tài liệu ra PDF bằng phần mềm thông dụng."
        ),
        "pdf_encrypted": _("Tệp “%(name)s” được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."),
        "image_broken": _(
            "Tệp ảnh “%(name)s” bị hỏng hoặc không đọc được. Hãy chụp hoặc quét lại rồi tải lên."
        ),
        "image_bomb": _(
            "Ảnh “%(name)s” quá lớn (%(pixels)s triệu điểm ảnh, tối đa %(limit)s triệu). Hãy "
            "giảm kích thước ảnh rồi tải lên lại."
        ),
        "zip_broken": _(
            "Tệp “%(name)s” bị hỏng, không mở được như tài liệu Word hoặc Excel. Hãy lưu lại "
            "từ phần mềm gốc hoặc xuất ra PDF."
        ),
        "zip_bomb": _(
            "Tệp “%(name)s” chứa dữ liệu nén bất thường (giải nén quá lớn) nên không được "
            "nhận. Hãy lưu lại tài liệu bằng phần mềm văn phòng hoặc xuất ra PDF."
        ),
        "zip_unsafe_name": _(
            "Tệp “%(name)s” chứa đường dẫn không an toàn bên trong nên không được nhận. Hãy "
            "lưu lại tài liệu bằng phần mềm văn phòng hoặc xuất ra PDF."
        ),
        "encrypted": _("Tệp “%(name)s” được đặt mật khẩu. Hãy gỡ mật khẩu rồi tải lên lại."),
        "macro": _(
            "Tệp “%(name)s” chứa macro nên không được nhận. Hãy lưu dưới dạng .docx/.xlsx "
            "thường (không macro) hoặc xuất ra PDF."
        ),
    }
    return UploadRejected(messages[code], code=code, params={"name": name, **params})


# --- Magic numbers ----------------------------------------------------------------------------

_EXECUTABLE_MAGIC = (
    b"MZ",  # Windows PE / DOS
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",  # Mach-O 32
    b"\xfe\xed\xfa\xcf",  # Mach-O 64
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # Mach-O universal (also Java class files)
    b"#!",
)
_ACTIVE_MARKERS = (b"<!doctype html", b"<html", b"<svg", b"<?xml", b"<script", b"<head", b"<body")


def _head(fp: IO[bytes], n: int = 1024) -> bytes:
    fp.seek(0)
    data = fp.read(n)
    fp.seek(0)
    return data


def inspect_file(
    fp: IO[bytes], *, name: str, allowed_kinds: frozenset[str], max_pdf_pages: int
) -> Inspection:
    """Find the real kind of ``fp`` and run that kind's checks; raise UploadRejected."""
    head = _head(fp)
    allowed_text = ", ".join(KIND_LABELS[k] for k in FileKind.values if k in allowed_kinds)
    if head.startswith(_EXECUTABLE_MAGIC):
        raise reject("executable", name)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if stripped.startswith(_ACTIVE_MARKERS) or b"<svg" in stripped or b"<html" in stripped:
        raise reject("active_content", name)

    kind: str
    if head.startswith(b"%PDF-"):
        kind = FileKind.PDF
    elif head.startswith(b"\xff\xd8\xff"):
        kind = FileKind.JPEG
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = FileKind.PNG
    elif head.startswith(b"PK\x03\x04"):
        kind = _office_kind(fp, name)
    else:
        raise reject("type_not_allowed", name, allowed=allowed_text)
    if kind not in allowed_kinds:
        raise reject("type_not_allowed", name, allowed=allowed_text)

    if kind == FileKind.PDF:
        return _check_pdf(fp, name, max_pdf_pages)
    if kind in (FileKind.JPEG, FileKind.PNG):
        return _check_image(fp, name, kind)
    _check_zip_members(fp, name)
    return Inspection(kind=kind, content_type=CONTENT_TYPES[kind])


# --- PDF --------------------------------------------------------------------------------------


def _inflated_size(raw: bytes, budget: int) -> int:
    """Bytes a zlib stream inflates to, stopping (returning > budget) once past the budget.

    Output is counted and dropped chunk by chunk, so memory stays at one chunk whatever the
    stream claims to hold. A truncated or corrupt stream counts what it gave before failing.
    """
    inflater = zlib.decompressobj()
    total = 0
    data = raw
    try:
        while data:
            out = inflater.decompress(data, _CHUNK)
            total += len(out)
            if total > budget:
                return total
            data = inflater.unconsumed_tail
            if not out and not data:
                break
        while not inflater.eof:
            out = inflater.decompress(b"", _CHUNK)
            if not out:
                break
            total += len(out)
            if total > budget:
                return total
    except zlib.error:
        return total
    return total


def _filters(stream: Any) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    value = value.get_object() if hasattr(value, "get_object") else value
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)]


def _check_pdf(fp: IO[bytes], name: str, max_pages: int) -> Inspection:
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError
    from pypdf.generic import IndirectObject, StreamObject

    try:
        reader = PdfReader(fp, strict=False)
        if reader.is_encrypted:
            raise reject("pdf_encrypted", name)
        pages = len(reader.pages)
    except UploadRejected:
        raise
    except LimitReachedError as exc:
        raise reject("pdf_bomb", name, limit=_mib(PDF_MAX_INFLATED_BYTES)) from exc
    except Exception as exc:  # pypdf raises many kinds on malformed input
        raise reject("pdf_broken", name) from exc
    if pages < 1:
        raise reject("pdf_broken", name)
    if pages > max_pages:
        raise reject("pdf_too_many_pages", name, pages=pages, limit=max_pages)

    # Every object of the file, compressed streams inflated with one shared budget.
    budget = PDF_MAX_INFLATED_BYTES
    ids: set[tuple[int, int]] = set()
    for generation, entries in reader.xref.items():
        ids.update((num, generation) for num in entries)
    ids.update((num, 0) for num in reader.xref_objStm)
    for num, generation in sorted(ids):
        try:
            obj = reader.get_object(IndirectObject(num, generation, reader))
        except LimitReachedError as exc:
            raise reject("pdf_bomb", name, limit=_mib(PDF_MAX_INFLATED_BYTES)) from exc
        except Exception:  # noqa: S112 - an unreadable spare object does not make a bomb
            continue
        if not isinstance(obj, StreamObject):
            continue
        filters = _filters(obj)
        if not filters or filters[0] not in ("/FlateDecode", "/Fl"):
            continue
        raw = getattr(obj, "_data", b"") or b""
        budget -= _inflated_size(raw, budget)
        if budget < 0:
            raise reject("pdf_bomb", name, limit=_mib(PDF_MAX_INFLATED_BYTES))
    return Inspection(kind=FileKind.PDF, content_type=CONTENT_TYPES[FileKind.PDF], pages=pages)


# --- Images -----------------------------------------------------------------------------------


def _check_image(fp: IO[bytes], name: str, kind: str) -> Inspection:
    from PIL import Image

    expected = "JPEG" if kind == FileKind.JPEG else "PNG"
    try:
        # Pillow's own bomb guard is global; our limit is checked from the header below,
        # before any pixel is decoded.
        with Image.open(fp, formats=[expected]) as image:
            width, height = image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise reject(
                    "image_bomb",
                    name,
                    pixels=f"{width * height / 1e6:.0f}",
                    limit=f"{IMAGE_MAX_PIXELS / 1e6:.0f}",
                )
            image.verify()
    except UploadRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise reject("image_bomb", name, pixels="?", limit=f"{IMAGE_MAX_PIXELS / 1e6:.0f}") from exc
    except Exception as exc:
        raise reject("image_broken", name) from exc
    finally:
        fp.seek(0)
    if width < 1 or height < 1:
        raise reject("image_broken", name)
    return Inspection(kind=kind, content_type=CONTENT_TYPES[kind], width=width, height=height)


# --- DOCX / XLSX ------------------------------------------------------------------------------


def _unsafe_member(member: str) -> bool:
    if member.startswith(("/", "\\")) or (len(member) > 1 and member[1] == ":"):
        return True
    parts = member.replace("\\", "/").split("/")
    return any(part == ".." for part in parts) or "\x00" in member


def _office_kind(fp: IO[bytes], name: str) -> str:
    try:
        with zipfile.ZipFile(fp) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise reject("zip_broken", name) from exc
    finally:
        fp.seek(0)
    if len(infos) > ZIP_MAX_MEMBERS:
        raise reject("zip_bomb", name)
    names = {info.filename for info in infos}
    if any(_unsafe_member(info.filename) for info in infos):
        raise reject("zip_unsafe_name", name)
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise reject("macro", name)
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return FileKind.DOCX
        if "xl/workbook.xml" in names:
            return FileKind.XLSX
    raise reject(
        "type_not_allowed",
        name,
        allowed=", ".join(KIND_LABELS[k] for k in (FileKind.DOCX, FileKind.XLSX)),
    )


def _check_zip_members(fp: IO[bytes], name: str) -> None:
    """Inflate every member with a counter: declared sizes in a ZIP may lie."""
    total = 0
    try:
        with zipfile.ZipFile(fp) as archive:
            for info in archive.infolist():
                if info.flag_bits & 0x1:
                    raise reject("encrypted", name)
                if info.file_size > ZIP_MAX_TOTAL_BYTES or (
                    info.file_size > ZIP_RATIO_FLOOR_BYTES
                    and info.file_size > ZIP_MAX_RATIO * max(info.compress_size, 1)
                ):
                    raise reject("zip_bomb", name)
                produced = 0
                with archive.open(info) as member:
                    while chunk := member.read(_CHUNK):
                        produced += len(chunk)
                        total += len(chunk)
                        if total > ZIP_MAX_TOTAL_BYTES or (
                            produced > ZIP_RATIO_FLOOR_BYTES
                            and produced > ZIP_MAX_RATIO * max(info.compress_size, 1)
                        ):
                            raise reject("zip_bomb", name)
    except UploadRejected:
        raise
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error) as exc:
        raise reject("zip_broken", name) from exc
    finally:
        fp.seek(0)
