"""Dossiers (hồ sơ): what was filed, by whom, where it stands, and its event log.

State changes happen only in :mod:`motcua.dossiers.services`; each appends one
:class:`DossierEvent`, hash-chained per dossier, which is what the audit trail, the outbox
(notifications), later roll-ups and the national-portal sync read.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import CopyKind
from motcua.core.models import event_hash
from motcua.dossiers.constants import (
    STEP_WORK_LABELS,
    Action,
    ApplicantKind,
    Channel,
    FileSource,
    ReturnMode,
    Status,
)

GENESIS = "0" * 64


class Dossier(models.Model):
    """One request of one applicant for one procedure, from draft to result."""

    code = models.CharField(
        _("mã hồ sơ"),
        max_length=40,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "{agency electronic ID}-{yymmdd}-{sequence} (DOMAIN.md §7). Online dossiers get it "
            "when submitted, walk-ins when accepted at the desk; drafts have none."
        ),
    )
    procedure_version = models.ForeignKey(
        "catalog.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("phiên bản thủ tục"),
        help_text=_("Version of the procedure in force when the dossier was filed; never changes."),
    )
    receiving_agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers_received",
        verbose_name=_("cơ quan tiếp nhận"),
        help_text=_("Agency whose desk received the dossier (its electronic ID starts the code)."),
    )
    competent_agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="dossiers_competent",
        verbose_name=_("cơ quan giải quyết"),
        help_text=_(
            "Agency that decides; differs from the receiving one when the dossier was received "
            "regardless of residence (phi địa giới hành chính)."
        ),
    )
    channel = models.CharField(
        _("kênh nộp"),
        max_length=1,
        choices=Channel.choices,
        help_text=_("DVCQG channel code: 1 in person, 2 online, 3 public postal service."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=24,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("Where the dossier stands; changed only by the lifecycle services."),
    )
    # --- Applicant snapshot (as declared when filed) ------------------------------------------
    applicant_kind = models.CharField(
        _("loại người nộp"),
        max_length=16,
        choices=ApplicantKind.choices,
        default=ApplicantKind.CITIZEN,
        help_text=_("Citizen (personal ID) or organisation (tax code)."),
    )
    applicant_name = models.CharField(
        _("họ tên người nộp"), max_length=150, blank=True, help_text=_("Name as declared.")
    )
    applicant_id_number = models.CharField(
        _("số định danh / mã số thuế"),
        max_length=14,
        blank=True,
        help_text=_("12-digit personal ID of a citizen or tax code of an organisation."),
    )
    applicant_address = models.CharField(
        _("địa chỉ"), max_length=255, blank=True, help_text=_("Address for correspondence.")
    )
    applicant_phone = models.CharField(
        _("số điện thoại"), max_length=20, blank=True, help_text=_("Contact phone.")
    )
    applicant_email = models.EmailField(
        _("thư điện tử"), blank=True, help_text=_("Where notifications are sent.")
    )
    applicant_organisation = models.CharField(
        _("tổ chức được đại diện"),
        max_length=255,
        blank=True,
        help_text=_("Organisation on whose behalf the applicant acts, if any."),
    )
    applicant_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers",
        verbose_name=_("tài khoản người nộp"),
        help_text=_(
            "Resident account of the applicant, when there is one (sees it in 'my dossiers')."
        ),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="dossiers_submitted",
        verbose_name=_("người tạo"),
        help_text=_("Who created the record: the resident, a support member or a desk officer."),
    )
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers_assisted",
        verbose_name=_("thành viên tổ công nghệ số hỗ trợ"),
        help_text=_("Support-team member who filed online on the resident's behalf."),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="dossiers_accepted",
        verbose_name=_("cán bộ tiếp nhận"),
        help_text=_("Desk officer who accepted the dossier (signs slip 01)."),
    )
    # --- Declaration -------------------------------------------------------------------------
    eform_data = models.JSONField(
        _("tờ khai điện tử"),
        default=dict,
        blank=True,
        help_text=_("Values of the version's e-form, as cleaned by the catalogue's validator."),
    )
    eform_errors = models.JSONField(
        _("lỗi tờ khai"),
        default=dict,
        blank=True,
        help_text=_("Result of the last validation of a draft: field → messages (empty: valid)."),
    )
    # --- Clock -------------------------------------------------------------------------------
    submitted_at = models.DateTimeField(
        _("nộp lúc"), null=True, blank=True, help_text=_("When it was submitted or brought in.")
    )
    received_at = models.DateTimeField(
        _("tiếp nhận lúc"),
        null=True,
        blank=True,
        help_text=_("When the desk accepted it (form 01): the clock starts here."),
    )
    due_at = models.DateTimeField(
        _("hẹn trả kết quả"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Appointment: due instant by the competent agency's clock."),
    )
    limit_value = models.PositiveIntegerField(
        _("thời hạn áp dụng"),
        null=True,
        blank=True,
        help_text=_("Limit used for the appointment (committed if any, else legal)."),
    )
    limit_unit = models.CharField(
        _("đơn vị thời hạn"),
        max_length=16,
        blank=True,
        help_text=_("Unit of that limit (working_days, working_hours, same_day, days, months)."),
    )
    decided_at = models.DateTimeField(
        _("kết thúc tiếp nhận lúc"),
        null=True,
        blank=True,
        help_text=_("When the desk's last decision (accept, supplement, refuse) was taken."),
    )
    returned_at = models.DateTimeField(
        _("trả kết quả lúc"),
        null=True,
        blank=True,
        help_text=_(
            "When the result reached the applicant (desk hand-over, first electronic download "
            "by the owner, or posting); set with the return_result event."
        ),
    )
    return_mode = models.CharField(
        _("hình thức trả kết quả"),
        max_length=16,
        choices=ReturnMode.choices,
        blank=True,
        help_text=_("How the result was returned: at the desk, electronically or by post."),
    )
    # --- Idempotency and tracking ------------------------------------------------------------
    idempotency_key = models.CharField(
        _("khóa chống nộp trùng"),
        max_length=80,
        null=True,
        blank=True,
        help_text=_("Client key of the submission; unique per submitter, so a retry is harmless."),
    )
    tracking_secret = models.CharField(
        _("mã tra cứu"),
        max_length=16,
        blank=True,
        help_text=_(
            "Short random key printed on slip 01; with the code it opens the tracking page."
        ),
    )
    receipt_number = models.CharField(
        _("số phiếu tiếp nhận"),
        max_length=40,
        blank=True,
        help_text=_("Number of slip 01, e.g. '15/TNHS'."),
    )
    # --- Money and indicators ----------------------------------------------------------------
    fee_amount = models.PositiveBigIntegerField(
        _("phí, lệ phí (đồng)"),
        default=0,
        help_text=_("From the version's fee rules via the catalogue's calculator, integer đồng."),
    )
    fee_quantities = models.JSONField(
        _("số lượng tính phí"),
        default=dict,
        blank=True,
        help_text=_("Quantities the fee was computed for: copies, pages."),
    )
    digitised = models.BooleanField(
        _("đã số hóa"),
        default=False,
        help_text=_(
            "Every received component has a digital copy (indicator 'dossiers digitised')."
        ),
    )
    reused = models.BooleanField(
        _("có tái sử dụng dữ liệu"),
        default=False,
        help_text=_("At least one component was reused from a database or e-data store."),
    )
    supplement_count = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung"),
        default=0,
        help_text=_("Supplement requests so far (more than one during processing counts as late)."),
    )
    # --- Bookkeeping -------------------------------------------------------------------------
    revision = models.PositiveIntegerField(
        _("phiên bản bản ghi"),
        default=1,
        help_text=_("Incremented by every change; clients send it back for optimistic checks."),
    )
    event_seq = models.PositiveIntegerField(
        _("số sự kiện"), default=0, help_text=_("Number of events in the dossier's log.")
    )
    event_head = models.CharField(
        _("mã băm sự kiện cuối"),
        max_length=64,
        default=GENESIS,
        help_text=_("Hash of the last event: anchors the chain so a removed tail is detected."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When the record was created.")
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When the record last changed.")
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submitted_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="dossier_idempotency_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["receiving_agency", "status", "submitted_at"]),
            models.Index(fields=["competent_agency", "status"]),
            models.Index(fields=["applicant_user", "status"]),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_assisted(self) -> bool:
        return self.assisted_by_id is not None


class DossierCodeCounter(models.Model):
    """Last sequence number handed out per (receiving agency, local date).

    Incremented by one atomic ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` statement, so
    concurrent submissions never get the same number; numbers of rolled-back transactions
    are simply never used (gaps are allowed, reuse is not).
    """

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Receiving agency."),
    )
    day = models.DateField(_("ngày"), help_text=_("Local date (Asia/Ho_Chi_Minh) of the codes."))
    last = models.PositiveIntegerField(_("số cuối"), default=0, help_text=_("Last number used."))

    class Meta:
        verbose_name = _("bộ đếm mã hồ sơ")
        verbose_name_plural = _("bộ đếm mã hồ sơ")
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="dossier_code_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day:%y%m%d} {self.last}"


class DossierComponent(models.Model):
    """One document of the dossier, per component of the procedure version's checklist."""

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier the document belongs to."),
    )
    component = models.ForeignKey(
        "catalog.Component",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thành phần theo danh mục"),
        help_text=_("The catalogue's component this row answers."),
    )
    order = models.PositiveIntegerField(_("thứ tự"), help_text=_("Position in the checklist."))
    name = models.CharField(
        _("tên giấy tờ"), max_length=500, help_text=_("Name copied from the catalogue.")
    )
    mandatory = models.BooleanField(
        _("bắt buộc"), default=True, help_text=_("Required by the catalogue.")
    )
    received = models.BooleanField(
        _("đã nhận"), default=False, help_text=_("The desk received this document.")
    )
    original_seen = models.BooleanField(
        _("đã xem bản chính"),
        default=False,
        help_text=_("The officer compared the copy with the original."),
    )
    copy_kind = models.CharField(
        _("loại bản"),
        max_length=24,
        choices=CopyKind.choices,
        default=CopyKind.ORIGINAL,
        help_text=_("What was handed in: original, copy, certified copy…"),
    )
    quantity = models.PositiveIntegerField(
        _("số lượng"), default=1, help_text=_("Number of copies handed in.")
    )
    digitised = models.BooleanField(
        _("đã số hóa"),
        default=False,
        help_text=_("A digital copy exists (uploaded online or scanned at the desk)."),
    )
    reused = models.BooleanField(
        _("tái sử dụng"),
        default=False,
        help_text=_("Taken from a database or the applicant's e-data store instead of paper."),
    )
    files = models.ManyToManyField(
        "documents.StoredFile",
        through="DossierFile",
        related_name="+",
        verbose_name=_("tệp"),
        help_text=_("Digital copies of this document (several pages or files allowed)."),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ đã nộp")
        verbose_name_plural = _("thành phần hồ sơ đã nộp")
        ordering = ["dossier_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "component"], name="dossier_component_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DossierFile(models.Model):
    """A stored file attached to one component of a dossier."""

    dossier_component = models.ForeignKey(
        DossierComponent,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("thành phần"),
        help_text=_("Component the file is a copy of."),
    )
    stored_file = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tệp"),
        help_text=_("The stored, sniffed file."),
    )
    source = models.CharField(
        _("nguồn"),
        max_length=16,
        choices=FileSource.choices,
        default=FileSource.APPLICANT,
        help_text=_("Uploaded by the applicant or scanned at the desk."),
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
        verbose_name = _("tệp hồ sơ")
        verbose_name_plural = _("tệp hồ sơ")
        ordering = ["dossier_component_id", "id"]

    def __str__(self) -> str:
        return f"{self.dossier_component_id}:{self.stored_file_id}"


class DossierEvent(models.Model):
    """One state change of one dossier, chained to the dossier's previous event.

    ``hash`` covers the content and ``prev_hash``; ``manage.py verify_audit`` recomputes
    every chain and compares its end with :attr:`Dossier.event_head`.
    """

    dossier = models.ForeignKey(
        Dossier,
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier the event belongs to."),
    )
    seq = models.PositiveIntegerField(
        _("số thứ tự"), help_text=_("1, 2, 3… within the dossier, without gaps.")
    )
    at = models.DateTimeField(_("thời điểm"), help_text=_("When it happened."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
        help_text=_("Who did it; empty for the system."),
    )
    action = models.CharField(
        _("hành động"), max_length=32, choices=Action.choices, help_text=_("What was done.")
    )
    from_status = models.CharField(
        _("từ trạng thái"),
        max_length=24,
        blank=True,
        help_text=_("Status before; empty when the dossier was created by this event."),
    )
    to_status = models.CharField(
        _("sang trạng thái"), max_length=24, choices=Status.choices, help_text=_("Status after.")
    )
    agency_id_at = models.BigIntegerField(
        _("cơ quan thực hiện"),
        null=True,
        blank=True,
        help_text=_("Agency in whose name the action was taken (for roll-ups and form 05)."),
    )
    data = models.JSONField(
        _("dữ liệu"),
        default=dict,
        blank=True,
        help_text=_("Details: slip number, reasons, items to supplement, appointment…"),
    )
    prev_hash = models.CharField(
        _("mã băm trước"), max_length=64, help_text=_("Hash of the dossier's previous event.")
    )
    hash = models.CharField(
        _("mã băm"), max_length=64, help_text=_("SHA-256 of this event's content and prev_hash.")
    )

    class Meta:
        verbose_name = _("sự kiện hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["dossier_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="dossier_event_seq_unique")
        ]
        indexes = [
            # The national sync asks, dossier by dossier (a correlated EXISTS walking dossiers
            # by id), whether the dossier has an event in a period: one index seek each.
            models.Index(fields=["dossier", "at"], name="dossier_event_dossier_at"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"

    @property
    def label(self) -> str:
        """What a timeline shows: the action; for work inside processing what was done to
        which step and which steps it handed over to; for money the amount and the receipt."""
        text = str(Action(self.action).label) if self.action in Action.values else self.action
        if self.action == Action.PROCESS_STEP and self.data.get("kind") in STEP_WORK_LABELS:
            text += ": " + str(STEP_WORK_LABELS[self.data["kind"]])
            if self.data.get("step"):
                text += " " + str(_("bước %(n)s")) % {"n": self.data["step"]}
            if self.data.get("name"):
                text += f" “{self.data['name']}”"
            if self.data.get("opened"):
                text += " → " + str(_("bước %(n)s")) % {
                    "n": ", ".join(str(n) for n in self.data["opened"])
                }
        if self.action in (Action.PAY, Action.REFUND) and "amount" in self.data:
            text += " " + f"{int(self.data['amount']):,}".replace(",", ".") + " đ"
            if self.data.get("receipt"):
                text += " — " + str(_("biên lai số %(r)s")) % {"r": self.data["receipt"]}
            if self.data.get("method_label"):
                text += f" ({self.data['method_label']})"
        return text

    def compute_hash(self) -> str:
        return event_hash(
            prev_hash=self.prev_hash,
            dossier_id=self.dossier_id,
            seq=self.seq,
            at=self.at.isoformat(),
            actor_id=self.actor_id,
            action=self.action,
            from_status=self.from_status,
            to_status=self.to_status,
            agency_id=self.agency_id_at,
            data=self.data,
        )
