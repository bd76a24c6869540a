"""Choices of the administrative-reform workspace, and the lifecycle tables of its records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.organizations.constants import Role

#: Roles that may read the reform workspace of an agency they cover.
READ_ROLES = (Role.REFORM_OFFICER, Role.LEADER, Role.SUPERVISOR, Role.ADMIN)
#: Roles that keep an agency's reform records (plans, inspections, teams, projects, ...).
WRITE_ROLES = (Role.REFORM_OFFICER, Role.LEADER)
#: Roles that follow recommendations from above: issue, close, reopen, appraise.
SUPERVISE_ROLES = (Role.SUPERVISOR,)


class ReformArea(models.TextChoices):
    """The areas of the state administrative reform programme (Resolution 76/NQ-CP)."""

    DIRECTION = "direction", _("Chỉ đạo, điều hành")
    INSTITUTIONS = "institutions", _("Cải cách thể chế")
    PROCEDURES = "procedures", _("Cải cách thủ tục hành chính")
    ORGANISATION = "organisation", _("Cải cách tổ chức bộ máy")
    CIVIL_SERVICE = "civil_service", _("Cải cách chế độ công vụ")
    PUBLIC_FINANCE = "public_finance", _("Cải cách tài chính công")
    E_GOVERNMENT = "e_government", _("Xây dựng chính quyền điện tử, chính quyền số")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã ban hành")
    CLOSED = "closed", _("Đã tổng kết")


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Hủy bỏ")


TASK_TRANSITIONS: dict[str, set[str]] = {
    TaskStatus.NOT_STARTED: {TaskStatus.IN_PROGRESS, TaskStatus.DONE, TaskStatus.CANCELLED},
    TaskStatus.IN_PROGRESS: {TaskStatus.DONE, TaskStatus.CANCELLED, TaskStatus.NOT_STARTED},
    TaskStatus.DONE: {TaskStatus.IN_PROGRESS},
    TaskStatus.CANCELLED: {TaskStatus.NOT_STARTED},
}


class InspectionKind(models.TextChoices):
    SCHEDULED = "scheduled", _("Theo kế hoạch")
    SURPRISE = "surprise", _("Đột xuất")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Đã lên lịch")
    DONE = "done", _("Đã kiểm tra")
    CANCELLED = "cancelled", _("Hủy")


INSPECTION_TRANSITIONS: dict[str, set[str]] = {
    InspectionStatus.PLANNED: {InspectionStatus.DONE, InspectionStatus.CANCELLED},
    InspectionStatus.DONE: set(),
    InspectionStatus.CANCELLED: {InspectionStatus.PLANNED},
}


class FindingSeverity(models.TextChoices):
    GOOD = "good", _("Ưu điểm")
    SHORTCOMING = "shortcoming", _("Tồn tại, hạn chế")
    VIOLATION = "violation", _("Vi phạm")


class TeamRole(models.TextChoices):
    HEAD = "head", _("Tổ trưởng")
    DEPUTY = "deputy", _("Tổ phó")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class FollowUpStatus(models.TextChoices):
    OPEN = "open", _("Đang khắc phục")
    DONE = "done", _("Đã khắc phục")


class RecommendationSource(models.TextChoices):
    SUPERVISION = "supervision", _("Đoàn giám sát HĐND")
    INSPECTION = "inspection", _("Kiểm tra cải cách hành chính")
    CITY = "city", _("UBND thành phố, sở, ngành")
    OTHER = "other", _("Nguồn khác")


class RecommendationStatus(models.TextChoices):
    OPEN = "open", _("Mới ban hành")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    REPORTED_DONE = "reported_done", _("Báo cáo đã thực hiện")
    CLOSED = "closed", _("Đã đóng")


#: Who moves a recommendation where: the addressed agency reports progress, the
#: supervisor closes (or reopens). Closing is allowed from any open state because a
#: supervisor may also close a recommendation that became moot.
RECOMMENDATION_TRANSITIONS: dict[str, set[str]] = {
    RecommendationStatus.OPEN: {
        RecommendationStatus.IN_PROGRESS,
        RecommendationStatus.REPORTED_DONE,
        RecommendationStatus.CLOSED,
    },
    RecommendationStatus.IN_PROGRESS: {
        RecommendationStatus.IN_PROGRESS,
        RecommendationStatus.REPORTED_DONE,
        RecommendationStatus.CLOSED,
    },
    RecommendationStatus.REPORTED_DONE: {
        RecommendationStatus.IN_PROGRESS,
        RecommendationStatus.CLOSED,
    },
    RecommendationStatus.CLOSED: {RecommendationStatus.IN_PROGRESS},
}
OPEN_RECOMMENDATION_STATUSES = (
    RecommendationStatus.OPEN,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.REPORTED_DONE,
)


class DeadlineMode(models.TextChoices):
    WORKING_DAYS = "working_days", _("Số ngày làm việc")
    DATE = "date", _("Ngày cụ thể")


class RotationReason(models.TextChoices):
    PERIODIC = "periodic", _("Định kỳ theo kế hoạch (Nghị định 59/2019/NĐ-CP)")
    REQUEST = "request", _("Theo nguyện vọng")
    ORGANISATION = "organisation", _("Sắp xếp tổ chức bộ máy")
    OTHER = "other", _("Lý do khác")


class SupportTeamKind(models.TextChoices):
    SHOCK = "shock", _("Tổ xung kích số")
    COMMUNITY = "community", _("Tổ công nghệ số cộng đồng")


class SupportMemberRole(models.TextChoices):
    LEADER = "leader", _("Tổ trưởng")
    MEMBER = "member", _("Thành viên")


class ProjectLevel(models.TextChoices):
    DISTRICT = "district", _("Cấp quận")
    WARD = "ward", _("Cấp phường")


class ProjectKind(models.TextChoices):
    NEW = "new", _("Xây mới")
    UPGRADE = "upgrade", _("Nâng cấp, cải tạo")
    REPAIR = "repair", _("Sửa chữa")


class ReviewOutcome(models.TextChoices):
    KEEP = "keep", _("Giữ nguyên")
    SHORTEN = "shorten", _("Đề nghị rút ngắn thời hạn")
    SIMPLIFY = "simplify", _("Đề nghị đơn giản hóa")
    ABOLISH = "abolish", _("Đề nghị bãi bỏ")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Đã đề xuất")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự chấm")
    SUBMITTED = "submitted", _("Đã gửi tự đánh giá")
    APPRAISED = "appraised", _("Đã thẩm định")


class DatabaseKind(models.TextChoices):
    LAND = "land", _("Đất đai")
    POPULATION = "population", _("Dân cư")
    CIVIL_SERVANTS = "civil_servants", _("Cán bộ, công chức, viên chức")
    FINANCE = "finance", _("Tài chính")
    CIVIL_STATUS = "civil_status", _("Hộ tịch")
    SOCIAL_SECURITY = "social_security", _("An sinh xã hội")
    OTHER = "other", _("Chuyên ngành khác")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang lập")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class AttachmentKind(models.TextChoices):
    PDF = "pdf", "PDF"
    JPEG = "jpeg", "JPEG"
    PNG = "png", "PNG"
    DOCX = "docx", "DOCX"
    XLSX = "xlsx", "XLSX"
