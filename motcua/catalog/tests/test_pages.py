"""Public and staff pages, as a resident and a reform officer use them."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from motcua.catalog.models import Procedure, ProcedureVersion

pytestmark = pytest.mark.django_db


def test_resident_searches_without_diacritics_and_opens_the_procedure(demo_catalogue):
    client = Client()
    # When a resident searches without diacritics
    response = client.get("/thu-tuc/", {"q": "dang ky khai sinh"})
    # Then birth registration is found, with a shareable URL
    assert response.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in response.content.decode()
    # And its page shows documents, fees, limits, where to go and the online button
    page = client.get("/thu-tuc/1.001193/").content.decode()
    for text in (
        "Giấy chứng sinh",
        "Miễn lệ phí",
        "Trong ngày",
        "Phường Bạch Đằng",
        'href="/nop-ho-so/1.001193/"',
        "Tải mẫu",
    ):
        assert text in page, text


def test_live_results_come_back_as_a_fragment(demo_catalogue):
    response = Client().get(
        "/thu-tuc/", {"q": "chung thuc", "cap": "commune"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Chứng thực bản sao từ bản chính" in body


def test_no_online_button_for_an_in_person_only_procedure(demo_catalogue):
    page = Client().get("/thu-tuc/2.000815/").content.decode()
    assert "/nop-ho-so/" not in page
    assert "200.000 đ" in page  # the cap in the fee table


def test_fee_quote_for_many_pages(demo_catalogue):
    response = Client().get("/thu-tuc/2.000815/tinh-phi/", {"pages": 250, "copies": 2})
    assert "400.000 đ" in response.content.decode()
    bad = Client().get("/thu-tuc/2.000815/tinh-phi/", {"pages": 0, "copies": 1})
    assert "Số trang mỗi bản" in bad.content.decode()


def test_form_template_downloads_as_word(demo_catalogue):
    response = Client().get("/thu-tuc/1.001193/mau/1/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "Họ, chữ đệm, tên của trẻ" in text


def test_unknown_procedure_is_404(demo_catalogue):
    assert Client().get("/thu-tuc/9.999999/").status_code == 404


def test_counts_page_lists_each_agency(demo_catalogue):
    page = Client().get("/thu-tuc/theo-co-quan/").content.decode()
    assert "Phường Minh Khai" in page
    assert "UBND quận Hai Bà Trưng" in page


def test_staff_pages_are_for_reform_officers_only(demo_catalogue):
    client = Client()
    assert client.get("/can-bo/thu-tuc/").status_code == 302  # to sign in
    client.force_login(
        Procedure.objects.none()
        .model._meta.apps.get_model("accounts", "User")
        .objects.get(username="motcua.bachdang")
    )
    assert client.get("/can-bo/thu-tuc/").status_code == 403


def _officer(user_named) -> Client:
    client = Client()
    client.force_login(user_named("caicach.hbt"))
    return client


def _post_data(version_page: str) -> dict:
    """The edit form as the browser would send it back, unchanged."""
    import re
    from html import unescape

    data: dict[str, list[str]] = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", version_page):
        name = re.search(r'name="([^"]+)"', tag)
        if not name:
            continue
        key = name.group(1)
        if tag.startswith("<input"):
            kind = re.search(r'type="([^"]+)"', tag)
            value = re.search(r'value="([^"]*)"', tag)
            if kind and kind.group(1) == "checkbox" and "checked" not in tag:
                continue
            data.setdefault(key, []).append(unescape(value.group(1)) if value else "")
        elif tag.startswith("<select"):
            block = version_page[version_page.index(tag) :]
            block = block[: block.index("</select>")]
            chosen = re.search(r'<option value="([^"]*)"[^>]*selected', block) or re.search(
                r'<option value="([^"]*)"', block
            )  # a browser sends the first option
            data.setdefault(key, []).append(unescape(chosen.group(1)) if chosen else "")
        else:
            block = version_page[version_page.index(tag) + len(tag) :]
            data.setdefault(key, []).append(unescape(block[: block.index("</textarea>")]))
    return data


def test_officer_edits_a_draft_with_errors_then_publishes(demo_catalogue, user_named):
    client = _officer(user_named)
    # Given a new draft of birth registration
    response = client.post("/can-bo/thu-tuc/1.001193/sua/")
    draft = ProcedureVersion.objects.get(procedure__code="1.001193", status="draft")
    assert response.url == f"/can-bo/thu-tuc/phien-ban/{draft.pk}/"
    page = client.get(response.url).content.decode()
    data = _post_data(page)
    # When the officer saves a negative quantity and broken e-form JSON
    data["c-0-quantity"] = ["0"]
    data["eform_schema"] = ['{"type": "object", "properties": {"x": {"type": "date"}}}']
    bad = client.post(response.url, data)
    # Then the page names the fields, and nothing is saved
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Chưa lưu được" in body
    assert "type" in body
    assert "string, integer, number, boolean" in body
    draft.refresh_from_db()
    assert draft.components.get(order=1).quantity == 1
    # When the officer fixes it and shortens a step
    data["c-0-quantity"] = ["2"]
    data["eform_schema"] = [draft.eform_schema]
    ok = client.post(response.url, data)
    assert ok.status_code == 302
    assert draft.components.get(order=1).quantity == 2
    # And publishes it
    client.post(f"/can-bo/thu-tuc/phien-ban/{draft.pk}/cong-bo/", {"effective_from": "2099-01-01"})
    draft.refresh_from_db()
    assert draft.status == "published"


def test_eform_live_preview_renders_and_checks(demo_catalogue, user_named):
    client = _officer(user_named)
    schema = (
        '{"type": "object", "required": ["ten"], "properties": {"ten": {"type": "string", '
        '"title": "Họ và tên", "maxLength": 5}}}'
    )
    preview = client.post("/can-bo/thu-tuc/xem-truoc-bieu-mau/", {"eform_schema": schema})
    assert 'for="ef-ten"' in preview.content.decode()
    checked = client.post(
        "/can-bo/thu-tuc/xem-truoc-bieu-mau/",
        {"eform_schema": schema, "_check": "1", "ef_ten": "Nguyễn Văn An"},
    )
    assert "tối đa 5 ký tự" in checked.content.decode()
    broken = client.post("/can-bo/thu-tuc/xem-truoc-bieu-mau/", {"eform_schema": "{"})
    assert "Không phải JSON hợp lệ" in broken.content.decode()


def test_over_budget_report_lists_the_land_procedure(demo_catalogue, user_named):
    page = _officer(user_named).get("/can-bo/thu-tuc/qua-thoi-han/").content.decode()
    assert "1.003003" in page
    assert "33,00" in page


def test_import_page_runs_the_job_and_reports_rows(demo_catalogue, user_named, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.MEDIA_ROOT = settings.VAR_DIR / "test-media"
    client = _officer(user_named)
    bad = b'{"procedures": [{"code": "1.23", "name": ""}]}'
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("django.db.transaction.on_commit", lambda fn, using=None, robust=False: fn())
        response = client.post(
            "/can-bo/thu-tuc/nhap/",
            {"file": SimpleUploadedFile("bad.json", bad, "application/json")},
        )
    assert response.status_code == 302
    job_page = client.get(response.url).content.decode()
    assert "Có lỗi, không nhập" in job_page
    assert "N.NNNNNN" in job_page
    wrong = client.post(
        "/can-bo/thu-tuc/nhap/", {"file": SimpleUploadedFile("x.csv", b"a,b", "text/csv")}
    )
    assert wrong.status_code == 400
    assert ".xlsx" in wrong.content.decode()


def test_new_procedure_page_names_bad_fields_and_creates_nothing(demo_catalogue, user_named):
    client = _officer(user_named)
    page = client.get("/can-bo/thu-tuc/moi/").content.decode()
    data = _post_data(page)
    data.update(
        code=["1.23"],
        name=["Thủ tục mới"],
        field_code=["thu"],
        field_name=["Thử"],
        time_limit=["3"],
        effective_from=["2024-01-01"],
    )
    response = client.post("/can-bo/thu-tuc/moi/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-testid="error-code"' in body
    assert "N.NNNNNN" in body
    assert not Procedure.objects.filter(code="1.23").exists()
    data["code"] = ["1.999123"]
    created = client.post("/can-bo/thu-tuc/moi/", data)
    assert created.status_code == 302
    assert ProcedureVersion.objects.get(procedure__code="1.999123").status == "draft"


def test_assignment_page_refuses_overlaps_by_field(demo_catalogue, user_named):
    client = _officer(user_named)
    response = client.post(
        "/can-bo/thu-tuc/1.001193/co-quan/",
        {"agency": "hbt-bach-dang", "valid_from": "2024-01-01", "channels": ["1"]},
    )
    assert response.status_code == 400
    assert "đã áp dụng thủ tục này" in response.content.decode()
    missing = client.post("/can-bo/thu-tuc/1.001193/co-quan/", {"agency": "hbt"})
    assert missing.status_code == 400
    assert Procedure.objects.get(code="1.001193").assignments.count() == 18
