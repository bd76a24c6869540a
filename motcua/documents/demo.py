"""Demo signing certificates: the district (hbt) and ward Bạch Đằng get a certificate issued
by a demo CA, all labelled "CHỈ DÙNG THỬ NGHIỆM" (for demonstration only).

The demo CA is generated once and kept in MOTCUA_VAR_DIR/demo-signing-ca/ (outside git), so
running the seed again reuses it; an agency that already has a certificate is left alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cryptography import x509
from django.conf import settings
from django.db import transaction

from motcua.documents.models import AgencyCertificate
from motcua.documents.pki_issue import (
    Issued,
    ca_issue,
    key_load,
    key_pem,
    pkcs12_bundle,
    signer_issue,
)
from motcua.documents.signing import certificate_upload
from motcua.documents.signing_pki import certificate_pem
from motcua.organizations.models import Agency

DEMO_LABEL = "CHỈ DÙNG THỬ NGHIỆM"
DEMO_CA_NAME = f"CA motcua – {DEMO_LABEL}"  # in the issuer of every demo certificate
DEMO_AGENCIES = ("hbt", "hbt-bach-dang")
_DEMO_BUNDLE_PASSPHRASE = "motcua-demo-chung-thu"


def _ca_dir() -> Path:
    return Path(settings.VAR_DIR) / "demo-signing-ca"


def demo_ca() -> Issued:
    """The demo CA, created on first use and read back afterwards."""
    folder = _ca_dir()
    cert_path, key_path = folder / "ca.pem", folder / "ca-key.pem"
    if cert_path.exists() and key_path.exists():
        return Issued(
            key=key_load(key_path.read_bytes()),
            certificate=x509.load_pem_x509_certificate(cert_path.read_bytes()),
        )
    folder.mkdir(parents=True, exist_ok=True)
    ca = ca_issue(common_name=DEMO_CA_NAME, organisation=f"motcua ({DEMO_LABEL})")
    key_path.write_bytes(key_pem(ca.key))
    key_path.chmod(0o600)
    cert_path.write_text(certificate_pem(ca.certificate))
    return ca


def _fit(text: str, limit: int = 64) -> str:
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text.strip()


@transaction.atomic
def _seed_agency(agency: Agency, ca: Issued) -> bool:
    if AgencyCertificate.objects.filter(agency=agency).exists():
        return False
    name = agency.name.replace("Ủy ban nhân dân", "UBND")
    signer = signer_issue(
        ca=ca,
        common_name=_fit(f"{name} (THỬ NGHIỆM)"),  # X.509 names hold at most 64 bytes
        organisation=f"motcua – {DEMO_LABEL}",
    )
    bundle = pkcs12_bundle(signer=signer, ca=ca, passphrase=_DEMO_BUNDLE_PASSPHRASE)
    certificate_upload(
        actor=None, agency=agency, p12_bytes=bundle, passphrase=_DEMO_BUNDLE_PASSPHRASE
    )
    return True


def seed_demo_data(*, agencies: dict[str, Agency], stdout: Any) -> None:
    ca = demo_ca()
    created = [
        code for code in DEMO_AGENCIES if code in agencies and _seed_agency(agencies[code], ca)
    ]
    stdout.write(
        f"signing: demo certificates ({DEMO_LABEL}) for {', '.join(DEMO_AGENCIES)}"
        f"{' (new: ' + ', '.join(created) + ')' if created else ' (already there)'}"
    )
