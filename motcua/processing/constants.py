"""Choices of back-office processing (DOMAIN.md §5 step 3, §6)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.clock import Timeliness


class ProcessState(models.TextChoices):
    """Where the processing of one dossier stands."""

    ACTIVE = "active", _("Đang giải quyết")
    PAUSED = "paused", _("Tạm dừng chờ bổ sung")
    FINISHED = "finished", _("Đã có kết quả")
    STOPPED = "stopped", _("Dừng xử lý")
    WITHDRAWN = "withdrawn", _("Người nộp đã rút")
    REFUSED = "refused", _("Từ chối giải quyết")


#: Processing states in which work is still expected.
OPEN_PROCESS_STATES = (ProcessState.ACTIVE, ProcessState.PAUSED)


class StepState(models.TextChoices):
    """Where one step task stands."""

    WAITING = "waiting", _("Chưa đến lượt")
    OPEN = "open", _("Chờ nhận xử lý")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    AWAITING_APPROVAL = "awaiting_approval", _("Chờ lãnh đạo duyệt")
    DONE = "done", _("Đã xong")
    CANCELLED = "cancelled", _("Đã hủy")


#: States of a step someone has to act on now.
ACTIVE_STEP_STATES = (StepState.OPEN, StepState.IN_PROGRESS, StepState.AWAITING_APPROVAL)


class InterAgency(models.TextChoices):
    """How a step worked at another agency relates to the lead agency (liên thông)."""

    NONE = "", _("Trong cơ quan")
    VERTICAL = "vertical", _("Liên thông dọc")
    HORIZONTAL = "horizontal", _("Liên thông ngang")


class HandoverKind(models.TextChoices):
    """Why a dossier changed hands (one row of form 05 each)."""

    TRANSFER = "transfer", _("Chuyển xử lý")
    COMPLETE = "complete", _("Hoàn thành bước, chuyển bước sau")
    ASSIGN = "assign", _("Phân công")
    FORWARD = "forward", _("Chuyển tiếp")
    SEND_BACK = "send_back", _("Trả lại bước trước")
    ROUTE = "route", _("Chuyển liên thông")
    APPROVAL = "approval", _("Trình duyệt")
    APPROVED = "approved", _("Duyệt")
    REJECTED = "rejected", _("Không duyệt, trả lại")
    RESULT = "result", _("Chuyển kết quả")


class TimelinessChoice(models.TextChoices):
    """Verdict of the statutory clock (DOMAIN.md §6 rule 7), for display and storage."""

    EARLY = Timeliness.EARLY.value, _("Trước hạn")
    ON_TIME = Timeliness.ON_TIME.value, _("Đúng hạn")
    LATE = Timeliness.LATE.value, _("Quá hạn")
    IN_TIME = Timeliness.IN_TIME.value, _("Trong hạn")
    OVERDUE = Timeliness.OVERDUE.value, _("Đã quá hạn")


class Risk(models.TextChoices):
    """Deadline flag set by the scheduled check (and shown in the queues)."""

    NONE = "", _("Bình thường")
    AT_RISK = "at_risk", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")


class ResultState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo, chờ ký")
    SIGNED = "signed", _("Đã ký, chờ vào số")
    ISSUED = "issued", _("Đã vào số, ban hành")


class ResultSource(models.TextChoices):
    TEMPLATE = "template", _("Tạo từ mẫu")
    UPLOAD = "upload", _("Tải lên tệp PDF")


class Queue(models.TextChoices):
    """Queues of the processing workspace."""

    MINE = "mine", _("Của tôi")
    UNIT = "unit", _("Đơn vị chờ nhận")
    APPROVAL = "approval", _("Chờ tôi duyệt")
    AT_RISK = "at_risk", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    AGENCY = "agency", _("Toàn cơ quan")
