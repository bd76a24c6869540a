"""Choices of the return of results, the residents' rating and the national-portal sync."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.constants import ReturnMode, Status

__all__ = ["DVCQG_STATUS", "RatingSource", "RatingValue", "RecipientRelation", "ReturnMode"]


class RecipientRelation(models.TextChoices):
    """Who collected the result at the desk, relative to the applicant."""

    SELF = "self", _("Chính người nộp hồ sơ")
    AUTHORISED = "authorised", _("Người được ủy quyền")
    REPRESENTATIVE = "representative", _("Người đại diện theo pháp luật")


class RatingValue(models.TextChoices):
    """The resident's satisfaction with the handling of a dossier."""

    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    DISSATISFIED = "dissatisfied", _("Không hài lòng")


class RatingSource(models.TextChoices):
    MINE = "mine", _("Từ trang Hồ sơ của tôi")
    TRACKING = "tracking", _("Từ trang Tra cứu hồ sơ (mã tra cứu)")


#: Dossier status → status code of the national portal's dossier sync (TrangThaiHoSo).
#: The numbering follows the portal's published list; kept as data so it can be corrected.
DVCQG_STATUS: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.REFUSED: 3,
    Status.PROCESSING: 4,
    Status.SUPPLEMENT_REQUESTED: 5,
    Status.SUPPLEMENT_COMPLETED: 4,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.PROCESSED: 9,
    Status.RESULT_RETURNED: 10,
}

#: Return mode → the portal's "HinhThuc" of the return (0 at the desk, 1 by post, 2 online).
DVCQG_RETURN_MODE: dict[str, int] = {
    ReturnMode.DESK: 0,
    ReturnMode.POSTAL: 1,
    ReturnMode.ELECTRONIC: 2,
}
