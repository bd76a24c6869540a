from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FileKind(models.TextChoices):
    PDF = "pdf", _("PDF")
    JPEG = "jpeg", _("Ảnh JPEG")
    PNG = "png", _("Ảnh PNG")
    DOCX = "docx", _("Văn bản Word (DOCX)")
    XLSX = "xlsx", _("Bảng tính Excel (XLSX)")


#: Media type recorded and served for each kind (from the bytes, never from the name).
CONTENT_TYPES: dict[str, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    FileKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

#: File-name extensions that may stay on an original name of each kind; the first is canonical.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    FileKind.PDF: (".pdf",),
    FileKind.JPEG: (".jpg", ".jpeg", ".jpe"),
    FileKind.PNG: (".png",),
    FileKind.DOCX: (".docx",),
    FileKind.XLSX: (".xlsx",),
}

DEFAULT_ALLOWED_KINDS: frozenset[str] = frozenset({"pdf", "jpeg", "png", "docx"})


class SlipForm(models.TextChoices):
    """Official slips of the one-stop desk (Circular 01/2018/TT-VPCP, forms 01–06)."""

    RECEIPT = "01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT = "02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    APOLOGY = "04", _("Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    PROCESS_CONTROL = "05", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")
    TRACKING_BOOK = "06", _("Sổ theo dõi hồ sơ")


#: Number suffix of each numbered slip ("15/TNHS"). Forms 05 and 06 carry no number.
SLIP_NUMBER_SUFFIX: dict[str, str] = {
    SlipForm.RECEIPT: "TNHS",
    SlipForm.SUPPLEMENT: "HDHS",
    SlipForm.REFUSAL: "TCHS",
    SlipForm.APOLOGY: "XLHS",
}
