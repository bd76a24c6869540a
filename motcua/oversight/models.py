"""Oversight's own tables: one fact row per dossier, and counters rolled up from them.

Everything here is derived from the dossiers and their event log (the source of truth) by
:mod:`motcua.oversight.rollups`, in the same transaction as each event, and can be recomputed
at any time with ``manage.py oversight_rebuild``. Keys are plain integers (no foreign-key
constraints) so that bulk loads and rebuilds are cheap and a counter never blocks a deletion
elsewhere; agencies, procedures and fields are looked up by id when shown.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.oversight.constants import Outcome


class DossierFact(models.Model):
    """What the index needs to know about one dossier, kept current by its events."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="oversight_fact",
        verbose_name=_("hồ sơ"),
        help_text=_("The dossier these facts describe."),
    )
    code = models.CharField(
        _("mã hồ sơ"), max_length=40, blank=True, help_text=_("Dossier code, for lists.")
    )
    agency_id = models.BigIntegerField(
        _("cơ quan giải quyết"), help_text=_("Competent agency (figures are attributed to it).")
    )
    agency_path = models.CharField(
        _("đường dẫn cơ quan"),
        max_length=255,
        help_text=_("Materialised path of the competent agency: subtree filters are a prefix."),
    )
    receiving_agency_id = models.BigIntegerField(
        _("cơ quan tiếp nhận"), help_text=_("Agency whose desk received the dossier.")
    )
    procedure_id = models.BigIntegerField(_("thủ tục"), help_text=_("Catalogue procedure id."))
    field_id = models.BigIntegerField(
        _("lĩnh vực"), default=0, help_text=_("Catalogue field id of the version (0: none).")
    )
    channel = models.CharField(
        _("kênh nộp"), max_length=1, help_text=_("1 in person, 2 online, 3 postal.")
    )
    received_at = models.DateTimeField(
        _("tiếp nhận lúc"), null=True, blank=True, help_text=_("Accepted at the desk (form 01).")
    )
    limit_value = models.PositiveIntegerField(
        _("thời hạn"), null=True, blank=True, help_text=_("Limit the appointment was computed on.")
    )
    limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, blank=True, help_text=_("Unit of that limit.")
    )
    due_at = models.DateTimeField(
        _("hạn giải quyết"),
        null=True,
        blank=True,
        help_text=_("Due instant by the clock, finished supplement pauses added back."),
    )
    pauses = models.JSONField(
        _("các lần tạm dừng"),
        default=list,
        blank=True,
        help_text=_("Finished supplement pauses during processing: [start, end] ISO instants."),
    )
    pause_open_at = models.DateTimeField(
        _("đang tạm dừng từ"),
        null=True,
        blank=True,
        help_text=_("Start of the supplement pause in progress (clock stopped)."),
    )
    supplements = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung khi giải quyết"),
        default=0,
        help_text=_("Supplement requests after receipt; more than one counts as late."),
    )
    intake_supplements = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung khi tiếp nhận"),
        default=0,
        help_text=_("Supplement requests before receipt (contacts with the desk)."),
    )
    finished_at = models.DateTimeField(
        _("kết thúc lúc"),
        null=True,
        blank=True,
        help_text=_("Completion, refusal, withdrawal or stop; empty while in progress."),
    )
    outcome = models.CharField(
        _("kết quả"),
        max_length=12,
        choices=Outcome.choices,
        blank=True,
        default=Outcome.OPEN,
        help_text=_("Early, on time, late (at completion) or another ending."),
    )
    processing_seconds = models.BigIntegerField(
        _("thời gian giải quyết (giây làm việc)"),
        null=True,
        blank=True,
        help_text=_("Working seconds from receipt to completion, supplement pauses excluded."),
    )
    full_process_eligible = models.BooleanField(
        _("thủ tục đủ điều kiện toàn trình"), default=False, help_text=_("From the version.")
    )
    full_process = models.BooleanField(
        _("trực tuyến toàn trình"),
        default=False,
        help_text=_("Filed online for a procedure offered as a full-process online service."),
    )
    digitised = models.BooleanField(_("đã số hóa"), default=False, help_text=_("At receipt."))
    reused = models.BooleanField(_("tái sử dụng"), default=False, help_text=_("At receipt."))
    fee_bearing = models.BooleanField(
        _("có phí, lệ phí"), default=False, help_text=_("A fee was charged.")
    )
    paid_online_at = models.DateTimeField(
        _("thanh toán trực tuyến lúc"),
        null=True,
        blank=True,
        help_text=_("First payment through an online method."),
    )
    returned_at = models.DateTimeField(
        _("trả kết quả lúc"), null=True, blank=True, help_text=_("Result returned.")
    )
    returned_electronic = models.BooleanField(
        _("trả kết quả điện tử"), default=False, help_text=_("The result was returned online.")
    )
    rating = models.CharField(
        _("đánh giá"), max_length=24, blank=True, help_text=_("Grade given by the applicant.")
    )
    rated_at = models.DateTimeField(
        _("đánh giá lúc"), null=True, blank=True, help_text=_("When the grade was given.")
    )
    last_seq = models.PositiveIntegerField(
        _("sự kiện cuối đã tính"), default=0, help_text=_("Last event folded into these facts.")
    )

    class Meta:
        verbose_name = _("số liệu hồ sơ")
        verbose_name_plural = _("số liệu hồ sơ")
        # Subtrees are read as ``agency_id IN (…ids of the subtree…)``: a list of index probes
        # that works whatever the database collation (a LIKE on the path needs a C collation
        # to use an index on PostgreSQL).
        indexes = [
            models.Index(fields=["agency_id", "received_at"], name="ov_fact_agency_received"),
            models.Index(fields=["agency_id", "finished_at"], name="ov_fact_agency_finished"),
            models.Index(
                fields=["agency_id", "due_at"],
                # Covering (PostgreSQL): the stock of open dossiers is an index-only scan.
                include=["received_at", "pause_open_at", "supplements"],
                condition=Q(finished_at__isnull=True, received_at__isnull=False),
                name="ov_fact_open_due_cover",
            ),
            models.Index(fields=["finished_at"], name="ov_fact_finished"),
            models.Index(fields=["agency_id", "rated_at"], name="ov_fact_agency_rated"),
            models.Index(fields=["agency_id", "returned_at"], name="ov_fact_agency_returned"),
        ]

    def __str__(self) -> str:
        return self.code or str(self.pk)


class Rollup(models.Model):
    """How many times ``measure`` happened for one agency, procedure, channel and local day."""

    agency_id = models.BigIntegerField(_("cơ quan"), help_text=_("Competent agency id."))
    day = models.DateField(_("ngày"), help_text=_("Local date (Asia/Ho_Chi_Minh)."))
    procedure_id = models.BigIntegerField(_("thủ tục"), help_text=_("Procedure id."))
    field_id = models.BigIntegerField(_("lĩnh vực"), default=0, help_text=_("Field id (0: none)."))
    channel = models.CharField(_("kênh"), max_length=1, help_text=_("DVCQG channel code."))
    measure = models.CharField(_("chỉ tiêu"), max_length=24, help_text=_("What is counted."))
    n = models.BigIntegerField(_("số lượng"), default=0, help_text=_("Count."))
    total = models.BigIntegerField(
        _("tổng giá trị"), default=0, help_text=_("Sum of a value (processing seconds).")
    )

    class Meta:
        verbose_name = _("bộ đếm theo ngày")
        verbose_name_plural = _("bộ đếm theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "day", "procedure_id", "field_id", "channel", "measure"],
                name="ov_rollup_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day} {self.measure}={self.n}"


class RollupMonth(models.Model):
    """The same counters per month, for an agency's whole subtree (every ancestor gets a row)."""

    agency_id = models.BigIntegerField(
        _("cơ quan"), help_text=_("The agency whose subtree (itself included) is counted.")
    )
    month = models.DateField(_("tháng"), help_text=_("First day of the local month."))
    channel = models.CharField(_("kênh"), max_length=1, help_text=_("DVCQG channel code."))
    measure = models.CharField(_("chỉ tiêu"), max_length=24, help_text=_("What is counted."))
    n = models.BigIntegerField(_("số lượng"), default=0, help_text=_("Count."))
    total = models.BigIntegerField(_("tổng giá trị"), default=0, help_text=_("Sum of a value."))

    class Meta:
        verbose_name = _("bộ đếm theo tháng")
        verbose_name_plural = _("bộ đếm theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["agency_id", "month", "channel", "measure"], name="ov_rollup_month_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.month:%Y-%m} {self.measure}={self.n}"


class ReportJob(models.Model):
    """A periodic report asked for by a user, produced in the background."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang lập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Lỗi")

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency (and subtree) the report covers."),
    )
    start = models.DateField(_("từ ngày"), help_text=_("First day of the period."))
    end = models.DateField(_("đến ngày"), help_text=_("Last day of the period."))
    period_label = models.CharField(
        _("kỳ báo cáo"), max_length=80, help_text=_("e.g. 'Quý I năm 2026'.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người yêu cầu"),
        help_text=_("Who asked for it (only they and the agency's leaders see it)."),
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=State.choices,
        default=State.QUEUED,
        help_text=_("Where the work stands."),
    )
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, help_text=_("0–100, shown on the page.")
    )
    error = models.TextField(_("lỗi"), blank=True, help_text=_("Why it failed, if it did."))
    xlsx = models.BinaryField(_("tệp xlsx"), null=True, blank=True, help_text=_("Spreadsheet."))
    docx = models.BinaryField(_("tệp docx"), null=True, blank=True, help_text=_("Narrative."))
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, help_text=_("Asked at."))
    finished_at = models.DateTimeField(
        _("xong lúc"), null=True, blank=True, help_text=_("When it was ready.")
    )

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.period_label}"
