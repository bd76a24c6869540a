"""Official slips 01–06: rendered to PDF with the national heading and the key values."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zoneinfo

import pytest
from pypdf import PdfReader

from motcua.documents.slips import slip_agency_header, slip_number_next, slip_render

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
HEADER = {
    "agency_parent_name": "UBND quận Hai Bà Trưng",
    "agency_name": "UBND phường Bạch Đằng",
    "place": "Hà Nội",
    "date": dt.date(2023, 5, 19),
}
RECEIVED = dt.datetime(2023, 5, 19, 8, 30, tzinfo=HCM)
APPOINTMENT = dt.datetime(2023, 5, 24, 16, 0, tzinfo=HCM)


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def pdf_fonts(content: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(content))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def squash(text: str) -> str:
    return " ".join(text.split())


def assert_national_heading(text: str) -> None:
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


def test_receipt_slip_01_carries_heading_code_appointment_and_qr():
    # Given a dossier received at the ward's desk
    context = {
        **HEADER,
        "number": "15/TNHS",
        "dossier_code": "000.00.07.H26-230519-0001",
        "applicant_name": "Nguyễn Thị Hoa",
        "applicant_address": "Số 5 phố Lò Đúc, phường Bạch Đằng",
        "applicant_phone": "0912345678",
        "applicant_email": "hoa@example.vn",
        "procedure_name": "Đăng ký khai sinh",
        "documents": [
            {"name": "Tờ khai đăng ký khai sinh", "form": "original", "quantity": 1},
            {"name": "Giấy chứng sinh", "form": "certified_copy", "quantity": 1},
        ],
        "sets": 1,
        "time_limit_text": "03 ngày làm việc",
        "received_at": RECEIVED,
        "appointment_at": APPOINTMENT,
        "collect_at": "Bộ phận Một cửa UBND phường Bạch Đằng",
        "tracking_book_entry": "Quyển 01/2023, số thứ tự 123",
        "tracking_url": "https://motcua.example.vn/tra-cuu/000.00.07.H26-230519-0001",
        "tracking_secret": "K7P2QX",
        "officer_name": "Ngô Thị Hồng",
    }
    # When slip 01 is rendered
    content = slip_render(form="01", context=context)
    # Then the PDF reads as the official slip
    assert content.startswith(b"%PDF-")
    text = squash(pdf_text(content))
    assert_national_heading(text)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in text
    assert "UBND PHƯỜNG BẠCH ĐẰNG" in text
    assert "Số: 15/TNHS" in text
    assert "Hà Nội, ngày 19 tháng 5 năm 2023" in text
    assert "000.00.07.H26-230519-0001" in text
    assert "Nguyễn Thị Hoa" in text
    assert "Bản sao chứng thực" in text
    assert "08 giờ 30 phút, ngày 19/05/2023" in text
    assert "16 giờ 00 phút, ngày 24/05/2023" in text
    assert "K7P2QX" in text
    assert "Ngô Thị Hồng" in text
    # And it is set in a serif face that carries Vietnamese, with the QR code drawn in
    assert any("Serif" in font for font in pdf_fonts(content))
    assert b"/Subtype /Image" in content or b"re" in content


@pytest.mark.parametrize(
    ("form", "extra", "expected"),
    [
        (
            "02",
            {
                "number": "3/HDHS",
                "applicant_name": "Trần Văn Nam",
                "procedure_name": "Chứng thực bản sao từ bản chính",
                "items": [{"name": "Bản chính CCCD", "reason": "Bản sao bị mờ, không đọc được"}],
                "contact": "Bộ phận Một cửa, 024 3978 1460",
                "officer_name": "Ngô Thị Hồng",
            },
            ["PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "3/HDHS", "Bản sao bị mờ"],
        ),
        (
            "03",
            {
                "number": "1/TCHS",
                "applicant_name": "Trần Văn Nam",
                "procedure_name": "Cấp giấy phép xây dựng",
                "reason": "Thủ tục không thuộc thẩm quyền của UBND phường.",
                "officer_name": "Ngô Thị Hồng",
            },
            ["PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "1/TCHS", "không thuộc thẩm quyền"],
        ),
        (
            "04",
            {
                "number": "2/XLHS",
                "applicant_name": "Nguyễn Thị Hoa",
                "dossier_code": "000.00.07.H26-230519-0001",
                "procedure_name": "Đăng ký khai sinh",
                "received_at": RECEIVED,
                "appointment_at": APPOINTMENT,
                "reason": "Cần xác minh thông tin với cơ quan khác",
                "new_appointment_at": dt.datetime(2023, 5, 26, 10, 0, tzinfo=HCM),
                "signer_title": "Chủ tịch",
                "signer_name": "Lê Văn Bình",
            },
            [
                "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
                "2/XLHS",
                "10 giờ 00 phút, ngày 26/05/2023",
                "Cần xác minh",
            ],
        ),
        (
            "05",
            {
                "dossier_code": "000.00.07.H26-230519-0001",
                "lead_agency": "UBND phường Bạch Đằng",
                "coordinating_agencies": ["Công an phường Bạch Đằng"],
                "handovers": [
                    {
                        "from_name": "Bộ phận Một cửa",
                        "to_name": "Công chức Tư pháp - Hộ tịch",
                        "at": dt.datetime(2023, 5, 19, 9, 5, tzinfo=HCM),
                        "giver": "Ngô Thị Hồng",
                        "receiver": "Phạm Văn Long",
                        "outcome": "early",
                    },
                    {
                        "from_name": "Công chức Tư pháp - Hộ tịch",
                        "to_name": "Lãnh đạo UBND phường",
                        "at": dt.datetime(2023, 5, 23, 14, 0, tzinfo=HCM),
                        "giver": "Phạm Văn Long",
                        "receiver": "Lê Văn Bình",
                        "outcome": "late",
                    },
                ],
            },
            [
                "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
                "09:05 19/05/2023",
                "Trước hạn",
                "Quá hạn",
            ],
        ),
        (
            "06",
            {
                "title_detail": "Lĩnh vực hộ tịch — tháng 5/2023",
                "rows": [
                    {
                        "dossier_code": "000.00.07.H26-230519-0001",
                        "procedure_name": "Đăng ký khai sinh",
                        "applicant_name": "Nguyễn Thị Hoa",
                        "received_at": RECEIVED,
                        "appointment_at": APPOINTMENT,
                        "returned_at": dt.datetime(2023, 5, 23, 15, 0, tzinfo=HCM),
                        "recipient": "Nguyễn Thị Hoa",
                    }
                ],
            },
            ["SỔ THEO DÕI HỒ SƠ", "000.00.07.H26-230519-0001", "08:30 19/05/2023"],
        ),
    ],
)
def test_other_slips_render_with_their_titles_and_values(form, extra, expected):
    content = slip_render(form=form, context={**HEADER, **extra})
    text = squash(pdf_text(content))
    assert_national_heading(text)
    for value in expected:
        assert value in text, value


def test_tracking_book_is_landscape():
    content = slip_render(form="06", context={**HEADER, "rows": []})
    box = PdfReader(io.BytesIO(content)).pages[0].mediabox
    assert box.width > box.height


def test_date_line_pads_small_days_and_months():
    content = slip_render(
        form="03",
        context={**HEADER, "date": dt.date(2024, 2, 5), "reason": "x", "applicant_name": "A"},
    )
    assert "Hà Nội, ngày 05 tháng 02 năm 2024" in squash(pdf_text(content))


def test_unknown_form_is_a_programming_error():
    with pytest.raises(ValueError, match="07"):
        slip_render(form="07", context=HEADER)


@pytest.mark.django_db
def test_slip_numbers_count_per_agency_and_form(small_tree):
    # Given two wards issuing receipts and refusals
    bach_dang, nguyen_du = small_tree["hbt-bach-dang"], small_tree["hbt-nguyen-du"]
    # When numbers are drawn
    drawn = [slip_number_next(agency=bach_dang, form="01") for _ in range(3)]
    # Then each agency and form counts on its own
    assert drawn == ["1/TNHS", "2/TNHS", "3/TNHS"]
    assert slip_number_next(agency=bach_dang, form="03") == "1/TCHS"
    assert slip_number_next(agency=nguyen_du, form="01") == "1/TNHS"
    with pytest.raises(ValueError):
        slip_number_next(agency=bach_dang, form="05")


@pytest.mark.django_db
def test_agency_header_comes_from_the_tree(small_tree):
    header = slip_agency_header(small_tree["hbt-bach-dang"])
    assert header["agency_name"] == small_tree["hbt-bach-dang"].name
    assert header["agency_parent_name"] == small_tree["hbt"].name
    assert header["place"] == "Hà Nội"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_desks_never_share_a_number(small_tree):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    agency = small_tree["hbt-bach-dang"]
    numbers: list[str] = []
    lock = threading.Lock()

    def draw() -> None:
        from django.db import connection as thread_connection

        try:
            for _ in range(10):
                number = slip_number_next(agency=agency, form="01")
                with lock:
                    numbers.append(number)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=draw) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers, key=lambda n: int(n.split("/")[0])) == [
        f"{i}/TNHS" for i in range(1, 41)
    ]
