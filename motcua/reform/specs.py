"""The registers of the reform workspace, described once.

Each ``Spec`` says what a register holds (model, editable fields, list columns, children),
and the pages, the API and the CSV/XLSX exports are built from it, so a register looks and
behaves the same everywhere. Lifecycle transitions stay in their own services and views.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import Agency
from motcua.reform import formatting
from motcua.reform.models import (
    CoreDatabase,
    FollowUpAction,
    IndexAssessment,
    IndexCriterion,
    IndexFramework,
    Inspection,
    InspectionFinding,
    InspectionPlan,
    InspectionTeam,
    InspectionTeamMember,
    InvestmentAllocation,
    InvestmentProject,
    LimitProposal,
    ProcedureReview,
    Recommendation,
    ReformPlan,
    ReformRecord,
    ReformTask,
    RotationCase,
    RotationPlan,
    RotationPosition,
    SupervisionReport,
    SupportActivity,
    SupportTeam,
    SupportTeamMember,
)

MONEY_FIELDS = {"total_investment", "allocated", "disbursed"}


@dataclass(frozen=True)
class Spec:
    slug: str
    api: str
    model: type[ReformRecord]
    title: Promise
    group: Promise
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    parent: str | None = None
    children: tuple[str, ...] = ()
    year_lookup: str | None = None
    status_field: str | None = None
    search: tuple[str, ...] = ()
    in_menu: bool = True
    #: Create through a dedicated service instead of ``record_create`` (dotted path).
    create_service: str | None = None
    #: Pages of this register have their own views (detail or create).
    custom_detail: bool = False
    custom_create: bool = False
    select_related: tuple[str, ...] = field(default_factory=tuple)

    @property
    def verbose_name(self) -> str:
        return str(self.model._meta.verbose_name)

    @property
    def top_level(self) -> bool:
        return self.parent is None

    def label(self, name: str) -> str:
        return column_label(self.model, name)


GROUP_PLANS = _("Kế hoạch cải cách")
GROUP_INSPECTIONS = _("Kiểm tra")
GROUP_RECOMMENDATIONS = _("Kiến nghị")
GROUP_ROTATION = _("Chuyển đổi vị trí công tác")
GROUP_DIGITAL = _("Chuyển đổi số")
GROUP_INVESTMENT = _("Đầu tư trụ sở")
GROUP_PROCEDURES = _("Thủ tục hành chính")
GROUP_INDEX = _("Chỉ số CCHC")
GROUP_EGOV = _("Chính quyền điện tử")

SPECS: list[Spec] = [
    Spec(
        "ke-hoach",
        "plans",
        ReformPlan,
        _("Kế hoạch cải cách hành chính"),
        GROUP_PLANS,
        ("agency", "year", "title", "decision_number", "decision_date", "status", "note"),
        ("year", "title", "agency", "decision_number", "status"),
        children=("nhiem-vu",),
        year_lookup="year",
        status_field="status",
        search=("title",),
        select_related=("agency",),
    ),
    Spec(
        "nhiem-vu",
        "plan-tasks",
        ReformTask,
        _("Nhiệm vụ cải cách"),
        GROUP_PLANS,
        ("plan", "title", "area", "owner_agency", "owner_name", "deadline", "result"),
        ("plan", "title", "area", "owner_agency", "deadline", "status", "completed_on"),
        parent="plan",
        year_lookup="plan__year",
        status_field="status",
        search=("title",),
        select_related=("plan", "owner_agency"),
    ),
    Spec(
        "ke-hoach-kiem-tra",
        "inspection-plans",
        InspectionPlan,
        _("Kế hoạch kiểm tra"),
        GROUP_INSPECTIONS,
        ("agency", "year", "title", "decision_number", "decision_date", "planned_count", "note"),
        ("year", "title", "agency", "decision_number", "planned_count"),
        year_lookup="year",
        search=("title",),
        select_related=("agency",),
    ),
    Spec(
        "to-kiem-tra",
        "inspection-teams",
        InspectionTeam,
        _("Tổ kiểm tra liên ngành"),
        GROUP_INSPECTIONS,
        ("agency", "name", "decision_number", "decision_date", "plan", "active"),
        ("name", "agency", "decision_number", "decision_date", "active"),
        children=("thanh-vien-to-kiem-tra",),
        search=("name",),
        select_related=("agency",),
    ),
    Spec(
        "thanh-vien-to-kiem-tra",
        "inspection-team-members",
        InspectionTeamMember,
        _("Thành viên tổ kiểm tra"),
        GROUP_INSPECTIONS,
        ("team", "full_name", "position", "member_agency", "team_role"),
        ("team", "full_name", "position", "member_agency", "team_role"),
        parent="team",
        in_menu=False,
        search=("full_name",),
        select_related=("team", "member_agency"),
    ),
    Spec(
        "kiem-tra",
        "inspections",
        Inspection,
        _("Cuộc kiểm tra"),
        GROUP_INSPECTIONS,
        (
            "agency",
            "inspected_agency",
            "plan",
            "team",
            "kind",
            "scheduled_on",
            "scope",
            "conclusion",
        ),
        ("scheduled_on", "conducted_on", "inspected_agency", "kind", "status"),
        children=("ket-qua-kiem-tra", "khac-phuc"),
        year_lookup="scheduled_on__year",
        status_field="status",
        search=("scope", "inspected_agency__name"),
        select_related=("agency", "inspected_agency"),
    ),
    Spec(
        "ket-qua-kiem-tra",
        "inspection-findings",
        InspectionFinding,
        _("Kết quả kiểm tra"),
        GROUP_INSPECTIONS,
        ("inspection", "severity", "text"),
        ("inspection", "severity", "text"),
        parent="inspection",
        in_menu=False,
        select_related=("inspection__inspected_agency",),
    ),
    Spec(
        "khac-phuc",
        "follow-ups",
        FollowUpAction,
        _("Việc khắc phục sau kiểm tra"),
        GROUP_INSPECTIONS,
        ("inspection", "finding", "text", "deadline", "result"),
        ("inspection", "text", "deadline", "status", "done_on"),
        parent="inspection",
        status_field="status",
        select_related=("inspection__inspected_agency",),
    ),
    Spec(
        "kien-nghi",
        "recommendations",
        Recommendation,
        _("Kiến nghị"),
        GROUP_RECOMMENDATIONS,
        ("title", "text", "source_reference", "owner_agency", "owner_name"),
        ("issued_on", "title", "agency", "source", "due_on", "status"),
        year_lookup="issued_on__year",
        status_field="status",
        search=("title", "text"),
        custom_detail=True,
        custom_create=True,
        select_related=("agency", "subject_agency", "issuer_agency"),
    ),
    Spec(
        "ke-hoach-luan-chuyen",
        "rotation-plans",
        RotationPlan,
        _("Kế hoạch chuyển đổi vị trí công tác"),
        GROUP_ROTATION,
        ("agency", "year", "title", "decision_number", "decision_date", "planned_count"),
        ("year", "title", "agency", "decision_number", "planned_count"),
        year_lookup="year",
        select_related=("agency",),
    ),
    Spec(
        "vi-tri-luan-chuyen",
        "rotation-positions",
        RotationPosition,
        _("Vị trí phải chuyển đổi"),
        GROUP_ROTATION,
        ("agency", "title", "office", "period_years", "legal_basis", "active"),
        ("title", "office", "period_years", "active"),
        search=("title",),
        select_related=("agency", "office"),
    ),
    Spec(
        "luan-chuyen",
        "rotation-cases",
        RotationCase,
        _("Trường hợp chuyển đổi vị trí"),
        GROUP_ROTATION,
        (
            "agency",
            "plan",
            "position",
            "person_name",
            "registry_ref",
            "from_agency",
            "from_position",
            "to_agency",
            "to_position",
            "effective_on",
            "reason",
            "decision_number",
            "note",
        ),
        (
            "effective_on",
            "person_name",
            "from_agency",
            "from_position",
            "to_agency",
            "to_position",
            "reason",
        ),
        year_lookup="effective_on__year",
        search=("person_name",),
        select_related=("from_agency", "to_agency"),
    ),
    Spec(
        "to-cong-nghe-so",
        "support-teams",
        SupportTeam,
        _("Tổ công nghệ số, xung kích số"),
        GROUP_DIGITAL,
        ("agency", "name", "kind", "decision_number", "decision_date", "area_covered", "active"),
        ("name", "agency", "kind", "area_covered", "active"),
        children=("thanh-vien-to-cong-nghe-so", "hoat-dong-ho-tro"),
        search=("name",),
        select_related=("agency",),
    ),
    Spec(
        "thanh-vien-to-cong-nghe-so",
        "support-team-members",
        SupportTeamMember,
        _("Thành viên tổ công nghệ số"),
        GROUP_DIGITAL,
        ("team", "full_name", "phone", "member_role", "organisation"),
        ("team", "full_name", "member_role", "organisation"),
        parent="team",
        in_menu=False,
        search=("full_name",),
        select_related=("team",),
    ),
    Spec(
        "hoat-dong-ho-tro",
        "support-activities",
        SupportActivity,
        _("Hoạt động hỗ trợ"),
        GROUP_DIGITAL,
        ("team", "date", "place", "residents_helped", "description"),
        ("date", "team", "place", "residents_helped"),
        parent="team",
        year_lookup="date__year",
        select_related=("team",),
    ),
    Spec(
        "du-an-tru-so",
        "investment-projects",
        InvestmentProject,
        _("Dự án trụ sở làm việc"),
        GROUP_INVESTMENT,
        (
            "agency",
            "beneficiary_agency",
            "name",
            "level",
            "kind",
            "start_year",
            "end_year",
            "total_investment",
            "decision_number",
            "progress_percent",
            "note",
        ),
        (
            "name",
            "level",
            "beneficiary_agency",
            "start_year",
            "end_year",
            "total_investment",
            "progress_percent",
        ),
        children=("von-cap",),
        search=("name",),
        select_related=("beneficiary_agency",),
    ),
    Spec(
        "von-cap",
        "investment-allocations",
        InvestmentAllocation,
        _("Vốn cấp theo năm"),
        GROUP_INVESTMENT,
        ("project", "year", "allocated", "disbursed"),
        ("project", "year", "allocated", "disbursed"),
        parent="project",
        in_menu=False,
        year_lookup="year",
        select_related=("project",),
    ),
    Spec(
        "ra-soat-thu-tuc",
        "procedure-reviews",
        ProcedureReview,
        _("Rà soát thủ tục hành chính"),
        GROUP_PROCEDURES,
        (
            "agency",
            "reviewed_on",
            "procedure_code",
            "procedure_name",
            "field_name",
            "outcome",
            "note",
        ),
        ("reviewed_on", "procedure_code", "procedure_name", "field_name", "agency", "outcome"),
        children=("de-xuat-rut-ngan",),
        year_lookup="reviewed_on__year",
        search=("procedure_code", "procedure_name", "field_name"),
        create_service="motcua.reform.services.reviews.review_create",
        select_related=("agency",),
    ),
    Spec(
        "de-xuat-rut-ngan",
        "limit-proposals",
        LimitProposal,
        _("Đề xuất rút ngắn thời hạn"),
        GROUP_PROCEDURES,
        ("review", "legal_limit", "legal_unit", "proposed_limit", "proposed_unit", "reason"),
        (
            "review",
            "legal_limit",
            "legal_unit",
            "proposed_limit",
            "proposed_unit",
            "status",
            "decided_on",
            "catalog_note",
        ),
        parent="review",
        status_field="status",
        select_related=("review",),
    ),
    Spec(
        "bo-chi-so",
        "index-frameworks",
        IndexFramework,
        _("Bộ chỉ số cải cách hành chính"),
        GROUP_INDEX,
        ("agency", "year", "name", "peer_kind", "decision_number"),
        ("year", "name", "agency", "peer_kind"),
        children=("tieu-chi",),
        year_lookup="year",
        custom_detail=True,
        select_related=("agency",),
    ),
    Spec(
        "tieu-chi",
        "index-criteria",
        IndexCriterion,
        _("Tiêu chí"),
        GROUP_INDEX,
        ("framework", "parent", "code", "title", "max_points", "evidence_required", "position"),
        ("framework", "code", "title", "max_points", "evidence_required"),
        parent="framework",
        in_menu=False,
        select_related=("framework",),
    ),
    Spec(
        "danh-gia-chi-so",
        "index-assessments",
        IndexAssessment,
        _("Tự đánh giá chỉ số"),
        GROUP_INDEX,
        ("framework", "agency"),
        ("framework", "agency", "status", "self_total", "appraised_total"),
        year_lookup="framework__year",
        status_field="status",
        custom_detail=True,
        custom_create=True,
        select_related=("framework", "agency"),
    ),
    Spec(
        "co-so-du-lieu",
        "core-databases",
        CoreDatabase,
        _("Cơ sở dữ liệu"),
        GROUP_EGOV,
        ("agency", "kind", "name", "operator", "in_use_since", "records_count", "note"),
        ("name", "kind", "agency", "operator", "records_count"),
        search=("name",),
        select_related=("agency",),
    ),
]

BY_SLUG: dict[str, Spec] = {s.slug: s for s in SPECS}
BY_API: dict[str, Spec] = {s.api: s for s in SPECS}
BY_MODEL: dict[type[models.Model], Spec] = {s.model: s for s in SPECS}
REPORTS_MODEL = SupervisionReport


def spec_for(slug: str) -> Spec | None:
    return BY_SLUG.get(slug)


def menu() -> list[tuple[Promise, list[Spec]]]:
    groups: dict[str, tuple[Promise, list[Spec]]] = {}
    for spec in SPECS:
        if spec.in_menu:
            groups.setdefault(str(spec.group), (spec.group, []))[1].append(spec)
    return list(groups.values())


def _field(model: type[models.Model], path: str) -> tuple[type[models.Model], Any]:
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model  # type: ignore[assignment]
    return model, model._meta.get_field(parts[-1])


def column_label(model: type[models.Model], path: str) -> str:
    _model, f = _field(model, path)
    return str(getattr(f, "verbose_name", path)).capitalize()


def raw_value(obj: Any, path: str) -> Any:
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part)
    return obj


def display_value(obj: Any, path: str) -> str:
    """A value as people read it: labels for choices, names for agencies, đ for money."""
    parts = path.split("__")
    owner = obj
    for part in parts[:-1]:
        owner = getattr(owner, part, None)
        if owner is None:
            return "—"
    name = parts[-1]
    display: Callable[[], Any] | None = getattr(owner, f"get_{name}_display", None)
    if display is not None:
        return str(display())
    value = getattr(owner, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, Agency):
        return value.label
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%H:%M %d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if name in MONEY_FIELDS:
        return formatting.billions(int(value))
    if isinstance(value, Decimal):
        return formatting.points(value)
    return str(value)


def export_value(obj: Any, path: str) -> Any:
    """A value for a spreadsheet: numbers stay numbers (money in đồng), the rest as text."""
    value = raw_value(obj, path)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, int | Decimal) and not hasattr(obj, f"get_{path}_display"):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    return display_value(obj, path)
