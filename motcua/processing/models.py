"""Back-office processing of accepted dossiers (DOMAIN.md §5 step 3 to 6).

- :class:`DossierProcess`: one per dossier once the desk transfers it: the lead agency, the
  statutory due instant (with supplement pauses), the new appointment of form 04, the
  processing timeliness and the "late by rule" flag (more than one supplement request).
- :class:`StepTask`: one per step of the procedure version's internal process, worked by
  a unit/role of an agency (the lead one or, for liên thông, another), each with its own due
  instant from its budget.
- :class:`Handover`: every transfer between people/units/agencies (the rows of form 05).
- :class:`ProcessResult`: the result document (draft → signed → numbered and issued).
- :class:`DelayNotice`: form 04 (apology and new appointment).

State changes happen only in :mod:`motcua.processing.services`; each locks the dossier
row and appends a :class:`motcua.dossiers.models.DossierEvent`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import BudgetUnit
from motcua.organizations.constants import Role
from motcua.processing.constants import (
    HandoverKind,
    InterAgency,
    ProcessState,
    ResultSource,
    ResultState,
    Risk,
    StepState,
    TimelinessChoice,
)

#: The rows the processing queues read: active steps outside the desk (partial indexes).
ACTIVE_QUEUE_ROWS = Q(
    at_desk=False,
    state__in=[StepState.OPEN, StepState.IN_PROGRESS, StepState.AWAITING_APPROVAL],
)


class DossierProcess(models.Model):
    """The processing of one dossier by its competent (lead) agency."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="process",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier being processed."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan chủ trì"),
        help_text=_("Competent (lead) agency; receives the results of coordinating agencies."),
    )
    state = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=ProcessState.choices,
        default=ProcessState.ACTIVE,
        help_text=_("Active, paused for a supplement, finished, stopped, withdrawn or refused."),
    )
    started_at = models.DateTimeField(
        _("chuyển xử lý lúc"), help_text=_("When the desk transferred the dossier.")
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chuyển"),
        help_text=_("Desk officer who transferred it."),
    )
    original_due_at = models.DateTimeField(
        _("hẹn trả ban đầu"),
        help_text=_("Appointment of slip 01 when processing started (before any pause)."),
    )
    due_at = models.DateTimeField(
        _("hạn giải quyết"),
        help_text=_(
            "Statutory due instant, recomputed by the clock with the supplement pauses; "
            "kept for the on-time rate even when form 04 gives a new appointment."
        ),
    )
    appointment_at = models.DateTimeField(
        _("hẹn lại ngày trả"),
        null=True,
        blank=True,
        help_text=_("New appointment given to the applicant by form 04; empty if none."),
    )
    extensions = models.PositiveSmallIntegerField(
        _("số lần hẹn lại"), default=0, help_text=_("Forms 04 issued for this dossier.")
    )
    paused_at = models.DateTimeField(
        _("tạm dừng từ"),
        null=True,
        blank=True,
        help_text=_("Start of the current supplement pause; empty when the clock runs."),
    )
    pauses = models.JSONField(
        _("các lần tạm dừng"),
        default=list,
        blank=True,
        help_text=_("Finished pauses as [start, end] ISO instants, in order."),
    )
    supplement_requests = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung khi giải quyết"),
        default=0,
        help_text=_("Supplement requests during processing; only one is allowed by law."),
    )
    late_by_rule = models.BooleanField(
        _("tính là trễ hạn theo quy định"),
        default=False,
        help_text=_("More than one supplement request during processing: counts as late."),
    )
    finished_at = models.DateTimeField(
        _("kết thúc giải quyết lúc"),
        null=True,
        blank=True,
        help_text=_("When the result was issued (or processing ended otherwise)."),
    )
    timeliness = models.CharField(
        _("kết quả về thời hạn"),
        max_length=16,
        choices=TimelinessChoice.choices,
        blank=True,
        help_text=_("Early / on time / late at the end (DOMAIN.md §6 rule 7); empty while open."),
    )
    risk = models.CharField(
        _("cảnh báo hạn"),
        max_length=16,
        choices=Risk.choices,
        blank=True,
        default=Risk.NONE,
        help_text=_("Set by the scheduled deadline check: at risk or overdue."),
    )
    risk_notified_on = models.DateField(
        _("đã nhắc ngày"),
        null=True,
        blank=True,
        help_text=_("Last day the officers were reminded of the deadline (once a day)."),
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When the record last changed.")
    )

    class Meta:
        verbose_name = _("quá trình giải quyết hồ sơ")
        verbose_name_plural = _("quá trình giải quyết hồ sơ")
        ordering = ["due_at", "id"]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"], name="proc_agency_state_due"),
            models.Index(fields=["state", "due_at"], name="proc_state_due"),
            # Open dossiers only (5% of the table): the leader's overview counts them with an
            # index-only scan by agency and reads its first page in due order.
            models.Index(
                fields=["agency", "due_at", "id"],
                name="proc_open_agency_due",
                condition=Q(state__in=[ProcessState.ACTIVE, ProcessState.PAUSED]),
            ),
            models.Index(
                fields=["due_at", "id"],
                name="proc_open_due",
                include=["agency"],
                condition=Q(state__in=[ProcessState.ACTIVE, ProcessState.PAUSED]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.state}"

    @property
    def shown_due_at(self) -> object:
        """The appointment the applicant holds: form 04's new one if any, else the statutory."""
        return self.appointment_at or self.due_at


class StepTask(models.Model):
    """One step of the internal process of one dossier, worked by a unit/role of an agency."""

    process = models.ForeignKey(
        DossierProcess,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("quá trình"),
        help_text=_("Processing the step belongs to."),
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="step_tasks",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier (kept here for scoped lists without a join)."),
    )
    process_step = models.ForeignKey(
        "catalog.ProcessStep",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bước trong quy trình"),
        help_text=_("Step of the procedure version's internal process it was made from."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), help_text=_("Order of the step, from 1."))
    stage = models.PositiveIntegerField(
        _("giai đoạn"),
        help_text=_("Steps of one parallel group share a stage; stages run one after another."),
    )
    name = models.CharField(_("tên bước"), max_length=255, help_text=_("What is done."))
    role = models.CharField(
        _("vai trò thực hiện"), max_length=24, choices=Role.choices, help_text=_("Who does it.")
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan thực hiện"),
        help_text=_("Agency whose queue shows the step (lead agency or a coordinating one)."),
    )
    unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị"),
        help_text=_("Unit inside that agency, when the process names one."),
    )
    parallel_group = models.CharField(
        _("nhóm song song"), max_length=20, blank=True, help_text=_("Parallel group, if any.")
    )
    budget = models.DecimalField(
        _("thời gian"), max_digits=6, decimal_places=2, help_text=_("Time budget of the step.")
    )
    budget_unit = models.CharField(
        _("đơn vị thời gian"),
        max_length=16,
        choices=BudgetUnit.choices,
        help_text=_("Working days or working hours."),
    )
    at_desk = models.BooleanField(
        _("bước tại Bộ phận Một cửa"),
        default=False,
        help_text=_("Reception (done at transfer) or return of the result, handled by the desk."),
    )
    interagency = models.CharField(
        _("liên thông"),
        max_length=16,
        choices=InterAgency.choices,
        blank=True,
        default=InterAgency.NONE,
        help_text=_("Vertical or horizontal when worked by another agency than the lead one."),
    )
    needs_routing = models.BooleanField(
        _("cần chỉ định cơ quan"),
        default=False,
        help_text=_(
            "No agency of the process's kind was found: the lead agency routes it by hand."
        ),
    )
    state = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=StepState.choices,
        default=StepState.WAITING,
        help_text=_("Waiting, open, in progress, awaiting approval, done or cancelled."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xử lý"),
        help_text=_("Officer working the step (claimed or assigned)."),
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lãnh đạo duyệt"),
        help_text=_("Leader asked to approve; empty: any leader of the agency."),
    )
    planned_due_at = models.DateTimeField(
        _("hạn dự kiến"),
        null=True,
        blank=True,
        help_text=_("Due instant planned at transfer, if every earlier step used its budget."),
    )
    started_at = models.DateTimeField(
        _("bắt đầu lúc"), null=True, blank=True, help_text=_("When the step became workable.")
    )
    due_at = models.DateTimeField(
        _("hạn của bước"),
        null=True,
        blank=True,
        help_text=_("Clock due instant from the start and the budget (with pauses)."),
    )
    finished_at = models.DateTimeField(
        _("xong lúc"), null=True, blank=True, help_text=_("When the step was completed.")
    )
    finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người hoàn thành"),
        help_text=_("Who completed (or approved) the step."),
    )
    timeliness = models.CharField(
        _("kết quả về thời hạn"),
        max_length=16,
        choices=TimelinessChoice.choices,
        blank=True,
        help_text=_("Early / on time / late when done."),
    )
    note = models.TextField(
        _("ý kiến xử lý"), blank=True, help_text=_("Note of the last completion or decision.")
    )
    rounds = models.PositiveSmallIntegerField(
        _("số lần xử lý"), default=0, help_text=_("Times the step was (re)opened.")
    )
    risk = models.CharField(
        _("cảnh báo hạn"),
        max_length=16,
        choices=Risk.choices,
        blank=True,
        default=Risk.NONE,
        help_text=_("Set by the scheduled deadline check."),
    )
    files = models.ManyToManyField(
        "documents.StoredFile",
        through="StepFile",
        related_name="+",
        verbose_name=_("tệp"),
        help_text=_("Files attached when working the step."),
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When the record last changed.")
    )

    class Meta:
        verbose_name = _("bước xử lý hồ sơ")
        verbose_name_plural = _("bước xử lý hồ sơ")
        ordering = ["process_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["process", "order"], name="step_task_order_unique")
        ]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"], name="step_agency_state_due"),
            models.Index(fields=["assignee", "state", "due_at"], name="step_assignee_state_due"),
            models.Index(fields=["approver", "state", "due_at"], name="step_approver_state_due"),
            models.Index(fields=["unit", "state", "due_at"], name="step_unit_state_due"),
            # Active steps outside the desk only (the queues' rows, a few % of the table),
            # carrying every column the queue counts test so they are index-only scans.
            models.Index(
                fields=["agency", "state", "due_at", "id"],
                name="step_active_agency_due",
                include=["role", "unit", "assignee", "approver", "process"],
                condition=ACTIVE_QUEUE_ROWS,
            ),
            models.Index(
                fields=["assignee", "due_at", "id"],
                name="step_active_assignee_due",
                include=["state", "agency", "process"],
                condition=ACTIVE_QUEUE_ROWS,
            ),
            models.Index(
                fields=["role", "agency", "due_at", "id"],
                name="step_open_role_agency_due",
                include=["unit", "process"],
                condition=Q(at_desk=False, state=StepState.OPEN),
            ),
            models.Index(
                fields=["due_at", "id"],
                name="step_active_due",
                include=["agency", "state", "role", "unit", "assignee", "approver", "process"],
                condition=ACTIVE_QUEUE_ROWS,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.order} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.state in (
            StepState.OPEN,
            StepState.IN_PROGRESS,
            StepState.AWAITING_APPROVAL,
        )


class StepFile(models.Model):
    """A stored file attached to a step (work papers, opinions of coordinating agencies)."""

    step = models.ForeignKey(
        StepTask,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("bước"),
        help_text=_("Step the file was attached to."),
    )
    stored_file = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp"),
        help_text=_("The stored, sniffed file."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thêm"),
        help_text=_("Who attached it."),
    )
    added_at = models.DateTimeField(
        _("thêm lúc"), auto_now_add=True, help_text=_("When it was attached.")
    )

    class Meta:
        verbose_name = _("tệp của bước xử lý")
        verbose_name_plural = _("tệp của bước xử lý")
        ordering = ["step_id", "id"]

    def __str__(self) -> str:
        return f"{self.step_id}:{self.stored_file_id}"


class Handover(models.Model):
    """One hand-over of a dossier (a row of form 05): from whom/where to whom/where, when."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="handovers",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier handed over."),
    )
    kind = models.CharField(
        _("loại"), max_length=16, choices=HandoverKind.choices, help_text=_("Why it moved.")
    )
    from_step = models.ForeignKey(
        StepTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("từ bước"),
        help_text=_("Step that gave the dossier; empty for the desk's transfer."),
    )
    to_step = models.ForeignKey(
        StepTask,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers_in",
        verbose_name=_("đến bước"),
        help_text=_("Step that received it; empty when it left processing (result)."),
    )
    from_agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan giao"),
        help_text=_("Agency that gave it."),
    )
    from_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị giao"),
        help_text=_("Unit that gave it, if known."),
    )
    to_agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan nhận"),
        help_text=_("Agency that received it."),
    )
    to_unit = models.ForeignKey(
        "organizations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị nhận"),
        help_text=_("Unit that received it, if known."),
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người giao"),
        help_text=_("Who handed it over."),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhận"),
        help_text=_("Who took it (assignee, or the officer who claimed it later)."),
    )
    at = models.DateTimeField(_("giao lúc"), help_text=_("When it was handed over."))
    received_at = models.DateTimeField(
        _("nhận lúc"), null=True, blank=True, help_text=_("When the receiver took it.")
    )
    outcome = models.CharField(
        _("kết quả bước giao"),
        max_length=16,
        choices=TimelinessChoice.choices,
        blank=True,
        help_text=_("Early / on time / late of the giving step (form 05)."),
    )
    note = models.CharField(
        _("ghi chú"), max_length=1000, blank=True, help_text=_("Reason or note of the transfer.")
    )

    class Meta:
        verbose_name = _("giao nhận hồ sơ")
        verbose_name_plural = _("giao nhận hồ sơ")
        ordering = ["dossier_id", "at", "id"]
        indexes = [models.Index(fields=["dossier", "at"], name="handover_dossier_at")]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class ProcessResult(models.Model):
    """The result of a dossier: a draft PDF, then the signed result, then numbered and issued."""

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="processing_result",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier the result answers."),
    )
    state = models.CharField(
        _("tình trạng"),
        max_length=16,
        choices=ResultState.choices,
        default=ResultState.DRAFT,
        help_text=_("Draft awaiting signature, signed awaiting number, issued."),
    )
    source = models.CharField(
        _("nguồn"),
        max_length=16,
        choices=ResultSource.choices,
        help_text=_("Generated from a template or uploaded as PDF."),
    )
    title = models.CharField(
        _("tên kết quả"), max_length=255, help_text=_("What the document is, e.g. 'Giấy phép'.")
    )
    verification_code = models.CharField(
        _("mã xác thực"),
        max_length=16,
        blank=True,
        help_text=_("Code printed on a generated draft (QR), used when it is signed."),
    )
    draft_file = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dự thảo"),
        help_text=_("PDF to be signed."),
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người soạn"),
        help_text=_("Officer who prepared the draft."),
    )
    prepared_at = models.DateTimeField(_("soạn lúc"), help_text=_("When the draft was made."))
    signed = models.OneToOneField(
        "documents.SignedResult",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kết quả đã ký"),
        help_text=_("The signed, verifiable result (number set by the records clerk)."),
    )
    issued_at = models.DateTimeField(
        _("ban hành lúc"), null=True, blank=True, help_text=_("When it was numbered and issued.")
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ban hành"),
        help_text=_("Records clerk who numbered and issued it."),
    )

    class Meta:
        verbose_name = _("kết quả giải quyết")
        verbose_name_plural = _("kết quả giải quyết")
        ordering = ["-prepared_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.title}"


class DelayNotice(models.Model):
    """Form 04: apology and new appointment, with the reason for the delay."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="delay_notices",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier that is late."),
    )
    number = models.CharField(
        _("số phiếu"), max_length=40, help_text=_("Number of form 04, e.g. '3/XLHS'.")
    )
    reason = models.TextField(_("lý do chậm"), help_text=_("Why the result is late."))
    previous_appointment_at = models.DateTimeField(
        _("hẹn trả trước đó"), help_text=_("Appointment the applicant held until this notice.")
    )
    new_appointment_at = models.DateTimeField(
        _("hẹn trả mới"), help_text=_("New appointment given by the notice.")
    )
    file = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp PDF"),
        help_text=_("Form 04 as issued."),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ban hành"),
        help_text=_("Leader of the competent agency who issued it."),
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), help_text=_("When it was issued."))

    class Meta:
        verbose_name = _("phiếu xin lỗi và hẹn lại")
        verbose_name_plural = _("phiếu xin lỗi và hẹn lại")
        ordering = ["dossier_id", "issued_at"]

    def __str__(self) -> str:
        return f"{self.dossier_id} {self.number}"
