"""pyHanko mechanics over bytes: sign a PDF (PAdES B-B, or B-T with a time-stamping
authority) and validate the signatures of a PDF. No database access: the services in
:mod:`motcua.documents.signing` decide who signs with which key and what the result means.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import tempfile
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from motcua.documents.signing_pki import Pkcs11Config, certificate_fingerprint

T = TypeVar("T")

#: Stamp box in the bottom margin of the last page (points from the lower-left corner): the
#: slip layout keeps 20 mm (57 pt) free there, so the stamp never covers the text.
_STAMP_HEIGHT = 46
_STAMP_WIDTH = 250
_STAMP_BOTTOM = 6
_STAMP_RIGHT_MARGIN = 42


class PdfSigningError(ValueError):
    """The PDF cannot be signed; ``code`` says why (``unreadable``, ``encrypted``,
    ``field_taken``, ``token``, ``tsa``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def run_async(coro: Coroutine[Any, Any, T]) -> T:
    """Run a pyHanko coroutine from synchronous code, even under a running event loop
    (ASGI, or a test driving a browser): then it runs on a short-lived worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


# --- Signing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureMade:
    pdf: bytes
    certificate: x509.Certificate
    signing_time: dt.datetime
    timestamped: bool


_STAMP_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
@page {{ size: {w}pt {h}pt; margin: 0; }}
html {{ font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 7.2pt;
        line-height: 1.3; color: #0b3d91; }}
body {{ margin: 0; }}
div.box {{ box-sizing: border-box; width: {w}pt; height: {h}pt; border: 1pt solid #0b3d91;
          padding: 2.5pt 4pt; overflow: hidden; }}
p {{ margin: 0; white-space: nowrap; overflow: hidden; }}
</style></head><body><div class="box">{lines}</div></body></html>"""


def _stamp_pdf(lines: list[str]) -> bytes:
    """The visible stamp drawn by WeasyPrint (real Vietnamese shaping from the system
    fonts), imported by pyHanko as the signature appearance."""
    from html import escape

    from weasyprint import HTML

    html = _STAMP_HTML.format(
        w=_STAMP_WIDTH,
        h=_STAMP_HEIGHT,
        lines="".join(f"<p>{escape(line)}</p>" for line in lines if line),
    )
    pdf = HTML(string=html, base_url=None).write_pdf()
    assert pdf is not None  # noqa: S101 - write_pdf without a target returns bytes
    return bytes(pdf)


@contextmanager
def _stamp_style(lines: list[str]) -> Iterator[Any]:
    from pyhanko.pdf_utils.content import ImportedPdfPage
    from pyhanko.stamp import StaticStampStyle

    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(_stamp_pdf(lines))
        handle.flush()
        page = ImportedPdfPage(handle.name)  # type: ignore[no-untyped-call]
        yield StaticStampStyle(background=page, border_width=0)


def _field_spec(pdf: bytes, field_name: str) -> Any:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import SigFieldSpec

    reader = PdfFileReader(io.BytesIO(pdf), strict=False)
    pages = reader.root["/Pages"]
    last = reader.find_page_for_modification(  # type: ignore[no-untyped-call]
        int(pages["/Count"]) - 1
    )[0].get_object()
    box = [float(v) for v in last.get("/MediaBox", [0, 0, 595, 842])]
    right = box[2] - _STAMP_RIGHT_MARGIN
    return SigFieldSpec(
        sig_field_name=field_name,
        on_page=-1,
        box=(
            int(right - _STAMP_WIDTH),
            int(box[1] + _STAMP_BOTTOM),
            int(right),
            int(box[1] + _STAMP_BOTTOM + _STAMP_HEIGHT),
        ),
    )


def _timed_signer_class() -> type:
    from pyhanko.sign.signers import PdfSigner

    class TimedPdfSigner(PdfSigner):
        """Writes the signing time we chose (aware, Asia/Ho_Chi_Minh) into the signature
        dictionary and the stamp, instead of the server's local clock zone."""

        signing_time: dt.datetime

        def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
            session = super().init_signing_session(
                pdf_out, existing_fields_only=existing_fields_only
            )
            session.system_time = self.signing_time
            return session

    return TimedPdfSigner


@contextmanager
def _pkcs11_signer(config: Pkcs11Config, agency_code: str) -> Iterator[Any]:
    try:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session
    except ImportError as exc:  # python-pkcs11 missing
        raise PdfSigningError("token", "python-pkcs11 is not installed") from exc
    label = config.key_label(agency_code)
    try:
        session = open_pkcs11_session(
            config.module,
            slot_no=config.slot,
            token_criteria=TokenCriteria(label=config.token_label) if config.token_label else None,
            user_pin=config.pin,
        )
    except Exception as exc:  # noqa: BLE001 - library, slot or PIN problems all read alike
        raise PdfSigningError("token", str(exc)) from exc
    try:
        yield PKCS11Signer(session, key_label=label, cert_label=label)
    finally:
        session.close()


def _bundle_signer(p12: bytes, passphrase: str | None) -> Any:
    from pyhanko.sign.signers import SimpleSigner

    return SimpleSigner.load_pkcs12_data(
        p12, other_certs=[], passphrase=passphrase.encode("utf-8") if passphrase else None
    )


def pdf_sign(
    *,
    pdf: bytes,
    p12: bytes | None,
    passphrase: str | None,
    pkcs11: Pkcs11Config | None,
    agency_code: str,
    signer_name: str,
    reason: str,
    location: str,
    field_name: str,
    signing_time: dt.datetime,
    stamp: bool,
    tsa_url: str | None,
) -> SignatureMade:
    """Sign ``pdf`` with the PKCS#12 bundle's key or, when ``pkcs11`` is given, the token's.

    PAdES baseline B-B (sub-filter ETSI.CAdES.detached, SHA-256); B-T when ``tsa_url`` is
    given. Nothing touches the network unless ``tsa_url`` is set.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.sign.fields import SigSeedSubFilter
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers import PdfSignatureMetadata

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise PdfSigningError("unreadable", str(exc)) from exc
    if writer.prev.encrypted:
        raise PdfSigningError("encrypted")
    try:
        spec = _field_spec(pdf, field_name) if stamp else None
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise PdfSigningError("unreadable", str(exc)) from exc
    meta = PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        subfilter=SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    stamp_lines = [
        f"Ký số bởi: {signer_name}",
        "Thời gian ký: " + signing_time.strftime("%H:%M:%S ngày %d/%m/%Y (GMT%z)"),
        f"Lý do: {reason}" if reason else "",
    ]

    async def sign(signer: Any, style: Any) -> bytes:
        pdf_signer_class = _timed_signer_class()
        kwargs: dict[str, Any] = {"new_field_spec": spec}
        if style is not None:
            kwargs["stamp_style"] = style
        if tsa_url:
            import aiohttp
            from pyhanko.sign.timestamps.aiohttp_client import HTTPTimeStamper

            async with aiohttp.ClientSession() as http:
                kwargs["timestamper"] = HTTPTimeStamper(tsa_url, session=http, timeout=15)
                pdf_signer = pdf_signer_class(meta, signer, **kwargs)
                pdf_signer.signing_time = signing_time
                out = await pdf_signer.async_sign_pdf(writer)
        else:
            pdf_signer = pdf_signer_class(meta, signer, **kwargs)
            pdf_signer.signing_time = signing_time
            out = await pdf_signer.async_sign_pdf(writer)
        return bytes(out.getvalue())

    def run(signer: Any) -> bytes:
        try:
            if not stamp:
                return run_async(sign(signer, None))
            with _stamp_style(stamp_lines) as style:
                return run_async(sign(signer, style))
        except SigningError as exc:
            message = str(exc)
            if "already" in message.lower() or "filled" in message.lower():
                raise PdfSigningError("field_taken", message) from exc
            raise PdfSigningError("tsa" if tsa_url else "unreadable", message) from exc
        except (PdfError, KeyError, TypeError, AttributeError) as exc:
            raise PdfSigningError("unreadable", str(exc)) from exc
        except OSError as exc:  # the TSA could not be reached
            raise PdfSigningError("tsa", str(exc)) from exc

    if pkcs11 is not None:
        with _pkcs11_signer(pkcs11, agency_code) as signer:
            signed = run(signer)
            cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
    else:
        if p12 is None:
            raise PdfSigningError("token", "no key material")
        signer = _bundle_signer(p12, passphrase)
        signed = run(signer)
        cert = x509.load_der_x509_certificate(signer.signing_cert.dump())
    return SignatureMade(
        pdf=signed, certificate=cert, signing_time=signing_time, timestamped=bool(tsa_url)
    )


# --- Validation ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureCheck:
    """What pyHanko found about one signature of a PDF."""

    field_name: str
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    bottom_line: bool
    signer_subject: str
    signer_common_name: str
    certificate_fingerprint: str
    signing_time: dt.datetime | None
    timestamped: bool
    error: str = ""


@dataclass(frozen=True)
class PdfChecks:
    readable: bool
    signatures: list[SignatureCheck] = field(default_factory=list)
    error: str = ""


def pdf_validate(
    *, pdf: bytes, trust_roots: list[x509.Certificate], moment: dt.datetime | None = None
) -> PdfChecks:
    """Validate every (non-timestamp) signature in ``pdf`` against ``trust_roots``.

    No network: certificates are never fetched and revocation is soft-fail. ``moment`` is
    the time at which certificates must have been valid (default: now).
    """
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.pdf_embedded import async_validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from motcua.documents.signing_pki import certificate_describe

    der_roots = [
        asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in trust_roots
    ]
    usage = KeyUsageConstraints(key_usage={"digital_signature", "non_repudiation"})
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        if reader.encrypted:
            return PdfChecks(readable=False, error="encrypted")
        embedded = list(reader.embedded_regular_signatures)
    except (PdfError, ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        return PdfChecks(readable=False, error=str(exc))

    async def check_all() -> list[SignatureCheck]:
        checks = []
        for sig in embedded:
            context = ValidationContext(
                trust_roots=der_roots,
                allow_fetching=False,
                revocation_mode="soft-fail",
                moment=moment,
            )
            name = str(sig.field_name or "")
            try:
                status = await async_validate_pdf_signature(
                    sig, signer_validation_context=context, key_usage_settings=usage
                )
            except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError) as exc:
                checks.append(_broken_check(sig, name, str(exc)))
                continue
            cert = x509.load_der_x509_certificate(status.signing_cert.dump())
            info = certificate_describe(cert)
            checks.append(
                SignatureCheck(
                    field_name=name,
                    intact=bool(status.intact),
                    valid=bool(status.valid),
                    trusted=bool(status.trusted),
                    covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                    bottom_line=bool(status.bottom_line),
                    signer_subject=info.subject,
                    signer_common_name=info.common_name,
                    certificate_fingerprint=info.fingerprint,
                    signing_time=status.signer_reported_dt,
                    timestamped=status.timestamp_validity is not None,
                )
            )
        return checks

    try:
        return PdfChecks(readable=True, signatures=run_async(check_all()))
    except (PdfError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return PdfChecks(readable=False, error=str(exc))


def _broken_check(sig: Any, name: str, error: str) -> SignatureCheck:
    """A signature pyHanko could not evaluate at all: counted as failed, signer if readable."""
    subject = common_name = fingerprint = ""
    try:
        from motcua.documents.signing_pki import certificate_describe

        cert = x509.load_der_x509_certificate(sig.signer_cert.dump())
        info = certificate_describe(cert)
        subject, common_name = info.subject, info.common_name
        fingerprint = certificate_fingerprint(cert)
    except Exception:  # noqa: BLE001, S110 - the signer is unknown; the check still fails
        pass
    return SignatureCheck(
        field_name=name,
        intact=False,
        valid=False,
        trusted=False,
        covers_whole_file=False,
        bottom_line=False,
        signer_subject=subject,
        signer_common_name=common_name,
        certificate_fingerprint=fingerprint,
        signing_time=None,
        timestamped=False,
        error=error,
    )
