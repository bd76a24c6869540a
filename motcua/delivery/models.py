"""The return of a dossier's result and the applicant's rating of it.

Both rows are written only by :mod:`motcua.delivery.services`, each together with the
dossier's own event (the return) or an audit event (the rating, the download, the postal
delivery confirmation).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.delivery.constants import RatingSource, RatingValue, RecipientRelation, ReturnMode


class ResultReturn(models.Model):
    """How and when the result of one dossier reached the applicant (one per dossier)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="result_return",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier whose result was returned."),
    )
    mode = models.CharField(
        _("hình thức trả"),
        max_length=16,
        choices=ReturnMode.choices,
        help_text=_("At the desk, electronically (first download by the owner) or by post."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("nơi trả kết quả"),
        help_text=_("Desk that handed the result over or posted it (the receiving desk online)."),
    )
    returned_at = models.DateTimeField(
        _("trả lúc"),
        help_text=_("Hand-over at the desk, first download by the owner, or posting time."),
    )
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người thực hiện"),
        help_text=_("Officer who handed over or posted the result; the owner for a download."),
    )
    # --- At the desk ---------------------------------------------------------------------------
    recipient_name = models.CharField(
        _("người nhận"),
        max_length=150,
        blank=True,
        help_text=_("Full name of the person who collected the result (desk and post)."),
    )
    recipient_id_number = models.CharField(
        _("số định danh người nhận"),
        max_length=14,
        blank=True,
        help_text=_("12-digit personal ID of the person who collected it at the desk."),
    )
    recipient_relation = models.CharField(
        _("quan hệ với người nộp"),
        max_length=16,
        choices=RecipientRelation.choices,
        blank=True,
        help_text=_("The applicant, an authorised person or the legal representative."),
    )
    authorisation = models.CharField(
        _("giấy ủy quyền"),
        max_length=255,
        blank=True,
        help_text=_("Reference of the authorisation shown (number, date, who certified it)."),
    )
    papers = models.TextField(
        _("giấy tờ đã giao"),
        blank=True,
        help_text=_("Papers handed over (result, returned originals, receipts), one a line."),
    )
    # --- Electronic ----------------------------------------------------------------------------
    signed_result = models.ForeignKey(
        "documents.SignedResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kết quả điện tử"),
        help_text=_("Signed result the owner downloaded (electronic return)."),
    )
    # --- By post -------------------------------------------------------------------------------
    postal_service = models.CharField(
        _("đơn vị bưu chính"),
        max_length=100,
        blank=True,
        help_text=_("Postal operator, e.g. 'Bưu điện Việt Nam (VNPost)'."),
    )
    tracking_number = models.CharField(
        _("số hiệu bưu gửi"),
        max_length=40,
        blank=True,
        help_text=_("Tracking number of the item given by the postal operator."),
    )
    delivered_at = models.DateTimeField(
        _("đã phát lúc"),
        null=True,
        blank=True,
        help_text=_("Delivery confirmed by the postal operator (recorded later)."),
    )
    delivery_note = models.CharField(
        _("ghi chú phát"),
        max_length=255,
        blank=True,
        help_text=_("What the delivery confirmation says (who signed for it, proof number)."),
    )
    delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ghi nhận phát"),
        help_text=_("Officer who recorded the delivery confirmation."),
    )
    created_at = models.DateTimeField(
        _("ghi lúc"), auto_now_add=True, help_text=_("When the record was written.")
    )

    class Meta:
        verbose_name = _("trả kết quả")
        verbose_name_plural = _("trả kết quả")
        ordering = ["-returned_at"]
        indexes = [models.Index(fields=["agency", "returned_at"], name="result_return_agency_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.mode} {self.returned_at:%Y-%m-%d %H:%M}"

    @property
    def recipient_text(self) -> str:
        """What the tracking book writes in its 'received by' column."""
        if self.mode == ReturnMode.ELECTRONIC:
            return str(_("Nhận kết quả điện tử"))
        if self.mode == ReturnMode.POSTAL:
            text = f"{self.postal_service} {self.tracking_number}".strip()
            return str(_("Bưu chính: %(t)s")) % {"t": text}
        if self.recipient_relation and self.recipient_relation != RecipientRelation.SELF:
            return f"{self.recipient_name} ({RecipientRelation(self.recipient_relation).label})"
        return self.recipient_name


class Rating(models.Model):
    """The applicant's rating of how a dossier was handled: once per dossier."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="rating",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier rated (once, after the result was returned)."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan được đánh giá"),
        help_text=_("The dossier's competent agency; ratings are counted per agency subtree."),
    )
    value = models.CharField(
        _("mức đánh giá"),
        max_length=16,
        choices=RatingValue.choices,
        help_text=_("Very satisfied, satisfied or dissatisfied."),
    )
    comment = models.TextField(
        _("nhận xét"), blank=True, help_text=_("Optional words of the applicant (≤ 1,000).")
    )
    rated_at = models.DateTimeField(_("đánh giá lúc"), help_text=_("When the rating was given."))
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người đánh giá"),
        help_text=_("Signed-in owner; empty when rated from the tracking page with the secret."),
    )
    source = models.CharField(
        _("đánh giá từ"),
        max_length=16,
        choices=RatingSource.choices,
        help_text=_("'My dossiers' or the public tracking page."),
    )
    feedback = models.ForeignKey(
        "feedback.Feedback",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("phản ánh kèm theo"),
        help_text=_("Complaint opened together with a 'dissatisfied' rating, if any."),
    )

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá hồ sơ")
        ordering = ["-rated_at"]
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.value}"
