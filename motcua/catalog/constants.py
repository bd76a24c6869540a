"""Choices of the procedure catalogue (DOMAIN.md §4), with the national database's labels."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.clock import LimitUnit

CODE_PATTERN = r"^\d\.\d{6}$"


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DEPARTMENT = "department", _("Cấp sở, ngành")
    DISTRICT = "district", _("Cấp huyện (trước 7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class ApplicantType(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    ORGANISATION = "organisation", _("Tổ chức")


class Channel(models.IntegerChoices):
    """DVCQG channel codes."""

    IN_PERSON = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POSTAL = 3, _("Dịch vụ bưu chính")


class OnlineLevel(models.TextChoices):
    """Decree 42/2022: full process, partial, or no online service."""

    FULL = "full", _("Toàn trình")
    PARTIAL = "partial", _("Một phần")
    NONE = "none", _("Không (chỉ cung cấp thông tin)")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    PUBLISHED = "published", _("Đã công bố")
    RETIRED = "retired", _("Hết hiệu lực")


class CopyKind(models.TextChoices):
    ORIGINAL = "original", _("Bản chính")
    COPY = "copy", _("Bản sao")
    CERTIFIED_COPY = "certified_copy", _("Bản sao có chứng thực")
    ORIGINAL_OR_CERTIFIED = "original_or_certified", _("Bản chính hoặc bản sao có chứng thực")
    PRESENT_ORIGINAL = "present_original", _("Xuất trình bản chính")


class FeeKind(models.TextChoices):
    FIXED = "fixed", _("Cố định mỗi hồ sơ")
    PER_COPY = "per_copy", _("Theo bản")
    PER_PAGE = "per_page", _("Theo trang (có bậc, mức tối đa mỗi bản)")
    EXEMPT = "exempt", _("Miễn")


class BudgetUnit(models.TextChoices):
    WORKING_DAYS = LimitUnit.WORKING_DAYS.value, _("ngày làm việc")
    WORKING_HOURS = LimitUnit.WORKING_HOURS.value, _("giờ làm việc")


class TimeUnit(models.TextChoices):
    """Same values as :class:`motcua.core.clock.LimitUnit`, so the clock takes them as they are."""

    WORKING_DAYS = LimitUnit.WORKING_DAYS.value, _("ngày làm việc")
    WORKING_HOURS = LimitUnit.WORKING_HOURS.value, _("giờ làm việc")
    SAME_DAY = LimitUnit.SAME_DAY.value, _("trong ngày")
    DAYS = LimitUnit.DAYS.value, _("ngày (theo lịch)")
    MONTHS = LimitUnit.MONTHS.value, _("tháng")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ")
    RUNNING = "running", _("Đang xử lý")
    DONE = "done", _("Hoàn tất")
    FAILED = "failed", _("Có lỗi, không nhập")


# A working day is 8 office hours (08:00–12:00, 13:00–17:00): the unit in which process budgets
# of hours and days are added up.
HOURS_PER_WORKING_DAY = 8
