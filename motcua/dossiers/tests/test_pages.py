"""Pages: filing online step by step, the desk's queue and check, tracking, scoping."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from motcua.documents.models import StoredFile
from motcua.dossiers import services
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import stored_blobs
from motcua.dossiers.tests.files import (
    broken_pdf,
    exe_bytes,
    pdf_bomb,
    pdf_bytes,
    png_bytes,
    zip_bomb,
)
from motcua.dossiers.tests.helpers import BIRTH_FORM, pdf_text, submitted

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _eform(values: dict[str, str]) -> dict[str, str]:
    return {f"ef_{k}": v for k, v in values.items()}


def _applicant() -> dict[str, str]:
    return {
        "kind": "citizen",
        "name": "Nguyễn Văn An",
        "address": "12 phố Bạch Đằng",
        "phone": "0912345678",
        "email": "an@example.vn",
    }


def test_resident_files_online_through_the_pages(user_named, intake_catalogue):
    # Given the resident on the procedure's start page (the catalogue links here)
    client = signed_in(user_named("dan.nguyenvanan"))
    start = client.get("/nop-ho-so/1.001193/")
    assert start.status_code == 200
    assert "Ủy ban nhân dân phường Bạch Đằng" in start.content.decode()
    # When they start a draft at Bạch Đằng and fill the declaration
    response = client.post("/nop-ho-so/1.001193/", {"agency": "hbt-bach-dang"})
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/ho-so-cua-toi/{dossier.pk}/to-khai/"
    response = client.post(
        f"/ho-so-cua-toi/{dossier.pk}/to-khai/", {**_applicant(), **_eform(BIRTH_FORM)}
    )
    assert response.status_code == 302
    # And attach the two documents the procedure asks for (the ID card comes from the registry)
    for row in dossier.components.filter(mandatory=True, component__reusable_from=""):
        response = client.post(
            f"/ho-so-cua-toi/{dossier.pk}/giay-to/",
            {"component": row.pk, "file": SimpleUploadedFile("scan.pdf", pdf_bytes())},
        )
        assert response.status_code == 302
    # Then the review shows no problem and the fee
    review = client.get(f"/ho-so-cua-toi/{dossier.pk}/xem-lai/")
    page = review.content.decode()
    assert "Cần hoàn thiện" not in page
    key = re.search(r'name="idempotency_key" value="([0-9a-f]+)"', page).group(1)
    # When they press "Nộp hồ sơ" twice (double click)
    first = client.post(f"/ho-so-cua-toi/{dossier.pk}/xem-lai/", {"idempotency_key": key})
    second = client.post(f"/ho-so-cua-toi/{dossier.pk}/xem-lai/", {"idempotency_key": key})
    # Then there is one dossier, with a code, waiting for the desk
    assert first.status_code == second.status_code == 302
    assert Dossier.objects.count() == 1
    dossier.refresh_from_db()
    detail = client.get(f"/ho-so-cua-toi/{dossier.pk}/").content.decode()
    assert dossier.code in detail
    assert "Đã nộp, chờ tiếp nhận" in detail


def test_invalid_declaration_is_explained_next_to_the_field_and_kept(user_named, intake_catalogue):
    client = signed_in(user_named("dan.nguyenvanan"))
    client.post("/nop-ho-so/1.001193/", {"agency": "hbt-bach-dang"})
    dossier = Dossier.objects.get()
    response = client.post(
        f"/ho-so-cua-toi/{dossier.pk}/to-khai/",
        {**_applicant(), "email": "khong-phai-email", **_eform({"ho_ten_tre": "Bé Na"})},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Thư điện tử: không đúng định dạng" in page
    assert 'aria-describedby="id_email-error"' in page or "id_email-error" in page
    assert 'value="Bé Na"' in page  # what was typed stays


HOSTILE = [
    ("renamed executable", "giay-khai-sinh.pdf", exe_bytes()),
    ("zip bomb as docx", "to-khai.docx", zip_bomb()),
    ("pdf bomb", "bomb.pdf", pdf_bomb()),
    ("broken pdf", "hong.pdf", broken_pdf()),
    ("path traversal name", "../../etc/passwd", b"root:x:0:0:root:/root:/bin/bash\n"),
    ("html", "trang.pdf", b"<html><script>alert(1)</script></html>"),
]


@pytest.mark.parametrize(("label", "name", "content"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_upload_on_the_page_is_refused_and_the_draft_is_intact(
    user_named, intake_catalogue, settings, label, name, content
):
    # Given a draft with its declaration saved
    resident = user_named("dan.nguyenvanan")
    client = signed_in(resident)
    client.post("/nop-ho-so/1.001193/", {"agency": "hbt-bach-dang"})
    dossier = Dossier.objects.get()
    client.post(f"/ho-so-cua-toi/{dossier.pk}/to-khai/", {**_applicant(), **_eform(BIRTH_FORM)})
    before = Dossier.objects.get(pk=dossier.pk)
    row = dossier.components.get(order=2)
    # When a hostile file is uploaded
    response = client.post(
        f"/ho-so-cua-toi/{dossier.pk}/giay-to/",
        {"component": row.pk, "file": SimpleUploadedFile(name, content)},
    )
    # Then the page says why, in Vietnamese, next to the component; nothing is stored
    assert response.status_code == 400
    assert 'data-testid="upload-error"' in response.content.decode()
    assert StoredFile.objects.count() == 0
    assert stored_blobs(settings.MEDIA_ROOT) == []
    after = Dossier.objects.get(pk=dossier.pk)
    assert after.eform_data == before.eform_data
    assert after.status == Status.DRAFT
    assert not after.components.filter(digitised=True).exists()


def test_oversized_upload_is_refused_with_the_limit(user_named, intake_catalogue, settings):
    settings.MOTCUA_DOSSIER_FILE_MAX_BYTES = 200_000
    client = signed_in(user_named("dan.nguyenvanan"))
    client.post("/nop-ho-so/1.001193/", {"agency": "hbt-bach-dang"})
    dossier = Dossier.objects.get()
    row = dossier.components.get(order=1)
    response = client.post(
        f"/ho-so-cua-toi/{dossier.pk}/giay-to/",
        {"component": row.pk, "file": SimpleUploadedFile("lon.png", png_bytes(pad_to=400_000))},
    )
    assert response.status_code == 400
    assert "MB" in response.content.decode() or "MiB" in response.content.decode()
    assert StoredFile.objects.count() == 0


def test_desk_queue_check_and_accept_then_slip_01(user_named, intake_catalogue):
    # Given an online dossier submitted at Bạch Đằng
    dossier = submitted(user_named("dan.nguyenvanan"))
    officer = signed_in(user_named("motcua.bachdang"))
    # When the ward's officer opens the queue
    queue = officer.get("/can-bo/ho-so/").content.decode()
    assert dossier.code in queue
    # And accepts the dossier from its page
    page = officer.get(f"/can-bo/ho-so/{dossier.pk}/")
    assert page.status_code == 200
    response = officer.post(
        f"/can-bo/ho-so/{dossier.pk}/tiep-nhan/", {"revision": dossier.revision}
    )
    assert response.status_code == 302
    # Then it leaves the queue and slip 01 downloads as a PDF with the code
    assert (
        f'href="/can-bo/ho-so/{dossier.pk}/"' not in officer.get("/can-bo/ho-so/").content.decode()
    )
    slip = officer.get(f"/can-bo/ho-so/{dossier.pk}/phieu/01/")
    assert slip["Content-Type"] == "application/pdf"
    assert dossier.code in pdf_text(slip.content)


def test_review_and_desk_check_show_the_fee_line_by_line(user_named, intake_catalogue):
    from motcua.dossiers.tests.helpers import EXTRACT, draft_with_files

    # Given a resident's complete draft asking for 3 extract copies (8,000 đ each)
    resident = user_named("dan.nguyenvanan")
    draft = draft_with_files(resident, code=EXTRACT)
    client = signed_in(resident)
    # When they open the review step
    page = client.get(f"/ho-so-cua-toi/{draft.pk}/xem-lai/").content.decode()
    # Then the fee table shows the line, how it is counted and the total
    assert 'data-testid="fee-breakdown"' in page
    assert "3 bản × 8.000 đ" in page
    assert re.search(r'data-testid="fee-total">\s*24\.000 đ', page)
    # Given the dossier submitted, when the desk changes the copies to 2 at the check
    dossier = services.dossier_submit(actor=resident, dossier=draft, idempotency_key="fee-page")
    officer = signed_in(user_named("motcua.bachdang"))
    rows = {
        f"c{row.pk}-{name}": value
        for row in dossier.components.all()
        for name, value in (("copy_kind", row.copy_kind), ("quantity", row.quantity or 1))
    }
    response = officer.post(
        f"/can-bo/ho-so/{dossier.pk}/kiem-tra/",
        {"revision": dossier.revision, "fee_copies": "2", **rows},
    )
    assert response.status_code == 302
    # Then the check page prices 2 copies
    desk = officer.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    assert "2 bản × 8.000 đ" in desk
    assert re.search(r'data-testid="fee-total">\s*16\.000 đ', desk)


def test_accepting_a_stale_page_says_the_dossier_moved_on(user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    officer = signed_in(user_named("motcua.bachdang"))
    officer.post(f"/can-bo/ho-so/{dossier.pk}/tiep-nhan/", {"revision": dossier.revision})
    again = officer.post(
        f"/can-bo/ho-so/{dossier.pk}/tiep-nhan/", {"revision": dossier.revision}, follow=True
    )
    assert "tải lại trang" in again.content.decode().lower() or "đã được tiếp nhận" in (
        again.content.decode()
    )
    assert Dossier.objects.get(pk=dossier.pk).events.filter(action="accept").count() == 1


def test_walk_in_reception_page_opens_a_dossier(user_named, intake_catalogue):
    officer = signed_in(user_named("motcua.bachdang"))
    pick = officer.get("/can-bo/ho-so/tiep-nhan/")
    assert "Thủ tục đăng ký khai sinh" in pick.content.decode()
    form = officer.get("/can-bo/ho-so/tiep-nhan/?thu_tuc=1.001193")
    assert form.status_code == 200
    lookup = officer.get(
        "/can-bo/ho-so/tiep-nhan/tim-cong-dan/", {"a-id_number": "001090012345"}
    ).content.decode()
    assert "Nguyễn Văn An" in lookup
    response = officer.post(
        "/can-bo/ho-so/tiep-nhan/",
        {
            "procedure": "1.001193",
            "competent_agency": "hbt-bach-dang",
            "channel": "1",
            "a-kind": "citizen",
            "a-name": "Nguyễn Văn An",
            "a-id_number": "001090012345",
            "a-phone": "0912345678",
        },
    )
    dossier = Dossier.objects.get()
    assert response["Location"] == f"/can-bo/ho-so/{dossier.pk}/"
    assert dossier.applicant_user == user_named("dan.nguyenvanan")
    bad = officer.post(
        "/can-bo/ho-so/tiep-nhan/",
        {
            "procedure": "1.001193",
            "competent_agency": "hbt-bach-dang",
            "channel": "1",
            "a-kind": "citizen",
            "a-name": "X",
            "a-id_number": "123",
        },
    )
    assert bad.status_code == 400
    assert "12 chữ số" in bad.content.decode()


def test_officer_of_another_ward_gets_404_on_pages(user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    other = signed_in(user_named("motcua.minhkhai"))
    assert other.get(f"/can-bo/ho-so/{dossier.pk}/").status_code == 404
    assert other.get(f"/can-bo/ho-so/{dossier.pk}/phieu/01/").status_code == 404
    assert other.post(f"/can-bo/ho-so/{dossier.pk}/tiep-nhan/").status_code == 404
    assert dossier.code not in other.get("/can-bo/ho-so/").content.decode()
    # and another resident cannot open it either
    stranger = signed_in(user_named("xungkich.bachdang"))
    assert stranger.get(f"/ho-so-cua-toi/{dossier.pk}/").status_code == 404


def test_tracking_shows_a_masked_summary_and_limits_guessing(user_named, intake_catalogue):
    dossier = submitted(user_named("dan.nguyenvanan"))
    services.dossier_accept(actor=user_named("motcua.bachdang"), dossier=dossier)
    dossier.refresh_from_db()
    public = Client()
    found = public.get("/tra-cuu/", {"ma": dossier.code, "khoa": dossier.tracking_secret.lower()})
    page = found.content.decode()
    assert found.status_code == 200
    assert "N***** V** An" in page
    assert "001090012345" not in page
    assert "0912345678" not in page
    assert "Hẹn trả kết quả" in page
    wrong = public.get("/tra-cuu/", {"ma": dossier.code, "khoa": "AAAAAAAA"})
    assert wrong.status_code == 404
    for _ in range(30):
        public.get("/tra-cuu/", {"ma": dossier.code, "khoa": "BBBBBBBB"})
    limited = public.get("/tra-cuu/", {"ma": dossier.code, "khoa": dossier.tracking_secret})
    assert limited.status_code == 429
    assert "thử lại sau" in limited.content.decode()
