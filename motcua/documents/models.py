"""Stored files (content-checked, content-addressed on disk) and slip number counters."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.documents.constants import SLIP_NUMBER_SUFFIX, FileKind


class StoredFile(models.Model):
    """One accepted upload or generated document.

    The bytes live in the default storage under a name derived from their SHA-256
    (``files/ab/cd/<sha256>.<ext>``), so identical content is kept once however many rows
    point to it. Who may read a file is decided by the record that refers to it (a dossier
    component, a result), never by the file itself.
    """

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Random identifier, safe to show in addresses."),
    )
    sha256 = models.CharField(
        _("mã băm SHA-256"),
        max_length=64,
        db_index=True,
        help_text=_("Hex SHA-256 of the content; also names the stored blob."),
    )
    size = models.PositiveBigIntegerField(_("kích thước"), help_text=_("Size in bytes."))
    content_type = models.CharField(
        _("kiểu nội dung"),
        max_length=100,
        help_text=_("Media type found by reading the bytes (not taken from the name)."),
    )
    kind = models.CharField(
        _("loại tệp"), max_length=8, choices=FileKind.choices, help_text=_("Checked file kind.")
    )
    original_name = models.CharField(
        _("tên tệp gốc"),
        max_length=150,
        help_text=_("Sanitised name given by the uploader, with the extension of its real kind."),
    )
    storage_name = models.CharField(
        _("tên lưu trữ"),
        max_length=255,
        help_text=_("Name of the blob in the default storage, derived from the hash."),
    )
    pages = models.PositiveIntegerField(
        _("số trang"), null=True, blank=True, help_text=_("Number of pages (PDF only).")
    )
    width = models.PositiveIntegerField(
        _("chiều rộng (px)"), null=True, blank=True, help_text=_("Pixel width (images only).")
    )
    height = models.PositiveIntegerField(
        _("chiều cao (px)"), null=True, blank=True, help_text=_("Pixel height (images only).")
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When the file was accepted.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
        help_text=_("Who uploaded it; empty for generated documents."),
    )

    class Meta:
        verbose_name = _("tệp đã lưu")
        verbose_name_plural = _("tệp đã lưu")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class SlipCounter(models.Model):
    """Last number issued for one slip form by one agency in one year ("15/TNHS")."""

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency whose register the numbers belong to."),
    )
    form = models.CharField(
        _("mẫu phiếu"),
        max_length=2,
        choices=[(k, k) for k in SLIP_NUMBER_SUFFIX],
        help_text=_("Form number, 01–04."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), help_text=_("Calendar year (Asia/Ho_Chi_Minh); numbering restarts each year.")
    )
    last_number = models.PositiveIntegerField(
        _("số cuối"), default=0, help_text=_("Last number handed out.")
    )

    class Meta:
        verbose_name = _("bộ đếm số phiếu")
        verbose_name_plural = _("bộ đếm số phiếu")
        constraints = [
            models.UniqueConstraint(fields=["agency", "form", "year"], name="slip_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form}/{self.year}: {self.last_number}"
