"""The organisation tree, staff roles and working calendars, all effective-dated."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.organizations.constants import AgencyKind, CalendarDayKind, Role, UnitKind

electronic_id_validator = RegexValidator(
    r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$",
    _("Mã định danh điện tử có dạng DDD.CC.BB.AAA, ví dụ 000.00.07.H26."),
    code="electronic_id_format",
)
code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9._-]*$",
    _("Mã chỉ gồm chữ thường không dấu, chữ số, dấu chấm, gạch nối."),
    code="agency_code_format",
)


class AgencyQuerySet(models.QuerySet["Agency"]):
    def valid_on(self, day: dt.date) -> AgencyQuerySet:
        return self.filter(Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day))


class Agency(models.Model):
    """An administrative body at any level, with the dates between which it exists.

    A 2023 district and a 2025 commune live side by side: the tree is data, not code.
    ``path`` is a materialised path ("/1/7/23/") kept by the services so that "this agency
    and everything under it" is one indexed prefix query.
    """

    code = models.CharField(
        _("mã"),
        max_length=40,
        unique=True,
        validators=[code_validator],
        help_text=_("Short stable code used in addresses and commands, e.g. 'hbt-bach-dang'."),
    )
    name = models.CharField(_("tên"), max_length=255, help_text=_("Full official name."))
    short_name = models.CharField(
        _("tên ngắn"), max_length=120, blank=True, help_text=_("Name used in lists and menus.")
    )
    kind = models.CharField(
        _("loại"), max_length=24, choices=AgencyKind.choices, help_text=_("Level and kind.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("cơ quan cấp trên"),
        help_text=_("The agency this one belongs to; empty for a province."),
    )
    path = models.CharField(
        _("đường dẫn cây"),
        max_length=255,
        db_index=True,
        editable=False,
        default="",
        help_text=_("Materialised path of primary keys from the root, maintained by services."),
    )
    electronic_id = models.CharField(
        _("mã định danh điện tử"),
        max_length=13,
        unique=True,
        null=True,
        blank=True,
        validators=[electronic_id_validator],
        help_text=_("Decision 20/2020/QĐ-TTg identifier, DDD.CC.BB.AAA, lowest level first."),
    )
    admin_unit_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=5,
        blank=True,
        help_text=_("Statistical code: province 2 digits, district 3, commune 5."),
    )
    valid_from = models.DateField(
        _("hiệu lực từ"), default=dt.date(1990, 1, 1), help_text=_("First day it exists.")
    )
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Last day it exists; empty: still.")
    )
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("cơ quan kế thừa"),
        help_text=_("Agency that took over its dossiers after a reorganisation."),
    )
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True, help_text=_("Address."))
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True, help_text=_("Phone."))
    email = models.EmailField(_("thư điện tử"), blank=True, help_text=_("Official e-mail."))

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="agency_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name

    def ancestor_ids(self) -> list[int]:
        return [int(p) for p in self.path.strip("/").split("/") if p]

    def is_valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class Unit(models.Model):
    """An office, team or counter inside an agency; roles may be granted per unit."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="units",
        verbose_name=_("cơ quan"),
        help_text=_("Agency the unit belongs to."),
    )
    code = models.CharField(
        _("mã"), max_length=40, validators=[code_validator], help_text=_("Code within the agency.")
    )
    name = models.CharField(_("tên"), max_length=255, help_text=_("Name of the unit."))
    kind = models.CharField(
        _("loại"),
        max_length=16,
        choices=UnitKind.choices,
        default=UnitKind.OFFICE,
        help_text=_("Kind of unit."),
    )
    valid_from = models.DateField(
        _("hiệu lực từ"), default=dt.date(1990, 1, 1), help_text=_("First day it exists.")
    )
    valid_to = models.DateField(
        _("hiệu lực đến"), null=True, blank=True, help_text=_("Last day it exists.")
    )

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["agency_id", "name"]
        constraints = [models.UniqueConstraint(fields=["agency", "code"], name="unit_code_unique")]

    def __str__(self) -> str:
        return f"{self.name} – {self.agency.label}"


class RoleGrantQuerySet(models.QuerySet["RoleGrant"]):
    def active(self, day: dt.date | None = None) -> RoleGrantQuerySet:
        from django.utils import timezone

        day = day or timezone.localdate()
        return self.filter(
            Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
            revoked_at__isnull=True,
        )


class RoleGrant(models.Model):
    """A role held by a person in an agency (and optionally one unit of it), for a period.

    A grant on an agency covers the agency and everything below it in the tree.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("cán bộ"),
        help_text=_("Person holding the role."),
    )
    role = models.CharField(
        _("vai trò"), max_length=24, choices=Role.choices, help_text=_("What the person may do.")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("cơ quan"),
        help_text=_("Agency in which the role is held."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_grants",
        verbose_name=_("đơn vị"),
        help_text=_("Unit inside the agency, when the role is limited to one."),
    )
    valid_from = models.DateField(_("từ ngày"), help_text=_("First day the role is held."))
    valid_to = models.DateField(
        _("đến ngày"), null=True, blank=True, help_text=_("Last day; empty: until revoked.")
    )
    revoked_at = models.DateTimeField(
        _("thu hồi lúc"), null=True, blank=True, help_text=_("When the grant was revoked.")
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người cấp"),
        help_text=_("Administrator who granted it."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When the grant was recorded.")
    )

    objects = RoleGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["agency_id", "role", "user_id"]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.agency.label}"

    def clean(self) -> None:
        if self.unit is not None and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": _("Đơn vị phải thuộc cơ quan được phân quyền.")})


class CalendarDay(models.Model):
    """An administrator's override of one date: an extra day off or an extra working day."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="calendar_days",
        verbose_name=_("cơ quan"),
        help_text=_("Agency (and its subtree) to which the override applies."),
    )
    date = models.DateField(_("ngày"), help_text=_("The date overridden."))
    kind = models.CharField(
        _("loại"), max_length=16, choices=CalendarDayKind.choices, help_text=_("Off or working.")
    )
    reason = models.CharField(
        _("lý do"), max_length=255, help_text=_("Decision or reason, e.g. 'QĐ 1234/QĐ-UBND'.")
    )

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch")
        verbose_name_plural = _("ngày điều chỉnh lịch")
        ordering = ["agency_id", "date"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "date"], name="calendar_day_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"


class OfficeHours(models.Model):
    """Office hours of an agency from a date on; the latest row not after a date applies."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="office_hours",
        verbose_name=_("cơ quan"),
        help_text=_("Agency (and its subtree) whose hours these are."),
    )
    valid_from = models.DateField(_("áp dụng từ"), help_text=_("First day these hours apply."))
    morning_start = models.TimeField(_("sáng từ"), default=dt.time(8), help_text=_("Opening."))
    morning_end = models.TimeField(_("sáng đến"), default=dt.time(12), help_text=_("Lunch."))
    afternoon_start = models.TimeField(
        _("chiều từ"), default=dt.time(13), help_text=_("After lunch.")
    )
    afternoon_end = models.TimeField(
        _("chiều đến"), default=dt.time(17), help_text=_("Close of office.")
    )
    same_day_cutoff = models.TimeField(
        _("giờ chốt trong ngày"),
        default=dt.time(15),
        help_text=_("Same-day requests received at or after this time are due the next day."),
    )
    saturday_working = models.BooleanField(
        _("làm việc thứ Bảy"), default=False, help_text=_("Saturday is a regular working day.")
    )

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        ordering = ["agency_id", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "valid_from"], name="office_hours_unique"),
            models.CheckConstraint(
                condition=Q(morning_start__lt=models.F("morning_end"))
                & Q(morning_end__lte=models.F("afternoon_start"))
                & Q(afternoon_start__lt=models.F("afternoon_end")),
                name="office_hours_order",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def clean(self) -> None:
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(
                {
                    "afternoon_end": _(
                        "Giờ làm việc phải theo thứ tự: sáng từ < sáng đến ≤ chiều từ < chiều đến."
                    )
                }
            )
        if not (self.morning_start <= self.same_day_cutoff <= self.afternoon_end):
            raise ValidationError({"same_day_cutoff": _("Giờ chốt phải nằm trong giờ làm việc.")})


class CalendarRevision(models.Model):
    """A single counter bumped with every calendar change, in the change's transaction.

    Every process keeps compiled calendars keyed by this number, so an administrator's edit
    reaches all web and worker processes at their next clock query without a shared cache.
    """

    number = models.PositiveBigIntegerField(
        _("số phiên bản"), default=0, help_text=_("Incremented on every calendar change.")
    )

    class Meta:
        verbose_name = _("phiên bản lịch")
        verbose_name_plural = _("phiên bản lịch")

    def __str__(self) -> str:
        return str(self.number)
