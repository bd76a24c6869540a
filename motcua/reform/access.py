"""Who may see and change which reform records.

A role granted on an agency covers the agency and everything under it (the organisation
app's rule). Reading the reform workspace needs one of ``READ_ROLES``; keeping an agency's
records needs ``WRITE_ROLES`` covering the record's owner agency; following
recommendations (issue, close, reopen) needs a supervisor role covering the addressed
agency, or a reform role held *above* it (a district inspecting its wards).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user, user_active_grants
from motcua.reform.constants import READ_ROLES, SUPERVISE_ROLES, WRITE_ROLES

M = TypeVar("M", bound=Model)


def reform_agencies(*, user: Any, roles: Iterable[str] = READ_ROLES) -> QuerySet[Agency]:
    """Agencies whose reform workspace the user may open (with the given roles)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Agency.objects.none()
    return agency_list_for_user(user=user, roles=list(roles))


def reform_agency_get(*, user: Any, code: str) -> Agency:
    """The agency with this code if its reform workspace is open to the user; 404 otherwise."""
    agency = reform_agencies(user=user).filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def covers(*, user: Any, agency_id: int, roles: Iterable[str]) -> bool:
    if user is None:  # the system itself: seeding, background jobs
        return True
    if getattr(user, "is_superuser", False):
        return True
    return reform_agencies(user=user, roles=roles).filter(pk=agency_id).exists()


def can_write(*, user: Any, agency_id: int) -> bool:
    return covers(user=user, agency_id=agency_id, roles=WRITE_ROLES)


def can_supervise(*, user: Any, agency_id: int) -> bool:
    """May issue, close and reopen recommendations addressed to this agency."""
    if covers(user=user, agency_id=agency_id, roles=SUPERVISE_ROLES):
        return True
    agency = Agency.objects.filter(pk=agency_id).only("path").first()
    if agency is None:
        return False
    above = [int(pk) for pk in agency.path.strip("/").split("/")[:-1] if pk]
    return (
        user_active_grants(user=user)
        .filter(role__in=list(WRITE_ROLES), agency_id__in=above)
        .exists()
    )


def require_write(*, user: Any, agency_id: int) -> None:
    if not can_write(user=user, agency_id=agency_id):
        raise PermissionDenied(
            _("Bạn không có quyền cập nhật dữ liệu cải cách hành chính của cơ quan này.")
        )


def require_supervise(*, user: Any, agency_id: int) -> None:
    if not can_supervise(user=user, agency_id=agency_id):
        raise PermissionDenied(
            _("Chỉ đoàn giám sát hoặc cơ quan cấp trên được ban hành, đóng hoặc mở lại kiến nghị.")
        )


def subtree_q(model: type[Model], agency: Agency, paths: Iterable[str] | None = None) -> Q:
    """Rows of ``model`` that belong, by any of its scope lookups, to ``agency``'s subtree."""
    q = Q(pk__in=[])
    for path in paths if paths is not None else model.SCOPE_PATHS:  # type: ignore[attr-defined]
        q |= Q(**{f"{path}__path__startswith": agency.path})
    if paths is None and getattr(model, "VISIBLE_BELOW", False):
        owner = model.OWNER_PATH  # type: ignore[attr-defined]
        q |= Q(**{f"{owner}_id__in": agency.ancestor_ids()})
    return q


def scoped(queryset: QuerySet[M], *, user: Any) -> QuerySet[M]:
    """Only the rows the user may read: any scope lookup lands in a visible agency."""
    if user is not None and getattr(user, "is_superuser", False):
        return queryset
    visible = reform_agencies(user=user)
    q = Q(pk__in=[])
    for path in queryset.model.SCOPE_PATHS:  # type: ignore[attr-defined]
        q |= Q(**{f"{path}__in": visible})
    if queryset.model.VISIBLE_BELOW:  # type: ignore[attr-defined]
        # A criteria set is published to the units it scores: those under its owner.
        owner = queryset.model.OWNER_PATH  # type: ignore[attr-defined]
        above = {
            pk
            for path in visible.values_list("path", flat=True)
            for pk in path.strip("/").split("/")
            if pk
        }
        q |= Q(**{f"{owner}_id__in": [int(pk) for pk in above]})
    # Scope lookups follow forward foreign keys only, so the filter cannot duplicate rows.
    return queryset.filter(q)
