from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    PROVINCE = "province", _("Tỉnh / thành phố")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Quận / huyện (trước 7/2025)")
    DISTRICT_OFFICE = "district_office", _("Phòng chuyên môn cấp huyện")
    COMMUNE = "commune", _("Xã / phường / đặc khu")
    SERVICE_CENTRE = "service_centre", _("Trung tâm Phục vụ hành chính công")
    ONE_STOP_DESK = "one_stop_desk", _("Bộ phận Một cửa")


class UnitKind(models.TextChoices):
    OFFICE = "office", _("Phòng, ban")
    TEAM = "team", _("Tổ, nhóm")
    DESK = "desk", _("Quầy tiếp nhận")
    LEADERSHIP = "leadership", _("Lãnh đạo")


class Role(models.TextChoices):
    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    CLERK = "clerk", _("Văn thư")
    REFORM_OFFICER = "reform_officer", _("Cán bộ cải cách hành chính")
    SUPERVISOR = "supervisor", _("Giám sát (HĐND, sở, ngành)")
    SUPPORT_MEMBER = "support_member", _("Thành viên tổ công nghệ số")
    ADMIN = "admin", _("Quản trị cơ quan")


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    WORKING_DAY = "working_day", _("Ngày làm việc")
