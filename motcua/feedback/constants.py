"""Choices, limits and the lifecycle table of residents' feedback (phản ánh, kiến nghị)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organizations.constants import Role


class Status(models.TextChoices):
    NEW = "new", _("Mới tiếp nhận")
    PROCESSING = "processing", _("Đang xử lý")
    WAITING_INFO = "waiting_info", _("Chờ người gửi bổ sung thông tin")
    ANSWERED = "answered", _("Đã trả lời, chờ công khai")
    PUBLISHED = "published", _("Đã trả lời và công khai")
    REFUSED = "refused", _("Từ chối tiếp nhận")


class Kind(models.TextChoices):
    """What the sender wants. A repeat after an answer is always a complaint."""

    REPORT = "report", _("Phản ánh")
    PETITION = "petition", _("Kiến nghị")
    COMPLAINT = "complaint", _("Không hài lòng về việc giải quyết")


class Category(models.TextChoices):
    """The sender's classification, which staff may correct."""

    REGULATION = "regulation", _("Quy định, thủ tục hành chính")
    CONDUCT = "conduct", _("Hành vi, thái độ của cán bộ, công chức")
    OTHER = "other", _("Vấn đề khác")


class Subject(models.TextChoices):
    """What the feedback is about; decides which agency handles it first."""

    PROCEDURE = "procedure", _("Một thủ tục hành chính")
    DOSSIER = "dossier", _("Một hồ sơ đã nộp")
    CONDUCT = "conduct", _("Cán bộ, công chức của một cơ quan")


class RefusalReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Không thuộc phạm vi tiếp nhận phản ánh, kiến nghị")
    ANONYMOUS_ABUSE = "anonymous_abuse", _("Nội dung xúc phạm, vu khống hoặc quấy rối")
    DUPLICATE = "duplicate", _("Trùng với phản ánh đã được tiếp nhận")
    NO_INFORMATION = "no_information", _("Người gửi không bổ sung thông tin được yêu cầu")
    OTHER = "other", _("Lý do khác")


class Rating(models.TextChoices):
    LIKE = "like", _("Hài lòng")
    DISLIKE = "dislike", _("Không hài lòng")


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Gửi phản ánh")
    ASSIGNED = "assigned", _("Nhận xử lý")
    TRANSFERRED = "transferred", _("Chuyển cơ quan xử lý")
    INFO_REQUESTED = "info_requested", _("Yêu cầu bổ sung thông tin")
    INFO_PROVIDED = "info_provided", _("Người gửi bổ sung thông tin")
    REFUSED = "refused", _("Từ chối tiếp nhận")
    ANSWERED = "answered", _("Trả lời")
    PUBLISHED = "published", _("Công khai câu trả lời")
    RECLASSIFIED = "reclassified", _("Phân loại lại")
    RATED = "rated", _("Người gửi đánh giá")
    REPEATED = "repeated", _("Người gửi phản ánh lại")
    REMINDED = "reminded", _("Nhắc hạn")


class Queue(models.TextChoices):
    """The staff work lists; ``ALL`` is the search over everything visible."""

    NEW = "new", _("Mới tiếp nhận")
    ASSIGNED = "assigned", _("Đang xử lý")
    AT_RISK = "at_risk", _("Sắp đến hạn")
    OVERDUE = "overdue", _("Quá hạn")
    WAITING = "waiting", _("Chờ bổ sung thông tin")
    AWAITING_PUBLICATION = "awaiting_publication", _("Đã trả lời, chờ công khai")
    ALL = "all", _("Tất cả")


class DueKind(models.TextChoices):
    """Which statutory limit the case is currently running against."""

    HANDLE = "handle", _("Hạn trả lời")
    PUBLISH = "publish", _("Hạn công khai")


# Limits in working days, counted by the handling agency's clock (DOMAIN.md §9).
REFUSE_WITHIN_DAYS = 2
REQUEST_INFO_WITHIN_DAYS = 5
HANDLE_WITHIN_DAYS = 15
PUBLISH_WITHIN_DAYS = 2

OPEN_STATUSES = frozenset({Status.NEW, Status.PROCESSING, Status.WAITING_INFO})
CLOSED_STATUSES = frozenset({Status.ANSWERED, Status.PUBLISHED, Status.REFUSED})

#: The lifecycle table: from which statuses each action may be taken.
TRANSITIONS: dict[str, frozenset[str]] = {
    "assign": frozenset({Status.NEW, Status.PROCESSING}),
    "transfer": frozenset({Status.NEW, Status.PROCESSING}),
    "request_info": frozenset({Status.NEW, Status.PROCESSING}),
    "provide_info": frozenset({Status.WAITING_INFO}),
    "refuse": frozenset({Status.NEW, Status.PROCESSING, Status.WAITING_INFO}),
    "answer": frozenset({Status.NEW, Status.PROCESSING}),
    "publish": frozenset({Status.ANSWERED}),
    "reclassify": frozenset({Status.NEW, Status.PROCESSING, Status.WAITING_INFO, Status.ANSWERED}),
    "rate": frozenset({Status.ANSWERED, Status.PUBLISHED}),
    "repeat": frozenset({Status.ANSWERED, Status.PUBLISHED, Status.REFUSED}),
}

#: Who may see cases in the agencies their grants cover (read-only for supervisors).
VIEW_ROLES = frozenset(
    {
        Role.DESK_OFFICER,
        Role.SPECIALIST,
        Role.LEADER,
        Role.ADMIN,
        Role.REFORM_OFFICER,
        Role.SUPERVISOR,
    }
)
#: The handling agency's staff: they see the sender's contact details.
CONTACT_ROLES = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER, Role.ADMIN})
#: Who handles cases: assign, ask for information, refuse, answer, publish, reclassify.
HANDLE_ROLES = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER})
#: Who may move a case to another agency.
TRANSFER_ROLES = frozenset({Role.LEADER})
