"""Uploads: what is accepted is kept once by its hash; hostile files leave nothing behind."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from motcua.documents.models import StoredFile
from motcua.documents.services import (
    UploadRejected,
    file_open,
    file_store,
    sanitize_file_name,
    stored_file_response,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_blobs(media_root: Path) -> list[Path]:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


# --- Makers of real and hostile files ---------------------------------------------------------


def pdf_bytes(pages: int = 1, text: str = "Giay khai sinh") -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    for _ in range(pages):
        page = writer.add_blank_page(width=595, height=842)
        content = DecodedStreamObject()
        content.set_data(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def raw_pdf(objects: list[bytes]) -> bytes:
    """A minimal PDF file from object bodies (object 1 is the catalogue)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def zeros_deflated(total: int, block: int = 1 << 20) -> bytes:
    """A zlib stream of ``total`` zero bytes, built from one compressed block repeated.

    After a full flush a deflate block refers to nothing before it, so the same bytes can be
    repeated: a stream that inflates to gigabytes is built in milliseconds and is ~1 KiB per MiB.
    """
    compressor = zlib.compressobj(9)
    header_and_block = compressor.compress(b"\0" * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, repeated = header_and_block[:2], header_and_block[2:]
    count = total // block
    # Adler-32 of n zero bytes: a stays 1, b = n (mod 65521).
    checksum = ((count * block) % 65521) << 16 | 1
    tail = zlib.compressobj(9).flush()[2:-4]  # an empty final block
    return header + repeated * count + tail + struct.pack(">I", checksum)


def pdf_bomb(inflated: int) -> bytes:
    stream = zeros_deflated(inflated)
    return raw_pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream)
            + stream
            + b"\nendstream",
        ]
    )


def png_bytes(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_bomb(width: int, height: int) -> bytes:
    """A valid-looking PNG whose header promises width×height pixels of mostly nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    idat = zlib.compress(b"\0" * (width + 1) * 4)  # a few rows; the rest "compresses well"
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def docx_bytes(
    extra: dict[str, bytes] | None = None, *, raw_names: list[str] | None = None
) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", "<w:document>Đơn đề nghị</w:document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
        for name in raw_names or []:
            archive.writestr(zipfile.ZipInfo(name), b"x")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# --- Accepted files ---------------------------------------------------------------------------


def test_pdf_is_kept_once_under_its_hash(media_root, django_user_model):
    # Given a two-page PDF uploaded twice, first by an officer
    officer = django_user_model.objects.create(username="motcua.bachdang")
    content = pdf_bytes(pages=2)
    first = file_store(upload=upload("Giấy khai sinh.pdf", content), created_by=officer)
    second = file_store(upload=upload("ban-sao.pdf", content))
    # Then both rows point to one blob named by the content hash
    assert first.kind == "pdf"
    assert first.content_type == "application/pdf"
    assert first.pages == 2
    assert first.storage_name == second.storage_name
    assert first.storage_name == f"files/{first.sha256[:2]}/{first.sha256[2:4]}/{first.sha256}.pdf"
    assert len(stored_blobs(media_root)) == 1
    assert first.original_name == "Giấy khai sinh.pdf"
    assert first.created_by == officer
    with file_open(first) as fh:
        assert fh.read() == content


def test_image_is_measured_and_name_gets_the_real_extension():
    # Given a PNG photo whose name claims it is a PDF
    stored = file_store(upload=upload("anh-the.pdf", png_bytes(40, 30)))
    # Then it is kept as a PNG with its pixel size, and the name says .png
    assert (stored.kind, stored.width, stored.height) == ("png", 40, 30)
    assert stored.original_name == "anh-the.pdf.png"


def test_docx_and_xlsx_are_recognised_by_their_parts():
    docx = file_store(upload=upload("don.docx", docx_bytes()))
    assert docx.kind == "docx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    # XLSX only where the caller allows it
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("bang.xlsx", buffer.getvalue()))
    assert refused.value.code == "type_not_allowed"
    xlsx = file_store(
        upload=upload("bang.xlsx", buffer.getvalue()), allowed_kinds=frozenset({"xlsx"})
    )
    assert xlsx.kind == "xlsx"


def test_download_response_serves_the_checked_type_as_attachment():
    stored = file_store(upload=upload("Tờ khai.pdf", pdf_bytes()))
    response = stored_file_response(stored)
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "T%E1%BB%9D%20khai.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- Hostile files: refused, nothing written --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("giay-to.pdf", b"MZ\x90\x00" + b"\0" * 200, "executable"),
        ("giay-to.pdf", b"\x7fELF\x02\x01\x01" + b"\0" * 200, "executable"),
        ("giay-to.pdf", b"\xcf\xfa\xed\xfe" + b"\0" * 200, "executable"),
        ("to-khai.docx", b"#!/bin/sh\nrm -rf /\n", "executable"),
        (
            "anh.png",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>",
            "active_content",
        ),
        ("don.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "active_content"),
        ("don.pdf", b"%PDF-1.7\nthis is not really a pdf\n", "pdf_broken"),
        ("anh.jpg", b"\xff\xd8\xff\xe0" + b"garbage" * 20, "image_broken"),
        ("ghi-chu.pdf", "Chỉ là văn bản thường".encode(), "type_not_allowed"),
        ("rong.pdf", b"", "empty"),
    ],
)
def test_hostile_or_broken_files_are_refused_and_leave_nothing(media_root, name, content, code):
    # When a file of the wrong nature is uploaded under a harmless name
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload(name, content))
    # Then it is refused with the reason, and no row and no file exist
    assert refused.value.code == code
    assert StoredFile.objects.count() == 0
    assert stored_blobs(media_root) == []


def test_refusal_message_names_the_file_and_the_fix():
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("setup.pdf", b"MZ" + b"\0" * 100))
    message = refused.value.messages[0]
    assert "“setup.pdf”" in message
    assert "PDF" in message


def test_oversized_file_is_refused(media_root, settings):
    # Given a 1 MiB limit
    settings.MOTCUA_UPLOAD_MAX_BYTES = 1024 * 1024
    # When a 1.5 MiB PDF arrives
    big = pdf_bytes() + b"%" + b"0" * (1024 * 1024 + 512 * 1024)
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("ho-so-day.pdf", big))
    # Then it is refused before any check runs, saying how large it may be
    assert refused.value.code == "too_large"
    assert "1 MB" in refused.value.messages[0]
    assert StoredFile.objects.count() == 0
    assert stored_blobs(media_root) == []


def test_zip_bomb_named_docx_is_refused(media_root):
    # Given a "DOCX" with a member that inflates 1000-fold (20 MiB of zeros from ~20 KiB)
    bomb = docx_bytes({"word/media/image1.bin": b"\0" * (20 * 1024 * 1024)})
    assert len(bomb) < 100 * 1024
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("hop-dong.docx", bomb))
    assert refused.value.code == "zip_bomb"
    assert StoredFile.objects.count() == 0
    assert stored_blobs(media_root) == []


def test_zip_with_path_traversal_member_is_refused(media_root):
    evil = docx_bytes(raw_names=["../../etc/cron.d/evil"])
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("don.docx", evil))
    assert refused.value.code == "zip_unsafe_name"
    assert stored_blobs(media_root) == []


def test_macro_document_is_refused():
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("don.docx", docx_bytes({"word/vbaProject.bin": b"\0" * 10})))
    assert refused.value.code == "macro"


def test_pdf_bomb_is_refused(media_root):
    # Given a small PDF whose content stream inflates to 2 GiB
    bomb = pdf_bomb(2 * 1024 * 1024 * 1024)
    assert len(bomb) < 4 * 1024 * 1024
    # When it is uploaded, Then the inflation is cut short and the file refused
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("to-khai.pdf", bomb))
    assert refused.value.code == "pdf_bomb"
    assert StoredFile.objects.count() == 0
    assert stored_blobs(media_root) == []


def test_pdf_with_a_modest_compressed_stream_is_fine():
    stored = file_store(upload=upload("to-khai.pdf", pdf_bomb(4 * 1024 * 1024)))
    assert stored.pages == 1


def test_pdf_with_too_many_pages_is_refused(settings):
    settings.MOTCUA_PDF_MAX_PAGES = 3
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("so-tay.pdf", pdf_bytes(pages=4)))
    assert refused.value.code == "pdf_too_many_pages"
    assert "4 trang" in refused.value.messages[0]


def test_png_decompression_bomb_is_refused(media_root):
    # Given a PNG of a few hundred bytes that claims 100,000 × 100,000 pixels
    bomb = png_bomb(100_000, 100_000)
    assert len(bomb) < 2048
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("anh-chan-dung.png", bomb))
    assert refused.value.code == "image_bomb"
    assert StoredFile.objects.count() == 0
    assert stored_blobs(media_root) == []


def test_path_traversal_name_is_reduced_to_a_safe_basename(media_root):
    # When a PDF arrives named ../../etc/passwd.pdf
    stored = file_store(upload=upload("../../etc/passwd.pdf", pdf_bytes()))
    # Then only the base name is kept and the blob sits under MEDIA_ROOT/files
    assert stored.original_name == "passwd.pdf"
    [blob] = stored_blobs(media_root)
    assert blob.resolve().is_relative_to((media_root / "files").resolve())


@pytest.mark.parametrize(
    ("raw", "kind", "expected"),
    [
        ("..\\..\\windows\\system.ini.pdf", "pdf", "system.ini.pdf"),
        ("...hidden.pdf", "pdf", "hidden.pdf"),
        ("bad\x00name\x1f.PDF", "pdf", "badname.pdf"),
        ("ảnh chụp.JPEG", "jpeg", "ảnh chụp.jpeg"),
        ("scan", "png", "scan.png"),
        ("", "pdf", "tep.pdf"),
        ("a" * 400 + ".pdf", "pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_are_sanitised(raw, kind, expected):
    assert sanitize_file_name(raw, kind=kind) == expected


def test_prune_removes_only_unreferenced_old_blobs(media_root):
    import time
    from io import StringIO

    from django.core.management import call_command

    # Given a kept file and a blob left behind by a rolled-back transaction
    kept = file_store(upload=upload("giu-lai.pdf", pdf_bytes()))
    orphan = media_root / "files" / "ff" / "ee" / ("ffee" + "0" * 60 + ".pdf")
    orphan.parent.mkdir(parents=True)
    orphan.write_bytes(b"%PDF-1.7 orphan")
    old = time.time() - 3 * 24 * 3600
    os.utime(orphan, (old, old))
    os.utime(media_root / kept.storage_name, (old, old))
    # When the prune command runs
    out = StringIO()
    call_command("files_prune", stdout=out)
    # Then only the orphan is gone
    assert "removed=1" in out.getvalue()
    assert not orphan.exists()
    assert (media_root / kept.storage_name).exists()


def test_zip_whose_members_add_up_past_the_total_limit_is_refused(monkeypatch):
    from motcua.documents import inspection

    # Given a 2 MiB total limit and a DOCX of three 1 MiB parts that compress poorly
    monkeypatch.setattr(inspection, "ZIP_MAX_TOTAL_BYTES", 2 * 1024 * 1024)
    parts = {f"word/media/image{i}.bin": os.urandom(1024 * 1024) for i in range(3)}
    with pytest.raises(UploadRejected) as refused:
        file_store(upload=upload("nhieu-anh.docx", docx_bytes(parts)))
    assert refused.value.code == "zip_bomb"


def test_a_pdf_bomb_stream_really_inflates_to_what_it_claims():
    assert zlib.decompress(zeros_deflated(3 * 1024 * 1024)) == b"\0" * (3 * 1024 * 1024)
