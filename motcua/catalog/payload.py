"""A procedure as a payload (typed dict), checked by the models' own rules, and back.

Import, the API and the staff pages all hand a payload to the services, so one set of rules
decides what may be stored, with errors keyed by ``(section, index, key)``:
``("procedure", None, "time_limit")`` or ``("components", 2, "quantity")``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from motcua.catalog.budget import BudgetCheck, StepBudget, budget_check
from motcua.catalog.constants import VersionStatus
from motcua.catalog.exchange.schema import COLUMNS_BY_SECTION, CellError, coerce
from motcua.catalog.models import (
    Component,
    FeeRule,
    Field,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.text import normalise

VERSION_KEYS = [
    "name",
    "level",
    "applicant_types",
    "decision_number",
    "decision_date",
    "steps_text",
    "channels",
    "time_limit",
    "time_unit",
    "time_limit_note",
    "committed_limit",
    "committed_unit",
    "committed_decision",
    "implementing_agency",
    "competent_agency",
    "coordinating_agencies",
    "result_type",
    "legal_basis",
    "conditions",
    "online_level",
    "full_process_eligible",
    "eform_schema",
    "status",
    "effective_from",
    "effective_to",
    "budget_override_reason",
    "note",
]
COMPONENT_KEYS = [
    "order",
    "name",
    "copy_kind",
    "quantity",
    "mandatory",
    "form_code",
    "form_file",
    "reusable_from",
]
FEE_KEYS = ["order", "label", "kind", "amount", "tiers", "cap_per_copy", "note"]
STEP_KEYS = [
    "order",
    "name",
    "role",
    "agency_kind",
    "unit_code",
    "budget",
    "budget_unit",
    "parallel_group",
    "description",
]
ASSIGNMENT_KEYS = ["agency", "valid_from", "valid_to", "channels"]
CHILD_KEYS = {
    "components": COMPONENT_KEYS,
    "fees": FEE_KEYS,
    "process": STEP_KEYS,
    "assignments": ASSIGNMENT_KEYS,
}

ErrorKey = tuple[str, int | None, str]


@dataclass
class Checked:
    """A payload turned into unsaved model instances, with every problem found."""

    payload: dict[str, Any]
    version: ProcedureVersion | None = None
    components: list[Component] = field(default_factory=list)
    fees: list[FeeRule] = field(default_factory=list)
    steps: list[ProcessStep] = field(default_factory=list)
    errors: dict[ErrorKey, list[str]] = field(default_factory=dict)
    budget: BudgetCheck | None = None

    def add(self, key: ErrorKey, message: str) -> None:
        self.errors.setdefault(key, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors

    def instance(self) -> ProcedureVersion:
        """The checked, unsaved version (after :func:`payload_check`)."""
        if self.version is None:
            raise RuntimeError("payload_check() has not run")
        return self.version

    def flat_errors(self) -> dict[str, list[str]]:
        """Errors keyed 'time_limit' or 'components[2].quantity' (API and forms)."""
        out: dict[str, list[str]] = {}
        for (section, index, key), messages in self.errors.items():
            name = key if section == "procedure" else f"{section}[{index}].{key}"
            out.setdefault(name or "non_field_errors", []).extend(messages)
        return out


def payload_coerce(raw: Mapping[str, Any], checked: Checked | None = None) -> Checked:
    """Raw values (cells, JSON, form data) -> typed payload; unreadable values become errors.

    Missing keys take their blank value, so a partial payload is read as "empty there".
    """
    checked = checked or Checked(payload={})
    payload: dict[str, Any] = {}
    for column in COLUMNS_BY_SECTION["procedure"]:
        try:
            payload[column.key] = coerce(column, raw.get(column.key))
        except CellError as exc:
            checked.add(("procedure", None, column.key), str(exc))
            payload[column.key] = None
    for section in CHILD_KEYS:
        rows = raw.get(section) or []
        if not isinstance(rows, list):
            checked.add((section, None, ""), "Phải là một danh sách.")
            rows = []
        typed_rows = []
        for i, row in enumerate(rows):
            if not isinstance(row, Mapping):
                checked.add((section, i, ""), "Mỗi dòng phải là một đối tượng.")
                continue
            typed: dict[str, Any] = {}
            for column in COLUMNS_BY_SECTION[section]:
                value = row.get(column.key)
                if column.key == "order" and value in (None, ""):
                    value = i + 1
                try:
                    typed[column.key] = coerce(column, value)
                except CellError as exc:
                    checked.add((section, i, column.key), str(exc))
                    typed[column.key] = None
            typed_rows.append(typed)
        payload[section] = typed_rows
    checked.payload = payload
    return checked


def _clean(
    instance: Any, exclude: Iterable[str], section: str, index: int | None, checked: Checked
) -> None:
    try:
        instance.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            if (section, index, key) in checked.errors:
                continue  # already reported as unreadable
            for message in messages:
                checked.add((section, index, "" if key == "__all__" else key), message)


def payload_check(
    checked: Checked,
    *,
    agencies: Mapping[str, int] | None = None,
    require_budget_within_limit: bool = True,
) -> Checked:
    """Build unsaved instances from a coerced payload and run the models' validation.

    ``agencies`` maps agency code -> id for checking assignments (None: not checked).
    """
    p = checked.payload
    version = ProcedureVersion(**{k: p.get(k) for k in VERSION_KEYS if p.get(k) is not None})
    version.status = p.get("status") or VersionStatus.DRAFT
    if version.effective_from is None:
        version.effective_from = p.get("decision_date") or timezone.localdate()
    version.field = Field(code=p.get("field_code") or "", name=p.get("field_name") or "")
    _clean(version, ["procedure", "field", "number", "search_text"], "procedure", None, checked)
    procedure_errors = Checked(payload={})
    _clean(Procedure(code=p.get("code") or ""), ["synthetic"], "procedure", None, procedure_errors)
    field_errors = Checked(payload={})
    _clean(version.field, [], "procedure", None, field_errors)
    for (_s, _i, key), messages in procedure_errors.errors.items():
        if ("procedure", None, key) not in checked.errors:
            checked.errors[("procedure", None, key)] = messages
    for (_s, _i, key), messages in field_errors.errors.items():
        error_key = ("procedure", None, f"field_{key}")
        if error_key not in checked.errors:
            checked.errors[error_key] = messages
    checked.version = version

    buckets: tuple[tuple[str, Any, list[str], list[Any]], ...] = (
        ("components", Component, COMPONENT_KEYS, checked.components),
        ("fees", FeeRule, FEE_KEYS, checked.fees),
        ("process", ProcessStep, STEP_KEYS, checked.steps),
    )
    for section, model, keys, target in buckets:
        seen_orders: set[int] = set()
        for i, row in enumerate(p.get(section, [])):
            obj = model(**{k: row[k] for k in keys if row.get(k) is not None})
            _clean(obj, ["version"], section, i, checked)
            if row.get("order") in seen_orders:
                checked.add((section, i, "order"), f"STT {row['order']} bị trùng.")
            seen_orders.add(row.get("order") or 0)
            target.append(obj)
    for i, row in enumerate(p.get("assignments", [])):
        assignment = ProcedureAssignment(
            valid_from=row.get("valid_from"),
            valid_to=row.get("valid_to"),
            channels=row.get("channels") or [],
        )
        _clean(assignment, ["procedure", "agency"], "assignments", i, checked)
        if agencies is not None and row.get("agency") and row["agency"] not in agencies:
            checked.add(("assignments", i, "agency"), f"Không có cơ quan mã '{row['agency']}'.")

    if checked.steps and version.time_unit and version.time_limit is not None:
        steps = [
            StepBudget(s.budget, s.budget_unit, s.parallel_group)
            for s in sorted(checked.steps, key=lambda s: s.order or 0)
            if isinstance(s.budget, Decimal)
        ]
        checked.budget = budget_check(
            steps,
            limit=version.time_limit,
            unit=version.time_unit,
            committed_limit=version.committed_limit,
            committed_unit=version.committed_unit,
        )
        if (
            require_budget_within_limit
            and checked.budget.over
            and version.status != VersionStatus.DRAFT
            and not (p.get("budget_override_reason") or "").strip()
        ):
            b = checked.budget
            which = "thời hạn cam kết" if b.against == "committed" else "thời hạn giải quyết"
            checked.add(
                ("procedure", None, "budget_override_reason"),
                f"Quy trình nội bộ cộng {b.total_days} ngày làm việc, vượt {which} "
                f"({b.limit_days} ngày): sửa thời gian các bước hoặc ghi lý do chấp nhận vượt.",
            )
    return checked


def version_search_text(code: str, name: str, field_name: str) -> str:
    return normalise(f"{code} {name} {field_name}")


def search_words_add(texts: Iterable[str]) -> None:
    """Add the words of normalised search texts to the typo-correction vocabulary."""
    from motcua.catalog.models import SearchWord

    words = {
        w[:64] for text in texts for w in text.split(" ") if len(w) >= 2 and not w[0].isdigit()
    }
    SearchWord.objects.bulk_create(
        [SearchWord(word=w) for w in sorted(words)], ignore_conflicts=True, batch_size=1000
    )


def version_payload(
    version: ProcedureVersion, *, assignments: Iterable[ProcedureAssignment] | None = None
) -> dict[str, Any]:
    """The payload of a stored version (its children prefetched or fetched here)."""
    p: dict[str, Any] = {
        "code": version.procedure.code,
        "field_code": version.field.code,
        "field_name": version.field.name,
        "synthetic": version.procedure.synthetic,
    }
    for key in VERSION_KEYS:
        p[key] = getattr(version, key)
    p["components"] = [{k: getattr(c, k) for k in COMPONENT_KEYS} for c in version.components.all()]
    p["fees"] = [{k: getattr(f, k) for k in FEE_KEYS} for f in version.fees.all()]
    p["process"] = [{k: getattr(s, k) for k in STEP_KEYS} for s in version.steps.all()]
    p["assignments"] = [
        {
            "agency": a.agency.code,
            "valid_from": a.valid_from,
            "valid_to": a.valid_to,
            "channels": a.channels,
        }
        for a in (assignments or [])
    ]
    return p


def payload_for_compare(payload: Mapping[str, Any]) -> dict[str, Any]:
    """What must match for a re-import to count as 'unchanged' (assignments sync separately)."""
    out = {k: v for k, v in payload.items() if k != "assignments"}
    for key in ("process",):
        out[key] = [
            {**row, "budget": Decimal(row["budget"]).quantize(Decimal("0.01"))}
            for row in payload.get(key, [])
        ]
    return out
