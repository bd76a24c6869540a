"""Shared field helpers and the abstract base of every reform record.

Every record knows which agency owns it (``OWNER_PATH``: the lookup from the record to
that agency, whose reform officers may change it) and which agencies may see it
(``SCOPE_PATHS``): an inspection of a ward is kept by the district but visible to the
ward, a recommendation is seen by the addressed agency and the agency it concerns.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


def agency_fk(
    verbose_name: Any, help_text: Any, related_name: str, *, null: bool = False
) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        "organizations.Agency",
        on_delete=models.PROTECT,
        related_name=related_name,
        verbose_name=verbose_name,
        help_text=help_text,
        null=null,
        blank=null,
    )


def user_fk(verbose_name: Any, help_text: Any) -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
        help_text=help_text,
    )


def year_field(help_text: Any) -> models.PositiveSmallIntegerField[Any, Any]:
    return models.PositiveSmallIntegerField(
        _("năm"), validators=YEAR_VALIDATORS, help_text=help_text
    )


def decision_fields() -> tuple[models.CharField[Any, Any], models.DateField[Any, Any]]:
    return (
        models.CharField(
            _("số quyết định / văn bản"),
            max_length=60,
            blank=True,
            help_text=_("Number of the issuing decision or document, e.g. '125/KH-UBND'."),
        ),
        models.DateField(
            _("ngày ban hành"), null=True, blank=True, help_text=_("Date the document was signed.")
        ),
    )


class ReformRecord(models.Model):
    """Abstract base: creation and change times; the owner and scope lookups."""

    OWNER_PATH: ClassVar[str] = "agency"
    SCOPE_PATHS: ClassVar[tuple[str, ...]] = ("agency",)
    #: Fields that only a dedicated service (a state transition) may change.
    STATE_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: Fields fixed once the record exists, besides the owner link.
    FIXED_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: Published to every reform user and to the units below the owner (criteria sets).
    VISIBLE_BELOW: ClassVar[bool] = False

    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When the record was created.")
    )
    updated_at = models.DateTimeField(
        _("cập nhật lúc"), auto_now=True, help_text=_("When the record last changed.")
    )

    class Meta:
        abstract = True

    def keeper_agency_id(self) -> int:
        """Primary key of the agency whose reform officers keep this record."""
        obj: Any = self
        parts = self.OWNER_PATH.split("__")
        for part in parts[:-1]:
            obj = getattr(obj, part)
        return int(getattr(obj, f"{parts[-1]}_id"))
