"""Files attached to inspection records and recommendation evidence."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import AttachmentKind
from motcua.reform.models.base import ReformRecord, user_fk
from motcua.reform.models.inspections import Inspection
from motcua.reform.models.recommendations import Recommendation, RecommendationUpdate


def attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a random name: the original name is data, never part of a path.
    now = timezone.now()
    return f"reform/{now:%Y/%m}/{uuid.uuid4().hex}.{instance.kind}"


class Attachment(ReformRecord):
    """A file (PDF, JPEG, PNG, DOCX, XLSX) checked by its content, kept under MEDIA_ROOT."""

    OWNER_PATH = "inspection__agency"
    SCOPE_PATHS = (
        "inspection__agency",
        "inspection__inspected_agency",
        "recommendation__agency",
        "recommendation__subject_agency",
    )

    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("cuộc kiểm tra"),
        help_text=_("Inspection whose record this file is."),
    )
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("kiến nghị"),
        help_text=_("Recommendation this file is evidence for."),
    )
    update = models.ForeignKey(
        RecommendationUpdate,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("diễn biến"),
        help_text=_("History entry the file was sent with."),
    )
    file = models.FileField(
        _("tệp"), upload_to=attachment_path, max_length=200, help_text=_("Stored file.")
    )
    name = models.CharField(
        _("tên tệp"), max_length=255, help_text=_("Original file name, shown to people.")
    )
    kind = models.CharField(
        _("định dạng"),
        max_length=8,
        choices=AttachmentKind.choices,
        help_text=_("Format detected from the file's content, not from its name."),
    )
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"), help_text=_("Size in bytes."))
    sha256 = models.CharField(
        _("mã băm SHA-256"), max_length=64, help_text=_("Checksum of the content.")
    )
    uploaded_by = user_fk(_("người tải lên"), _("Who uploaded it."))

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(inspection__isnull=False) & Q(recommendation__isnull=True))
                | (Q(inspection__isnull=True) & Q(recommendation__isnull=False)),
                name="reform_attachment_one_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def keeper_agency_id(self) -> int:
        if self.inspection_id:
            return int(self.inspection.agency_id)  # type: ignore[union-attr]
        return int(self.recommendation.agency_id)  # type: ignore[union-attr]
