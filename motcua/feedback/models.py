"""Residents' feedback and petitions (phản ánh, kiến nghị — PAKN) and their handling.

A :class:`Feedback` is one case: what the sender wrote, who handles it, the statutory limits
computed by the handling agency's clock, the answer, its redacted public version and the
sender's rating. :class:`FeedbackEvent` is the case's own timeline (the audit chain keeps the
tamper-evident copy). Rows change only through :mod:`motcua.feedback.services`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.feedback.constants import (
    Category,
    DueKind,
    EventKind,
    Kind,
    Rating,
    RefusalReason,
    Status,
    Subject,
)
from motcua.organizations.models import Agency


class Feedback(models.Model):
    code = models.CharField(
        _("mã phản ánh"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Public code PA-<yymmdd>-<sequence>, given at reception, never reused."),
    )
    secret_digest = models.CharField(
        _("mã băm của mã bí mật"),
        max_length=64,
        editable=False,
        help_text=_("SHA-256 of the code and the tracking secret; the secret itself is not kept."),
    )
    kind = models.CharField(
        _("loại"),
        max_length=16,
        choices=Kind.choices,
        default=Kind.REPORT,
        help_text=_("Report, petition or complaint about how a matter was handled."),
    )
    category = models.CharField(
        _("phân loại"),
        max_length=16,
        choices=Category.choices,
        help_text=_("Regulation/procedure, staff conduct or other; staff may reclassify."),
    )
    subject = models.CharField(
        _("đối tượng phản ánh"),
        max_length=16,
        choices=Subject.choices,
        help_text=_("A procedure, a dossier or an officer's conduct."),
    )
    procedure_code = models.CharField(
        _("mã thủ tục"),
        max_length=8,
        blank=True,
        help_text=_("Catalogue code N.NNNNNN of the procedure concerned, if any."),
    )
    dossier_code = models.CharField(
        _("mã hồ sơ"),
        max_length=40,
        blank=True,
        db_index=True,
        help_text=_("Code of the dossier concerned, as written on the receipt, if any."),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_cases",
        verbose_name=_("hồ sơ"),
        help_text=_("The dossier concerned, resolved from its code at reception."),
    )
    named_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan bị phản ánh"),
        help_text=_(
            "Agency the feedback names (for a dossier: its agency). Never changes, "
            "unlike the handling agency."
        ),
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="feedback_cases",
        verbose_name=_("cơ quan xử lý"),
        help_text=_("Agency responsible for handling; its calendar counts the limits."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ xử lý"),
        help_text=_("Officer who took the case, once assigned."),
    )
    title = models.CharField(_("tiêu đề"), max_length=200, help_text=_("One-line summary."))
    content = models.TextField(_("nội dung"), help_text=_("What the sender wrote."))

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_sent",
        verbose_name=_("tài khoản người gửi"),
        help_text=_("Account of a signed-in sender; empty for an anonymous sender."),
    )
    sender_name = models.CharField(
        _("họ tên người gửi"), max_length=150, help_text=_("Name given by the sender.")
    )
    sender_email = models.EmailField(
        _("thư điện tử người gửi"), blank=True, help_text=_("Contact e-mail (personal data).")
    )
    sender_phone = models.CharField(
        _("điện thoại người gửi"),
        max_length=20,
        blank=True,
        help_text=_("Contact phone, normalised to 0XXXXXXXXX (personal data)."),
    )
    sender_personal_id = models.CharField(
        _("số định danh người gửi"),
        max_length=12,
        blank=True,
        help_text=_("Optional 12-digit citizen ID; shown masked everywhere (personal data)."),
    )

    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=Status.choices,
        default=Status.NEW,
        db_index=True,
        help_text=_("Where the case stands in its lifecycle."),
    )
    version = models.PositiveIntegerField(
        _("phiên bản"),
        default=1,
        help_text=_("Incremented by every change; a stale form gets a conflict."),
    )
    received_at = models.DateTimeField(
        _("thời điểm tiếp nhận"),
        db_index=True,
        help_text=_("Reception instant; every limit counts from it, also after a transfer."),
    )
    refuse_due = models.DateTimeField(
        _("hạn từ chối"), help_text=_("End of the 2 working days within which to refuse.")
    )
    info_request_due = models.DateTimeField(
        _("hạn yêu cầu bổ sung"),
        help_text=_("End of the 5 working days within which more information may be asked."),
    )
    handle_due = models.DateTimeField(
        _("hạn trả lời"),
        null=True,
        blank=True,
        help_text=_(
            "15 working days from reception plus the time the sender took to answer a request "
            "for information; empty while the clock is stopped."
        ),
    )
    publish_due = models.DateTimeField(
        _("hạn công khai"),
        null=True,
        blank=True,
        help_text=_("2 working days after the answer."),
    )
    current_due = models.DateTimeField(
        _("hạn đang áp dụng"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The limit the case now runs against (answer or publication), for queues."),
    )
    current_due_kind = models.CharField(
        _("loại hạn đang áp dụng"),
        max_length=8,
        choices=DueKind.choices,
        blank=True,
        help_text=_("Whether the current limit is the answer or the publication."),
    )

    assigned_at = models.DateTimeField(
        _("nhận xử lý lúc"), null=True, blank=True, help_text=_("When an officer took it.")
    )
    info_request = models.TextField(
        _("nội dung yêu cầu bổ sung"), blank=True, help_text=_("What the sender was asked.")
    )
    info_requested_at = models.DateTimeField(
        _("yêu cầu bổ sung lúc"),
        null=True,
        blank=True,
        help_text=_("Start of the clock stop."),
    )
    info_reply = models.TextField(
        _("thông tin bổ sung"), blank=True, help_text=_("What the sender answered.")
    )
    info_provided_at = models.DateTimeField(
        _("bổ sung lúc"), null=True, blank=True, help_text=_("End of the clock stop.")
    )
    refused_at = models.DateTimeField(
        _("từ chối lúc"), null=True, blank=True, help_text=_("When it was refused.")
    )
    refusal_reason = models.CharField(
        _("lý do từ chối"),
        max_length=20,
        choices=RefusalReason.choices,
        blank=True,
        help_text=_("Why it was refused."),
    )
    refusal_note = models.TextField(
        _("giải thích từ chối"), blank=True, help_text=_("Explanation sent to the sender.")
    )
    answer = models.TextField(_("câu trả lời"), blank=True, help_text=_("The agency's answer."))
    answered_at = models.DateTimeField(
        _("trả lời lúc"), null=True, blank=True, help_text=_("When the answer was given.")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người trả lời"),
        help_text=_("Officer who gave the answer."),
    )
    public_title = models.CharField(
        _("tiêu đề công khai"),
        max_length=200,
        blank=True,
        help_text=_("Title as published, personal data removed."),
    )
    public_content = models.TextField(
        _("nội dung công khai"),
        blank=True,
        help_text=_("The feedback as published, personal data removed and reviewed."),
    )
    public_answer = models.TextField(
        _("câu trả lời công khai"),
        blank=True,
        help_text=_("The answer as published, personal data removed and reviewed."),
    )
    published_at = models.DateTimeField(
        _("công khai lúc"), null=True, blank=True, db_index=True, help_text=_("When published.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công khai"),
        help_text=_("Officer who reviewed and published."),
    )
    rating = models.CharField(
        _("đánh giá"),
        max_length=8,
        choices=Rating.choices,
        blank=True,
        help_text=_("The sender's like or dislike of the answer, given once."),
    )
    rated_at = models.DateTimeField(
        _("đánh giá lúc"), null=True, blank=True, help_text=_("When the sender rated.")
    )
    repeat_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="repeats",
        verbose_name=_("phản ánh lại của"),
        help_text=_("The earlier case this one repeats (a repeat counts as a complaint)."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When the row was written.")
    )

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["status", "current_due"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="feedback_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(rating="") | Q(rating__in=Rating.values) & Q(rated_at__isnull=False),
                name="feedback_rating_valid",
            ),
            models.UniqueConstraint(
                fields=["repeat_of"],
                condition=Q(repeat_of__isnull=False),
                name="feedback_one_repeat",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.status in (Status.NEW, Status.PROCESSING, Status.WAITING_INFO)

    @property
    def counts_as_complaint(self) -> bool:
        return self.kind == Kind.COMPLAINT


class FeedbackEvent(models.Model):
    """One step in a case's timeline, in the order it happened."""

    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("phản ánh"),
        help_text=_("The case."),
    )
    at = models.DateTimeField(_("thời điểm"), help_text=_("When it happened."))
    kind = models.CharField(
        _("sự kiện"), max_length=16, choices=EventKind.choices, help_text=_("What happened.")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
        help_text=_("Officer or signed-in sender; empty for an anonymous sender or the system."),
    )
    by_sender = models.BooleanField(
        _("do người gửi"), default=False, help_text=_("The sender did it (signed in or not).")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Handling agency at that moment."),
    )
    from_status = models.CharField(
        _("từ trạng thái"),
        max_length=16,
        choices=Status.choices,
        blank=True,
        help_text=_("Status before."),
    )
    to_status = models.CharField(
        _("sang trạng thái"), max_length=16, choices=Status.choices, help_text=_("Status after.")
    )
    note = models.TextField(
        _("ghi chú"), blank=True, help_text=_("Question, reply, reason or comment of the step.")
    )
    visible_to_sender = models.BooleanField(
        _("người gửi xem được"),
        default=True,
        help_text=_("Shown on the sender's tracking page (internal notes are not)."),
    )

    class Meta:
        verbose_name = _("diễn biến xử lý")
        verbose_name_plural = _("diễn biến xử lý")
        ordering = ["feedback_id", "at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    @property
    def sender_note(self) -> str:
        """The note as the sender sees it: who in the agency took the case stays internal."""
        return "" if self.kind == EventKind.ASSIGNED else self.note


class FeedbackSequence(models.Model):
    """The last sequence number given on one reception day (codes PA-<yymmdd>-<seq>)."""

    day = models.DateField(_("ngày"), unique=True, help_text=_("Local reception date."))
    last = models.PositiveIntegerField(_("số cuối"), default=0, help_text=_("Last number given."))

    class Meta:
        verbose_name = _("số thứ tự phản ánh")
        verbose_name_plural = _("số thứ tự phản ánh")

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"


class FeedbackReminder(models.Model):
    """A reminder sent for a case at risk or overdue; unique per case, state, limit and day."""

    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("phản ánh"),
        help_text=_("The case."),
    )
    state = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=[("at_risk", _("Sắp đến hạn")), ("overdue", _("Quá hạn"))],
        help_text=_("At risk or overdue."),
    )
    due_kind = models.CharField(
        _("loại hạn"), max_length=8, choices=DueKind.choices, help_text=_("Which limit.")
    )
    day = models.DateField(_("ngày"), help_text=_("Local date of the reminder run."))
    due = models.DateTimeField(_("hạn"), help_text=_("The due instant reminded of."))
    recipients = models.PositiveIntegerField(
        _("số người nhận"), default=0, help_text=_("Officers the reminder went to.")
    )
    created_at = models.DateTimeField(
        _("gửi lúc"), auto_now_add=True, help_text=_("When the reminder was queued.")
    )

    class Meta:
        verbose_name = _("nhắc hạn")
        verbose_name_plural = _("nhắc hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["feedback", "state", "due_kind", "day"], name="feedback_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.feedback_id} {self.state} {self.day}"


class FeedbackAttachment(models.Model):
    """A file sent with the feedback or with the sender's additional information.

    The bytes are checked and kept by the documents app; who may read them is decided here:
    the sender and the handling agency's staff, never the public pages.
    """

    feedback = models.ForeignKey(
        Feedback,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("phản ánh"),
        help_text=_("The case the file belongs to."),
    )
    file = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp"),
        help_text=_("The checked file (documents app)."),
    )
    with_info_reply = models.BooleanField(
        _("kèm thông tin bổ sung"),
        default=False,
        help_text=_("Sent with the answer to a request for information, not with the feedback."),
    )
    created_at = models.DateTimeField(
        _("gửi lúc"), auto_now_add=True, help_text=_("When the file was attached.")
    )

    class Meta:
        verbose_name = _("tệp đính kèm phản ánh")
        verbose_name_plural = _("tệp đính kèm phản ánh")
        ordering = ["feedback_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.feedback_id}: {self.file_id}"
