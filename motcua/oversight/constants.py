"""Measures counted in the roll-ups and outcomes of a dossier (DOMAIN.md §5, §6 rule 7, §9)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """What one roll-up counter counts; the day is the day the thing happened (local)."""

    RECEIVED = "received", _("Tiếp nhận")
    FULL_PROCESS_ELIGIBLE = "fp_eligible", _("Tiếp nhận, thủ tục đủ điều kiện toàn trình")
    FULL_PROCESS = "full_process", _("Tiếp nhận trực tuyến toàn trình")
    DIGITISED = "digitised", _("Tiếp nhận, đã số hóa")
    REUSED = "reused", _("Tiếp nhận, có tái sử dụng dữ liệu")
    FEE_BEARING = "fee_bearing", _("Tiếp nhận, có phí, lệ phí")
    PAID_ONLINE = "paid_online", _("Thanh toán trực tuyến")
    EARLY = "early", _("Giải quyết trước hạn")
    ON_TIME = "on_time", _("Giải quyết đúng hạn")
    LATE = "late", _("Giải quyết quá hạn")
    PROCESSING_SECONDS = "processing_seconds", _("Thời gian giải quyết (giây làm việc)")
    WITHDRAWN = "withdrawn", _("Rút hồ sơ")
    REFUSED = "refused", _("Từ chối")
    STOPPED = "stopped", _("Dừng xử lý")
    RETURNED = "returned", _("Trả kết quả")
    RETURNED_ELECTRONIC = "returned_electronic", _("Trả kết quả điện tử")
    RATED = "rated", _("Được đánh giá")
    RATED_DISLIKE = "rated_dislike", _("Đánh giá không hài lòng")


#: Measures that are counted at receipt (the dossier's flags at that moment).
AT_RECEIPT = (
    Measure.RECEIVED,
    Measure.FULL_PROCESS_ELIGIBLE,
    Measure.FULL_PROCESS,
    Measure.DIGITISED,
    Measure.REUSED,
    Measure.FEE_BEARING,
)
RESOLVED = (Measure.EARLY, Measure.ON_TIME, Measure.LATE)


class Outcome(models.TextChoices):
    """How a dossier ended, as the index counts it."""

    OPEN = "", _("Đang giải quyết")
    EARLY = "early", _("Trước hạn")
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Quá hạn")
    WITHDRAWN = "withdrawn", _("Đã rút")
    REFUSED = "refused", _("Từ chối")
    STOPPED = "stopped", _("Dừng xử lý")


OUTCOME_MEASURE = {
    Outcome.EARLY: Measure.EARLY,
    Outcome.ON_TIME: Measure.ON_TIME,
    Outcome.LATE: Measure.LATE,
    Outcome.WITHDRAWN: Measure.WITHDRAWN,
    Outcome.REFUSED: Measure.REFUSED,
    Outcome.STOPPED: Measure.STOPPED,
}

#: Rating grades that count as "dislike" for dossier satisfaction.
DISLIKE_GRADES = frozenset({"dissatisfied", "dislike"})
