from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.validators import mask_personal_id, validate_personal_id


class User(AbstractUser):
    """A person who signs in: a staff member (roles come from role grants) or a resident."""

    full_name = models.CharField(
        _("họ và tên"), max_length=150, blank=True, help_text=_("Full name as on the ID card.")
    )
    phone = models.CharField(
        _("số điện thoại"), max_length=20, blank=True, help_text=_("Mobile number for contact.")
    )
    personal_id = models.CharField(
        _("số định danh cá nhân"),
        max_length=12,
        blank=True,
        null=True,
        unique=True,
        validators=[validate_personal_id],
        help_text=_("12-digit citizen ID (CCCD); checked by structure only."),
    )
    is_resident = models.BooleanField(
        _("là người dân"),
        default=False,
        help_text=_("Resident account (files dossiers) rather than a staff account."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.get_username()

    @property
    def masked_personal_id(self) -> str:
        return mask_personal_id(self.personal_id)
