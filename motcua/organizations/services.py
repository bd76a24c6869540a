"""State changes of the organisation tree. Each is one transaction and one audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.core.audit import audit_record
from motcua.organizations.calendars import calendar_bump_version
from motcua.organizations.constants import Role
from motcua.organizations.models import (
    Agency,
    CalendarDay,
    OfficeHours,
    RoleGrant,
    Unit,
)
from motcua.organizations.selectors import user_can_manage_agency


def _require_manager(actor: User | None, agency: Agency) -> None:
    if actor is None:  # system jobs (seeding, loading units)
        return
    if not user_can_manage_agency(user=actor, agency=agency):
        raise PermissionDenied(_("Bạn không có quyền quản trị cơ quan này."))


def _set_path(agency: Agency) -> None:
    parent_path = agency.parent.path if agency.parent is not None else "/"
    agency.path = f"{parent_path}{agency.pk}/"


@transaction.atomic
def agency_create(*, actor: User | None, parent: Agency | None, **fields: Any) -> Agency:
    if parent is not None:
        _require_manager(actor, parent)
    elif actor is not None and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được tạo cơ quan cấp tỉnh."))
    agency = Agency(parent=parent, **fields)
    agency.full_clean(exclude=["path"])
    agency.save()
    _set_path(agency)
    agency.save(update_fields=["path"])
    audit_record(
        actor=actor,
        action="agency.create",
        obj=agency,
        agency_id=agency.pk,
        data={"after": {"code": agency.code, "name": agency.name, "kind": agency.kind}},
    )
    return agency


_AGENCY_EDITABLE = {
    "name",
    "short_name",
    "electronic_id",
    "admin_unit_code",
    "valid_from",
    "valid_to",
    "address",
    "phone",
    "email",
    "successor",
}


@transaction.atomic
def agency_update(*, actor: User | None, agency: Agency, **changes: Any) -> Agency:
    unknown = set(changes) - _AGENCY_EDITABLE
    if unknown:
        raise ValidationError({k: _("Trường này không sửa được.") for k in unknown})
    _require_manager(actor, agency)
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    before = {k: getattr(agency, k) for k in changes}
    for key, value in changes.items():
        setattr(agency, key, value)
    agency.full_clean(exclude=["path"])
    agency.save(update_fields=list(changes))
    audit_record(
        actor=actor,
        action="agency.update",
        obj=agency,
        agency_id=agency.pk,
        data={"before": before, "after": {k: getattr(agency, k) for k in changes}},
    )
    return agency


@transaction.atomic
def unit_create(*, actor: User | None, agency: Agency, **fields: Any) -> Unit:
    _require_manager(actor, agency)
    unit = Unit(agency=agency, **fields)
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action="unit.create",
        obj=unit,
        agency_id=agency.pk,
        data={"after": {"code": unit.code, "name": unit.name}},
    )
    return unit


@transaction.atomic
def role_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    agency: Agency,
    unit: Unit | None = None,
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> RoleGrant:
    _require_manager(actor, agency)
    if role not in Role.values:
        raise ValidationError({"role": _("Vai trò không hợp lệ.")})
    existing = (
        RoleGrant.objects.active().filter(user=user, role=role, agency=agency, unit=unit).first()
    )
    if existing:
        return existing
    grant = RoleGrant(
        user=user,
        role=role,
        agency=agency,
        unit=unit,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
        granted_by=actor,
    )
    grant.full_clean()
    grant.save()
    audit_record(
        actor=actor,
        action="role.grant",
        obj=grant,
        agency_id=agency.pk,
        data={"after": {"user": user.username, "role": role, "unit": unit.code if unit else None}},
    )
    return grant


@transaction.atomic
def role_revoke(*, actor: User | None, grant: RoleGrant) -> RoleGrant:
    _require_manager(actor, grant.agency)
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is None:
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="role.revoke",
            obj=grant,
            agency_id=grant.agency_id,
            data={"before": {"user": grant.user.username, "role": grant.role}},
        )
    return grant


@transaction.atomic
def calendar_day_set(
    *, actor: User | None, agency: Agency, date: dt.date, kind: str, reason: str
) -> CalendarDay:
    """Create or change the override of one date for an agency (and everything under it)."""
    _require_manager(actor, agency)
    day = CalendarDay.objects.select_for_update().filter(agency=agency, date=date).first()
    before = {"kind": day.kind, "reason": day.reason} if day else None
    day = day or CalendarDay(agency=agency, date=date)
    day.kind = kind
    day.reason = reason
    day.full_clean()
    day.save()
    calendar_bump_version()
    audit_record(
        actor=actor,
        action="calendar.day_set",
        obj=day,
        agency_id=agency.pk,
        data={"date": date, "before": before, "after": {"kind": kind, "reason": reason}},
    )
    return day


@transaction.atomic
def calendar_day_remove(*, actor: User | None, day: CalendarDay) -> None:
    _require_manager(actor, day.agency)
    audit_record(
        actor=actor,
        action="calendar.day_remove",
        obj=day,
        agency_id=day.agency_id,
        data={"date": day.date, "before": {"kind": day.kind, "reason": day.reason}},
    )
    day.delete()
    calendar_bump_version()


@transaction.atomic
def office_hours_set(
    *, actor: User | None, agency: Agency, valid_from: dt.date, **hours: Any
) -> OfficeHours:
    _require_manager(actor, agency)
    row = (
        OfficeHours.objects.select_for_update().filter(agency=agency, valid_from=valid_from).first()
    )
    before = None
    if row:
        before = {k: getattr(row, k) for k in hours}
    row = row or OfficeHours(agency=agency, valid_from=valid_from)
    for key, value in hours.items():
        setattr(row, key, value)
    row.full_clean()
    row.save()
    calendar_bump_version()
    audit_record(
        actor=actor,
        action="calendar.office_hours_set",
        obj=row,
        agency_id=agency.pk,
        data={"valid_from": valid_from, "before": before, "after": hours},
    )
    return row
