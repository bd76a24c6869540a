"""Where the reform workspace meets apps that are not always installed.

Each function answers ``None`` when the other app is missing (or does not offer what is
needed yet), and the pages and reports then say "chưa có dữ liệu" instead of inventing a
figure. This module is the only place that imports those apps.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from motcua.organizations.models import Agency

log = logging.getLogger(__name__)

CATALOG_APP = "motcua.catalog"
DOSSIERS_APP = "motcua.dossiers"
OVERSIGHT_APP = "motcua.oversight"
REGISTRIES_APP = "motcua.registries"

#: The catalogue service this app calls to write an approved shorter limit. Expected
#: signature: ``(*, actor, code, agency, committed_limit, committed_unit,
#: committed_decision) -> object``. Until the catalogue offers it, approved proposals
#: are kept here and marked as waiting.
CATALOG_COMMITTED_LIMIT_SERVICE = "committed_limit_set"


def _module(app: str, name: str) -> Any | None:
    if not apps.is_installed(app):
        return None
    try:
        return import_module(f"{app}.{name}")
    except ImportError:
        return None


def _callable(app: str, module: str, name: str) -> Any | None:
    mod = _module(app, module)
    fn = getattr(mod, name, None) if mod is not None else None
    return fn if callable(fn) else None


# --- Catalogue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogProcedure:
    pk: int
    code: str
    name: str
    field_name: str


def catalog_procedure(code: str) -> CatalogProcedure | None:
    """The catalogue's procedure with this code (its version in force), if there is one."""
    current = _callable(CATALOG_APP, "selectors", "procedure_current")
    if current is None:
        return None
    try:
        version = current(code=code)
    except Exception:  # the other app's failure must not break a review
        log.exception("catalogue lookup of %s failed", code)
        return None
    if version is None:
        return None
    field = getattr(version, "field", None)
    return CatalogProcedure(
        pk=int(version.procedure_id),
        code=code,
        name=str(version.name),
        field_name=str(getattr(field, "name", "") or ""),
    )


@dataclass(frozen=True)
class CatalogApplyOutcome:
    applied: bool
    note: str


def catalog_apply_committed_limit(
    *, actor: Any, agency: Agency, code: str, limit: int, unit: str, decision: str
) -> CatalogApplyOutcome:
    """Write an approved shorter limit into the catalogue, if the catalogue can take it."""
    if not apps.is_installed(CATALOG_APP):
        return CatalogApplyOutcome(False, "Chưa cài đặt danh mục thủ tục.")
    service = _callable(CATALOG_APP, "services", CATALOG_COMMITTED_LIMIT_SERVICE)
    if service is None:
        return CatalogApplyOutcome(
            False, "Chờ danh mục thủ tục hỗ trợ ghi thời hạn cam kết; chưa áp dụng."
        )
    if catalog_procedure(code) is None:
        return CatalogApplyOutcome(False, "Thủ tục chưa có trong danh mục; chưa áp dụng.")
    try:
        # The catalogue's service runs in a savepoint: a refusal leaves nothing behind there,
        # and the decision itself is still recorded here with the catalogue's reason.
        with transaction.atomic():
            version = service(
                actor=actor,
                code=code,
                agency=agency,
                committed_limit=limit,
                committed_unit=unit,
                committed_decision=decision,
            )
    except (ValidationError, PermissionDenied) as exc:
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        return CatalogApplyOutcome(False, f"Danh mục thủ tục chưa nhận: {reason}"[:255])
    number = getattr(version, "number", None)
    start = getattr(version, "effective_from", None)
    if number is not None and isinstance(start, dt.date):
        return CatalogApplyOutcome(
            True,
            f"Đã ghi thời hạn cam kết vào danh mục thủ tục (phiên bản {number}, hiệu lực từ "
            f"{start:%d/%m/%Y}).",
        )
    return CatalogApplyOutcome(True, "Đã ghi thời hạn cam kết vào danh mục thủ tục.")


def catalog_counts(*, agency: Agency, on: dt.date) -> dict[str, Any] | None:
    """Procedures in force on ``on`` per level, and how many are listed at the agency's
    desk and, on average, at the desks of its wards."""
    counts_fn = _callable(CATALOG_APP, "selectors", "catalogue_counts")
    if counts_fn is None:
        return None
    try:
        counts = counts_fn(on=on)
    except Exception:
        log.exception("catalogue counts failed")
        return None
    by_agency: dict[str, int] = dict(counts.get("by_agency") or {})
    children = list(agency.children.values_list("code", "kind"))
    ward_counts = [by_agency[c] for c, kind in children if kind == "commune" and c in by_agency]
    by_level = dict(counts.get("by_level") or {})
    constants = _module(CATALOG_APP, "constants")
    level_choices = dict(getattr(getattr(constants, "Level", None), "choices", []) or [])
    return {
        "by_level": by_level,
        "by_level_labels": {str(level_choices.get(k, k)): v for k, v in by_level.items()},
        "total": int(counts.get("total") or 0),
        "at_agency": by_agency.get(agency.code),
        "ward_average": round(sum(ward_counts) / len(ward_counts)) if ward_counts else None,
    }


# --- Dossiers and oversight --------------------------------------------------------------


def assisted_filings_count(*, agency: Agency, start: dt.date, end: dt.date) -> int | None:
    """Online dossiers filed with a support team's help in the agency's subtree.

    ``None`` until a dossiers app exists and exposes
    ``motcua.dossiers.selectors.assisted_filings_count(agency=, start=, end=)``.
    """
    fn = _callable(DOSSIERS_APP, "selectors", "assisted_filings_count")
    if fn is None:
        return None
    return int(fn(agency=agency, start=start, end=end))


def dossier_figures(*, agency: Agency, start: dt.date, end: dt.date) -> dict[str, Any] | None:
    """On-time rate and online share of dossiers, from the oversight app when installed.

    Expected: ``motcua.oversight.selectors.dossier_figures(agency=, start=, end=)``
    returning ``{"received": n, "on_time_rate": %, "online_share": %}``.
    """
    fn = _callable(OVERSIGHT_APP, "selectors", "dossier_figures")
    if fn is None:
        return None
    return dict(fn(agency=agency, start=start, end=end))


def registry_counts(*, agency: Agency) -> list[dict[str, Any]] | None:
    """Registries the agency uses and their record counts, from the registries app.

    Expected: ``motcua.registries.selectors.registry_counts(agency=)`` returning rows
    ``{"name": ..., "records": n}``.
    """
    fn = _callable(REGISTRIES_APP, "selectors", "registry_counts")
    if fn is None:
        return None
    return list(fn(agency=agency))
