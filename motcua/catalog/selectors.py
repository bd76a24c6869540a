"""Reads of the catalogue. The published catalogue is public; drafts only for catalogue staff."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Length
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
    SearchWord,
)
from motcua.catalog.text import query_words, within_one_edit
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
    version: ProcedureVersion | None = (
        version_detail_queryset()
        .in_force(on)  # type: ignore[attr-defined]
        .filter(procedure__code=code)
        .order_by("-effective_from", "-number")
        .first()
    )
    return version


def procedure_current(*, code: str, on: dt.date | None = None) -> ProcedureVersion | None:
    """The version of ``code`` in force (today by default): what other apps link to."""
    return procedure_version_in_force(code=code, on=on)


def procedure_history(*, code: str, user: User | Any = None) -> QuerySet[ProcedureVersion]:
    """All versions of a procedure, newest first; drafts only for catalogue staff."""
    versions = ProcedureVersion.objects.filter(procedure__code=code).select_related(
        "procedure", "field", "published_by"
    )
    if not (user is not None and user_can_edit_catalog(user=user)):
        versions = versions.exclude(status=VersionStatus.DRAFT)
    return versions.order_by("-number")


def procedure_agencies(
    *, procedure: Procedure, on: dt.date | None = None
) -> list[ProcedureAssignment]:
    """Where to go: agencies applying the procedure on ``on``, with their channels."""
    on = on or timezone.localdate()
    return list(
        _assignments_on(on)
        .filter(procedure=procedure, agency__valid_from__lte=on)
        .select_related("agency")
        .order_by("agency__path")
    )


# What a result list shows: the wide text columns stay on disk.
LIST_FIELDS = (
    "id",
    "number",
    "name",
    "level",
    "time_limit",
    "time_unit",
    "online_level",
    "status",
    "effective_from",
    "effective_to",
    "search_text",
    "procedure__id",
    "procedure__code",
    "field__id",
    "field__name",
)


@dataclass(frozen=True)
class SearchFilters:
    query: str = ""
    field: str = ""
    level: str = ""
    agency: str = ""
    online_level: str = ""


class SearchResults:
    """Search results for a paginator, counted in the same query as their first rows.

    Paginators (Django's, DRF's) call ``count()`` and then slice. ``count()`` fetches the
    first ``page_size`` rows with a window count of the whole result, so showing the first
    page is one scan of the catalogue instead of two.
    """

    def __init__(self, queryset: QuerySet[ProcedureVersion], page_size: int = 20) -> None:
        self.queryset = queryset
        self.page_size = page_size
        self._total: int | None = None
        self._first: list[ProcedureVersion] = []

    def count(self) -> int:
        if self._total is None:
            window = self.queryset.annotate(search_total=Window(Count("pk")))
            self._first = list(window[: self.page_size])
            self._total = self._first[0].search_total if self._first else 0  # type: ignore[attr-defined]
        return self._total

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: Any) -> Any:
        if (
            isinstance(key, slice)
            and self._total is not None
            and (key.start or 0) >= 0
            and key.stop is not None
            and key.stop <= self.page_size
            and key.step is None
        ):
            return self._first[key]
        return self.queryset[key]

    def __iter__(self) -> Any:
        return iter(self.queryset)


def procedure_search(
    *, filters: SearchFilters, on: dt.date | None = None, page_size: int = 20
) -> SearchResults:
    """Published procedures in force on ``on`` matching the words (diacritics optional) or code.

    Every word must occur in the normalised text (code, name, field); PostgreSQL can answer
    that from the GIN trigram index. When nothing matches, one word (misspelt ones first) is
    replaced by its nearest vocabulary word (pg_trgm similarity, GIN-indexed, on PostgreSQL;
    one edit on both), choosing the correction that finds the most. Results that contain
    the query as a phrase come first, then shorter texts (closer matches).
    """
    on = on or timezone.localdate()
    qs = (
        ProcedureVersion.objects.in_force(on)
        .select_related("procedure", "field")
        .only(*LIST_FIELDS)
    )
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
        return SearchResults(qs.order_by("procedure__code"), page_size)
    if CODE_QUERY.match(query):
        return SearchResults(
            qs.filter(procedure__code__startswith=query).order_by("procedure__code"), page_size
        )
    words = query_words(query)
    if not words:
        return SearchResults(qs.order_by("procedure__code"), page_size)
    known = _vocabulary_hits(words)
    results = _ranked(qs, words, page_size)
    # A word found inside no vocabulary word cannot match: skip straight to correcting it.
    # (Numbers and single letters are not in the vocabulary.)
    possible = all(known[f"in{i}"] or len(w) < 2 or w[0].isdigit() for i, w in enumerate(words))
    if possible and results.count():
        return results
    corrected = _corrected(qs, words, known, page_size)
    return corrected if corrected is not None else results


def _ranked(qs: QuerySet[ProcedureVersion], words: list[str], page_size: int) -> SearchResults:
    phrase = Case(When(search_text__contains=" ".join(words), then=Value(0)), default=Value(1))
    ranked = _all_words(qs, words).order_by(phrase, Length("search_text"), "procedure__code")
    return SearchResults(ranked, page_size)


def _all_words(qs: QuerySet[ProcedureVersion], words: list[str]) -> QuerySet[ProcedureVersion]:
    for word in words:
        qs = qs.filter(search_text__contains=word)
    return qs


def _candidates(word: str) -> list[str]:
    """Vocabulary words close to ``word``, best first, at most five: pg_trgm similarity on
    PostgreSQL, then words one edit away (short words such as 'ki' -> 'ky' have too few
    trigrams to compare)."""
    found: list[str] = []
    if connection.vendor == "postgresql":
        close = RawSQL('"catalog_searchword"."word" %% %s', (word,), output_field=BooleanField())
        similarity = RawSQL('similarity("catalog_searchword"."word", %s)', (word,))
        found = list(
            SearchWord.objects.filter(close)
            .annotate(sim=similarity)
            .order_by("-sim", "word")
            .values_list("word", flat=True)[:5]
        )
    if len(found) >= 5 or (found and len(word) > 3):
        return found[:5]
    near = (
        SearchWord.objects.annotate(n=Length("word"))
        .filter(n__gte=len(word) - 1, n__lte=len(word) + 1)
        .values_list("word", flat=True)
    )

    def shared_prefix(w: str) -> int:
        return next(
            (i for i, (a, b) in enumerate(zip(w, word, strict=False)) if a != b),
            min(len(w), len(word)),
        )

    one_edit = sorted(
        (w for w in near if within_one_edit(word, w)), key=lambda w: (-shared_prefix(w), w)
    )
    return [*found, *(w for w in one_edit if w not in found)][:5]


def _vocabulary_hits(words: list[str]) -> dict[str, int]:
    """Per word: how many vocabulary words contain it (``in<i>``) or equal it (``is<i>``)."""
    hits: dict[str, int] = SearchWord.objects.aggregate(
        **{f"in{i}": Count("pk", filter=Q(word__contains=w)) for i, w in enumerate(words)},
        **{f"is{i}": Count("pk", filter=Q(word=w)) for i, w in enumerate(words)},
    )
    return hits


def _corrected(
    qs: QuerySet[ProcedureVersion], words: list[str], known: dict[str, int], page_size: int
) -> SearchResults | None:
    """Results of the query with one misspelt word corrected so that it finds something.

    Words are tried in this order: those that occur nowhere in the vocabulary ('sinhh'),
    those that are not a word of it ('ki' only occurs inside 'kinh'; 'dang ki tam tru'
    needs 'ky'), then the others. With one candidate ('sinhh' -> 'sinh') its first page is
    fetched straight away (one scan); with several, one aggregate counts what each finds and
    the best one's first page is fetched (two scans).
    """
    order = sorted(
        range(len(words)), key=lambda i: (bool(known[f"in{i}"]), bool(known[f"is{i}"]), i)
    )
    for i in order:
        options = _candidates(words[i]) if len(words[i]) >= 2 else []
        if not options:
            continue
        if len(options) == 1:
            results = _ranked(qs, [*words[:i], options[0], *words[i + 1 :]], page_size)
            if results.count():
                return results
            continue
        others = _all_words(qs, words[:i] + words[i + 1 :])
        counts = others.aggregate(
            **{
                f"c{k}": Count("pk", filter=Q(search_text__contains=option))
                for k, option in enumerate(options)
            }
        )
        best = max(range(len(options)), key=lambda k: (counts[f"c{k}"], -k))
        if counts[f"c{best}"]:
            return _ranked(qs, [*words[:i], options[best], *words[i + 1 :]], page_size)
    return None


def field_list() -> QuerySet[Field]:
    return Field.objects.order_by("name")


def catalogue_counts(*, on: dt.date | None = None) -> dict[str, Any]:
    """Published procedures in force on ``on``: per level, and per agency applying them.

    Returns ``{"by_level": {level: n}, "by_agency": {agency_code: n}, "total": n}``.
    """
    on = on or timezone.localdate()
    in_force = ProcedureVersion.objects.in_force(on)
    by_level = Counter(
        dict(in_force.values_list("level").annotate(n=Count("procedure", distinct=True)))
    )
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
        steps,
        limit=version.time_limit,
        unit=version.time_unit,
        committed_limit=version.committed_limit,
        committed_unit=version.committed_unit,
    )


def over_budget_versions(*, on: dt.date | None = None) -> list[OverBudget]:
    """'Quy trình vượt thời hạn': versions in force and drafts whose budgets exceed the limit."""
    on = on or timezone.localdate()
    in_force = ProcedureVersion.objects.in_force(on)
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


def staff_version_list(
    *, user: User | Any, query: str = "", status: str = ""
) -> QuerySet[ProcedureVersion]:
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
