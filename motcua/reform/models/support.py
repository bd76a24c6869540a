"""Digital support teams (Tổ công nghệ số cộng đồng / Tổ xung kích số) of the wards."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.reform.constants import SupportMemberRole, SupportTeamKind
from motcua.reform.models.base import ReformRecord, agency_fk, decision_fields, user_fk


class SupportTeam(ReformRecord):
    """A team that helps residents file online, set up by a ward."""

    agency = agency_fk(_("phường, xã"), _("Ward that set up the team."), "reform_support_teams")
    name = models.CharField(_("tên tổ"), max_length=255, help_text=_("Name of the team."))
    kind = models.CharField(
        _("loại tổ"),
        max_length=16,
        choices=SupportTeamKind.choices,
        default=SupportTeamKind.SHOCK,
        help_text=_("Kind of team."),
    )
    decision_number, decision_date = decision_fields()
    area_covered = models.CharField(
        _("địa bàn phụ trách"),
        max_length=255,
        blank=True,
        help_text=_("Residential groups (tổ dân phố) the team covers."),
    )
    active = models.BooleanField(_("đang hoạt động"), default=True, help_text=_("Still active."))

    class Meta:
        verbose_name = _("tổ công nghệ số")
        verbose_name_plural = _("tổ công nghệ số")
        ordering = ["agency_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="reform_support_team_unique")
        ]

    def __str__(self) -> str:
        return self.name


class SupportTeamMember(ReformRecord):
    """A member of a support team."""

    OWNER_PATH = "team__agency"
    SCOPE_PATHS = ("team__agency",)

    team = models.ForeignKey(
        SupportTeam,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("tổ"),
        help_text=_("Team the person belongs to."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=150, help_text=_("Member's name."))
    phone = models.CharField(
        _("số điện thoại"), max_length=20, blank=True, help_text=_("Contact number.")
    )
    member_role = models.CharField(
        _("vai trò"),
        max_length=16,
        choices=SupportMemberRole.choices,
        default=SupportMemberRole.MEMBER,
        help_text=_("Leader or member."),
    )
    organisation = models.CharField(
        _("đơn vị, đoàn thể"),
        max_length=150,
        blank=True,
        help_text=_("Where the member comes from: youth union, police, residential group..."),
    )
    user = user_fk(_("tài khoản"), _("Support-member account, when the person has one."))

    class Meta:
        verbose_name = _("thành viên tổ công nghệ số")
        verbose_name_plural = _("thành viên tổ công nghệ số")
        ordering = ["team_id", "member_role", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class SupportActivity(ReformRecord):
    """A session in which a team helped residents (date, place, how many people)."""

    OWNER_PATH = "team__agency"
    SCOPE_PATHS = ("team__agency",)

    team = models.ForeignKey(
        SupportTeam,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("tổ"),
        help_text=_("Team that held it."),
    )
    date = models.DateField(_("ngày"), help_text=_("Date of the session."))
    place = models.CharField(_("địa điểm"), max_length=255, help_text=_("Where it took place."))
    residents_helped = models.PositiveIntegerField(
        _("số người dân được hỗ trợ"), help_text=_("Residents helped in the session.")
    )
    description = models.TextField(_("nội dung"), blank=True, help_text=_("What was done."))

    class Meta:
        verbose_name = _("hoạt động hỗ trợ")
        verbose_name_plural = _("hoạt động hỗ trợ")
        ordering = ["-date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.place}"
