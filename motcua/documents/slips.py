"""Official slips of the one-stop desk (forms 01–06) as A4 PDFs, and their numbering.

``slip_render(form="01", context={...})`` renders ``documents/slips/form_01.html`` with
WeasyPrint and returns the PDF bytes. Times may be aware datetimes (shown in
Asia/Ho_Chi_Minh as "08 giờ 30 phút, ngày 19/05/2023"), dates, or ready-made text.

Keys shared by every form (all optional unless said):

- ``agency_parent_name``: the body above the issuing agency, e.g. "UBND quận Hai Bà Trưng"
  (the header prints it in capitals).
- ``agency_name`` (required): the issuing agency, e.g. "UBND phường Bạch Đằng" (capitals, bold
  in the header; as given in the body).
  ``slip_agency_header(agency)`` fills both names and ``place`` from an Agency.
- ``number``: slip number from :func:`slip_number_next`, e.g. "15/TNHS".
- ``place``: place name of the date line ("Hà Nội"); ``date``: date of the slip (default
  today).
- ``signer_title`` / ``signer_name``: the signature block (each form has a default title).

Form 01 — GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ:
``dossier_code``, ``applicant_name``, ``applicant_address``, ``applicant_phone``,
``applicant_email``, ``procedure_name``, ``documents`` (list of dicts: ``name``,
``form`` ("original"/"copy"/"certified_copy" or any text), ``quantity``), ``sets``,
``time_limit_text`` ("03 ngày làm việc"), ``received_at``, ``appointment_at``,
``collect_at`` (where to collect the result), ``tracking_book_entry``,
``tracking_url`` and ``tracking_secret`` (printed, and the URL as a QR code),
``officer_name`` (the receiving officer, signs).

Form 02 — PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ:
``dossier_code``, ``applicant_name``, ``applicant_address``, ``procedure_name``,
``received_at``, ``items`` (list of dicts: ``name``, ``reason``), ``contact`` (who to ask and
how), ``officer_name``.

Form 03 — PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ:
``dossier_code``, ``applicant_name``, ``applicant_address``, ``procedure_name``, ``reason``,
``contact``, ``officer_name``.

Form 04 — PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ:
``applicant_name``, ``dossier_code``, ``procedure_name``, ``received_at``,
``appointment_at`` (the original appointment), ``reason`` (for the delay),
``new_appointment_at``, ``signer_title`` (head of the competent agency), ``signer_name``.

Form 05 — PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ:
``dossier_code``, ``applicant_name``, ``procedure_name``, ``lead_agency``,
``coordinating_agencies`` (list of names), ``received_at``, ``appointment_at``,
``handovers`` (list of dicts: ``from_name``, ``to_name``, ``at``, ``giver``, ``receiver``,
``outcome`` — "early", "on_time", "late" or text, ``note``).

Form 06 — SỔ THEO DÕI HỒ SƠ (landscape):
``title_detail`` (e.g. "Lĩnh vực hộ tịch — tháng 5/2023"), ``rows`` (list of dicts: ``seq``,
``dossier_code``, ``applicant_name``, ``procedure_name``, ``received_at``,
``appointment_at``, ``transferred_at``, ``result_received_at``, ``returned_at``,
``recipient``, ``note``).
"""

from __future__ import annotations

import base64
import io
import re
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from motcua.documents.constants import SLIP_NUMBER_SUFFIX, SlipForm

FORMS: tuple[str, ...] = tuple(SlipForm.values)
# "Ủy ban nhân dân thành phố Hà Nội" → "Hà Nội" for the date line.
_PLACE_PREFIX = re.compile(r"^(?:(?:Ủy|Uỷ) ban nhân dân|UBND)?\s*(?:thành phố|tỉnh)?\s*", re.I)


def _normalise_form(form: str) -> str:
    value = str(form).strip().removeprefix("form_").zfill(2)
    if value not in FORMS:
        raise ValueError(f"Unknown slip form {form!r}; expected one of {', '.join(FORMS)}")
    return value


def qr_data_uri(text: str) -> str:
    """A QR code of ``text`` as an SVG data URI (vector, sharp at any print resolution)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(
        text,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=1,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def slip_agency_header(agency: Any) -> dict[str, str]:
    """``agency_parent_name``, ``agency_name`` and ``place`` for an Agency (printed in capitals)."""
    parent = getattr(agency, "parent", None)
    place = ""
    node = agency
    while node is not None:  # the province names the place of the date line
        if getattr(node, "parent", None) is None:
            place = _PLACE_PREFIX.sub("", node.name).strip()
        node = getattr(node, "parent", None)
    return {
        "agency_parent_name": parent.name if parent is not None else "",
        "agency_name": agency.name,
        "place": place,
    }


def slip_render(*, form: str, context: dict[str, Any]) -> bytes:
    """Render slip ``form`` ("01" … "06") with ``context`` to PDF bytes (see module doc)."""
    from weasyprint import HTML

    form = _normalise_form(form)
    data = dict(context)
    data.setdefault("date", timezone.localdate())
    data["form"] = form
    if form == SlipForm.RECEIPT and data.get("tracking_url"):
        data["tracking_qr"] = qr_data_uri(str(data["tracking_url"]))
    with translation.override("vi"):  # official documents are Vietnamese whatever the UI
        html = render_to_string(f"documents/slips/form_{form}.html", data)
    result = HTML(string=html, base_url=None).write_pdf()
    assert result is not None  # noqa: S101 - write_pdf without a target returns bytes
    return bytes(result)


def slip_number_next(*, agency: Any, form: str) -> str:
    """Hand out the next number of ``form`` for ``agency`` this year, e.g. "15/TNHS".

    Atomic: one UPDATE … SET last_number = last_number + 1 on the counter row (which locks it
    until the caller's transaction ends), so two desks never get the same number. Numbering
    restarts at 1 every calendar year. Forms 05 and 06 carry no number (ValueError).
    """
    from motcua.documents.models import SlipCounter

    form = _normalise_form(form)
    if form not in SLIP_NUMBER_SUFFIX:
        raise ValueError(_("Mẫu %(form)s không có số phiếu.") % {"form": form})
    year = timezone.localdate().year
    with transaction.atomic():
        counters = SlipCounter.objects.filter(agency=agency, form=form, year=year)
        if not counters.update(last_number=F("last_number") + 1):
            try:
                with transaction.atomic():
                    SlipCounter.objects.create(agency=agency, form=form, year=year, last_number=1)
            except IntegrityError:
                # Another desk created this year's counter first: take the next number.
                counters.update(last_number=F("last_number") + 1)
        number = counters.values_list("last_number", flat=True).get()
    return f"{number}/{SLIP_NUMBER_SUFFIX[form]}"
