"""The notification outbox: messages written with the change that caused them, sent after."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.notifications.constants import OutboxStatus


class OutboxMessage(models.Model):
    """One message to one recipient through one channel, sent at least once, deduplicated.

    ``status`` is ``pending`` until the first attempt, ``sent`` once a channel accepted it,
    ``failed`` after a failed attempt: with ``next_attempt_at`` set it will be retried then;
    with ``next_attempt_at`` empty it gave up after the last allowed attempt and waits for an
    administrator's "resend".
    """

    channel = models.CharField(
        _("kênh"), max_length=32, help_text=_("Channel name, e.g. 'email' or 'sms'.")
    )
    recipient = models.CharField(
        _("người nhận"),
        max_length=254,
        help_text=_("Address in the channel's form: e-mail address, phone number, chat id."),
    )
    subject = models.CharField(_("tiêu đề"), max_length=255, help_text=_("Subject line."))
    body = models.TextField(_("nội dung"), help_text=_("Plain-text body, rendered at enqueue."))
    body_html = models.TextField(
        _("nội dung HTML"), blank=True, help_text=_("Optional HTML alternative of the body.")
    )
    dedupe_key = models.CharField(
        _("khóa chống trùng"),
        max_length=200,
        unique=True,
        help_text=_("Same key, same message: enqueueing it again adds nothing."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=8,
        choices=OutboxStatus.choices,
        default=OutboxStatus.PENDING,
        help_text=_("Pending, sent, or failed (retried until the attempts run out)."),
    )
    attempts = models.PositiveSmallIntegerField(
        _("số lần thử"), default=0, help_text=_("Sending attempts so far.")
    )
    last_error = models.TextField(
        _("lỗi gần nhất"), blank=True, help_text=_("Error of the last failed attempt.")
    )
    next_attempt_at = models.DateTimeField(
        _("thử lại lúc"),
        null=True,
        blank=True,
        help_text=_("When the next attempt is due; empty once sent or given up."),
    )
    sent_at = models.DateTimeField(
        _("gửi lúc"), null=True, blank=True, help_text=_("When a channel accepted it.")
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When it was enqueued.")
    )
    related_type = models.CharField(
        _("loại đối tượng"),
        max_length=64,
        blank=True,
        help_text=_("Model label of the record it is about, e.g. 'dossiers.dossier'."),
    )
    related_id = models.CharField(
        _("mã đối tượng"),
        max_length=64,
        blank=True,
        help_text=_("Primary key of the record it is about."),
    )
    agency_id = models.BigIntegerField(
        _("cơ quan"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Agency in whose name it is sent; scopes who may see and resend it."),
    )

    class Meta:
        verbose_name = _("thông báo chờ gửi")
        verbose_name_plural = _("thông báo chờ gửi")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_due_idx",
                condition=Q(status__in=["pending", "failed"]),
            ),
            models.Index(fields=["related_type", "related_id"], name="outbox_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} → {self.recipient}: {self.subject}"

    @property
    def gave_up(self) -> bool:
        return self.status == OutboxStatus.FAILED and self.next_attempt_at is None
