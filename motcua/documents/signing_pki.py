"""Key material for signed results: opening PKCS#12 bundles, encrypting them at rest,
describing certificates, trust roots, and choosing between a stored bundle and a PKCS#11
token. Pure functions over bytes and settings: no database access here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings

#: Alphabet of public verification codes: no 0/O, 1/I/L, U (read aloud or typed from paper).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10
#: Largest PKCS#12 bundle accepted (real ones are a few KiB).
BUNDLE_MAX_BYTES = 256 * 1024
_HKDF_INFO = b"motcua signed results: PKCS#12 bundles at rest"

SigningKey = (
    rsa.RSAPrivateKey
    | ec.EllipticCurvePrivateKey
    | ed25519.Ed25519PrivateKey
    | (ed448.Ed448PrivateKey)
)


# --- Encryption at rest -----------------------------------------------------------------------


def _fernet_key(secret: str) -> bytes:
    """A Fernet key derived from any secret string (HKDF-SHA256, fixed context)."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return base64.urlsafe_b64encode(raw)


def signing_secrets() -> list[str]:
    """Secrets in order of preference: MOTCUA_SIGNING_KEY, else SECRET_KEY and its fallbacks."""
    configured = [s for s in getattr(settings, "MOTCUA_SIGNING_KEY", []) if s]
    if configured:
        return configured
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def signing_fernet() -> MultiFernet:
    """Encrypts with the first secret, decrypts with any of them (key rotation)."""
    return MultiFernet([Fernet(_fernet_key(s)) for s in signing_secrets()])


def seal(data: bytes) -> bytes:
    return signing_fernet().encrypt(data)


def unseal(token: bytes | memoryview | None) -> bytes:
    """Decrypt a sealed value; InvalidToken when no configured secret opens it."""
    if token is None:
        raise InvalidToken
    return signing_fernet().decrypt(bytes(token))


def reseal(token: bytes | memoryview | None) -> bytes:
    """Re-encrypt a sealed value with the current first secret (``signing_rotate_key``)."""
    if token is None:
        raise InvalidToken
    return signing_fernet().rotate(bytes(token))


__all__ = ["InvalidToken", "reseal", "seal", "unseal"]


# --- Certificates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CertificateInfo:
    subject: str
    common_name: str
    issuer: str
    serial: str
    valid_from: dt.datetime
    valid_to: dt.datetime
    fingerprint: str


def certificate_fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _name_text(name: x509.Name) -> str:
    # Most significant part first, as people read it: "CN=…, O=…, C=VN".
    return ", ".join(attr.rfc4514_string() for attr in reversed(list(name)))


def _common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    if values:
        return str(values[0].value)
    orgs = name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    return str(orgs[0].value) if orgs else _name_text(name)


def certificate_describe(cert: x509.Certificate) -> CertificateInfo:
    return CertificateInfo(
        subject=_name_text(cert.subject)[:500],
        common_name=_common_name(cert.subject)[:255],
        issuer=_name_text(cert.issuer)[:500],
        serial=format(cert.serial_number, "X"),
        valid_from=cert.not_valid_before_utc,
        valid_to=cert.not_valid_after_utc,
        fingerprint=certificate_fingerprint(cert),
    )


def certificate_can_sign(cert: x509.Certificate) -> bool:
    """Key usage allows document signatures (digitalSignature or nonRepudiation).

    A certificate without the key-usage extension places no limit. A CA certificate
    (basicConstraints cA) is not a document signer.
    """
    try:
        basic = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
        if basic.ca:
            return False
    except x509.ExtensionNotFound:
        pass
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.digital_signature or usage.content_commitment)


def certificate_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def certificates_from_pem(text: str | bytes) -> list[x509.Certificate]:
    data = text.encode("ascii") if isinstance(text, str) else text
    if not data.strip():
        return []
    return list(x509.load_pem_x509_certificates(data))


def certificate_load(data: bytes) -> x509.Certificate:
    """One certificate from PEM or DER bytes; ValueError if it is neither."""
    if b"-----BEGIN" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    """``issuer``'s key really signed ``cert`` (names match and the signature verifies)."""
    try:
        cert.verify_directly_issued_by(issuer)
    except Exception:  # noqa: BLE001 - any failure means "no"
        return False
    return True


# --- PKCS#12 bundles ---------------------------------------------------------------------------


class BundleError(ValueError):
    """Why a PKCS#12 bundle cannot be used; ``field`` names the input to fix."""

    def __init__(self, code: str, field: str) -> None:
        super().__init__(code)
        self.code = code
        self.field = field


@dataclass(frozen=True)
class Bundle:
    key: SigningKey
    certificate: x509.Certificate
    chain: list[x509.Certificate]


def _looks_like_pkcs12(data: bytes) -> bool:
    try:
        from asn1crypto import pkcs12 as asn1_pkcs12

        parsed = asn1_pkcs12.Pfx.load(data)
        parsed["auth_safe"]["content_type"].native  # noqa: B018 - forces the parse
    except Exception:  # noqa: BLE001 - anything unparsable is "not a bundle"
        return False
    return True


def _same_public_key(key: Any, cert: x509.Certificate) -> bool:
    fmt = serialization.PublicFormat.SubjectPublicKeyInfo
    enc = serialization.Encoding.DER
    return bool(key.public_key().public_bytes(enc, fmt) == cert.public_key().public_bytes(enc, fmt))


def bundle_open(data: bytes, passphrase: str | None) -> Bundle:
    """Open a PKCS#12 bundle; BundleError with the field to blame when it cannot be used."""
    if not data:
        raise BundleError("empty", "p12_file")
    if len(data) > BUNDLE_MAX_BYTES:
        raise BundleError("too_large", "p12_file")
    password = passphrase.encode("utf-8") if passphrase else None
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except (ValueError, TypeError) as exc:
        if not _looks_like_pkcs12(data):
            raise BundleError("not_pkcs12", "p12_file") from exc
        raise BundleError("wrong_passphrase", "passphrase") from exc
    if key is None:
        raise BundleError("no_key", "p12_file")
    if cert is None:
        raise BundleError("no_certificate", "p12_file")
    if not isinstance(
        key,
        rsa.RSAPrivateKey
        | ec.EllipticCurvePrivateKey
        | ed25519.Ed25519PrivateKey
        | ed448.Ed448PrivateKey,
    ):
        raise BundleError("key_type", "p12_file")
    if not _same_public_key(key, cert):
        raise BundleError("key_mismatch", "p12_file")
    return Bundle(key=key, certificate=cert, chain=list(extra))


# --- Trust ------------------------------------------------------------------------------------


def configured_trust_roots() -> list[x509.Certificate]:
    """CA certificates of the MOTCUA_TRUST_ROOTS PEM file (none when unset)."""
    path = getattr(settings, "MOTCUA_TRUST_ROOTS", None)
    if not path:
        return []
    return certificates_from_pem(Path(path).read_bytes())


def issuer_in(
    cert: x509.Certificate, candidates: list[x509.Certificate]
) -> x509.Certificate | None:
    """The certificate among ``candidates`` (or ``cert`` itself, if self-issued) that signed it."""
    for candidate in [*candidates, cert]:
        if candidate.subject == cert.issuer and issued_by(cert, candidate):
            return candidate
    return None


# --- Public codes ------------------------------------------------------------------------------


def code_new() -> str:
    """A random public verification code, e.g. "7KQ2MX9PTA" (about 49 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_normalise(raw: str) -> str:
    """Codes are typed from paper: ignore case, spaces and dashes."""
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Where the private key is -------------------------------------------------------------------


@dataclass(frozen=True)
class Pkcs11Config:
    module: str
    token_label: str | None
    slot: int | None
    pin: str | None
    key_label_template: str

    def key_label(self, agency_code: str) -> str:
        return self.key_label_template.replace("{agency}", agency_code)


def pkcs11_config() -> Pkcs11Config | None:
    """The PKCS#11 token settings, or None when results are signed with stored bundles."""
    module = getattr(settings, "MOTCUA_PKCS11_MODULE", None)
    if not module:
        return None
    slot_raw = getattr(settings, "MOTCUA_PKCS11_SLOT", None)
    try:
        slot = int(slot_raw) if slot_raw not in (None, "") else None
    except ValueError as exc:
        raise ValueError(f"MOTCUA_PKCS11_SLOT must be a whole number, got {slot_raw!r}") from exc
    return Pkcs11Config(
        module=module,
        token_label=getattr(settings, "MOTCUA_PKCS11_TOKEN_LABEL", None) or None,
        slot=slot,
        pin=getattr(settings, "MOTCUA_PKCS11_PIN", None) or None,
        key_label_template=getattr(settings, "MOTCUA_PKCS11_KEY_LABEL", "{agency}") or "{agency}",
    )
