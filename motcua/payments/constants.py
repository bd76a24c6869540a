"""Choices of fees and payments (DOMAIN.md §4 fees, §9 online payment indicators)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    """How the money came in: the "channel" of the collections report."""

    CASH = "cash", _("Tiền mặt tại quầy")
    CARD = "card", _("Thẻ qua máy POS tại quầy")
    QR = "qr", _("Chuyển khoản bằng mã VietQR")
    GATEWAY = "gateway", _("Cổng thanh toán trực tuyến")


#: Methods that count as "paid online" for the service-quality index (DOMAIN.md §9).
ONLINE_METHODS: tuple[str, ...] = (Method.QR, Method.GATEWAY)
#: Methods a desk officer records at the counter.
DESK_METHODS: tuple[str, ...] = (Method.CASH, Method.CARD)


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Không thành công")
    EXPIRED = "expired", _("Hết hạn")
    REFUNDED = "refunded", _("Đã hoàn trả toàn bộ")


#: Statuses in which the money was received (a refund may have given part of it back).
SETTLED: tuple[str, ...] = (PaymentStatus.PAID, PaymentStatus.REFUNDED)


class DossierPaymentState(models.TextChoices):
    """Payment state of a whole dossier, as the national-portal export and the index read it."""

    NOT_REQUIRED = "not_required", _("Không thu phí")
    UNPAID = "unpaid", _("Chưa nộp phí")
    PARTIAL = "partial", _("Đã nộp một phần")
    PAID = "paid", _("Đã nộp đủ phí")


class Gate(models.TextChoices):
    """Named points of a dossier's life before which payment may be required.

    Besides these, a requirement may name an internal-process step by its order number ("3").
    """

    ACCEPT = "accept", _("Trước khi tiếp nhận hồ sơ")
    RETURN = "return", _("Trước khi trả kết quả")


class CallbackKind(models.TextChoices):
    IPN = "ipn", _("Thông báo máy chủ tới máy chủ (IPN)")
    RETURN = "return", _("Trình duyệt quay về")
    QUERY = "query", _("Truy vấn trạng thái")


class CallbackOutcome(models.TextChoices):
    APPLIED = "applied", _("Đã ghi nhận")
    DUPLICATE = "duplicate", _("Trùng, đã xác nhận trước đó")
    REFUSED = "refused", _("Từ chối")


class StatementStatus(models.TextChoices):
    PENDING = "queued", _("Đang chờ")
    RUNNING = "reconciling", _("Đang đối soát")
    DONE = "reconciled", _("Hoàn tất")
    FAILED = "unreadable", _("Không đọc được tệp")


class LineStatus(models.TextChoices):
    PENDING = "pending", _("Chưa đối soát")
    MATCHED = "matched", _("Khớp")
    NO_PAYMENT = "no_payment", _("Không tìm thấy khoản thu")
    AMOUNT_DIFFERS = "amount_differs", _("Số tiền không khớp")
    DUPLICATE = "duplicate", _("Trùng")
    IGNORED = "ignored", _("Không phải khoản ghi có")
    INVALID = "invalid", _("Dòng không đọc được")


#: Line statuses shown as "unmatched" (money arrived that no payment explains).
UNMATCHED: tuple[str, ...] = (LineStatus.NO_PAYMENT, LineStatus.AMOUNT_DIFFERS)


class SandboxStatus(models.TextChoices):
    PENDING = "pending", _("Chờ người thanh toán")
    APPROVED = "approved", _("Thành công")
    DECLINED = "declined", _("Người thanh toán hủy")
