"""Signed electronic results: certificates, signing, numbering, verification."""

from __future__ import annotations

import io
import os
import shutil
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from motcua.core.models import AuditEvent
from motcua.documents import signing
from motcua.documents.models import AgencyCertificate, SignedResult, StoredFile
from motcua.documents.services import file_open

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing_files")]


@pytest.fixture
def demo_org(signing_world: dict[str, Any], db: Any) -> dict[str, Any]:
    """The demo organisation, shared by the module (see ``signing_world``)."""
    return signing_world


def _upload(
    user_named: Any,
    demo_org: Any,
    bundle: bytes,
    passphrase: str,
    *,
    agency: str = "hbt-bach-dang",
    admin: str = "quantri.bachdang",
) -> AgencyCertificate:
    return signing.certificate_upload(
        actor=user_named(admin), agency=demo_org[agency], p12_bytes=bundle, passphrase=passphrase
    )


def _sign(
    user_named: Any,
    demo_org: Any,
    pdf: bytes,
    *,
    leader: str = "chutich.bachdang",
    agency: str = "hbt-bach-dang",
    **kwargs: Any,
) -> SignedResult:
    return signing.result_sign(
        actor=user_named(leader),
        agency=demo_org[agency],
        pdf_bytes=pdf,
        reason="Phê duyệt kết quả giải quyết",
        location="Hà Nội",
        **kwargs,
    )


def _bytes(result: SignedResult) -> bytes:
    with file_open(result.stored_file) as handle:
        return handle.read()


@pytest.fixture
def bach_dang_signed(demo_org: Any, user_named: Any, test_pki: Any, sample_pdf: bytes) -> Any:
    """Ward Bạch Đằng has a certificate and its chair signed one result for a dossier."""
    _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase)
    return _sign(user_named, demo_org, sample_pdf, related=("dossier", "000.00.07.H26-230519-0001"))


def test_signed_result_validates_with_pyhanko_intact_trusted_whole_file(
    bach_dang_signed: SignedResult, test_pki: Any
) -> None:
    # given a result signed by the ward chair with the ward's certificate
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    signed = _bytes(bach_dang_signed)
    # when pyHanko's own validator checks it against our throwaway CA only
    root = asn1_x509.Certificate.load(
        test_pki.ca.certificate.public_bytes(serialization.Encoding.DER)
    )
    embedded = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    status = validate_pdf_signature(
        embedded[0], ValidationContext(trust_roots=[root], allow_fetching=False)
    )
    # then the signature is intact, valid, trusted and covers the entire file
    assert len(embedded) == 1
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert embedded[0].sig_object["/Reason"] == "Phê duyệt kết quả giải quyết"
    assert embedded[0].sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    # and the record says what a verifier needs, pointing to the dossier
    assert bach_dang_signed.sha256 == __import__("hashlib").sha256(signed).hexdigest()
    assert len(bach_dang_signed.code) == 10
    assert "UBND phường Bạch Đằng" in bach_dang_signed.signer_subject
    assert (bach_dang_signed.related_type, bach_dang_signed.related_id) == (
        "dossier",
        "000.00.07.H26-230519-0001",
    )
    assert bach_dang_signed.number == ""
    assert AuditEvent.objects.filter(
        action="result.sign", object_id=str(bach_dang_signed.pk)
    ).exists()


def test_visible_stamp_names_signer_and_time(bach_dang_signed: SignedResult) -> None:
    # given a signed result
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(_bytes(bach_dang_signed)))
    # when a reader looks at the signature widget's appearance
    widget = next(
        a.get_object() for a in reader.pages[-1]["/Annots"] if a.get_object()["/FT"] == "/Sig"
    )
    # then it is a visible box in the bottom margin of the last page
    x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
    assert x2 - x1 > 100
    assert y2 <= 57
    assert "/AP" in widget


def test_our_verification_says_valid_with_agency_and_time(bach_dang_signed: SignedResult) -> None:
    # when the issued file is verified
    report = signing.result_verify(_bytes(bach_dang_signed))
    # then it is valid, from ward Bạch Đằng, signed when we recorded, and ours
    assert report.ok
    assert report.status_label == "Hợp lệ"
    assert report.intact
    assert report.valid
    assert report.trusted
    assert report.covers_whole_file
    assert report.agency is not None
    assert report.agency.code == "hbt-bach-dang"
    assert report.signing_time == bach_dang_signed.signed_at
    assert report.result == bach_dang_signed


def test_one_changed_byte_fails(bach_dang_signed: SignedResult) -> None:
    # given the signed file with ONE byte changed inside the signed content
    signed = bytearray(_bytes(bach_dang_signed))
    at = signed.index(b"/Producer") + 12
    signed[at] ^= 0x01
    # when it is verified
    report = signing.result_verify(bytes(signed))
    # then the digest no longer matches: not intact, FAILED, and not one of our results
    assert report.intact is False
    assert not report.ok
    assert report.status == "invalid"
    assert "thay đổi" in report.status_label
    assert report.result is None


def test_unsigned_and_garbage_files_get_a_plain_answer(sample_pdf: bytes) -> None:
    # when an unsigned PDF and something that is not a PDF are verified
    unsigned = signing.result_verify(sample_pdf)
    garbage = signing.result_verify(b"MZ\x90\x00 not a pdf")
    broken = signing.result_verify(b"%PDF-1.7\n garbage without structure")
    # then each says so, without an exception
    assert unsigned.status == "unsigned"
    assert not unsigned.ok
    assert garbage.status == "unreadable"
    assert broken.status == "unreadable"


def test_expired_certificate_is_refused_at_upload(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    # when the ward administrator uploads an expired certificate
    with pytest.raises(ValidationError) as caught:
        _upload(user_named, demo_org, test_pki.expired, test_pki.passphrase)
    # then the error names the file field and says it expired; nothing is kept
    assert "đã hết hạn" in caught.value.message_dict["p12_file"][0]
    assert not AgencyCertificate.objects.exists()


def test_wrong_passphrase_is_refused_on_the_passphrase_field(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    # when the passphrase is wrong
    with pytest.raises(ValidationError) as caught:
        _upload(user_named, demo_org, test_pki.bach_dang, "sai-mật-khẩu")
    # then the passphrase field is blamed, not the file
    assert set(caught.value.message_dict) == {"passphrase"}
    assert "Mật khẩu" in caught.value.message_dict["passphrase"][0]
    assert not AgencyCertificate.objects.exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"this is not a certificate", "không phải gói chứng thư"),
        (b"", "trống"),
    ],
)
def test_not_a_bundle_is_refused_on_the_file_field(
    demo_org: Any, user_named: Any, content: bytes, words: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        _upload(user_named, demo_org, content, "x")
    assert words in caught.value.message_dict["p12_file"][0]


def test_certificate_not_for_document_signing_is_refused(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    with pytest.raises(ValidationError) as caught:
        _upload(user_named, demo_org, test_pki.not_for_signing, test_pki.passphrase)
    assert "không được phép dùng để ký" in caught.value.message_dict["p12_file"][0]


def test_only_the_agency_administrator_uploads(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    # the ward chair (a leader, not an administrator) and another ward's administrator
    for username in ("chutich.bachdang", "quantri.minhkhai"):
        with pytest.raises(PermissionDenied):
            _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase, admin=username)
    # the district administrator may, for a ward of the district
    cert = _upload(
        user_named, demo_org, test_pki.bach_dang, test_pki.passphrase, admin="quantri.hbt"
    )
    assert cert.active
    assert cert.uploaded_by == user_named("quantri.hbt")


def test_bundle_is_encrypted_at_rest(demo_org: Any, user_named: Any, test_pki: Any) -> None:
    # when a bundle is uploaded
    cert = _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase)
    stored = bytes(AgencyCertificate.objects.get(pk=cert.pk).bundle_encrypted)
    # then neither the bundle nor its passphrase is readable in the database
    assert test_pki.bach_dang not in stored
    assert test_pki.bach_dang[:64] not in stored
    assert test_pki.passphrase.encode() not in bytes(cert.passphrase_encrypted)
    assert signing.unseal(stored) == test_pki.bach_dang


def test_a_ward_leader_cannot_sign_with_another_wards_certificate(
    demo_org: Any, user_named: Any, test_pki: Any, sample_pdf: bytes
) -> None:
    # given ward Nguyễn Du has a certificate (registered by the district administrator)
    _upload(
        user_named,
        demo_org,
        test_pki.nguyen_du,
        test_pki.passphrase,
        agency="hbt-nguyen-du",
        admin="quantri.hbt",
    )
    # when the chair of ward Bạch Đằng tries to sign for Nguyễn Du
    with pytest.raises(PermissionDenied):
        _sign(user_named, demo_org, sample_pdf, agency="hbt-nguyen-du")
    # then nothing was signed or stored
    assert not SignedResult.objects.exists()
    # and neither a specialist nor a clerk may sign for their own agency
    for username in ("tuphap.bachdang", "vanthu.hbt"):
        with pytest.raises(PermissionDenied):
            _sign(user_named, demo_org, sample_pdf, leader=username)


def test_the_district_leader_signs_for_a_ward_with_the_wards_certificate(
    demo_org: Any, user_named: Any, test_pki: Any, sample_pdf: bytes
) -> None:
    _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase)
    result = _sign(user_named, demo_org, sample_pdf, leader="lanhdao.hbt")
    assert result.agency.code == "hbt-bach-dang"
    assert result.certificate.agency.code == "hbt-bach-dang"


def test_signing_without_a_certificate_names_the_agency(
    demo_org: Any, user_named: Any, sample_pdf: bytes
) -> None:
    with pytest.raises(ValidationError) as caught:
        _sign(user_named, demo_org, sample_pdf)
    assert "chưa có chứng thư số" in caught.value.message_dict["agency"][0]


def test_bad_input_to_signing_names_the_field_and_stores_nothing(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase)
    with pytest.raises(ValidationError) as caught:
        _sign(user_named, demo_org, b"PK\x03\x04 a zip, not a pdf", field_name="bad name!")
    assert {"pdf", "field_name"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        _sign(user_named, demo_org, b"%PDF-1.7\n%%EOF broken")
    assert "Không đọc được tệp PDF" in caught.value.message_dict["pdf"][0]
    assert not SignedResult.objects.exists()
    assert not StoredFile.objects.exists()


def test_a_new_certificate_replaces_the_old_and_old_results_stay_valid(
    bach_dang_signed: SignedResult, demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    # when the ward uploads a renewed certificate
    new = _upload(user_named, demo_org, test_pki.bach_dang_renewed, test_pki.passphrase)
    old = AgencyCertificate.objects.get(pk=bach_dang_signed.certificate_id)
    # then only the new one is active, and the old result still verifies
    assert new.active
    assert not old.active
    assert old.deactivated_at is not None
    assert signing.result_verify(_bytes(bach_dang_signed)).ok
    # and after deactivating the new one, signing is refused until another is uploaded
    signing.certificate_deactivate(actor=user_named("quantri.bachdang"), certificate=new)
    with pytest.raises(ValidationError):
        _sign(user_named, demo_org, b"%PDF-1.7")


def test_clerk_numbers_results_in_order_and_the_number_is_verifiable(
    bach_dang_signed: SignedResult, demo_org: Any, user_named: Any, sample_pdf: bytes
) -> None:
    clerk = user_named("vanthu.hbt")  # the district clerk covers the ward
    # when the clerk numbers two results without giving a number
    first = signing.result_number(actor=clerk, result=bach_dang_signed)
    second = signing.result_number(actor=clerk, result=_sign(user_named, demo_org, sample_pdf))
    # then they get the next numbers of the ward's register, with who and when
    assert (first.number, second.number) == ("1/KQ-UBND", "2/KQ-UBND")
    assert first.numbered_by == clerk
    assert first.numbered_at is not None
    # and the verification of the file shows the number
    assert signing.result_verify(_bytes(first)).number == "1/KQ-UBND"
    # and a result is numbered once only
    with pytest.raises(ValidationError) as caught:
        signing.result_number(actor=clerk, result=first, number="9/KQ-UBND")
    assert "đã được vào số" in caught.value.message_dict["number"][0]


def test_numbering_rules(
    bach_dang_signed: SignedResult, demo_org: Any, user_named: Any, sample_pdf: bytes
) -> None:
    clerk = user_named("vanthu.hbt")
    # a leader is not the records clerk
    with pytest.raises(PermissionDenied):
        signing.result_number(actor=user_named("chutich.bachdang"), result=bach_dang_signed)
    # a number typed by hand is kept; the same number twice is refused on the field
    signing.result_number(actor=clerk, result=bach_dang_signed, number="15/QĐ-UBND")
    other = _sign(user_named, demo_org, sample_pdf)
    with pytest.raises(ValidationError) as caught:
        signing.result_number(actor=clerk, result=other, number="15/QĐ-UBND")
    assert "đã dùng" in caught.value.message_dict["number"][0]
    with pytest.raises(ValidationError):
        signing.result_number(actor=clerk, result=other, number="<script>")
    # offices get their own suffix
    assert signing.result_number_next(agency=demo_org["hbt-tu-phap"]) == "1/KQ-PTP"


def test_reserved_code_and_number_are_printed_and_kept(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    # given a code and a number reserved before the document is generated
    from pypdf import PdfReader

    from motcua.documents.slips import slip_agency_header

    _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase)
    ward = demo_org["hbt-bach-dang"]
    code = signing.result_code_new()
    number = signing.result_number_next(agency=ward)
    pdf = signing.result_generate_pdf(
        template="ban_sao_trich_luc",
        context={
            **slip_agency_header(ward),
            "number": number,
            "verification_code": code,
            "extract_title": "Trích lục khai sinh",
            "entries": [{"label": "Họ, chữ đệm, tên", "value": "Nguyễn Minh Anh"}],
            "requester_name": "Nguyễn Văn An",
            "signer_name": "Lý Thị Thanh",
        },
    )
    # when it is signed with that code and numbered with that number
    result = _sign(user_named, demo_org, pdf, code=code)
    result = signing.result_number(actor=user_named("vanthu.hbt"), result=result, number=number)
    # then the document shows the national heading, the number and the verification address
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(_bytes(result))).pages)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert number in text
    assert f"/xac-thuc/{code}/" in text
    assert result.code == code
    assert result.number == number
    # and a code already used cannot be used again
    with pytest.raises(ValidationError) as caught:
        _sign(user_named, demo_org, pdf, code=code)
    assert "code" in caught.value.message_dict


def test_unknown_template_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="Unknown result template"):
        signing.result_generate_pdf(template="../../etc/passwd", context={})


def test_a_valid_signature_by_an_unregistered_certificate_is_not_ours(
    bach_dang_signed: SignedResult, demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    # given the certificate that signed the file is removed from our register
    signed = _bytes(bach_dang_signed)
    SignedResult.objects.all().delete()
    AgencyCertificate.objects.all().delete()
    # when the (intact) file is verified
    report = signing.result_verify(signed)
    # then the signature is intact but we cannot vouch for the signer
    assert report.intact
    assert report.status == "unknown_signer"
    assert report.agency is None


def test_key_rotation_re_encrypts_bundles(
    bach_dang_signed: SignedResult,
    demo_org: Any,
    user_named: Any,
    settings: Any,
    sample_pdf: bytes,
) -> None:
    # given a new secret put first, the old one (SECRET_KEY) still listed
    settings.MOTCUA_SIGNING_KEY = ["new-secret-2026", settings.SECRET_KEY]
    out = io.StringIO()
    # when the rotation command runs
    call_command("signing_rotate_key", stdout=out)
    # then the bundle opens with the new secret alone and signing still works
    settings.MOTCUA_SIGNING_KEY = ["new-secret-2026"]
    assert "1 certificate" in out.getvalue()
    assert _sign(user_named, demo_org, sample_pdf).pk
    # and with only an unrelated secret the bundle cannot be opened: a clear error
    settings.MOTCUA_SIGNING_KEY = ["someone-else"]
    with pytest.raises(ValidationError) as caught:
        _sign(user_named, demo_org, sample_pdf)
    assert "MOTCUA_SIGNING_KEY" in caught.value.message_dict["agency"][0]


def test_pkcs11_is_chosen_when_a_module_is_configured(
    demo_org: Any, user_named: Any, test_pki: Any, settings: Any
) -> None:
    from motcua.documents.signing_pki import pkcs11_config

    ward = demo_org["hbt-bach-dang"]
    # without a module: the stored bundle, and a clear error while there is none
    settings.MOTCUA_PKCS11_MODULE = None
    assert pkcs11_config() is None
    with pytest.raises(ValidationError):
        signing.signing_backend(agency=ward)
    _upload(user_named, demo_org, test_pki.bach_dang, test_pki.passphrase)
    assert signing.signing_backend(agency=ward).kind == "pkcs12"
    # with a module: the token, with the key labelled after the agency
    settings.MOTCUA_PKCS11_MODULE = "/usr/lib/softhsm/libsofthsm2.so"
    settings.MOTCUA_PKCS11_TOKEN_LABEL = "motcua"
    settings.MOTCUA_PKCS11_SLOT = "2"
    settings.MOTCUA_PKCS11_PIN = "1234"
    settings.MOTCUA_PKCS11_KEY_LABEL = "ky-so-{agency}"
    backend = signing.signing_backend(agency=ward)
    assert backend.kind == "pkcs11"
    assert backend.pkcs11.slot == 2
    assert backend.pkcs11.token_label == "motcua"
    assert backend.pkcs11.key_label(ward.code) == "ky-so-hbt-bach-dang"


def test_pkcs11_failure_is_reported_on_the_agency(
    demo_org: Any, user_named: Any, settings: Any, sample_pdf: bytes, tmp_path: Any
) -> None:
    # given a configured module that is not a PKCS#11 library
    settings.MOTCUA_PKCS11_MODULE = str(tmp_path / "missing-module.so")
    # when the chair signs
    with pytest.raises(ValidationError) as caught:
        _sign(user_named, demo_org, sample_pdf)
    # then the error says the signing device could not be used, and nothing is stored
    assert "PKCS#11" in caught.value.message_dict["agency"][0]
    assert not SignedResult.objects.exists()


def test_demo_seed_gives_district_and_ward_a_labelled_certificate_once(
    demo_org: Any, settings: Any, tmp_path: Any
) -> None:
    from motcua.documents.demo import seed_demo_data

    settings.VAR_DIR = tmp_path
    # when the demo is seeded twice
    seed_demo_data(agencies=demo_org, stdout=io.StringIO())
    seed_demo_data(agencies=demo_org, stdout=io.StringIO())
    # then the district and ward Bạch Đằng each have one active, clearly labelled certificate
    certs = AgencyCertificate.objects.order_by("agency__code")
    assert [c.agency.code for c in certs] == ["hbt", "hbt-bach-dang"]
    assert all(
        "CHỈ DÙNG THỬ NGHIỆM" in c.subject and "CHỈ DÙNG THỬ NGHIỆM" in c.issuer for c in certs
    )
    assert (tmp_path / "demo-signing-ca" / "ca.pem").exists()


_SOFTHSM = "/usr/lib/softhsm/libsofthsm2.so"
_HSM_TOOLS = {name: shutil.which(name) for name in ("softhsm2-util", "pkcs11-tool")}


@pytest.mark.skipif(
    not (os.path.exists(_SOFTHSM) and all(_HSM_TOOLS.values())),
    reason="SoftHSM not installed (apt-get install softhsm2 opensc)",
)
def test_signing_on_a_pkcs11_token_end_to_end(
    demo_org: Any,
    user_named: Any,
    settings: Any,
    sample_pdf: bytes,
    tmp_path: Any,
    monkeypatch: Any,
) -> None:
    import subprocess

    from cryptography.hazmat.primitives import serialization

    from motcua.documents.pki_issue import ca_issue, signer_issue
    from motcua.documents.signing_pki import certificate_pem

    # given a SoftHSM token holding ward Bạch Đằng's key and certificate, labelled by its code
    ca = ca_issue(common_name="CA của thiết bị ký", organisation="Kiểm thử")
    signer = signer_issue(ca=ca, common_name="UBND phường Bạch Đằng", organisation="UBND")
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    der = serialization.Encoding.DER
    (tmp_path / "key.der").write_bytes(
        signer.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (tmp_path / "cert.der").write_bytes(signer.certificate.public_bytes(der))
    run = {"check": True, "capture_output": True}
    subprocess.run(  # noqa: S603 - fixed arguments
        [
            str(_HSM_TOOLS["softhsm2-util"]),
            "--init-token",
            "--free",
            "--label",
            "motcua",
            "--pin",
            "1234",
            "--so-pin",
            "4321",
        ],
        **run,
    )
    for kind, name in (("privkey", "key.der"), ("cert", "cert.der")):
        subprocess.run(  # noqa: S603 - fixed arguments
            [
                str(_HSM_TOOLS["pkcs11-tool"]),
                "--module",
                _SOFTHSM,
                "--token-label",
                "motcua",
                "--login",
                "--pin",
                "1234",
                "--write-object",
                str(tmp_path / name),
                "--type",
                kind,
                "--label",
                "hbt-bach-dang",
                "--id",
                "01",
            ],
            **run,
        )
    # and its certificate registered for the ward, its CA trusted through MOTCUA_TRUST_ROOTS
    roots = tmp_path / "roots.pem"
    roots.write_text(certificate_pem(ca.certificate))
    settings.MOTCUA_TRUST_ROOTS = str(roots)
    signing.certificate_register_token(
        actor=user_named("quantri.bachdang"),
        agency=demo_org["hbt-bach-dang"],
        certificate_bytes=signer.certificate.public_bytes(serialization.Encoding.PEM),
    )
    settings.MOTCUA_PKCS11_MODULE = _SOFTHSM
    settings.MOTCUA_PKCS11_TOKEN_LABEL = "motcua"
    settings.MOTCUA_PKCS11_PIN = "1234"
    # when the chair signs
    result = _sign(user_named, demo_org, sample_pdf)
    # then the result was signed on the token and verifies as the ward's
    report = signing.result_verify(_bytes(result))
    assert report.ok
    assert report.agency is not None
    assert report.agency.code == "hbt-bach-dang"
    assert result.certificate.on_token
