"""Verification page and API, staff certificate and result pages and API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.documents import signing
from motcua.documents.models import AgencyCertificate, SignedResult
from motcua.documents.services import file_open

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("signing_files")]


@pytest.fixture
def demo_org(signing_world: dict[str, Any], db: Any) -> dict[str, Any]:
    """The demo organisation, shared by the module (see ``signing_world``)."""
    return signing_world


@pytest.fixture
def issued(demo_org: Any, user_named: Any, test_pki: Any, sample_pdf: bytes) -> Any:
    """Ward Bạch Đằng has a certificate; its chair signed a result; the clerk numbered it."""
    from types import SimpleNamespace

    signing.certificate_upload(
        actor=user_named("quantri.bachdang"),
        agency=demo_org["hbt-bach-dang"],
        p12_bytes=test_pki.bach_dang,
        passphrase=test_pki.passphrase,
    )
    result = signing.result_sign(
        actor=user_named("chutich.bachdang"),
        agency=demo_org["hbt-bach-dang"],
        pdf_bytes=sample_pdf,
        reason="Phê duyệt",
        location="Hà Nội",
    )
    result = signing.result_number(actor=user_named("vanthu.hbt"), result=result)
    with file_open(result.stored_file) as handle:
        signed = handle.read()
    tampered = bytearray(signed)
    tampered[signed.index(b"/Producer") + 12] ^= 0x01
    return SimpleNamespace(result=result, pdf=signed, tampered=bytes(tampered))


def _pdf(content: bytes, name: str = "ket-qua.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_api_verification_of_an_upload(issued: Any, api_client_for: Any) -> None:
    client = api_client_for(None)  # anyone, signed in or not
    # when the signed file is posted
    ok = client.post("/api/v1/verification", {"pdf": _pdf(issued.pdf)}, format="multipart")
    # then the report says valid, with the agency, the signer, the time and the number
    assert ok.status_code == 200
    body = ok.json()
    assert body["status"] == "valid"
    assert body["ok"]
    assert body["integrity_ok"]
    assert body["agency"] == "Ủy ban nhân dân phường Bạch Đằng"
    assert body["signer"] == "UBND phường Bạch Đằng"
    assert body["number"] == "1/KQ-UBND"
    assert body["issued_here"]
    assert body["code"]
    # when a copy with one changed byte is posted, integrity FAILED
    bad = client.post("/api/v1/verification", {"pdf": _pdf(issued.tampered)}, format="multipart")
    assert bad.status_code == 200
    assert bad.json()["status"] == "invalid"
    assert bad.json()["integrity_ok"] is False
    assert bad.json()["number"] == ""
    assert bad.json()["code"] is None
    # when nothing is posted, a 400 names the field
    missing = client.post("/api/v1/verification", {}, format="multipart")
    assert missing.status_code == 400
    assert "pdf" in missing.json()["errors"]


def test_api_verification_by_code(issued: Any, api_client_for: Any) -> None:
    client = api_client_for(None)
    code = issued.result.code
    answer = client.get(f"/api/v1/verification/{code.lower()}")
    assert answer.status_code == 200
    assert answer.json()["number"] == "1/KQ-UBND"
    assert answer.json()["status"] == "valid"
    assert client.get(f"/api/v1/verification/{issued.result.pk}").status_code == 200
    unknown = client.get("/api/v1/verification/ZZZZZZZZZZ")
    assert unknown.status_code == 404
    assert "errors" in unknown.json()


def test_api_certificate_upload_and_errors(
    demo_org: Any, api_client_for: Any, test_pki: Any
) -> None:
    admin = api_client_for("quantri.bachdang")
    # a wrong passphrase: 400 naming the field, nothing stored
    wrong = admin.post(
        "/api/v1/signing/certificates",
        {
            "agency": "hbt-bach-dang",
            "p12_file": _pdf(test_pki.bach_dang, "cq.p12"),
            "passphrase": "sai",
        },
        format="multipart",
    )
    assert wrong.status_code == 400
    assert "passphrase" in wrong.json()["errors"]
    # an expired certificate: 400 on the file
    expired = admin.post(
        "/api/v1/signing/certificates",
        {
            "agency": "hbt-bach-dang",
            "p12_file": _pdf(test_pki.expired, "cq.p12"),
            "passphrase": test_pki.passphrase,
        },
        format="multipart",
    )
    assert expired.status_code == 400
    assert "hết hạn" in expired.json()["errors"]["p12_file"][0]
    assert not AgencyCertificate.objects.exists()
    # the right file: 201 with what was registered (never the key)
    ok = admin.post(
        "/api/v1/signing/certificates",
        {
            "agency": "hbt-bach-dang",
            "p12_file": _pdf(test_pki.bach_dang, "cq.p12"),
            "passphrase": test_pki.passphrase,
        },
        format="multipart",
    )
    assert ok.status_code == 201, ok.json()
    assert ok.json()["agency"] == "hbt-bach-dang"
    assert ok.json()["active"]
    assert "bundle" not in str(ok.json())
    # another ward's administrator: 403 for a visible agency... or sees nothing to manage
    other = api_client_for("quantri.minhkhai")
    refused = other.post(
        "/api/v1/signing/certificates",
        {
            "agency": "hbt-bach-dang",
            "p12_file": _pdf(test_pki.bach_dang, "cq.p12"),
            "passphrase": test_pki.passphrase,
        },
        format="multipart",
    )
    assert refused.status_code == 400
    assert "agency" in refused.json()["errors"]
    assert other.get("/api/v1/signing/certificates").json()["count"] == 0
    assert other.get(f"/api/v1/signing/certificates/{ok.json()['id']}").status_code == 404
    # the ward chair may see the ward but does not administer it: 403
    chair = api_client_for("chutich.bachdang")
    assert (
        chair.post(
            "/api/v1/signing/certificates",
            {
                "agency": "hbt-bach-dang",
                "p12_file": _pdf(test_pki.bach_dang, "cq.p12"),
                "passphrase": test_pki.passphrase,
            },
            format="multipart",
        ).status_code
        == 403
    )
    # deactivation by the administrator
    off = admin.post(f"/api/v1/signing/certificates/{ok.json()['id']}/deactivate")
    assert off.status_code == 200
    assert off.json()["active"] is False


def test_api_results_are_scoped_and_numbered_by_the_clerk(
    issued: Any, api_client_for: Any, user_named: Any, sample_pdf: bytes, demo_org: Any
) -> None:
    second = signing.result_sign(
        actor=user_named("chutich.bachdang"),
        agency=demo_org["hbt-bach-dang"],
        pdf_bytes=sample_pdf,
        reason="",
        location="",
    )
    listed = api_client_for("vanthu.hbt").get("/api/v1/signing/results?agency=hbt-bach-dang")
    assert listed.status_code == 200
    assert listed.json()["count"] == 2
    assert api_client_for("quantri.minhkhai").get("/api/v1/signing/results").json()["count"] == 0
    # the chair cannot number; the clerk can
    url = f"/api/v1/signing/results/{second.pk}/number"
    assert api_client_for("chutich.bachdang").post(url, {}, format="json").status_code == 403
    numbered = api_client_for("vanthu.hbt").post(url, {}, format="json")
    assert numbered.status_code == 200
    assert numbered.json()["number"] == "2/KQ-UBND"
    again = api_client_for("vanthu.hbt").post(url, {"number": "7/KQ-UBND"}, format="json")
    assert again.status_code == 400
    assert "number" in again.json()["errors"]


def test_verification_page_upload_valid_and_tampered(issued: Any) -> None:
    client = Client()
    page = client.get("/xac-thuc/")
    assert page.status_code == 200
    assert "Xác thực kết quả điện tử" in page.content.decode()
    # when a resident uploads the signed file
    ok = client.post("/xac-thuc/", {"pdf": _pdf(issued.pdf)}).content.decode()
    # then the page says valid, names the ward, the integrity and the number
    assert "Hợp lệ" in ok
    assert "Ủy ban nhân dân phường Bạch Đằng" in ok
    assert "ĐẠT" in ok
    assert "1/KQ-UBND" in ok
    # when the tampered copy is uploaded, the page says it FAILED
    bad = client.post("/xac-thuc/", {"pdf": _pdf(issued.tampered)}).content.decode()
    assert "Không hợp lệ" in bad
    assert "KHÔNG ĐẠT" in bad
    assert "1/KQ-UBND" not in bad
    # and without a file, the field is named
    empty = client.post("/xac-thuc/", {})
    assert empty.status_code == 400
    assert "Tệp PDF cần kiểm tra" in empty.content.decode()


def test_verification_page_by_code_from_the_qr(issued: Any) -> None:
    client = Client()
    code = issued.result.code
    page = client.get(f"/xac-thuc/{code}/").content.decode()
    assert "Hợp lệ" in page
    assert "1/KQ-UBND" in page
    assert code in page
    # the code typed with spaces and small letters finds the same result
    typed = client.get("/xac-thuc/", {"ma": f"{code[:5].lower()} {code[5:]}"})
    assert typed.status_code == 302
    assert typed["Location"].endswith(f"/xac-thuc/{code}/")
    assert client.get("/xac-thuc/KHONGCOMA1/").status_code == 404


def test_staff_certificate_page_shows_field_errors_and_uploads(
    demo_org: Any, user_named: Any, test_pki: Any
) -> None:
    client = Client()
    client.force_login(user_named("quantri.bachdang"))
    page = client.get("/can-bo/chung-thu/")
    assert page.status_code == 200
    ward = demo_org["hbt-bach-dang"]
    # a wrong passphrase shows a message next to the passphrase field
    wrong = client.post(
        "/can-bo/chung-thu/",
        {"agency": ward.pk, "p12_file": _pdf(test_pki.bach_dang, "cq.p12"), "passphrase": "sai"},
    )
    assert wrong.status_code == 400
    assert 'data-testid="error-passphrase"' in wrong.content.decode()
    # the right one is registered and listed
    ok = client.post(
        "/can-bo/chung-thu/",
        {
            "agency": ward.pk,
            "p12_file": _pdf(test_pki.bach_dang, "cq.p12"),
            "passphrase": test_pki.passphrase,
        },
        follow=True,
    )
    assert "Đã đăng ký chứng thư số" in ok.content.decode()
    cert = AgencyCertificate.objects.get()
    # deactivation from the page
    client.post(f"/can-bo/chung-thu/{cert.pk}/ngung-dung/")
    cert.refresh_from_db()
    assert not cert.active
    # a leader is not allowed on the certificate page
    chair = Client()
    chair.force_login(user_named("chutich.bachdang"))
    assert chair.get("/can-bo/chung-thu/").status_code == 403


def test_staff_results_page_lists_numbers_and_downloads(issued: Any, user_named: Any) -> None:
    client = Client()
    client.force_login(user_named("vanthu.hbt"))
    page = client.get("/can-bo/chung-thu/ket-qua/").content.decode()
    assert issued.result.code in page
    assert "1/KQ-UBND" in page
    download = client.get(f"/can-bo/chung-thu/ket-qua/{issued.result.pk}/tai-ve/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == issued.pdf
    # another ward's administrator cannot reach it
    other = Client()
    other.force_login(user_named("quantri.minhkhai"))
    assert other.get(f"/can-bo/chung-thu/ket-qua/{issued.result.pk}/tai-ve/").status_code == 404
    assert SignedResult.objects.count() == 1
