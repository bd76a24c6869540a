"""Pages: the desk returns a result and the tracking book shows it; the owner downloads the
result; ratings from the tracking page; scoping."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from motcua.accounts.models import User
from motcua.delivery.models import Rating
from motcua.delivery.tests.helpers import pdf_text, processed_dossier, started_dossier
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db

MARCH = {"co_quan": "hbt-bach-dang", "tu": "2026-03-01", "den": "2026-03-31"}


def _stranger() -> User:
    return User.objects.create_user(
        "dan.nguoila", "la@example.vn", "x", full_name="Người Lạ", is_resident=True
    )


def test_desk_return_page_records_the_recipient_and_the_book_shows_it(client, user_named, world):
    # Given a processed dossier and the ward's desk officer signed in
    dossier = processed_dossier(user_named)
    client.force_login(user_named("motcua.bachdang"))
    queue = client.get(reverse("delivery_staff:queue"))
    assert dossier.code in queue.content.decode()
    # When the officer records the hand-over to the applicant himself
    response = client.post(
        reverse("delivery_staff:return-desk", args=[dossier.pk]),
        {
            "revision": dossier.revision,
            "recipient_relation": "self",
            "recipient_name": "Nguyễn Văn An",
            "recipient_id_number": "001090012345",
            "papers": "Giấy khai sinh (bản chính)",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Đã trả kết quả và ghi vào sổ theo dõi hồ sơ" in page
    # Then March's book lists the dossier with its recipient, on the page, in the PDF and xlsx
    book = client.get(reverse("delivery_book:book"), MARCH).content.decode()
    assert dossier.code in book
    assert "Nguyễn Văn An" in book
    pdf = client.get(reverse("delivery_book:book-pdf"), MARCH)
    assert pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert dossier.code in text.replace("\n", "")
    assert "SỔ THEO DÕI HỒ SƠ" in text.upper()
    xlsx = client.get(reverse("delivery_book:book-xlsx"), MARCH)
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    row = next(r for r in rows if r[1] == dossier.code)
    assert row[11] == "Nguyễn Văn An"
    assert row[10] is not None  # returned at


def test_desk_return_page_names_the_field(client, user_named, world):
    dossier = processed_dossier(user_named)
    client.force_login(user_named("motcua.bachdang"))
    response = client.post(
        reverse("delivery_staff:return-desk", args=[dossier.pk]),
        {"recipient_relation": "authorised", "recipient_name": "Trần Văn Bình"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-recipient_id_number"' in html
    assert 'data-testid="error-authorisation"' in html
    dossier.refresh_from_db()
    assert dossier.status == Status.PROCESSED


def test_another_wards_officer_gets_404(client, user_named, world):
    # Given a Bạch Đằng dossier, and Minh Khai's desk officer
    dossier = processed_dossier(user_named)
    client.force_login(user_named("motcua.minhkhai"))
    # Then its return page, its result file and Bạch Đằng's book are not found
    assert client.get(reverse("delivery_staff:detail", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("delivery_staff:result-file", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("delivery_book:book-pdf"), MARCH).status_code == 404
    assert client.get(reverse("delivery_book:book"), MARCH).status_code == 400


def test_owner_downloads_the_result_and_a_stranger_gets_404(client, user_named, world):
    # Given a processed dossier with a signed result
    dossier = processed_dossier(user_named)
    url = reverse("delivery:mine-result", args=[dossier.pk])
    # When another resident asks for the file
    client.force_login(_stranger())
    assert client.get(url).status_code == 404
    # And the owner looks at the dossier, then downloads the result
    client.force_login(user_named("dan.nguyenvanan"))
    page = client.get(reverse("dossiers:mine-detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="how-to-receive"' in page
    response = client.get(url)
    # Then the signed PDF comes back and the dossier counts as returned electronically
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    dossier.refresh_from_db()
    assert dossier.status == Status.RESULT_RETURNED
    assert dossier.return_mode == "electronic"
    page = client.get(reverse("dossiers:mine-detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="rating"' in page


def test_rating_from_the_tracking_page_once(client, user_named, world):
    # Given a returned dossier, and somebody holding its code and secret (not signed in)
    dossier = processed_dossier(user_named)
    from motcua.delivery.services import result_download

    result_download(user=user_named("dan.nguyenvanan"), dossier=dossier)
    track = reverse("dossiers:track")
    page = client.get(track, {"ma": dossier.code, "khoa": dossier.tracking_secret})
    html = page.content.decode()
    assert 'data-testid="rating"' in html
    # The public timeline shows statuses, not who did what
    assert "Ngô Thị Hồng" not in html
    assert "Đinh Văn Long" not in html
    # When they rate it satisfied
    data = {"ma": dossier.code, "khoa": dossier.tracking_secret, "value": "satisfied"}
    response = client.post(reverse("delivery:track-rate"), data)
    assert response.status_code == 302
    # Then the rating shows, and a second one is refused with a message
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="rated"' in html
    response = client.post(reverse("delivery:track-rate"), {**data, "value": "dissatisfied"})
    html = client.get(response["Location"]).content.decode()
    assert "chỉ đánh giá một lần" in html
    assert Rating.objects.get().value == "satisfied"


def test_rating_without_a_choice_names_the_field(client, user_named, world):
    dossier = processed_dossier(user_named)
    owner = user_named("dan.nguyenvanan")
    from motcua.delivery.services import result_download

    result_download(user=owner, dossier=dossier)
    client.force_login(owner)
    response = client.post(reverse("delivery:mine-rate", args=[dossier.pk]), {"comment": "ok"})
    html = client.get(response["Location"]).content.decode()
    assert 'data-testid="error-value"' in html
    assert not Rating.objects.exists()


def test_resident_withdraws_a_dossier_in_processing(client, user_named, world):
    # Given a dossier the ward is processing
    owner = user_named("dan.nguyenvanan")
    dossier = started_dossier(user_named)
    assert dossier.status == Status.PROCESSING
    client.force_login(owner)
    page = client.get(reverse("dossiers:mine-detail", args=[dossier.pk])).content.decode()
    assert reverse("dossiers:mine-withdraw", args=[dossier.pk]) in page
    # When the resident withdraws it with a reason
    client.post(
        reverse("dossiers:mine-withdraw", args=[dossier.pk]), {"reason": "Đã nộp nhầm thủ tục"}
    )
    # Then it is withdrawn and the page says so with the reason
    assert Dossier.objects.get(pk=dossier.pk).status == Status.WITHDRAWN
    page = client.get(reverse("dossiers:mine-detail", args=[dossier.pk])).content.decode()
    assert 'data-testid="withdrawn"' in page
    assert "Đã nộp nhầm thủ tục" in page


def test_stop_notice_shows_the_reason_to_the_resident(client, user_named, world):
    # Given a dossier in processing that the ward's chair stops with a reason
    from motcua.dossiers.tests.helpers import local
    from motcua.processing.services import processing_stop

    dossier = started_dossier(user_named)
    processing_stop(
        actor=user_named("chutich.bachdang"),
        dossier=dossier,
        reason="Trẻ đã được đăng ký khai sinh tại nơi khác",
        at=local(2026, 3, 9, 11),
    )
    # When the owner opens it, and someone opens the tracking page with the secret
    client.force_login(user_named("dan.nguyenvanan"))
    mine = client.get(reverse("dossiers:mine-detail", args=[dossier.pk])).content.decode()
    client.logout()
    track = client.get(
        reverse("dossiers:track"), {"ma": dossier.code, "khoa": dossier.tracking_secret}
    ).content.decode()
    # Then both show the stop notice with its reason
    for html in (mine, track):
        assert 'data-testid="stopped"' in html
        assert "Trẻ đã được đăng ký khai sinh tại nơi khác" in html
    # And without the secret nothing of it shows
    bare = client.get(reverse("dossiers:track"), {"ma": dossier.code}).content.decode()
    assert 'data-testid="stopped"' not in bare
