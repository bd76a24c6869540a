"""Reads of the organisation tree, always scoped to what the given user may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from motcua.accounts.models import User
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency, CalendarDay, OfficeHours, RoleGrant, Unit


def agency_subtree(*, agency: Agency) -> QuerySet[Agency]:
    return Agency.objects.filter(path__startswith=agency.path)


def _subtree_q(paths: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def user_active_grants(*, user: User, day: dt.date | None = None) -> QuerySet[RoleGrant]:
    if not user.is_authenticated:
        return RoleGrant.objects.none()
    return (
        RoleGrant.objects.active(day)
        .filter(user=user)
        .select_related("agency", "unit")
        .order_by("agency__path", "role")
    )


def agency_list_for_user(*, user: User, roles: Iterable[str] | None = None) -> QuerySet[Agency]:
    """Agencies the user may see: those in which (or above which) they hold a role.

    With ``roles``, only grants of those roles count (e.g. administrators for management).
    """
    if user.is_superuser:
        return Agency.objects.all()
    grants = user_active_grants(user=user)
    if roles is not None:
        grants = grants.filter(role__in=list(roles))
    paths = {g.agency.path for g in grants}
    if not paths:
        return Agency.objects.none()
    return Agency.objects.filter(_subtree_q(paths))


def agency_get_for_user(*, user: User, code: str, manage: bool = False) -> Agency:
    """The agency with this code if the user may see it (or manage it); 404 otherwise.

    Guessing another ward's code must look exactly like a code that does not exist.
    """
    roles = [Role.ADMIN] if manage else None
    agency = agency_list_for_user(user=user, roles=roles).filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def user_can_manage_agency(*, user: User, agency: Agency) -> bool:
    return agency_list_for_user(user=user, roles=[Role.ADMIN]).filter(pk=agency.pk).exists()


def agency_staff(*, user: User, agency: Agency) -> QuerySet[RoleGrant]:
    """Active role grants of an agency, for a user who may see the agency."""
    agency_get_for_user(user=user, code=agency.code)
    return (
        RoleGrant.objects.active()
        .filter(agency=agency)
        .select_related("user", "unit", "agency")
        .order_by("user__full_name", "role")
    )


def agency_units(*, user: User, agency: Agency) -> QuerySet[Unit]:
    agency_get_for_user(user=user, code=agency.code)
    return agency.units.all()


def agency_calendar_days(
    *, user: User, agency: Agency, year: int | None = None
) -> QuerySet[CalendarDay]:
    agency_get_for_user(user=user, code=agency.code)
    days = CalendarDay.objects.filter(agency=agency)
    if year:
        days = days.filter(date__year=year)
    return days.order_by("date")


def agency_office_hours(*, user: User, agency: Agency) -> QuerySet[OfficeHours]:
    agency_get_for_user(user=user, code=agency.code)
    return OfficeHours.objects.filter(agency=agency).order_by("valid_from")


def agency_public_list(*, day: dt.date | None = None) -> QuerySet[Agency]:
    """Names, levels and codes of agencies are public information."""
    day = day or timezone.localdate()
    return Agency.objects.valid_on(day).select_related("parent")


def agency_resolve(*, code: str) -> Agency:
    """Find an agency by code or electronic identifier (for commands and public queries)."""
    agency = Agency.objects.filter(Q(code=code) | Q(electronic_id=code)).first()
    if agency is None:
        raise Agency.DoesNotExist(code)
    return agency


def agency_ancestors(*, agency: Agency) -> list[Agency]:
    """Root first, the agency itself last."""
    ids = agency.ancestor_ids()
    by_id = Agency.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
