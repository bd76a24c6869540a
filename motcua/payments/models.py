"""Fees collected for dossiers: payments, receipts, refunds, bank statements, gateway logs.

State changes happen only in :mod:`motcua.payments.services`. Money is integer đồng.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from motcua.payments.constants import (
    CallbackKind,
    CallbackOutcome,
    Gate,
    LineStatus,
    Method,
    PaymentStatus,
    SandboxStatus,
    StatementStatus,
)

bin_validator = RegexValidator(
    r"^\d{6}$", _("Mã BIN ngân hàng gồm đúng 6 chữ số, ví dụ 970436."), code="bank_bin"
)
account_validator = RegexValidator(
    r"^[0-9A-Za-z]{1,19}$",
    _("Số tài khoản chỉ gồm chữ số và chữ cái không dấu, tối đa 19 ký tự."),
    code="account_number",
)
account_name_validator = RegexValidator(
    r"^[A-Z0-9 .,&()-]{1,70}$",
    _("Tên chủ tài khoản viết in hoa không dấu như ngân hàng ghi, ví dụ UBND PHUONG BACH DANG."),
    code="account_name",
)
gate_validator = RegexValidator(
    r"^(accept|return|\d{1,3})$",
    _("Ghi “accept” (trước khi tiếp nhận), “return” (trước khi trả kết quả) hoặc số thứ tự bước."),
    code="gate",
)


class PaymentRequirement(models.Model):
    """Per procedure: whether online payment is offered and before which point fees are due."""

    procedure = models.OneToOneField(
        "catalog.Procedure",
        on_delete=models.CASCADE,
        related_name="payment_requirement",
        verbose_name=_("thủ tục"),
        help_text=_("Procedure (by national code) the rule applies to, in every version."),
    )
    before_step = models.CharField(
        _("phải nộp phí trước"),
        max_length=16,
        default=Gate.ACCEPT,
        validators=[gate_validator],
        help_text=_(
            "'accept' (before the desk accepts the dossier), 'return' (before the result is "
            "returned) or the order number of an internal-process step, e.g. '3'."
        ),
    )
    online_payment_enabled = models.BooleanField(
        _("nhận thanh toán trực tuyến"),
        default=True,
        help_text=_("Residents may pay this procedure's fees online (gateway or VietQR)."),
    )
    note = models.CharField(
        _("ghi chú"), max_length=255, blank=True, help_text=_("Decision or remark.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
        help_text=_("Who last changed the rule."),
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When the rule last changed.")
    )

    class Meta:
        verbose_name = _("yêu cầu nộp phí")
        verbose_name_plural = _("yêu cầu nộp phí")
        ordering = ["procedure__code"]

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.before_step}"


class AgencyBankAccount(models.Model):
    """The account into which an agency (and its subtree, unless it has its own) collects."""

    agency = models.OneToOneField(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="bank_account",
        verbose_name=_("cơ quan"),
        help_text=_("Agency collecting into this account; agencies below use it too."),
    )
    bank_bin = models.CharField(
        _("mã BIN ngân hàng"),
        max_length=6,
        validators=[bin_validator],
        help_text=_("Six-digit NAPAS bank identification number, e.g. 970436 (Vietcombank)."),
    )
    bank_name = models.CharField(
        _("ngân hàng"), max_length=120, help_text=_("Bank name shown to payers.")
    )
    account_number = models.CharField(
        _("số tài khoản"),
        max_length=19,
        validators=[account_validator],
        help_text=_("Account number, digits and letters only."),
    )
    account_name = models.CharField(
        _("tên chủ tài khoản"),
        max_length=70,
        validators=[account_name_validator],
        help_text=_("Holder's name as the bank spells it (capitals, no diacritics)."),
    )
    active = models.BooleanField(
        _("đang dùng"), default=True, help_text=_("Offered to payers for VietQR transfers.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cập nhật"),
        help_text=_("Administrator who last changed it."),
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When it last changed.")
    )

    class Meta:
        verbose_name = _("tài khoản thu")
        verbose_name_plural = _("tài khoản thu")

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number}"


class DossierLedger(models.Model):
    """Money received for one dossier, net of refunds; also the row payments of a dossier lock.

    Every service that creates, confirms or refunds a payment locks this row first (then the
    payment), so two desks, a callback and a statement never count the same dossier twice.
    """

    dossier = models.OneToOneField(
        "dossiers.Dossier",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="payment_ledger",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier the money was paid for."),
    )
    paid_amount = models.BigIntegerField(
        _("đã nộp (đồng)"), default=0, help_text=_("Confirmed payments minus refunds.")
    )
    paid_online = models.BooleanField(
        _("đã nộp trực tuyến"),
        default=False,
        help_text=_("At least one confirmed payment came through VietQR or a gateway."),
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When the figures last changed.")
    )

    class Meta:
        verbose_name = _("sổ thu của hồ sơ")
        verbose_name_plural = _("sổ thu của hồ sơ")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.paid_amount}"


class Payment(models.Model):
    """One payment of (part of) a dossier's fees, by one method, under one unique reference."""

    dossier = models.ForeignKey(
        "dossiers.Dossier",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("hồ sơ"),
        help_text=_("Dossier the fees belong to."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("cơ quan thu"),
        help_text=_("Agency collecting: the dossier's receiving agency."),
    )
    procedure_code = models.CharField(
        _("mã thủ tục"),
        max_length=8,
        db_index=True,
        help_text=_("National code of the dossier's procedure (for the collections report)."),
    )
    method = models.CharField(
        _("hình thức"), max_length=16, choices=Method.choices, help_text=_("How it was paid.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        help_text=_("Pending → paid, failed or expired; refunded when given back in full."),
    )
    amount = models.PositiveBigIntegerField(
        _("số tiền (đồng)"),
        validators=[MinValueValidator(1)],
        help_text=_("Amount of this payment, integer đồng."),
    )
    reference = models.CharField(
        _("mã thanh toán"),
        max_length=16,
        unique=True,
        help_text=_("Unique reference (MC…) written in the transfer description and receipts."),
    )
    gateway = models.CharField(
        _("cổng thanh toán"), max_length=32, blank=True, help_text=_("Gateway name, if any.")
    )
    gateway_txn_id = models.CharField(
        _("mã giao dịch của cổng"),
        max_length=64,
        null=True,
        blank=True,
        help_text=_("Transaction number the gateway gave; unique per gateway."),
    )
    bank_txn_id = models.CharField(
        _("mã giao dịch ngân hàng"),
        max_length=80,
        null=True,
        blank=True,
        help_text=_("Bank statement transaction that confirmed a VietQR transfer."),
    )
    card_reference = models.CharField(
        _("số tham chiếu máy POS"),
        max_length=40,
        blank=True,
        help_text=_("Reference (approval code) printed by the card terminal."),
    )
    qr_account = models.JSONField(
        _("tài khoản nhận"),
        default=dict,
        blank=True,
        help_text=_("For VietQR: bank BIN, bank, account number and holder at the time."),
    )
    payer_name = models.CharField(
        _("người nộp tiền"), max_length=150, blank=True, help_text=_("Name on the receipt.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
        help_text=_("Resident who started it or desk officer who took it."),
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thu"),
        help_text=_("Desk officer who took cash or card; empty for online payments."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), help_text=_("When the payment was started or taken.")
    )
    expires_at = models.DateTimeField(
        _("hết hạn lúc"),
        null=True,
        blank=True,
        help_text=_("A pending online payment not confirmed by then becomes expired."),
    )
    paid_at = models.DateTimeField(
        _("thanh toán lúc"), null=True, blank=True, db_index=True, help_text=_("When confirmed.")
    )
    failure_reason = models.CharField(
        _("lý do không thành công"),
        max_length=255,
        blank=True,
        help_text=_("What the gateway said, or why it expired."),
    )
    refunded_amount = models.PositiveBigIntegerField(
        _("đã hoàn trả (đồng)"), default=0, help_text=_("Sum of refunds of this payment.")
    )

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["gateway", "gateway_txn_id"],
                condition=Q(gateway_txn_id__isnull=False),
                name="payment_gateway_txn_unique",
            ),
            models.UniqueConstraint(
                fields=["bank_txn_id"],
                condition=Q(bank_txn_id__isnull=False),
                name="payment_bank_txn_unique",
            ),
            models.CheckConstraint(
                condition=Q(refunded_amount__lte=F("amount")), name="payment_refund_le_amount"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "paid_at"]),
            models.Index(fields=["dossier", "status"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def net_amount(self) -> int:
        return int(self.amount) - int(self.refunded_amount)


class Refund(models.Model):
    """Money given back: part or all of a payment, or a credit no payment explains."""

    payment = models.ForeignKey(
        Payment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("khoản thanh toán"),
        help_text=_("Payment refunded (empty for a duplicate or unexplained bank credit)."),
    )
    statement_line = models.ForeignKey(
        "StatementLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="refunds",
        verbose_name=_("dòng sao kê"),
        help_text=_("Bank statement credit refunded when no payment explains it."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="payment_refunds",
        verbose_name=_("cơ quan"),
        help_text=_("Agency giving the money back."),
    )
    amount = models.PositiveBigIntegerField(
        _("số tiền (đồng)"), validators=[MinValueValidator(1)], help_text=_("Amount refunded.")
    )
    reason = models.CharField(_("lý do"), max_length=500, help_text=_("Why it was refunded."))
    bank_reference = models.CharField(
        _("chứng từ hoàn trả"),
        max_length=80,
        blank=True,
        help_text=_("Bank transfer or cash voucher number of the refund."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người ghi nhận"),
        help_text=_("Leader or administrator who recorded it."),
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), help_text=_("When it was recorded."))

    class Meta:
        verbose_name = _("hoàn trả")
        verbose_name_plural = _("hoàn trả")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(payment__isnull=False) | Q(statement_line__isnull=False),
                name="refund_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.amount} ({self.reason[:40]})"


class ReceiptCounter(models.Model):
    """Last receipt number handed out per agency and calendar year."""

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency issuing the receipts."),
    )
    year = models.PositiveSmallIntegerField(_("năm"), help_text=_("Calendar year."))
    last_number = models.PositiveIntegerField(
        _("số cuối"), default=0, help_text=_("Last number used.")
    )

    class Meta:
        verbose_name = _("bộ đếm biên lai")
        verbose_name_plural = _("bộ đếm biên lai")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="receipt_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_number}"


class Receipt(models.Model):
    """An electronic fee receipt (biên lai thu phí, lệ phí), one per confirmed payment."""

    payment = models.OneToOneField(
        Payment,
        on_delete=models.PROTECT,
        related_name="receipt",
        verbose_name=_("khoản thanh toán"),
        help_text=_("Payment the receipt acknowledges."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan"),
        help_text=_("Agency issuing the receipt (numbers are per agency and year)."),
    )
    year = models.PositiveSmallIntegerField(_("năm"), help_text=_("Year of the number."))
    number = models.PositiveIntegerField(_("số"), help_text=_("1, 2, 3… per agency and year."))
    issued_at = models.DateTimeField(_("lập lúc"), help_text=_("When it was issued."))
    pdf = models.ForeignKey(
        "documents.StoredFile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("tệp PDF"),
        help_text=_("The rendered receipt; made on first need if the background job has not."),
    )

    class Meta:
        verbose_name = _("biên lai")
        verbose_name_plural = _("biên lai")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="receipt_number_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.number:07d}/{self.year}"


class PaymentCallbackLog(models.Model):
    """Every message a gateway sent us (or answered), and what we did with it and why."""

    at = models.DateTimeField(_("lúc"), help_text=_("When it arrived."))
    gateway = models.CharField(_("cổng"), max_length=32, help_text=_("Gateway name."))
    kind = models.CharField(
        _("loại"), max_length=16, choices=CallbackKind.choices, help_text=_("IPN, return, query.")
    )
    outcome = models.CharField(
        _("kết quả"),
        max_length=16,
        choices=CallbackOutcome.choices,
        help_text=_("Applied, duplicate (already confirmed) or refused."),
    )
    reason = models.CharField(
        _("lý do"), max_length=500, blank=True, help_text=_("Why, in plain words.")
    )
    reference = models.CharField(
        _("mã thanh toán"), max_length=64, blank=True, db_index=True, help_text=_("As sent.")
    )
    gateway_txn_id = models.CharField(
        _("mã giao dịch của cổng"), max_length=64, blank=True, help_text=_("As sent.")
    )
    amount = models.BigIntegerField(
        _("số tiền (đồng)"), null=True, blank=True, help_text=_("Amount as sent, in đồng.")
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="callback_logs",
        verbose_name=_("khoản thanh toán"),
        help_text=_("Payment the message was about, when known."),
    )
    payload = models.JSONField(
        _("nội dung"), default=dict, blank=True, help_text=_("Parameters as received.")
    )
    remote_addr = models.GenericIPAddressField(
        _("địa chỉ gửi"), null=True, blank=True, help_text=_("Client address of the request.")
    )

    class Meta:
        verbose_name = _("nhật ký cổng thanh toán")
        verbose_name_plural = _("nhật ký cổng thanh toán")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.gateway} {self.kind} {self.outcome}"


class StatementImport(models.Model):
    """One uploaded bank statement and the progress of its reconciliation."""

    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name="statement_imports",
        verbose_name=_("cơ quan"),
        help_text=_("Agency whose account the statement is of (payments of its subtree)."),
    )
    file = models.FileField(
        _("tệp"), upload_to="payments/statements/%Y/%m/", help_text=_("The statement as sent.")
    )
    original_name = models.CharField(
        _("tên tệp"), max_length=255, help_text=_("Name of the uploaded file.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=StatementStatus.choices,
        default=StatementStatus.PENDING,
        help_text=_("Pending → running → done (or failed when the file cannot be read)."),
    )
    total = models.PositiveIntegerField(_("số dòng"), default=0, help_text=_("Lines read."))
    processed = models.PositiveIntegerField(
        _("đã đối soát"), default=0, help_text=_("Lines reconciled so far.")
    )
    matched_count = models.PositiveIntegerField(
        _("khớp"), default=0, help_text=_("Lines matched to a payment.")
    )
    unmatched_count = models.PositiveIntegerField(
        _("không khớp"), default=0, help_text=_("No payment, or the amount differs.")
    )
    duplicate_count = models.PositiveIntegerField(
        _("trùng"), default=0, help_text=_("Same bank transaction twice, or a second credit.")
    )
    other_count = models.PositiveIntegerField(
        _("khác"), default=0, help_text=_("Debits and unreadable lines.")
    )
    error = models.CharField(
        _("lỗi"), max_length=500, blank=True, help_text=_("Why the file could not be read.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("người tải lên"),
        help_text=_("Who uploaded it."),
    )
    created_at = models.DateTimeField(_("tải lên lúc"), help_text=_("When it was uploaded."))
    finished_at = models.DateTimeField(
        _("xong lúc"), null=True, blank=True, help_text=_("When reconciliation finished.")
    )

    class Meta:
        verbose_name = _("sao kê ngân hàng")
        verbose_name_plural = _("sao kê ngân hàng")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if self.status == StatementStatus.DONE:
            return 100
        return int(self.processed * 100 / self.total) if self.total else 0

    @property
    def running(self) -> bool:
        return self.status in (StatementStatus.PENDING, StatementStatus.RUNNING)


class StatementLine(models.Model):
    """One line of a bank statement and how it was reconciled."""

    statement = models.ForeignKey(
        StatementImport,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("sao kê"),
        help_text=_("Statement the line belongs to."),
    )
    row = models.PositiveIntegerField(_("dòng"), help_text=_("Row number in the file."))
    booked_on = models.DateField(
        _("ngày"), null=True, blank=True, help_text=_("Booking date as written.")
    )
    amount = models.BigIntegerField(
        _("số tiền (đồng)"), null=True, blank=True, help_text=_("Credit (positive) or debit.")
    )
    description = models.CharField(
        _("nội dung"), max_length=500, blank=True, help_text=_("Transfer description.")
    )
    bank_txn_id = models.CharField(
        _("mã giao dịch ngân hàng"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_("The bank's own transaction identifier."),
    )
    reference = models.CharField(
        _("mã thanh toán tìm thấy"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_("Payment reference found in the description."),
    )
    status = models.CharField(
        _("kết quả"),
        max_length=16,
        choices=LineStatus.choices,
        default=LineStatus.PENDING,
        help_text=_("How the line was reconciled."),
    )
    payment = models.ForeignKey(
        Payment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="statement_lines",
        verbose_name=_("khoản thanh toán"),
        help_text=_("Payment the line matched or was compared with."),
    )
    note = models.CharField(
        _("ghi chú"), max_length=255, blank=True, help_text=_("What was found, in plain words.")
    )

    class Meta:
        verbose_name = _("dòng sao kê")
        verbose_name_plural = _("dòng sao kê")
        ordering = ["statement_id", "row"]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.row}"


class SandboxTransaction(models.Model):
    """The sandbox gateway's own record of a payment it was asked to take (test gateway only)."""

    txn_no = models.CharField(
        _("số giao dịch"),
        max_length=20,
        unique=True,
        help_text=_("Number the sandbox gives the transaction (sent back as TransactionNo)."),
    )
    merchant = models.CharField(
        _("mã đơn vị"), max_length=20, help_text=_("Merchant (terminal) code of the request.")
    )
    txn_ref = models.CharField(
        _("mã tham chiếu của đơn vị"), max_length=64, help_text=_("Merchant's order reference.")
    )
    amount = models.PositiveBigIntegerField(
        _("số tiền (đồng)"), help_text=_("Amount requested, in đồng.")
    )
    order_info = models.CharField(
        _("nội dung"), max_length=255, blank=True, help_text=_("Order description.")
    )
    return_url = models.URLField(
        _("địa chỉ quay về"), max_length=500, help_text=_("Where the payer's browser goes back.")
    )
    ipn_url = models.URLField(
        _("địa chỉ IPN"), max_length=500, help_text=_("Where the server-to-server notice goes.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=SandboxStatus.choices,
        default=SandboxStatus.PENDING,
        help_text=_("What the payer chose."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), help_text=_("When the request arrived."))
    decided_at = models.DateTimeField(
        _("quyết định lúc"), null=True, blank=True, help_text=_("When the payer decided.")
    )
    ipn_attempts = models.PositiveIntegerField(
        _("số lần gửi IPN"), default=0, help_text=_("Notices sent so far.")
    )
    ipn_last_result = models.CharField(
        _("kết quả IPN gần nhất"),
        max_length=255,
        blank=True,
        help_text=_("What the merchant answered, or the error."),
    )

    class Meta:
        verbose_name = _("giao dịch cổng thử nghiệm")
        verbose_name_plural = _("giao dịch cổng thử nghiệm")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["merchant", "txn_ref"], name="sandbox_txn_ref_unique")
        ]

    def __str__(self) -> str:
        return self.txn_no
