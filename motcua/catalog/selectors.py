"""Reads of the catalogue. The published catalogue is public; drafts only for catalogue staff."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.budget import BudgetCheck, StepBudget, budget_check
from motcua.catalog.constants import Level, VersionStatus
from motcua.catalog.models import (
    Field,
    ImportJob,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
)
from motcua.catalog.text import fuzzy_match, normalise, query_words
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency, RoleGrant, Unit

CODE_QUERY = re.compile(r"^\d(\.\d{0,6})?$")
EDITOR_ROLES = (Role.REFORM_OFFICER, Role.ADMIN)


def user_can_edit_catalog(*, user: User | Any) -> bool:
    """Reform officers and administrators (of any agency) and superusers keep the catalogue."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return RoleGrant.objects.active().filter(user=user, role__in=EDITOR_ROLES).exists()


def user_can_override_budget(*, user: User | Any) -> bool:
    """Only administrators may publish an internal process that exceeds its time limit."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(
        user.is_superuser or RoleGrant.objects.active().filter(user=user, role=Role.ADMIN).exists()
    )


def _assignments_on(day: dt.date) -> QuerySet[ProcedureAssignment]:
    return ProcedureAssignment.objects.filter(
        Q(valid_from__lte=day), Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def version_detail_queryset() -> QuerySet[ProcedureVersion]:
    return ProcedureVersion.objects.select_related("procedure", "field").prefetch_related(
        "components", "fees", "steps"
    )


def procedure_version_in_force(*, code: str, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version of procedure ``code`` that applied on ``on`` (today by default), or None.

    Dossiers keep the version returned here for their whole life.
    """
    on = on or timezone.localdate()
    return (
        version_detail_queryset()
        .in_force(on)  # type: ignore[attr-defined]
        .filter(procedure__code=code)
        .order_by("-effective_from", "-number")
        .first()
    )


def procedure_current(*, code: str, on: dt.date | None = None) -> ProcedureVersion | None:
    return procedure_version_in_force(code=code, on=on)


def procedure_history(*, code: str, user: User | Any = None) -> QuerySet[ProcedureVersion]:
    """All versions of a procedure, newest first; drafts only for catalogue staff."""
    versions = ProcedureVersion.objects.filter(procedure__code=code).select_related(
        "procedure", "field", "published_by"
    )
    if not (user is not None and user_can_edit_catalog(user=user)):
        versions = versions.exclude(status=VersionStatus.DRAFT)
    return versions.order_by("-number")


def procedure_agencies(*, procedure: Procedure, on: dt.date | None = None) -> list[ProcedureAssignment]:
    """Where to go: agencies applying the procedure on ``on``, with their channels."""
    on = on or timezone.localdate()
    return list(
        _assignments_on(on)
        .filter(procedure=procedure, agency__valid_from__lte=on)
        .select_related("agency")
        .order_by("agency__path")
    )


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    field: str = ""
    level: str = ""
    agency: str = ""
    online_level: str = ""


def procedure_search(
    *, filters: SearchFilters, on: dt.date | None = None
) -> QuerySet[ProcedureVersion]:
    """Published procedures in force on ``on`` matching the words (diacritics optional) or code.

    PostgreSQL: every word as a substring of the normalised text, or trigram word similarity
    (``%>``, GIN-indexed) so a typo still finds; ranked by similarity. SQLite: every word as a
    substring; when nothing matches, a one-edit-per-word comparison in Python.
    """
    on = on or timezone.localdate()
    qs = ProcedureVersion.objects.in_force(on).select_related("procedure", "field")  # type: ignore[attr-defined]
    if filters.field:
        qs = qs.filter(field__code=filters.field)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.online_level:
        qs = qs.filter(online_level=filters.online_level)
    if filters.agency:
        qs = qs.filter(
            Exists(
                _assignments_on(on).filter(
                    procedure_id=OuterRef("procedure_id"), agency__code=filters.agency
                )
            )
        )
    query = filters.query.strip()
    if not query:
        return qs.order_by("procedure__code")
    if CODE_QUERY.match(query):
        return qs.filter(procedure__code__startswith=query).order_by("procedure__code")
    words = query_words(query)
    if not words:
        return qs.order_by("procedure__code")
    contains = Q()
    for word in words:
        contains &= Q(search_text__contains=word)
    text = " ".join(words)
    if connection.vendor == "postgresql":
        similar = RawSQL(
            '"catalog_procedureversion"."search_text" %%> %s', (text,), output_field=BooleanField()
        )
        rank = RawSQL('word_similarity(%s, "catalog_procedureversion"."search_text")', (text,))
        return (
            qs.filter(contains | Q(similar))
            .annotate(rank=rank)
            .order_by("-rank", "procedure__code")
        )
    exact = qs.filter(contains)
    if exact.exists():
        return exact.order_by("procedure__code")
    ids = [pk for pk, stored in qs.values_list("pk", "search_text") if fuzzy_match(words, stored)]
    return qs.filter(pk__in=ids).order_by("procedure__code")


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def catalogue_counts(*, on: dt.date | None = None) -> dict[str, Any]:
    """Published procedures in force on ``on``: per level, and per agency applying them.

    Returns ``{"by_level": {level: n}, "by_agency": {agency_code: n}, "total": n}``.
    """
    on = on or timezone.localdate()
    in_force = ProcedureVersion.objects.in_force(on)  # type: ignore[attr-defined]
    by_level = Counter(dict(in_force.values_list("level").annotate(n=Count("procedure", distinct=True))))
    live = in_force.values("procedure_id")
    by_agency = dict(
        _assignments_on(on)
        .filter(procedure_id__in=live)
        .values_list("agency__code")
        .annotate(n=Count("procedure", distinct=True))
        .order_by()
    )
    return {
        "by_level": {level: by_level.get(level, 0) for level in Level.values},
        "by_agency": by_agency,
        "total": in_force.values("procedure_id").distinct().count(),
    }


def agency_catalogue_rows(*, on: dt.date | None = None) -> list[dict[str, Any]]:
    """Per agency: name, kind and the number of procedures listed at its desk (public)."""
    on = on or timezone.localdate()
    counts = catalogue_counts(on=on)["by_agency"]
    agencies = Agency.objects.valid_on(on).filter(code__in=list(counts)).order_by("path")
    return [{"agency": a, "count": counts[a.code]} for a in agencies]


@dataclass(frozen=True)
class OverBudget:
    version: ProcedureVersion
    check: BudgetCheck


def version_budget(version: ProcedureVersion) -> BudgetCheck | None:
    steps = [StepBudget(s.budget, s.budget_unit, s.parallel_group) for s in version.steps.all()]
    if not steps:
        return None
    return budget_check(
        steps, limit=version.time_limit, unit=version.time_unit,
        committed_limit=version.committed_limit, committed_unit=version.committed_unit,
    )


def over_budget_versions(*, on: dt.date | None = None) -> list[OverBudget]:
    """'Quy trình vượt thời hạn': versions in force and drafts whose budgets exceed the limit."""
    on = on or timezone.localdate()
    in_force = ProcedureVersion.objects.in_force(on)  # type: ignore[attr-defined]
    versions = (
        ProcedureVersion.objects.filter(Q(pk__in=in_force.values("pk")) | Q(status="draft"))
        .select_related("procedure", "field", "budget_override_by")
        .prefetch_related("steps")
        .order_by("procedure__code", "number")
    )
    out = []
    for version in versions:
        check = version_budget(version)
        if check is not None and check.over:
            out.append(OverBudget(version, check))
    return out


def staff_version_list(*, user: User | Any, query: str = "", status: str = "") -> QuerySet[ProcedureVersion]:
    """The newest version of each procedure (drafts included), for catalogue staff."""
    if not user_can_edit_catalog(user=user):
        return ProcedureVersion.objects.none()
    latest = ProcedureVersion.objects.filter(procedure_id=OuterRef("procedure_id")).order_by(
        "-number"
    )
    qs = ProcedureVersion.objects.filter(pk=latest.values("pk")[:1]).select_related(
        "procedure", "field"
    )
    if status:
        qs = qs.filter(status=status)
    words = query_words(query)
    if words and CODE_QUERY.match(query.strip()):
        qs = qs.filter(procedure__code__startswith=query.strip())
    else:
        for word in words:
            qs = qs.filter(search_text__contains=word)
    return qs.order_by("procedure__code")


def staff_version_get(*, user: User | Any, pk: int) -> ProcedureVersion:
    from django.http import Http404

    if not user_can_edit_catalog(user=user):
        raise Http404("version")
    version = version_detail_queryset().filter(pk=pk).first()
    if version is None:
        raise Http404("version")
    return version


def import_job_get(*, user: User | Any, pk: int) -> ImportJob:
    from django.http import Http404

    job = ImportJob.objects.filter(pk=pk).first()
    if job is None or not user_can_edit_catalog(user=user):
        raise Http404("job")
    if not user.is_superuser and job.created_by_id != user.pk:
        raise Http404("job")
    return job


def step_unit_resolve(*, unit_code: str, agency: Agency) -> Unit | None:
    """The unit that carries a step in a given agency (steps are shared by every ward)."""
    if not unit_code:
        return None
    return agency.units.filter(code=unit_code).first()


def version_children_prefetch() -> list[Prefetch[Any]]:
    return [Prefetch("components"), Prefetch("fees"), Prefetch("steps")]


def search_normalise(query: str) -> str:
    return normalise(query)
