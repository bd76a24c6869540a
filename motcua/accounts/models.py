from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.validators import mask_personal_id, validate_personal_id, validate_tax_code


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
    address = models.CharField(
        _("địa chỉ"),
        max_length=255,
        blank=True,
        help_text=_("Postal address for results sent by post and for the slips."),
    )
    is_resident = models.BooleanField(
        _("là người dân"),
        default=False,
        help_text=_("Resident account (files dossiers) rather than a staff account."),
    )

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # Residents sign in with either, so each may belong to one account only.
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_unique_ci"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=~Q(phone=""), name="user_phone_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_username()

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.get_username()

    @property
    def masked_personal_id(self) -> str:
        return mask_personal_id(self.personal_id)


class Organisation(models.Model):
    """A business or other organisation on whose behalf residents file dossiers."""

    name = models.CharField(_("tên tổ chức"), max_length=255, help_text=_("Registered name."))
    tax_code = models.CharField(
        _("mã số thuế"),
        max_length=14,
        unique=True,
        validators=[validate_tax_code],
        help_text=_("Tax code: 10 digits, or 10 digits, '-' and a 3-digit branch number."),
    )
    address = models.CharField(
        _("địa chỉ trụ sở"), max_length=255, blank=True, help_text=_("Head-office address.")
    )
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người khai"),
        help_text=_("Resident who first entered it; only they may edit its details."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When it was first entered.")
    )

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"


class Representation(models.Model):
    """A resident's declaration that they act for an organisation (checked at the desk)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("người đại diện"),
        help_text=_("The resident acting for the organisation."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("tổ chức"),
        help_text=_("The organisation represented."),
    )
    role = models.CharField(
        _("chức danh, tư cách"),
        max_length=120,
        help_text=_("Capacity, e.g. 'Giám đốc', 'Người được ủy quyền'."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When it was declared.")
    )

    class Meta:
        verbose_name = _("đại diện tổ chức")
        verbose_name_plural = _("đại diện tổ chức")
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="representation_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.role} – {self.organisation.name}"


class Consent(models.Model):
    """A person's consent to one optional use of their data, until withdrawn (never deleted)."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("người dùng"),
        help_text=_("Whose consent it is."),
    )
    purpose = models.CharField(
        _("mục đích"),
        max_length=32,
        choices=ConsentPurpose.choices,
        help_text=_("What the data may be used for."),
    )
    statement = models.TextField(
        _("nội dung được hỏi"), help_text=_("The text the person agreed to, as shown then.")
    )
    given_at = models.DateTimeField(_("đồng ý lúc"), help_text=_("When consent was given."))
    withdrawn_at = models.DateTimeField(
        _("rút lại lúc"),
        null=True,
        blank=True,
        help_text=_("When it was withdrawn; empty while in force."),
    )

    class Meta:
        verbose_name = _("sự đồng ý")
        verbose_name_plural = _("sự đồng ý")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_active_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_purpose_display()}"

    @property
    def active(self) -> bool:
        return self.withdrawn_at is None


class ExternalIdentity(models.Model):
    """An account at an OpenID Connect provider (issuer + subject) linked to a user."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("người dùng"),
        help_text=_("The local account."),
    )
    issuer = models.CharField(
        _("nhà cung cấp định danh"), max_length=255, help_text=_("OIDC issuer URL ('iss').")
    )
    subject = models.CharField(
        _("mã định danh tại nhà cung cấp"),
        max_length=255,
        help_text=_("Stable subject identifier ('sub') given by the issuer."),
    )
    created_at = models.DateTimeField(
        _("liên kết lúc"), auto_now_add=True, help_text=_("When it was linked.")
    )
    last_login_at = models.DateTimeField(
        _("đăng nhập gần nhất"),
        null=True,
        blank=True,
        help_text=_("Last sign-in through this provider."),
    )

    class Meta:
        verbose_name = _("định danh bên ngoài")
        verbose_name_plural = _("định danh bên ngoài")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")
        ]

    def __str__(self) -> str:
        return f"{self.issuer} {self.subject}"
