"""Signed electronic results: agency certificates, signing, numbering and verification.

A result signed digitally counts as an original and is pushed to the applicant's e-data
store (DOMAIN.md §5 step 5, §8). The processing work calls, in order:

1. ``result_generate_pdf(template=..., context=...)`` when the procedure's result is a
   generated document (optional: any PDF can be signed);
2. ``result_sign(actor=leader, agency=..., pdf_bytes=..., reason=..., location=...,
   related=("dossier", code))`` → :class:`SignedResult`;
3. ``result_number(actor=clerk, result=...)`` → the register number ("123/KQ-UBND").

A number or a verification code that must be printed on the document itself is reserved
first with ``result_number_next(agency=...)`` / ``result_code_new()`` and passed on
(``context["number"]``, ``context["verification_code"]``, ``result_sign(code=...)``,
``result_number(number=...)``): a signed PDF cannot change afterwards.

``result_verify(pdf_bytes)`` answers anyone (the public page and API): is the signature
intact, does it cover the whole file, was it made with one of our agencies' registered
certificates, and is the file one we issued.

Every state change here is one transaction with a permission check and one audit event.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from cryptography.fernet import InvalidToken
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.documents.models import AgencyCertificate, ResultCounter, SignedResult
from motcua.documents.signing_pdf import PdfSigningError, pdf_sign, pdf_validate
from motcua.documents.signing_pki import (
    BundleError,
    certificate_can_sign,
    certificate_describe,
    certificate_fingerprint,
    certificate_load,
    certificate_pem,
    certificates_from_pem,
    code_new,
    code_normalise,
    configured_trust_roots,
    issuer_in,
    pkcs11_config,
    seal,
    sha256_hex,
    unseal,
)
from motcua.organizations.constants import AgencyKind, Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user, user_can_manage_agency

__all__ = [
    "RESULT_TEMPLATES",
    "VerificationReport",
    "certificate_deactivate",
    "certificate_register_token",
    "certificate_upload",
    "result_code_new",
    "result_generate_pdf",
    "result_number",
    "result_number_next",
    "result_sign",
    "result_verify",
    "result_verify_stored",
    "signing_backend",
]

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
#: Result documents this app renders: template name → title (see ``result_generate_pdf``).
RESULT_TEMPLATES: dict[str, str] = {
    "van_ban_tra_ket_qua": "Văn bản trả kết quả giải quyết thủ tục hành chính",
    "ban_sao_trich_luc": "Bản sao trích lục hộ tịch",
}
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,39}$")
_NUMBER = re.compile(r"^[0-9A-Za-zÀ-ỹĐđ./ _-]{1,60}$")
_PDF_MAX_BYTES_DEFAULT = 10 * 1024 * 1024


# --- Certificates -------------------------------------------------------------------------------

_BUNDLE_MESSAGES = {
    "empty": _lazy(
        "Tệp chứng thư số trống. Hãy chọn tệp .p12 hoặc .pfx do tổ chức cung cấp "
        "dịch vụ chứng thực chữ ký số cấp."
    ),
    "too_large": _lazy(
        "Tệp chứng thư số quá lớn để là một gói PKCS#12 (.p12/.pfx). Hãy chọn đúng "
        "tệp chứng thư của cơ quan."
    ),
    "not_pkcs12": _lazy(
        "Tệp đã chọn không phải gói chứng thư số PKCS#12 (.p12/.pfx). Hãy xuất lại "
        "chứng thư kèm khóa bí mật thành tệp .p12."
    ),
    "wrong_passphrase": _lazy(
        "Mật khẩu của tệp chứng thư số không đúng. Hãy nhập lại mật khẩu "
        "được cấp kèm tệp .p12 (phân biệt chữ hoa, chữ thường)."
    ),
    "no_key": _lazy(
        "Tệp chứng thư số không chứa khóa bí mật nên không ký được. Hãy xuất lại tệp "
        ".p12 có kèm khóa bí mật."
    ),
    "no_certificate": _lazy("Tệp không chứa chứng thư số. Hãy xuất lại tệp .p12 kèm chứng thư."),
    "key_type": _lazy("Loại khóa trong tệp chưa được hỗ trợ. Hãy dùng chứng thư RSA hoặc ECDSA."),
    "key_mismatch": _lazy(
        "Khóa bí mật trong tệp không khớp với chứng thư số. Hãy xuất lại tệp "
        ".p12 từ đúng cặp khóa và chứng thư."
    ),
}


def _require_admin(actor: User | None, agency: Agency) -> None:
    if actor is None:  # system jobs (the demo seed)
        return
    if not user_can_manage_agency(user=actor, agency=agency):
        raise PermissionDenied(_("Chỉ quản trị của cơ quan này được quản lý chứng thư số."))


def _require_role(actor: User, agency: Agency, role: str, message: str) -> None:
    if not agency_list_for_user(user=actor, roles=[role]).filter(pk=agency.pk).exists():
        raise PermissionDenied(message)


def _local(moment: dt.datetime) -> str:
    return date_format(timezone.localtime(moment, LOCAL_TZ), "H:i d/m/Y")


def _check_validity(cert: Any, field_name: str, *, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if cert.not_valid_after_utc <= now:
        raise ValidationError(
            {
                field_name: _(
                    "Chứng thư số đã hết hạn lúc %(when)s. Hãy đề nghị tổ chức chứng thực gia "
                    "hạn hoặc cấp chứng thư mới rồi tải lên tệp mới."
                )
                % {"when": _local(cert.not_valid_after_utc)}
            }
        )
    if cert.not_valid_before_utc > now:
        raise ValidationError(
            {
                field_name: _(
                    "Chứng thư số chỉ có hiệu lực từ %(when)s. Hãy tải lên khi chứng thư đã có "
                    "hiệu lực."
                )
                % {"when": _local(cert.not_valid_before_utc)}
            }
        )
    if not certificate_can_sign(cert):
        raise ValidationError(
            {
                field_name: _(
                    "Chứng thư số này không được phép dùng để ký văn bản (thiếu mục đích "
                    "digitalSignature/nonRepudiation, hoặc là chứng thư của tổ chức cấp). Hãy "
                    "dùng chứng thư ký số của cơ quan."
                )
            }
        )


def _register(
    *,
    actor: User | None,
    agency: Agency,
    cert: Any,
    chain: list[Any],
    field_name: str,
    bundle: tuple[bytes, str] | None,
) -> AgencyCertificate:
    """Shared by both kinds of registration; caller holds the transaction."""
    info = certificate_describe(cert)
    if issuer_in(cert, [*chain, *configured_trust_roots()]) is None:
        raise ValidationError(
            {
                field_name: _(
                    "Không tìm thấy chứng thư của tổ chức cấp (CA) cho chứng thư này. Hãy xuất "
                    "lại tệp kèm cả chuỗi chứng thư, hoặc nhờ quản trị hệ thống khai báo CA "
                    "trong MOTCUA_TRUST_ROOTS."
                )
            }
        )
    if AgencyCertificate.objects.filter(fingerprint=info.fingerprint).exists():
        raise ValidationError(
            {field_name: _("Chứng thư số này đã được đăng ký trước đây; không cần tải lên lại.")}
        )
    previous = list(
        AgencyCertificate.objects.select_for_update().filter(agency=agency, active=True)
    )
    now = timezone.now()
    for old in previous:
        old.active = False
        old.deactivated_at = now
        old.save(update_fields=["active", "deactivated_at"])
        audit_record(
            actor=actor,
            action="certificate.deactivate",
            obj=old,
            agency_id=agency.pk,
            data={"fingerprint": old.fingerprint, "reason": "replaced"},
        )
    record = AgencyCertificate(
        agency=agency,
        bundle_encrypted=seal(bundle[0]) if bundle else None,
        passphrase_encrypted=seal(bundle[1].encode("utf-8")) if bundle else None,
        on_token=bundle is None,
        certificate_pem=certificate_pem(cert),
        chain_pem="".join(certificate_pem(c) for c in chain),
        subject=info.subject,
        subject_common_name=info.common_name,
        issuer=info.issuer,
        serial=info.serial,
        valid_from=info.valid_from,
        valid_to=info.valid_to,
        fingerprint=info.fingerprint,
        active=True,
        uploaded_by=actor if actor is not None and actor.pk else None,
    )
    record.save()
    audit_record(
        actor=actor,
        action="certificate.upload",
        obj=record,
        agency_id=agency.pk,
        data={
            "after": {
                "subject": info.subject,
                "issuer": info.issuer,
                "serial": info.serial,
                "valid_to": info.valid_to,
                "fingerprint": info.fingerprint,
                "on_token": bundle is None,
            }
        },
    )
    return record


@transaction.atomic
def certificate_upload(
    *, actor: User | None, agency: Agency, p12_bytes: bytes, passphrase: str
) -> AgencyCertificate:
    """Register a PKCS#12 bundle as ``agency``'s active signing certificate.

    Checks that it opens with ``passphrase``, holds a private key matching a certificate
    allowed to sign documents, is valid now, and was issued by a CA in the bundle or in
    MOTCUA_TRUST_ROOTS. Errors are ValidationErrors on ``p12_file`` or ``passphrase``.
    The previous active certificate of the agency is deactivated (results it signed stay
    verifiable). Agency administrators only (PermissionDenied).
    """
    from motcua.documents.signing_pki import bundle_open

    _require_admin(actor, agency)
    try:
        bundle = bundle_open(bytes(p12_bytes), passphrase)
    except BundleError as exc:
        raise ValidationError({exc.field: str(_BUNDLE_MESSAGES[exc.code])}) from exc
    _check_validity(bundle.certificate, "p12_file")
    return _register(
        actor=actor,
        agency=agency,
        cert=bundle.certificate,
        chain=bundle.chain,
        field_name="p12_file",
        bundle=(bytes(p12_bytes), passphrase or ""),
    )


@transaction.atomic
def certificate_register_token(
    *, actor: User | None, agency: Agency, certificate_bytes: bytes
) -> AgencyCertificate:
    """Register the public certificate of a key kept on the PKCS#11 token (PEM or DER).

    Used when MOTCUA_PKCS11_MODULE is set: ``result_sign`` then signs on the token and
    accepts only a token certificate registered here as the agency's active one.
    """
    _require_admin(actor, agency)
    try:
        cert = certificate_load(bytes(certificate_bytes))
    except ValueError as exc:
        raise ValidationError(
            {
                "certificate_file": _(
                    "Tệp không phải chứng thư số (PEM hoặc DER). Hãy xuất chứng thư từ thiết "
                    "bị ký thành tệp .cer hoặc .pem."
                )
            }
        ) from exc
    _check_validity(cert, "certificate_file")
    return _register(
        actor=actor, agency=agency, cert=cert, chain=[], field_name="certificate_file", bundle=None
    )


@transaction.atomic
def certificate_deactivate(
    *, actor: User | None, certificate: AgencyCertificate
) -> AgencyCertificate:
    """Stop using a certificate for new signatures (idempotent). Agency administrators."""
    _require_admin(actor, certificate.agency)
    certificate = AgencyCertificate.objects.select_for_update().get(pk=certificate.pk)
    if not certificate.active:
        return certificate
    certificate.active = False
    certificate.deactivated_at = timezone.now()
    certificate.save(update_fields=["active", "deactivated_at"])
    audit_record(
        actor=actor,
        action="certificate.deactivate",
        obj=certificate,
        agency_id=certificate.agency_id,
        data={"fingerprint": certificate.fingerprint, "reason": "manual"},
    )
    return certificate


# --- Signing -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SigningBackend:
    """Where the private key of a signature comes from."""

    kind: str  # "pkcs12" (stored bundle) or "pkcs11" (token)
    certificate: AgencyCertificate | None
    pkcs11: Any = None


def signing_backend(*, agency: Agency) -> SigningBackend:
    """The key that signs for ``agency``: the PKCS#11 token when MOTCUA_PKCS11_MODULE is
    set, otherwise the agency's active stored bundle. ValidationError on ``agency`` when
    there is none."""
    token = pkcs11_config()
    active = AgencyCertificate.objects.filter(agency=agency, active=True).first()
    if token is not None:
        return SigningBackend(kind="pkcs11", certificate=active, pkcs11=token)
    if active is None or active.on_token or not active.bundle_encrypted:
        raise ValidationError(
            {
                "agency": _(
                    "%(agency)s chưa có chứng thư số đang dùng để ký. Quản trị cơ quan cần tải "
                    "lên tệp chứng thư (.p12) tại trang Chứng thư số."
                )
                % {"agency": agency.name}
            }
        )
    return SigningBackend(kind="pkcs12", certificate=active)


def result_code_new() -> str:
    """A fresh public verification code (unused so far) to print on a result before signing."""
    for _attempt in range(20):
        code = code_new()
        if not SignedResult.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not find an unused verification code")  # pragma: no cover


def _check_sign_inputs(
    pdf_bytes: bytes,
    reason: str,
    location: str,
    related: tuple[str, str] | None,
    field_name: str,
    code: str | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    limit = int(getattr(settings, "MOTCUA_UPLOAD_MAX_BYTES", _PDF_MAX_BYTES_DEFAULT))
    if not pdf_bytes or not bytes(pdf_bytes[:1024]).lstrip().startswith(b"%PDF-"):
        errors["pdf"] = [_("Văn bản cần ký phải là tệp PDF. Hãy tạo lại văn bản dạng PDF.")]
    elif len(pdf_bytes) > limit:
        errors["pdf"] = [
            _("Văn bản cần ký quá lớn (tối đa %(mib)s MiB).") % {"mib": limit // (1024 * 1024)}
        ]
    if len(reason) > 255:
        errors["reason"] = [_("Lý do ký dài quá 255 ký tự; hãy rút gọn.")]
    if len(location) > 255:
        errors["location"] = [_("Nơi ký dài quá 255 ký tự; hãy rút gọn.")]
    if related is not None and (
        len(related) != 2 or not related[0] or len(related[0]) > 60 or len(related[1]) > 100
    ):
        errors["related"] = [_("Đối tượng liên quan phải là cặp (loại, mã) ngắn hơn 60/100 ký tự.")]
    if not _FIELD_NAME.match(field_name):
        errors["field_name"] = [_("Tên ô chữ ký chỉ gồm chữ cái, chữ số, gạch dưới (tối đa 40).")]
    if code is not None and (
        code_normalise(code) != code
        or len(code) > 16
        or SignedResult.objects.filter(code=code).exists()
    ):
        errors["code"] = [_("Mã xác thực không hợp lệ hoặc đã dùng; hãy lấy mã mới.")]
    return errors


_SIGNING_MESSAGES = {
    "unreadable": _lazy(
        "Không đọc được tệp PDF cần ký (tệp hỏng hoặc không đúng chuẩn). Hãy tạo lại văn bản PDF."
    ),
    "encrypted": _lazy("Tệp PDF đang đặt mật khẩu nên không ký được. Hãy gỡ mật khẩu rồi thử lại."),
    "field_taken": _lazy("Văn bản đã có chữ ký ở ô này. Hãy dùng tên ô chữ ký khác."),
    "token": _lazy(
        "Không dùng được thiết bị ký số (PKCS#11): kiểm tra thiết bị, khe cắm và mã PIN "
        "trong cấu hình."
    ),
    "tsa": _lazy(
        "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian (MOTCUA_TSA_URL). Hãy "
        "thử lại sau hoặc báo quản trị hệ thống."
    ),
}
_SIGNING_FIELDS = {
    "unreadable": "pdf",
    "encrypted": "pdf",
    "field_taken": "field_name",
    "token": "agency",
    "tsa": "agency",
}


def result_sign(
    *,
    actor: User,
    agency: Agency,
    pdf_bytes: bytes,
    reason: str,
    location: str,
    related: tuple[str, str] | None = None,
    field_name: str = "Signature1",
    stamp: bool = True,
    code: str | None = None,
) -> SignedResult:
    """Sign ``pdf_bytes`` for ``agency`` and record it as an issued result.

    ``actor`` must be a leader of the agency or of an agency above it (PermissionDenied).
    Uses the agency's active certificate (or the PKCS#11 token). PAdES B-B; B-T when
    MOTCUA_TSA_URL is set. ``stamp`` adds a visible stamp (signer, time) in the bottom
    margin of the last page. ``code`` is a verification code reserved with
    :func:`result_code_new` and already printed on the document; otherwise one is drawn.
    Bad input raises ValidationError naming the field (``pdf``, ``reason``, ``location``,
    ``related``, ``field_name``, ``code``, ``agency``); nothing is stored then.
    """
    _require_role(
        actor,
        agency,
        Role.LEADER,
        _("Chỉ lãnh đạo của cơ quan này (hoặc cơ quan cấp trên) được ký kết quả."),
    )
    errors = _check_sign_inputs(pdf_bytes, reason, location, related, field_name, code)
    if errors:
        raise ValidationError(errors)
    backend = signing_backend(agency=agency)
    p12 = passphrase = None
    if backend.kind == "pkcs12":
        assert backend.certificate is not None  # noqa: S101 - signing_backend guarantees it
        _check_validity(certificates_from_pem(backend.certificate.certificate_pem)[0], "agency")
        try:
            p12 = unseal(backend.certificate.bundle_encrypted)
            passphrase = unseal(backend.certificate.passphrase_encrypted).decode("utf-8")
        except InvalidToken as exc:
            raise ValidationError(
                {
                    "agency": _(
                        "Không giải mã được chứng thư số đã lưu: khóa "
                        "MOTCUA_SIGNING_KEY/SECRET_KEY đã đổi. Quản trị hệ thống cần khai báo "
                        "lại khóa cũ (xem docs/signing.md)."
                    )
                }
            ) from exc
    signing_time = timezone.now().astimezone(LOCAL_TZ).replace(microsecond=0)
    signer_name = backend.certificate.subject_common_name if backend.certificate else agency.name
    try:
        made = pdf_sign(
            pdf=bytes(pdf_bytes),
            p12=p12,
            passphrase=passphrase,
            pkcs11=backend.pkcs11,
            agency_code=agency.code,
            signer_name=signer_name,
            reason=reason,
            location=location,
            field_name=field_name,
            signing_time=signing_time,
            stamp=stamp,
            tsa_url=getattr(settings, "MOTCUA_TSA_URL", None),
        )
    except PdfSigningError as exc:
        raise ValidationError(
            {_SIGNING_FIELDS[exc.code]: str(_SIGNING_MESSAGES[exc.code])}
        ) from exc
    info = certificate_describe(made.certificate)
    with transaction.atomic():
        certificate = AgencyCertificate.objects.filter(
            agency=agency, active=True, fingerprint=info.fingerprint
        ).first()
        if certificate is None:  # a token whose certificate was never registered
            raise ValidationError(
                {
                    "agency": _(
                        "Chứng thư trên thiết bị ký chưa được đăng ký là chứng thư đang dùng của "
                        "%(agency)s. Quản trị cơ quan cần đăng ký chứng thư này trước."
                    )
                    % {"agency": agency.name}
                }
            )
        from motcua.documents.services import file_store_bytes

        final_code = code or result_code_new()
        stored = file_store_bytes(
            content=made.pdf, name=f"ket-qua-{final_code}.pdf", created_by=actor
        )
        result = SignedResult.objects.create(
            code=final_code,
            agency=agency,
            stored_file=stored,
            sha256=sha256_hex(made.pdf),
            certificate=certificate,
            certificate_fingerprint=info.fingerprint,
            signer_subject=info.subject,
            signed_at=made.signing_time,
            signed_by=actor,
            reason=reason,
            location=location,
            timestamped=made.timestamped,
            related_type=related[0] if related else "",
            related_id=related[1] if related else "",
        )
        audit_record(
            actor=actor,
            action="result.sign",
            obj=result,
            agency_id=agency.pk,
            data={
                "code": result.code,
                "sha256": result.sha256,
                "certificate": info.fingerprint,
                "related": list(related) if related else None,
            },
        )
    return result


# --- Numbering -----------------------------------------------------------------------------------


def _number_suffix(agency: Agency) -> str:
    """ "KQ-UBND" for people's committees; "KQ-" + initials for offices ("Phòng Tư pháp" → PTP)."""
    if agency.kind in {AgencyKind.PROVINCE, AgencyKind.DISTRICT, AgencyKind.COMMUNE}:
        return "KQ-UBND"
    name = (agency.short_name or agency.name).replace("đ", "d").replace("Đ", "D")
    folded = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = folded.split()
    initials = "".join(w[0] for w in words if w[0].isalpha()).upper()[:6]
    return f"KQ-{initials or 'CQ'}"


def result_number_next(*, agency: Agency) -> str:
    """Hand out the next register number of ``agency`` this year, e.g. "123/KQ-UBND".

    One UPDATE … SET last_number = last_number + 1 on the counter row (locked until the
    caller's transaction ends): two clerks never get the same number. Restarts every year.
    """
    year = timezone.localdate().year
    with transaction.atomic():
        counters = ResultCounter.objects.filter(agency=agency, year=year)
        if not counters.update(last_number=F("last_number") + 1):
            try:
                with transaction.atomic():
                    ResultCounter.objects.create(agency=agency, year=year, last_number=1)
            except IntegrityError:
                counters.update(last_number=F("last_number") + 1)
        number = counters.values_list("last_number", flat=True).get()
    return f"{number}/{_number_suffix(agency)}"


@transaction.atomic
def result_number(*, actor: User, result: SignedResult, number: str | None = None) -> SignedResult:
    """The records clerk enters a signed result in the register.

    ``number`` None: the next number of the agency's counter; otherwise the given number
    (e.g. one reserved with :func:`result_number_next` and printed on the document), unique
    within the agency. Clerks of the result's agency or of an agency above it only.
    ValidationError on ``number`` if it is malformed, taken, or the result is numbered.
    """
    _require_role(
        actor,
        result.agency,
        Role.CLERK,
        _("Chỉ văn thư của cơ quan ban hành được vào số kết quả."),
    )
    result = SignedResult.objects.select_for_update().select_related("agency").get(pk=result.pk)
    if result.number:
        raise ValidationError(
            {"number": _("Kết quả đã được vào số %(n)s; không vào số lại.") % {"n": result.number}}
        )
    if number is not None:
        number = " ".join(number.split())
        if not _NUMBER.match(number):
            raise ValidationError(
                {
                    "number": _(
                        "Số văn bản gồm chữ số, chữ cái, dấu / . - (tối đa 60 ký tự), "
                        "ví dụ 123/KQ-UBND."
                    )
                }
            )
        if SignedResult.objects.filter(agency=result.agency, number=number).exists():
            raise ValidationError(
                {
                    "number": _(
                        "Số %(n)s đã dùng cho một kết quả khác của cơ quan; hãy nhập số "
                        "khác hoặc để trống để lấy số tiếp theo."
                    )
                    % {"n": number}
                }
            )
    else:
        number = result_number_next(agency=result.agency)
        while SignedResult.objects.filter(agency=result.agency, number=number).exists():
            number = result_number_next(agency=result.agency)  # skip numbers typed by hand
    result.number = number
    result.numbered_at = timezone.now()
    result.numbered_by = actor
    result.save(update_fields=["number", "numbered_at", "numbered_by"])
    audit_record(
        actor=actor,
        action="result.number",
        obj=result,
        agency_id=result.agency_id,
        data={"after": {"number": number}},
    )
    return result


# --- Generated result documents ------------------------------------------------------------------


def result_generate_pdf(*, template: str, context: dict[str, Any]) -> bytes:
    """Render a result document (A4, national heading, agency block) to PDF bytes.

    ``template`` is one of :data:`RESULT_TEMPLATES`:

    - ``van_ban_tra_ket_qua`` — generic result: ``procedure_name``, ``dossier_code``,
      ``applicant_name``, ``applicant_address``, ``decision_title`` (default "Kết quả giải
      quyết"), ``decision_text`` (paragraphs separated by blank lines), ``legal_basis``
      (list of texts), ``recipients`` (list: "Nơi nhận").
    - ``ban_sao_trich_luc`` — copy of a civil-status extract: ``extract_title`` (e.g.
      "TRÍCH LỤC KHAI SINH"), ``register_book``, ``register_number``, ``registered_on``,
      ``entries`` (list of dicts ``label``, ``value``), ``requester_name``, ``copies``.

    Shared keys as for slips (``slip_agency_header(agency)`` fills the agency block):
    ``agency_parent_name``, ``agency_name``, ``place``, ``date``, ``number`` (reserved with
    :func:`result_number_next`, else a blank for the clerk), ``signer_title``,
    ``signer_name``, and ``verification_code`` (from :func:`result_code_new`; printed with
    a QR code of the public verification address).
    """
    from weasyprint import HTML

    from motcua.documents.slips import qr_data_uri

    if template not in RESULT_TEMPLATES:
        raise ValueError(
            f"Unknown result template {template!r}; expected one of {', '.join(RESULT_TEMPLATES)}"
        )
    data = dict(context)
    data.setdefault("date", timezone.localdate())
    data.setdefault("title", RESULT_TEMPLATES[template])
    code = data.get("verification_code")
    if code:
        url = verification_url(str(code))
        data["verification_url"] = url
        data["verification_qr"] = qr_data_uri(url)
    text = str(data.get("decision_text") or "")
    data["decision_paragraphs"] = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    with translation.override("vi"):  # official documents are Vietnamese whatever the UI
        html = render_to_string(f"documents/results/{template}.html", data)
    result = HTML(string=html, base_url=None).write_pdf()
    assert result is not None  # noqa: S101 - write_pdf without a target returns bytes
    return bytes(result)


def verification_url(code: str) -> str:
    """Public address that opens a result's verification (printed as a QR code)."""
    base = str(getattr(settings, "MOTCUA_PUBLIC_URL", "")).rstrip("/")
    return f"{base}/xac-thuc/{code}/"


# --- Verification ---------------------------------------------------------------------------------


class VerificationStatus:
    VALID = "valid"  # intact, whole file, one of our agencies' certificates
    INVALID = "invalid"  # altered or broken signature
    UNKNOWN_SIGNER = "unknown_signer"  # intact, but not a certificate registered here
    INCOMPLETE = "incomplete"  # intact, but content was added after signing
    UNSIGNED = "unsigned"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class VerificationReport:
    """What a verification found, in terms a resident can read (see ``status_label``)."""

    status: str
    sha256: str
    signature_count: int = 0
    intact: bool | None = None
    valid: bool | None = None
    trusted: bool | None = None
    covers_whole_file: bool | None = None
    signer_subject: str = ""
    signer_common_name: str = ""
    signing_time: dt.datetime | None = None
    timestamped: bool = False
    certificate_fingerprint: str = ""
    certificate: AgencyCertificate | None = None
    agency: Agency | None = None
    result: SignedResult | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == VerificationStatus.VALID

    @property
    def issued_here(self) -> bool:
        """The file is byte for byte a result this system issued."""
        return self.result is not None

    @property
    def number(self) -> str:
        return self.result.number if self.result is not None else ""

    @property
    def status_label(self) -> str:
        return {
            VerificationStatus.VALID: _("Hợp lệ"),
            VerificationStatus.INVALID: _("Không hợp lệ: văn bản đã bị thay đổi sau khi ký"),
            VerificationStatus.UNKNOWN_SIGNER: _(
                "Không xác nhận được: chữ ký không thuộc cơ quan nào đăng ký trên hệ thống"
            ),
            VerificationStatus.INCOMPLETE: _("Không hợp lệ: có nội dung được thêm vào sau khi ký"),
            VerificationStatus.UNSIGNED: _("Tệp không có chữ ký số"),
            VerificationStatus.UNREADABLE: _("Không đọc được tệp PDF"),
        }[self.status]


def _trust_roots() -> list[Any]:
    """Issuers of every registered certificate (active or not) plus MOTCUA_TRUST_ROOTS."""
    roots: dict[str, Any] = {}
    for cert_pem, chain_pem in AgencyCertificate.objects.values_list(
        "certificate_pem", "chain_pem"
    ):
        leaf = certificates_from_pem(cert_pem)[0]
        chain = certificates_from_pem(chain_pem) if chain_pem else []
        issuer = issuer_in(leaf, chain)
        anchors = chain if issuer is not None and issuer is not leaf else [leaf]
        for cert in anchors:
            roots[certificate_fingerprint(cert)] = cert
    for cert in configured_trust_roots():
        roots[certificate_fingerprint(cert)] = cert
    return list(roots.values())


def result_verify(pdf_bytes: bytes) -> VerificationReport:
    """Check a PDF's signatures and whether it is a result we issued. Never raises for bad
    input: an unreadable or unsigned file gets a report saying so."""
    data = bytes(pdf_bytes)
    digest = sha256_hex(data)
    issued = (
        SignedResult.objects.select_related("agency", "certificate").filter(sha256=digest).first()
    )
    if data.lstrip()[:5] != b"%PDF-":
        return VerificationReport(
            status=VerificationStatus.UNREADABLE,
            sha256=digest,
            problems=[_("Tệp không phải PDF.")],
        )
    # A result we issued is judged at the time we recorded its signature; anything else now.
    checks = pdf_validate(
        pdf=data, trust_roots=_trust_roots(), moment=issued.signed_at if issued else None
    )
    if not checks.readable:
        return VerificationReport(
            status=VerificationStatus.UNREADABLE,
            sha256=digest,
            problems=[_("Tệp PDF bị hỏng hoặc đặt mật khẩu nên không kiểm tra được.")],
        )
    if not checks.signatures:
        return VerificationReport(
            status=VerificationStatus.UNSIGNED,
            sha256=digest,
            problems=[_("Không tìm thấy chữ ký số nào trong tệp.")],
        )
    last = checks.signatures[-1]
    certificate = (
        AgencyCertificate.objects.select_related("agency")
        .filter(fingerprint=last.certificate_fingerprint)
        .first()
        if last.certificate_fingerprint
        else None
    )
    problems: list[str] = []
    broken = [s for s in checks.signatures if not (s.intact and s.valid)]
    if broken:
        status = VerificationStatus.INVALID
        problems.append(
            _("Nội dung văn bản không còn khớp với chữ ký số: tệp đã bị sửa sau khi ký.")
        )
    elif not last.covers_whole_file:
        status = VerificationStatus.INCOMPLETE
        problems.append(_("Chữ ký không bao trùm toàn bộ tệp: có phần được thêm sau khi ký."))
    elif certificate is None or not last.trusted:
        status = VerificationStatus.UNKNOWN_SIGNER
        problems.append(
            _(
                "Chữ ký còn nguyên vẹn nhưng chứng thư ký không phải chứng thư đã đăng ký của cơ "
                "quan nào trên hệ thống, hoặc không còn hiệu lực."
            )
        )
    else:
        status = VerificationStatus.VALID
    return VerificationReport(
        status=status,
        sha256=digest,
        signature_count=len(checks.signatures),
        intact=all(s.intact for s in checks.signatures),
        valid=all(s.valid for s in checks.signatures),
        trusted=last.trusted,
        covers_whole_file=last.covers_whole_file,
        signer_subject=last.signer_subject,
        signer_common_name=last.signer_common_name,
        signing_time=last.signing_time,
        timestamped=last.timestamped,
        certificate_fingerprint=last.certificate_fingerprint,
        certificate=certificate,
        agency=certificate.agency if certificate is not None else None,
        result=issued if status == VerificationStatus.VALID else None,
        problems=problems,
    )


def result_verify_stored(result: SignedResult) -> VerificationReport:
    """Verify the file we keep for ``result`` (the page opened from the printed QR code)."""
    from motcua.documents.services import file_open

    with file_open(result.stored_file) as handle:
        return result_verify(handle.read())
