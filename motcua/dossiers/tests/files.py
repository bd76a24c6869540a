"""Makers of real and hostile files for intake tests and the bench (no fixtures here)."""

from __future__ import annotations

import io
import os
import struct
import zipfile
import zlib


def pdf_bytes(text: str = "Giay to", *, pad_to: int = 0) -> bytes:
    """A valid one-page PDF; ``pad_to`` adds an incompressible image so the file has that size."""
    parts: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    ]
    content = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode("latin-1", "replace")
    resources = b"/Font << /F1 5 0 R >>"
    extra: list[bytes] = []
    if pad_to:
        side = max(1, int(((pad_to - 800) / 3) ** 0.5))
        pixels = os.urandom(side * side * 3)
        resources += b" /XObject << /Im1 6 0 R >>"
        content += b"\nq 200 0 0 200 72 400 cm /Im1 Do Q"
        extra.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB "
            b"/BitsPerComponent 8 /Length %d >>\nstream\n"
            % (side, side, len(pixels))
            + pixels
            + b"\nendstream"
        )
    parts.append(
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << " + resources + b" >> >>"
    )
    parts.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    parts.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    parts.extend(extra)
    return raw_pdf(parts)


def raw_pdf(objects: list[bytes]) -> bytes:
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


def png_bytes(*, pad_to: int = 0, width: int = 60, height: int = 40) -> bytes:
    """A valid PNG; with ``pad_to`` a noise image of about that many bytes."""
    from PIL import Image

    if pad_to:
        side = max(8, int((pad_to / 3) ** 0.5))
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
    else:
        image = Image.new("RGB", (width, height), (20, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def exe_bytes() -> bytes:
    """A Windows executable header (MZ … PE), as a renamed .exe would start."""
    return b"MZ\x90\x00" + b"\x00" * 56 + struct.pack("<I", 64) + b"PE\x00\x00" + b"\x00" * 200


def zip_bomb(total: int = 200 * 1024 * 1024) -> bytes:
    """A DOCX-looking ZIP whose one member inflates to ``total`` zero bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * total)
    return buffer.getvalue()


def pdf_bomb(inflated: int = 512 * 1024 * 1024) -> bytes:
    """A PDF whose content stream inflates to ``inflated`` zero bytes (built fast)."""
    block = 1 << 20
    compressor = zlib.compressobj(9)
    first = compressor.compress(b"\0" * block) + compressor.flush(zlib.Z_FULL_FLUSH)
    header, repeated = first[:2], first[2:]
    count = inflated // block
    checksum = ((count * block) % 65521) << 16 | 1
    tail = zlib.compressobj(9).flush()[2:-4]
    stream = header + repeated * count + tail + struct.pack(">I", checksum)
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


def broken_pdf() -> bytes:
    return b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nthis is not a pdf at all"
