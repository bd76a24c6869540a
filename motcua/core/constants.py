from django.utils.translation import gettext_lazy as _

from motcua.core.clock import LimitUnit

LIMIT_UNIT_LABELS = {
    LimitUnit.WORKING_DAYS: _("ngày làm việc"),
    LimitUnit.WORKING_HOURS: _("giờ làm việc"),
    LimitUnit.SAME_DAY: _("trong ngày"),
    LimitUnit.DAYS: _("ngày (theo lịch)"),
    LimitUnit.MONTHS: _("tháng"),
}
