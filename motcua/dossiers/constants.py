"""Choices of the dossier lifecycle (DOMAIN.md §5), mirroring the national portal's codes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How the dossier reached the desk: DVCQG channel codes."""

    IN_PERSON = "1", _("Trực tiếp")
    ONLINE = "2", _("Trực tuyến")
    POSTAL = "3", _("Dịch vụ bưu chính")


#: Channels the desk records for what it receives itself.
DESK_CHANNELS = [
    (Channel.IN_PERSON.value, Channel.IN_PERSON.label),
    (Channel.POSTAL.value, Channel.POSTAL.label),
]


class Status(models.TextChoices):
    """Where a dossier stands. Every change goes through :mod:`motcua.dossiers.lifecycle`."""

    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    PROCESSING = "processing", _("Đang giải quyết")
    SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
    SUPPLEMENT_COMPLETED = "supplement_completed", _("Đã bổ sung")
    REFUSED = "refused", _("Từ chối tiếp nhận, giải quyết")
    STOPPED = "stopped", _("Dừng xử lý")
    PROCESSED = "processed", _("Đã giải quyết")
    RESULT_RETURNED = "result_returned", _("Đã trả kết quả")
    WITHDRAWN = "withdrawn", _("Đã rút")


class Action(models.TextChoices):
    """Verbs of the dossier event log (one event per state change)."""

    CREATE = "create", _("Tạo bản nháp")
    SUBMIT = "submit", _("Nộp trực tuyến")
    RECEIVE_AT_DESK = "receive_at_desk", _("Nhận hồ sơ tại Bộ phận Một cửa")
    CHECK = "check", _("Kiểm tra thành phần, số hóa")
    ACCEPT = "accept", _("Tiếp nhận, cấp phiếu hẹn")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung hồ sơ")
    COMPLETE_SUPPLEMENT = "complete_supplement", _("Bổ sung hồ sơ")
    REFUSE = "refuse", _("Từ chối")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    # Processing (back office); the table already knows them.
    START_PROCESSING = "start_processing", _("Chuyển xử lý")
    RESUME = "resume", _("Tiếp tục xử lý")
    STOP = "stop", _("Dừng xử lý")
    COMPLETE = "complete", _("Hoàn thành giải quyết")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    # Work inside processing that does not change the status (claim, complete a step,
    # send back, forward, liên thông, approval, result draft/signature/number) and form 04.
    PROCESS_STEP = "process_step", _("Xử lý bước quy trình")
    EXTEND = "extend", _("Xin lỗi, hẹn lại ngày trả kết quả")
    # Money, recorded by the payments app; the status does not change (from == to) and the
    # transition table is not asked (see motcua.payments.services.common.dossier_log).
    PAY = "pay", _("Đã thanh toán")
    REFUND = "refund", _("Đã hoàn trả")


#: What one ``process_step`` event did (its ``data["kind"]``), as the staff timeline says it.
STEP_WORK_LABELS = {
    "claim": _("nhận xử lý"),
    "assign": _("phân công"),
    "complete": _("hoàn thành"),
    "send_back": _("trả lại bước trước"),
    "forward": _("chuyển cán bộ, đơn vị khác"),
    "route": _("chuyển liên thông"),
    "request_approval": _("trình duyệt"),
    "approve": _("duyệt"),
    "reject": _("trả lại để xử lý lại"),
    "result_prepare": _("soạn dự thảo kết quả"),
    "result_sign": _("ký số kết quả"),
}


class ReturnMode(models.TextChoices):
    """How the result reached the applicant (DOMAIN.md §5 step 5)."""

    DESK = "desk", _("Trả tại Bộ phận Một cửa")
    ELECTRONIC = "electronic", _("Trả kết quả điện tử")
    POSTAL = "postal", _("Trả qua dịch vụ bưu chính")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    ORGANISATION = "organisation", _("Tổ chức")


class FileSource(models.TextChoices):
    APPLICANT = "applicant", _("Người nộp tải lên")
    DESK_SCAN = "desk_scan", _("Số hóa tại Bộ phận Một cửa")


class SlipForm(models.TextChoices):
    """Forms of Circular 01/2018/TT-VPCP issued at intake."""

    RECEIPT = "01", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    SUPPLEMENT = "02", _("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSAL = "03", _("Phiếu từ chối tiếp nhận giải quyết hồ sơ")


#: Statuses in which the desk still has to decide (the desk queue).
AWAITING_DESK = (Status.SUBMITTED, Status.SUPPLEMENT_COMPLETED)
#: Statuses that end a dossier.
FINAL = (Status.REFUSED, Status.STOPPED, Status.RESULT_RETURNED, Status.WITHDRAWN)
#: Actions that record money and leave the status as it is.
MONEY_ACTIONS = frozenset({Action.PAY, Action.REFUND})
#: Actions whose events the public tracking page shows (no personal data in them).
PUBLIC_ACTIONS = frozenset(
    {
        Action.SUBMIT,
        Action.RECEIVE_AT_DESK,
        Action.ACCEPT,
        Action.REQUEST_SUPPLEMENT,
        Action.COMPLETE_SUPPLEMENT,
        Action.REFUSE,
        Action.WITHDRAW,
        Action.START_PROCESSING,
        Action.RESUME,
        Action.STOP,
        Action.COMPLETE,
        Action.RETURN_RESULT,
        Action.EXTEND,
    }
)
