"""Import and export of the catalogue (payloads in, payloads out).

Import is two passes. The first reads and checks every procedure without writing anything
(progress is reported per procedure); if any row is wrong, nothing is written unless
``valid_only`` asks to write the procedures that are entirely valid. The second pass writes
in one transaction. Re-importing what was exported changes nothing ("unchanged").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.constants import VersionStatus
from motcua.catalog.exchange.files import ParsedFile, ParsedProcedure
from motcua.catalog.exchange.schema import RowError
from motcua.catalog.models import (
    Component,
    FeeRule,
    Field,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.payload import (
    Checked,
    payload_check,
    payload_coerce,
    payload_for_compare,
    search_words_add,
    version_payload,
    version_search_text,
)
from motcua.catalog.selectors import user_can_override_budget
from motcua.organizations.models import Agency

Progress = Callable[[int, int], None]


@dataclass
class ImportReport:
    total: int = 0
    created: int = 0
    unchanged: int = 0
    skipped: int = 0
    errors: list[RowError] = field(default_factory=list)
    written: bool = False
    codes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def exported_version(versions: list[ProcedureVersion], day: dt.date) -> ProcedureVersion | None:
    """The version a file carries for a procedure: in force on ``day``, else the newest
    published or retired one, else the draft."""
    in_force = [
        v
        for v in versions
        if v.status != VersionStatus.DRAFT
        and v.effective_from <= day
        and (v.effective_to is None or v.effective_to >= day)
    ]
    if in_force:
        return max(in_force, key=lambda v: (v.effective_from, v.number))
    frozen = [v for v in versions if v.status != VersionStatus.DRAFT]
    if frozen:
        return max(frozen, key=lambda v: v.number)
    return max(versions, key=lambda v: v.number) if versions else None


def catalog_payloads(
    *,
    codes: Iterable[str] | None = None,
    include_synthetic: bool = True,
    day: dt.date | None = None,
) -> Iterator[dict[str, Any]]:
    """One payload per procedure, ordered by code, with all its assignment rows."""
    day = day or timezone.localdate()
    procedures = Procedure.objects.order_by("code").prefetch_related(
        "versions__field",
        "versions__components",
        "versions__fees",
        "versions__steps",
        "assignments__agency",
    )
    if codes is not None:
        procedures = procedures.filter(code__in=list(codes))
    if not include_synthetic:
        procedures = procedures.filter(synthetic=False)
    for procedure in procedures.iterator(chunk_size=500):
        version = exported_version(list(procedure.versions.all()), day)
        if version is None:
            continue
        version.procedure = procedure
        assignments = sorted(
            procedure.assignments.all(), key=lambda a: (a.agency.code, a.valid_from)
        )
        yield version_payload(version, assignments=assignments)


def _locate_errors(item: ParsedProcedure, checked: Checked) -> list[RowError]:
    out: list[RowError] = []
    for (section, index, key), messages in checked.errors.items():
        where = item.locate(section, index, key)
        out.extend(RowError(where.sheet, where.row, where.column, m) for m in messages)
    return out


def _existing_versions(codes: list[str]) -> dict[str, list[ProcedureVersion]]:
    out: dict[str, list[ProcedureVersion]] = {}
    for chunk_start in range(0, len(codes), 500):
        chunk = codes[chunk_start : chunk_start + 500]
        for v in (
            ProcedureVersion.objects.filter(procedure__code__in=chunk)
            .select_related("procedure", "field")
            .prefetch_related("components", "fees", "steps")
        ):
            out.setdefault(v.procedure.code, []).append(v)
    return out


@dataclass
class _Plan:
    item: ParsedProcedure
    checked: Checked
    action: str  # create | new_version | replace_draft | unchanged


def catalog_import(
    parsed: ParsedFile,
    *,
    valid_only: bool = False,
    actor: User | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    report = ImportReport(total=len(parsed.procedures), errors=list(parsed.errors))
    agencies = dict(Agency.objects.values_list("code", "id"))
    existing = _existing_versions([p.code for p in parsed.procedures if p.code])
    today = timezone.localdate()
    may_override = actor is None or user_can_override_budget(user=actor)
    plans: list[_Plan] = []
    for n, item in enumerate(parsed.procedures, start=1):
        checked = payload_check(payload_coerce(item.raw), agencies=agencies)
        p = checked.payload
        versions = existing.get(p.get("code") or "", [])
        action = "create" if not versions else "new_version"
        if versions and checked.ok:
            current = exported_version(versions, today)
            stored = version_payload(current) if current is not None else {}
            incoming = {**p, "assignments": []}
            if payload_for_compare(stored) == payload_for_compare(incoming):
                action = "unchanged"
            elif p["status"] == VersionStatus.DRAFT and any(
                v.status == VersionStatus.DRAFT for v in versions
            ):
                action = "replace_draft"
            elif p["status"] != VersionStatus.DRAFT:
                latest = max(
                    (v for v in versions if v.status == VersionStatus.PUBLISHED),
                    key=lambda v: v.effective_from,
                    default=None,
                )
                if latest is not None and p["effective_from"] <= latest.effective_from:
                    checked.add(
                        ("procedure", None, "effective_from"),
                        f"Phải sau {latest.effective_from:%d/%m/%Y}, ngày hiệu lực của "
                        f"phiên bản {latest.number} đang lưu.",
                    )
        if (
            checked.ok
            and p.get("budget_override_reason")
            and checked.budget is not None
            and checked.budget.over
            and not may_override
        ):
            checked.add(
                ("procedure", None, "budget_override_reason"),
                "Chỉ quản trị được chấp nhận quy trình vượt thời hạn.",
            )
        if not checked.ok:
            report.errors.extend(_locate_errors(item, checked))
            report.skipped += 1
        else:
            plans.append(_Plan(item, checked, action))
        if progress is not None and (n % 50 == 0 or n == report.total):
            progress(n, report.total)
    if report.errors and not valid_only:
        report.skipped = report.total
        return report
    with transaction.atomic():
        _write(plans, parsed.has_assignments, agencies, actor, report)
    report.written = True
    return report


def _field(cache: dict[str, Field], code: str, name: str) -> Field:
    found = cache.get(code)
    if found is None:
        found = Field.objects.filter(code=code).first() or Field.objects.create(
            code=code, name=name
        )
        cache[code] = found
    if name and found.name != name:
        found.name = name
        found.save(update_fields=["name"])
    return found


def _prepare(
    version: ProcedureVersion,
    checked: Checked,
    procedure: Procedure,
    number: int,
    fields: dict[str, Field],
    actor: User | None,
    now: dt.datetime,
) -> None:
    p = checked.payload
    version.procedure = procedure
    version.number = number
    version.field = _field(fields, p["field_code"], p["field_name"])
    version.search_text = version_search_text(procedure.code, version.name, version.field.name)
    who = actor if getattr(actor, "pk", None) else None
    version.created_by = who
    if version.status != VersionStatus.DRAFT:
        version.published_at = now
        version.published_by = who
        if version.budget_override_reason:
            version.budget_override_by = who


def _write(
    plans: list[_Plan],
    sync_assignments: bool,
    agencies: dict[str, int],
    actor: User | None,
    report: ImportReport,
) -> None:
    from motcua.core.audit import audit_record

    now = timezone.now()
    fields: dict[str, Field] = {}
    creates = [plan for plan in plans if plan.action == "create"]
    procedures = Procedure.objects.bulk_create(
        [
            Procedure(
                code=plan.checked.payload["code"], synthetic=bool(plan.checked.payload["synthetic"])
            )
            for plan in creates
        ],
        batch_size=500,
    )
    new_versions: list[tuple[ProcedureVersion, Checked]] = []
    for procedure, plan in zip(procedures, creates, strict=True):
        version = plan.checked.instance()
        _prepare(version, plan.checked, procedure, 1, fields, actor, now)
        new_versions.append((version, plan.checked))
    by_code = {p.code: p for p in procedures}
    for plan in plans:
        if plan.action not in ("new_version", "replace_draft"):
            continue
        procedure = Procedure.objects.select_for_update().get(code=plan.checked.payload["code"])
        by_code[procedure.code] = procedure
        version = plan.checked.instance()
        if plan.action == "replace_draft":
            draft = procedure.versions.get(status=VersionStatus.DRAFT)
            number = draft.number
            draft.delete()  # cascades to its rows; the file's content takes its number
        else:
            number = (max(procedure.versions.values_list("number", flat=True), default=0)) + 1
            if version.status != VersionStatus.DRAFT:
                for previous in procedure.versions.filter(
                    status=VersionStatus.PUBLISHED, effective_to__isnull=True
                ):
                    previous.effective_to = version.effective_from - dt.timedelta(days=1)
                    previous.save(update_fields=["effective_to"])
        _prepare(version, plan.checked, procedure, number, fields, actor, now)
        new_versions.append((version, plan.checked))
    ProcedureVersion.objects.bulk_create([v for v, _c in new_versions], batch_size=500)
    search_words_add(v.search_text for v, _c in new_versions)
    components: list[Component] = []
    fees: list[FeeRule] = []
    steps: list[ProcessStep] = []
    for version, checked in new_versions:
        for part in (*checked.components, *checked.fees, *checked.steps):
            part.version = version
        components.extend(checked.components)
        fees.extend(checked.fees)
        steps.extend(checked.steps)
    Component.objects.bulk_create(components, batch_size=1000)
    FeeRule.objects.bulk_create(fees, batch_size=1000)
    ProcessStep.objects.bulk_create(steps, batch_size=1000)
    if sync_assignments:
        _sync_assignments(plans, by_code, agencies)
    report.created = len(new_versions)
    report.unchanged = sum(1 for plan in plans if plan.action == "unchanged")
    report.codes = [plan.checked.payload["code"] for plan in plans]
    if plans:
        anchor = new_versions[0][0] if new_versions else None
        if anchor is not None:
            audit_record(
                actor=actor,
                action="catalog.import",
                obj=anchor,
                data={
                    "created": report.created,
                    "unchanged": report.unchanged,
                    "skipped": report.skipped,
                    "codes": [v.procedure.code for v, _c in new_versions][:500],
                },
            )


def _sync_assignments(
    plans: list[_Plan], by_code: dict[str, Procedure], agencies: dict[str, int]
) -> None:
    """Make each imported procedure's assignment rows exactly those of the file."""
    missing = [p.checked.payload["code"] for p in plans if p.checked.payload["code"] not in by_code]
    for procedure in Procedure.objects.filter(code__in=missing):
        by_code[procedure.code] = procedure
    wanted: dict[tuple[int, int, dt.date], dict[str, Any]] = {}
    procedure_ids = []
    for plan in plans:
        procedure = by_code[plan.checked.payload["code"]]
        procedure_ids.append(procedure.pk)
        for row in plan.checked.payload["assignments"]:
            wanted[(procedure.pk, agencies[row["agency"]], row["valid_from"])] = row
    current = {
        (a.procedure_id, a.agency_id, a.valid_from): a
        for a in ProcedureAssignment.objects.filter(procedure_id__in=procedure_ids)
    }
    stale = [a.pk for key, a in current.items() if key not in wanted]
    ProcedureAssignment.objects.filter(pk__in=stale).delete()
    creates = []
    for key, row in wanted.items():
        existing = current.get(key)
        if existing is None:
            creates.append(
                ProcedureAssignment(
                    procedure_id=key[0],
                    agency_id=key[1],
                    valid_from=key[2],
                    valid_to=row["valid_to"],
                    channels=row["channels"],
                )
            )
        elif existing.valid_to != row["valid_to"] or existing.channels != row["channels"]:
            existing.valid_to = row["valid_to"]
            existing.channels = row["channels"]
            existing.save(update_fields=["valid_to", "channels"])
    ProcedureAssignment.objects.bulk_create(creates, batch_size=1000)
