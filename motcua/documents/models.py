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


class AgencyCertificate(models.Model):
    """An agency's signing certificate.

    Either a PKCS#12 bundle (certificate, private key, chain) kept encrypted at rest with a
    key derived from ``MOTCUA_SIGNING_KEY`` (or ``SECRET_KEY``), or — when the private key
    lives on a hardware token reached through PKCS#11 — only the public certificate, so that
    results signed on the token are recognised as the agency's. At most one active
    certificate per agency.
    """

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency that signs results with this certificate."),
    )
    bundle_encrypted = models.BinaryField(
        _("gói PKCS#12 đã mã hóa"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The uploaded PKCS#12 bundle, Fernet-encrypted; empty when the key is on a token."
        ),
    )
    passphrase_encrypted = models.BinaryField(
        _("mật khẩu gói đã mã hóa"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Passphrase of the bundle, Fernet-encrypted with the same key."),
    )
    on_token = models.BooleanField(
        _("khóa trên thiết bị ký"),
        default=False,
        help_text=_("The private key is on a PKCS#11 token; only the certificate is kept here."),
    )
    certificate_pem = models.TextField(
        _("chứng thư (PEM)"), help_text=_("The signer certificate, public, PEM-encoded.")
    )
    chain_pem = models.TextField(
        _("chuỗi chứng thư (PEM)"),
        blank=True,
        help_text=_("Issuing CA certificates shipped with the bundle, PEM-encoded (public)."),
    )
    subject = models.CharField(
        _("chủ thể"), max_length=500, help_text=_("Subject of the certificate, readable form.")
    )
    subject_common_name = models.CharField(
        _("tên chủ thể"),
        max_length=255,
        help_text=_("Common name (CN) of the subject, printed on the visible stamp."),
    )
    issuer = models.CharField(
        _("tổ chức cấp"), max_length=500, help_text=_("Issuer of the certificate, readable form.")
    )
    serial = models.CharField(
        _("số hiệu"), max_length=100, help_text=_("Serial number, hexadecimal.")
    )
    valid_from = models.DateTimeField(
        _("hiệu lực từ"), help_text=_("Start of the certificate's validity (stored in UTC).")
    )
    valid_to = models.DateTimeField(
        _("hiệu lực đến"), help_text=_("End of the certificate's validity (stored in UTC).")
    )
    fingerprint = models.CharField(
        _("dấu vân tay SHA-256"),
        max_length=64,
        unique=True,
        help_text=_("Hex SHA-256 of the DER certificate; identifies it in signed results."),
    )
    active = models.BooleanField(
        _("đang dùng"),
        default=True,
        help_text=_("Used for new signatures; past signatures stay verifiable when inactive."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tải lên"),
        help_text=_("Administrator who registered the certificate; empty for the demo seed."),
    )
    uploaded_at = models.DateTimeField(
        _("tải lên lúc"), auto_now_add=True, help_text=_("When the certificate was registered.")
    )
    deactivated_at = models.DateTimeField(
        _("ngừng dùng lúc"),
        null=True,
        blank=True,
        help_text=_("When it stopped being used for new signatures."),
    )

    class Meta:
        verbose_name = _("chứng thư số của cơ quan")
        verbose_name_plural = _("chứng thư số của cơ quan")
        ordering = ["-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=models.Q(active=True),
                name="agency_certificate_one_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_common_name} ({self.serial})"


class SignedResult(models.Model):
    """A result document signed with an agency certificate, as it was handed out.

    The file is the exact signed bytes; ``sha256`` lets a verification tell whether an
    uploaded PDF is one this system issued. ``related_type``/``related_id`` point to what
    the result answers (e.g. a dossier) without tying this app to that model.
    """

    id = models.UUIDField(
        primary_key=True,
        default=uuid.uuid4,
        editable=False,
        help_text=_("Random identifier, safe to show in addresses."),
    )
    code = models.CharField(
        _("mã xác thực"),
        max_length=16,
        unique=True,
        help_text=_("Short public code printed on the result (QR) to open its verification."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency that issued and signed the result."),
    )
    stored_file = models.ForeignKey(
        StoredFile,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp đã ký"),
        help_text=_("The signed PDF exactly as issued."),
    )
    sha256 = models.CharField(
        _("mã băm SHA-256"),
        max_length=64,
        db_index=True,
        help_text=_("Hex SHA-256 of the signed bytes."),
    )
    certificate = models.ForeignKey(
        AgencyCertificate,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("chứng thư đã dùng"),
        help_text=_("Certificate the result was signed with."),
    )
    certificate_fingerprint = models.CharField(
        _("dấu vân tay chứng thư"),
        max_length=64,
        help_text=_("Hex SHA-256 of the signer certificate, kept with the result."),
    )
    signer_subject = models.CharField(
        _("chủ thể ký"), max_length=500, help_text=_("Subject of the signer certificate.")
    )
    signed_at = models.DateTimeField(
        _("ký lúc"), help_text=_("Signing time written into the signature (stored in UTC).")
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ký"),
        help_text=_("Leader who approved and signed."),
    )
    reason = models.CharField(
        _("lý do ký"), max_length=255, blank=True, help_text=_("Reason written into the signature.")
    )
    location = models.CharField(
        _("nơi ký"), max_length=255, blank=True, help_text=_("Place written into the signature.")
    )
    timestamped = models.BooleanField(
        _("có dấu thời gian"),
        default=False,
        help_text=_("A time-stamping authority vouched for the signing time (PAdES B-T)."),
    )
    related_type = models.CharField(
        _("loại đối tượng liên quan"),
        max_length=60,
        blank=True,
        help_text=_("What the result answers, e.g. 'dossier'; empty if none."),
    )
    related_id = models.CharField(
        _("mã đối tượng liên quan"),
        max_length=100,
        blank=True,
        help_text=_("Identifier of that object, e.g. the dossier code."),
    )
    number = models.CharField(
        _("số văn bản"),
        max_length=60,
        blank=True,
        help_text=_("Register number given by the records clerk, e.g. '123/KQ-UBND'."),
    )
    numbered_at = models.DateTimeField(
        _("vào số lúc"), null=True, blank=True, help_text=_("When the clerk numbered it.")
    )
    numbered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người vào số"),
        help_text=_("Records clerk who numbered it."),
    )

    class Meta:
        verbose_name = _("kết quả đã ký số")
        verbose_name_plural = _("kết quả đã ký số")
        ordering = ["-signed_at"]
        indexes = [
            models.Index(fields=["related_type", "related_id"], name="signed_result_related")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"],
                condition=~models.Q(number=""),
                name="signed_result_number_unique",
            )
        ]

    def __str__(self) -> str:
        return self.number or self.code


class ResultCounter(models.Model):
    """Last register number given to signed results by one agency in one year."""

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency whose register the numbers belong to."),
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), help_text=_("Calendar year (Asia/Ho_Chi_Minh); numbering restarts each year.")
    )
    last_number = models.PositiveIntegerField(
        _("số cuối"), default=0, help_text=_("Last number handed out.")
    )

    class Meta:
        verbose_name = _("bộ đếm số kết quả")
        verbose_name_plural = _("bộ đếm số kết quả")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="result_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
