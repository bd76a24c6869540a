"""What a supervision report says, computed from live data, with the source of every figure.

The content is plain data (sections of paragraphs, tables and figures) so the DOCX and the
PDF say exactly the same thing, and the figure list can be stored with the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_ancestors
from motcua.reform import formatting as fmt
from motcua.reform import integrations, selectors
from motcua.reform.constants import DatabaseKind, RecommendationStatus
from motcua.reform.selectors import Period

NO_DOSSIER_DATA = "Số liệu hồ sơ: chưa có dữ liệu"

SUBTREE = "cơ quan hoặc đơn vị trực thuộc"


@dataclass
class Figure:
    key: str
    label: str
    value: str
    raw: Any
    source: str


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)


@dataclass
class ReportContent:
    agency_name: str
    parent_name: str
    agency_label: str
    parent_label: str
    period: str
    place: str
    generated_on: dt.date
    sections: list[Section]
    figures: list[Figure]

    def figures_json(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.figures]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


class _Builder:
    def __init__(self, agency: Agency, period: Period, today: dt.date) -> None:
        self.agency = agency
        self.period = period
        self.today = today
        self.figures: list[Figure] = []
        self.scope = f"{SUBTREE} {agency.code}"
        self.in_period = f"trong kỳ {period.label()}"

    def fig(self, key: str, label: str, raw: Any, value: str, source: str) -> str:
        if isinstance(raw, Decimal):  # rates from other apps; stored with the report as JSON
            raw = float(raw)
        self.figures.append(Figure(key, label, value, raw, source))
        return value

    # -- I. reform plans --------------------------------------------------------------
    def plans(self) -> Section:
        s = selectors.plan_summary(agency=self.agency, period=self.period, today=self.today)
        src = (
            f"reform.ReformTask, selectors.plan_summary: kế hoạch của {self.scope}, "
            f"năm {self.period.start.year}–{self.period.end.year}"
        )
        plans = self.fig("plans.count", "Số kế hoạch CCHC", s["plans"], fmt.count(s["plans"]), src)
        tasks = self.fig("plans.tasks", "Số nhiệm vụ", s["tasks"], fmt.count(s["tasks"]), src)
        done = self.fig(
            "plans.done",
            "Nhiệm vụ hoàn thành",
            s["done"],
            fmt.count(s["done"]),
            src + ", status=done",
        )
        overdue = self.fig(
            "plans.overdue",
            "Nhiệm vụ quá hạn",
            s["overdue"],
            fmt.count(s["overdue"]),
            src + f", chưa xong và thời hạn trước {self.today:%d/%m/%Y}",
        )
        text = (
            f"Trong kỳ có {plans} kế hoạch cải cách hành chính với {tasks} nhiệm vụ: đã hoàn "
            f"thành {done} (trong đó {fmt.count(s['done_late'])} hoàn thành sau hạn), đang "
            f"thực hiện {fmt.count(s['in_progress'])}, chưa thực hiện "
            f"{fmt.count(s['not_started'])}; quá hạn chưa hoàn thành {overdue}."
        )
        return Section("I. Công tác chỉ đạo, điều hành cải cách hành chính", [text])

    # -- II. procedures and the one-stop ----------------------------------------------
    def _catalogue(self, section: Section) -> None:
        counts = integrations.catalog_counts(
            agency=self.agency, on=min(self.period.end, self.today)
        )
        if counts is None:
            section.paragraphs.append(
                "Danh mục thủ tục hành chính: chưa có dữ liệu (chưa cài đặt danh mục thủ tục)."
            )
            self.fig(
                "catalog.total",
                "Thủ tục hành chính đang có hiệu lực",
                None,
                fmt.NO_DATA,
                "motcua.catalog chưa cài đặt",
            )
            return
        src = "motcua.catalog.selectors.catalogue_counts(on=cuối kỳ)"
        total = self.fig(
            "catalog.total",
            "Thủ tục đang có hiệu lực",
            counts["total"],
            fmt.count(counts["total"]),
            src,
        )
        at_agency = self.fig(
            "catalog.at_agency",
            "Thủ tục niêm yết tại đơn vị",
            counts["at_agency"],
            fmt.count(counts["at_agency"]),
            src + ", by_agency",
        )
        wards = self.fig(
            "catalog.ward_average",
            "Thủ tục niêm yết bình quân mỗi phường",
            counts["ward_average"],
            fmt.count(counts["ward_average"]),
            src + ", by_agency của các phường trực thuộc",
        )
        by_level = ", ".join(
            f"{label.lower()}: {fmt.count(n)}"
            for label, n in counts["by_level_labels"].items()
            if n
        )
        section.paragraphs.append(
            f"Thủ tục hành chính đang có hiệu lực: {total} ({by_level}); niêm yết tại bộ phận "
            f"một cửa của {self.agency.label}: {at_agency}; bình quân tại mỗi phường: {wards}."
        )

    def _dossiers(self, section: Section) -> None:
        dossiers = integrations.dossier_figures(
            agency=self.agency, start=self.period.start, end=self.period.end
        )
        if dossiers is None:
            section.paragraphs.append(NO_DOSSIER_DATA + ".")
            for key, label in (
                ("dossiers.received", "Hồ sơ tiếp nhận"),
                ("dossiers.on_time_rate", "Tỷ lệ hồ sơ đúng hạn"),
                ("dossiers.online_share", "Tỷ lệ hồ sơ trực tuyến"),
            ):
                self.fig(key, label, None, fmt.NO_DATA, "motcua.oversight chưa cài đặt")
            return
        src = (
            f"motcua.oversight.selectors.dossier_figures: hồ sơ của {self.scope}, {self.in_period}"
        )
        received = self.fig(
            "dossiers.received",
            "Hồ sơ tiếp nhận",
            dossiers.get("received"),
            fmt.count(dossiers.get("received")),
            src,
        )
        on_time = self.fig(
            "dossiers.on_time_rate",
            "Tỷ lệ hồ sơ đúng hạn",
            dossiers.get("on_time_rate"),
            fmt.percent(dossiers.get("on_time_rate")),
            src + ", chỉ số 766: giải quyết trước hạn, đúng hạn và đang trong hạn / tổng số",
        )
        online = self.fig(
            "dossiers.online_share",
            "Tỷ lệ hồ sơ trực tuyến",
            dossiers.get("online_share"),
            fmt.percent(dossiers.get("online_share")),
            src + ", hồ sơ nộp trực tuyến / hồ sơ tiếp nhận",
        )
        section.paragraphs.append(
            f"Hồ sơ tiếp nhận: {received}; tỷ lệ giải quyết đúng hạn "
            f"{on_time}; tỷ lệ trực tuyến {online}."
        )

    def procedures(self) -> Section:
        section = Section("II. Cải cách thủ tục hành chính và thực hiện cơ chế một cửa")
        self._catalogue(section)
        self._dossiers(section)
        r = selectors.review_counts(agency=self.agency, period=self.period)
        src = (
            f"reform.ProcedureReview, selectors.review_counts: {self.scope}, reviewed_on "
            f"{self.in_period}"
        )
        reviews = self.fig(
            "reviews.count", "Số lượt rà soát thủ tục", r["reviews"], fmt.count(r["reviews"]), src
        )
        approved = self.fig(
            "reviews.approved",
            "Đề xuất rút ngắn được phê duyệt",
            r["approved"],
            fmt.count(r["approved"]),
            "reform.LimitProposal, status=approved, của các lượt rà soát trên",
        )
        section.paragraphs.append(
            f"Rà soát thủ tục hành chính: {reviews} lượt rà soát {fmt.count(r['procedures'])} "
            f"thủ tục; {fmt.count(r['proposals'])} đề xuất rút ngắn thời hạn, đã phê duyệt "
            f"{approved}."
        )
        by_field = selectors.shortened_limits_by_field(agency=self.agency, period=self.period)
        total = sum(row["procedures"] for row in by_field)
        self.fig(
            "reviews.shortened",
            "Thủ tục được rút ngắn thời hạn so với quy định",
            total,
            fmt.count(total),
            "reform.LimitProposal, selectors.shortened_limits_by_field: "
            f"status=approved, decided_on {self.in_period}",
        )
        if by_field:
            section.paragraphs.append(
                "Các phòng chuyên môn đăng ký rút ngắn thời gian giải quyết so với quy định: "
                + ", ".join(
                    f"{fmt.count(r['procedures'])} thủ tục lĩnh vực {r['field']}" for r in by_field
                )
                + "."
            )
            section.tables.append(
                Table(
                    "Thủ tục được rút ngắn thời hạn theo lĩnh vực",
                    ["Lĩnh vực", "Số thủ tục"],
                    [[r["field"], fmt.count(r["procedures"])] for r in by_field],
                )
            )
        return section

    # -- III. e-government --------------------------------------------------------------
    def e_government(self) -> Section:
        section = Section("III. Xây dựng chính quyền điện tử")
        registries = integrations.registry_counts(agency=self.agency)
        if registries is not None:
            self.fig(
                "egov.registries",
                "Số cơ sở dữ liệu dùng chung",
                len(registries),
                fmt.count(len(registries)),
                "motcua.registries.selectors.registry_counts",
            )
            section.tables.append(
                Table(
                    "Cơ sở dữ liệu và số bản ghi",
                    ["Cơ sở dữ liệu", "Số bản ghi"],
                    [[r["name"], fmt.count(r.get("records"))] for r in registries],
                )
            )
            return section
        databases = list(selectors.core_databases(agency=self.agency))
        self.fig(
            "egov.databases",
            "Số cơ sở dữ liệu đã triển khai",
            len(databases),
            fmt.count(len(databases)),
            f"reform.CoreDatabase, selectors.core_databases: {self.scope} (đơn vị kê khai)",
        )
        kinds: list[str] = []
        for db in databases:
            label = str(DatabaseKind(db.kind).label).lower()
            if label not in kinds:
                kinds.append(label)
        section.paragraphs.append(
            "Các cơ sở dữ liệu đã triển khai (theo kê khai của đơn vị): "
            + (", ".join(kinds) if kinds else "chưa kê khai")
            + "."
        )
        if databases:
            section.tables.append(
                Table(
                    "Cơ sở dữ liệu cốt lõi, chuyên ngành",
                    ["Cơ sở dữ liệu", "Loại", "Đơn vị quản lý", "Số bản ghi (kê khai)"],
                    [
                        [
                            d.name,
                            str(DatabaseKind(d.kind).label),
                            d.operator or "—",
                            fmt.count(d.records_count),
                        ]
                        for d in databases
                    ],
                )
            )
        return section

    # -- IV. digital transformation -----------------------------------------------------
    def digital(self) -> Section:
        s = selectors.support_summary(agency=self.agency, period=self.period)
        src = (
            f"reform.SupportTeam, selectors.support_summary: {self.scope}, đang hoạt động, "
            f"thành lập không sau {self.period.end:%d/%m/%Y}"
        )
        with_teams = self.fig(
            "support.wards_with_teams",
            "Phường có tổ công nghệ số",
            s["wards_with_teams"],
            fmt.count(s["wards_with_teams"]),
            src,
        )
        wards = self.fig(
            "support.wards",
            "Tổng số phường",
            s["wards"],
            fmt.count(s["wards"]),
            f"organizations.Agency kind=commune trong cây {self.agency.code}",
        )
        teams = self.fig(
            "support.teams",
            "Số tổ công nghệ số / xung kích số",
            s["teams"],
            fmt.count(s["teams"]),
            src,
        )
        members = self.fig(
            "support.members",
            "Số thành viên",
            s["members"],
            fmt.count(s["members"]),
            "reform.SupportTeamMember của các tổ trên",
        )
        helped = self.fig(
            "support.residents_helped",
            "Lượt người dân được hỗ trợ",
            s["residents_helped"],
            fmt.count(s["residents_helped"]),
            f"reform.SupportActivity của các tổ trên, date {self.in_period}",
        )
        assisted = self.fig(
            "support.assisted_filings",
            "Hồ sơ trực tuyến được hỗ trợ",
            s["assisted_filings"],
            fmt.count(s["assisted_filings"]),
            "motcua.dossiers.selectors.assisted_filings_count: hồ sơ trực tuyến có thành "
            f"viên tổ công nghệ số hỗ trợ, của {self.scope}, nộp {self.in_period}",
        )
        text = (
            f"{with_teams}/{wards} phường đã thành lập {teams} tổ công nghệ số, xung kích số "
            f"với {members} thành viên; trong kỳ đã tổ chức {fmt.count(s['activities'])} buổi "
            f"hỗ trợ, hướng dẫn {helped} lượt người dân. Số hồ sơ nộp trực tuyến có hỗ trợ: "
            f"{assisted}."
        )
        return Section("IV. Chuyển đổi số", [text])

    # -- V. inspections -----------------------------------------------------------------
    def inspections(self) -> Section:
        c = selectors.inspection_counts(agency=self.agency, period=self.period)
        src = (
            f"reform.Inspection, selectors.inspection_counts: {self.scope} (kiểm tra hoặc "
            f"được kiểm tra), status=done, conducted_on {self.in_period}"
        )
        total = self.fig(
            "inspections.total", "Số cuộc kiểm tra CCHC", c["total"], fmt.count(c["total"]), src
        )
        scheduled = self.fig(
            "inspections.scheduled",
            "Kiểm tra theo kế hoạch",
            c["scheduled"],
            fmt.count(c["scheduled"]),
            src + ", kind=scheduled",
        )
        surprise = self.fig(
            "inspections.surprise",
            "Kiểm tra đột xuất",
            c["surprise"],
            fmt.count(c["surprise"]),
            src + ", kind=surprise",
        )
        text = (
            f"Đã tiến hành {total} cuộc kiểm tra cải cách hành chính, trong đó theo kế hoạch "
            f"{scheduled}, đột xuất {surprise}; {fmt.count(c['units'])} cơ quan, đơn vị được "
            "kiểm tra."
        )
        by_year = selectors.inspection_counts_by_year(agency=self.agency, period=self.period)
        table = Table(
            "Số cuộc kiểm tra theo năm",
            ["Năm", "Theo kế hoạch", "Đột xuất", "Tổng"],
            [
                [
                    str(r["year"]),
                    fmt.count(r["scheduled"]),
                    fmt.count(r["surprise"]),
                    fmt.count(r["total"]),
                ]
                for r in by_year
            ],
        )
        return Section(
            "V. Công tác kiểm tra cải cách hành chính", [text], [table] if by_year else []
        )

    # -- VI. rotation -------------------------------------------------------------------
    def rotation(self) -> Section:
        by_year = selectors.rotation_counts_by_year(agency=self.agency, period=self.period)
        src = (
            f"reform.RotationCase, selectors.rotation_counts_by_year: {self.scope}, "
            f"effective_on {self.in_period}"
        )
        total = sum(r["cases"] for r in by_year)
        shown = self.fig(
            "rotation.total", "Số trường hợp chuyển đổi vị trí", total, fmt.count(total), src
        )
        years = [
            f"năm {r['year']}: "
            + self.fig(
                f"rotation.{r['year']}",
                f"Chuyển đổi vị trí năm {r['year']}",
                r["cases"],
                fmt.count(r["cases"]),
                f"{src}, năm {r['year']}",
            )
            for r in by_year
        ]
        detail = f" ({'; '.join(years)})" if years else ""
        text = f"Thực hiện chuyển đổi vị trí công tác đối với {shown} trường hợp{detail}."
        return Section("VI. Chuyển đổi vị trí công tác", [text])

    # -- VII. investment ----------------------------------------------------------------
    def investment(self) -> Section:
        s = selectors.investment_summary(agency=self.agency, period=self.period)
        src = (
            f"reform.InvestmentProject, selectors.investment_summary: chủ đầu tư thuộc "
            f"{self.scope}, dự án thực hiện trong kỳ"
        )
        src_alloc = f"reform.InvestmentAllocation của các dự án trên, năm {self.in_period}"
        district = self.fig(
            "investment.district_projects",
            "Dự án trụ sở cấp quận",
            s["district"]["count"],
            fmt.count(s["district"]["count"]),
            src + ", level=district",
        )
        ward = self.fig(
            "investment.ward_projects",
            "Dự án trụ sở cấp phường",
            s["ward"]["count"],
            fmt.count(s["ward"]["count"]),
            src + ", level=ward",
        )
        total = self.fig(
            "investment.total",
            "Tổng mức đầu tư",
            s["total"],
            fmt.billions(s["total"]),
            src + ", Sum(total_investment)",
        )
        allocated = self.fig(
            "investment.allocated",
            "Tổng vốn cấp trong kỳ",
            s["allocated"],
            fmt.billions(s["allocated"]),
            src_alloc + ", Sum(allocated)",
        )
        disbursed = self.fig(
            "investment.disbursed",
            "Đã giải ngân",
            s["disbursed"],
            fmt.billions(s["disbursed"]),
            src_alloc + ", Sum(disbursed)",
        )
        text = (
            f"Ngân sách bảo đảm kinh phí nâng cấp, sửa chữa, xây mới {district} dự án trụ sở "
            f"làm việc của các cơ quan chuyên môn và {ward} dự án trụ sở làm việc cấp phường, "
            f"với tổng mức đầu tư {total}; tổng vốn cấp trong kỳ {allocated}, đã giải ngân "
            f"{disbursed}."
        )
        table = Table(
            "Vốn cấp theo năm",
            ["Năm", "Vốn cấp", "Giải ngân"],
            [
                [str(r["year"]), fmt.billions(r["allocated"]), fmt.billions(r["disbursed"])]
                for r in s["by_year"]
            ],
        )
        return Section("VII. Đầu tư trụ sở làm việc", [text], [table] if s["by_year"] else [])

    # -- VIII. index --------------------------------------------------------------------
    def index(self) -> Section:
        results = [
            r for r in selectors.index_results(agency=self.agency) if r["year"] in self.period.years
        ]
        section = Section("VIII. Chỉ số cải cách hành chính")
        src = (
            "reform.IndexAssessment, selectors.index_rank: đơn vị cùng loại, cùng cấp trên, "
            "theo điểm thẩm định (điểm tự chấm khi chưa thẩm định)"
        )
        if not results:
            section.paragraphs.append("Chưa có kết quả chỉ số cải cách hành chính trong kỳ.")
            self.fig("index.rank", "Xếp hạng chỉ số CCHC", None, fmt.NO_DATA, src)
            return section
        latest = results[-1]
        year = latest["year"]
        rank_text = f"{latest['rank']}/{latest['peers']}"
        score = self.fig(
            "index.score",
            f"Điểm chỉ số CCHC năm {year}",
            str(latest["total"]),
            fmt.points(latest["total"]),
            src,
        )
        rank = self.fig("index.rank", f"Xếp hạng chỉ số CCHC năm {year}", rank_text, rank_text, src)
        section.paragraphs.append(
            f"Năm {year}, {self.agency.label} đạt {score}/{fmt.points(latest['max'])} điểm, "
            f"xếp thứ {rank} đơn vị cùng cấp."
        )
        section.tables.append(
            Table(
                "Kết quả chỉ số cải cách hành chính theo năm",
                ["Năm", "Điểm tự chấm", "Điểm thẩm định", "Xếp hạng"],
                [
                    [
                        str(r["year"]),
                        fmt.points(r["self_total"]),
                        fmt.points(r["assessment"].appraised_total) if r["appraised"] else "—",
                        f"{r['rank']}/{r['peers']}",
                    ]
                    for r in results
                ],
            )
        )
        return section

    # -- IX. recommendations ------------------------------------------------------------
    def recommendations(self) -> Section:
        c = selectors.recommendation_counts(agency=self.agency, today=self.today)
        src = (
            f"reform.Recommendation, selectors.recommendation_counts: gửi đến hoặc về {self.scope}"
        )
        total = self.fig(
            "recommendations.total", "Tổng số kiến nghị", c["total"], fmt.count(c["total"]), src
        )
        closed_n = c[RecommendationStatus.CLOSED]
        closed = self.fig(
            "recommendations.closed",
            "Kiến nghị đã đóng",
            closed_n,
            fmt.count(closed_n),
            src + ", status=closed",
        )
        open_ = self.fig(
            "recommendations.open",
            "Kiến nghị chưa đóng",
            c["not_closed"],
            fmt.count(c["not_closed"]),
            src + ", status khác closed",
        )
        overdue = self.fig(
            "recommendations.overdue",
            "Kiến nghị quá hạn",
            c["overdue"],
            fmt.count(c["overdue"]),
            src + f", chưa đóng và hạn trước {self.today:%d/%m/%Y}",
        )
        text = (
            f"Tổng số kiến nghị: {total}; đã đóng {closed}; chưa đóng {open_}, trong đó quá "
            f"hạn {overdue}."
        )
        rows = [
            [
                r.issued_on.strftime("%d/%m/%Y"),
                r.title,
                r.agency.label,
                r.due_on.strftime("%d/%m/%Y"),
                str(r.get_status_display()) + (" (quá hạn)" if r.is_overdue(self.today) else ""),
            ]
            for r in selectors.open_recommendations(agency=self.agency)
        ]
        tables = [
            Table(
                "Kiến nghị chưa đóng",
                ["Ngày", "Nội dung", "Cơ quan thực hiện", "Hạn", "Trạng thái"],
                rows,
            )
        ]
        return Section("IX. Kiến nghị và việc thực hiện", [text], tables if rows else [])


def place_name(name: str) -> str:
    """'Ủy ban nhân dân thành phố Hà Nội' → 'Hà Nội', for the place-and-date line."""
    for prefix in ("Ủy ban nhân dân ", "UBND "):
        name = name.removeprefix(prefix)
    for prefix in ("thành phố ", "tỉnh ", "TP "):
        name = name.removeprefix(prefix)
    return name


def report_content(
    *, agency: Agency, period: Period, today: dt.date | None = None
) -> ReportContent:
    """Every section of the supervision report of ``agency`` over ``period``."""
    today = today or timezone.localdate()
    builder = _Builder(agency, period, today)
    sections = [
        builder.plans(),
        builder.procedures(),
        builder.e_government(),
        builder.digital(),
        builder.inspections(),
        builder.rotation(),
        builder.investment(),
        builder.index(),
        builder.recommendations(),
    ]
    ancestors = agency_ancestors(agency=agency)
    parent = ancestors[-2] if len(ancestors) > 1 else None
    province = ancestors[0].name if ancestors else agency.name
    return ReportContent(
        agency_name=agency.name,
        parent_name=parent.name if parent else "",
        agency_label=agency.label,
        parent_label=parent.label if parent else "",
        period=period.label(),
        place=place_name(province),
        generated_on=today,
        sections=sections,
        figures=builder.figures,
    )
