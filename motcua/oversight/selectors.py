"""Reads of oversight figures: counters, the Decision 766 index, drill-down, rankings, trends.

Figures come from the roll-ups (flows in a period) and from the per-dossier facts (the stock
of dossiers open at an instant, and the lists behind a score). Every read a user sees takes
the user and answers 404 for an agency outside their roles' subtrees; the ``*_for`` system
reads (public page, reform report, reports) take no user.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user
from motcua.oversight.constants import Measure, Outcome
from motcua.oversight.index import GROUPS, Group, IndexResult, Indicator, q2
from motcua.oversight.models import DossierFact, Rollup, RollupMonth
from motcua.oversight.periods import Period, add_months, month

#: Who reads dashboards, the index and reports.
VIEW_ROLES = (Role.LEADER, Role.SUPERVISOR, Role.REFORM_OFFICER, Role.ADMIN)
ONLINE = "2"
WORKING_DAY_SECONDS = 8 * 3600


# --- Scope -------------------------------------------------------------------------------


def agencies_for_user(*, user: User) -> QuerySet[Agency]:
    return agency_list_for_user(user=user, roles=VIEW_ROLES).order_by("path")


def agency_for_user(*, user: User, code: str) -> Agency:
    agency = agencies_for_user(user=user).filter(code=code).first()
    if agency is None:
        raise Http404("agency")
    return agency


def default_agency_for_user(*, user: User) -> Agency | None:
    return agencies_for_user(user=user).first()


# --- Counters ----------------------------------------------------------------------------


@dataclass
class Flows:
    """Counters of one agency subtree over one period: (measure, channel) → (n, total)."""

    rows: dict[tuple[str, str], tuple[int, int]]

    def n(self, measure: str, channel: str | None = None) -> int:
        return sum(v[0] for (m, c), v in self.rows.items() if m == measure and channel in (None, c))

    def total(self, measure: str) -> int:
        return sum(v[1] for (m, _c), v in self.rows.items() if m == measure)

    @property
    def resolved(self) -> int:
        return self.n(Measure.EARLY) + self.n(Measure.ON_TIME) + self.n(Measure.LATE)


#: path → (monotonic time, ids of the subtree); a new unit shows in figures within a minute.
_SUBTREES: dict[str, tuple[float, list[int]]] = {}
SUBTREE_SECONDS = 60.0


def _subtree_ids(agency: Agency) -> list[int]:
    now = time.monotonic()
    hit = _SUBTREES.get(agency.path)
    if hit is not None and now - hit[0] < SUBTREE_SECONDS and agency.pk in hit[1]:
        return hit[1]
    ids = list(Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True))
    if len(_SUBTREES) > 5000:
        _SUBTREES.clear()
    _SUBTREES[agency.path] = (now, ids)
    return ids


def flows_for(
    *,
    agency: Agency,
    period: Period,
    procedure_id: int | None = None,
    field_id: int | None = None,
) -> Flows:
    """Counters of the agency's subtree in the period.

    Whole months without a procedure or field filter read the monthly subtree counters
    (a dozen rows per measure for a year); anything else sums the daily counters.
    """
    if period.whole_months and procedure_id is None and field_id is None:
        qs: QuerySet[Any] = RollupMonth.objects.filter(
            agency_id=agency.pk, month__gte=period.start, month__lte=period.end
        )
    else:
        qs = Rollup.objects.filter(
            agency_id__in=_subtree_ids(agency), day__gte=period.start, day__lte=period.end
        )
        if procedure_id is not None:
            qs = qs.filter(procedure_id=procedure_id)
        if field_id is not None:
            qs = qs.filter(field_id=field_id)
    rows = {
        (r["measure"], r["channel"]): (int(r["n"] or 0), int(r["t"] or 0))
        for r in qs.values("measure", "channel").annotate(n=Sum("n"), t=Sum("total"))
    }
    return Flows(rows)


def facts_of(agency: Agency) -> QuerySet[DossierFact]:
    """Facts of the agency's subtree (an indexed list of agency ids, see the model)."""
    return DossierFact.objects.filter(agency_id__in=_subtree_ids(agency))


def open_at_q(at: dt.datetime) -> Q:
    """Received before ``at`` and not finished by then."""
    return Q(received_at__lt=at) & (Q(finished_at__isnull=True) | Q(finished_at__gte=at))


def overdue_at_q(at: dt.datetime) -> Q:
    """Open at ``at`` and past its due instant (or already late by the supplement rule);
    a dossier waiting for a supplement has its clock stopped and stays in time."""
    paused = Q(pause_open_at__isnull=False, pause_open_at__lt=at, finished_at__isnull=True)
    return (Q(due_at__lt=at) & ~paused) | Q(supplements__gt=1)


@dataclass(frozen=True)
class Stock:
    in_time: int
    overdue: int

    @property
    def total(self) -> int:
        return self.in_time + self.overdue


def stock_at(*, agency: Agency, at: dt.datetime) -> Stock:
    """Dossiers in progress at ``at``: in time / overdue (two indexed queries: the dossiers
    still open now, on the covering partial index, and those finished after ``at``; one
    UNION ALL of the two planned worse on PostgreSQL for a whole province)."""
    base = facts_of(agency)
    n = late = 0
    for part in (
        base.filter(finished_at__isnull=True, received_at__lt=at),
        base.filter(finished_at__gte=at, received_at__lt=at),
    ):
        row = part.aggregate(n=Count("pk"), late=Count("pk", filter=overdue_at_q(at)))
        n += row["n"]
        late += row["late"]
    return Stock(in_time=n - late, overdue=late)


def period_end_instant(period: Period, now: dt.datetime | None = None) -> dt.datetime:
    """The instant the stock of a period is taken: its end, or now while it runs."""
    now = now or timezone.now()
    return min(period.bounds()[1], now)


# --- The index ---------------------------------------------------------------------------


def _payment_indicators(user: User | None, agency: Agency, period: Period) -> Any:
    if user is None:
        return None
    from motcua.payments.selectors import online_payment_indicators

    return online_payment_indicators(user=user, agency=agency, start=period.start, end=period.end)


def _feedback(agency: Agency, period: Period, now: dt.datetime) -> Any:
    """The feedback figures of the index (both indicators and the dossiers with a complaint)
    in one query, over the cached ids of the subtree."""
    from motcua.feedback.selectors import index_feedback_for

    return index_feedback_for(
        agency_ids=_subtree_ids(agency), period=(period.start, period.end), now=now
    )


def complaint_only_ids(
    agency: Agency, period: Period, complained: Iterable[int] | None = None
) -> set[int]:
    """Dossiers with a complaint (feedback app) in the period and no dislike given in it;
    ``complained``: those ids when already read (from :func:`_feedback`)."""
    from motcua.oversight.constants import DISLIKE_GRADES

    if complained is None:
        from motcua.feedback.selectors import dossier_ids_with_complaints

        complained = dossier_ids_with_complaints(agency, (period.start, period.end))
    ids = set(complained)
    if not ids:
        return ids
    low, high = period.bounds()
    disliked = facts_of(agency).filter(
        pk__in=sorted(ids), rated_at__gte=low, rated_at__lt=high, rating__in=list(DISLIKE_GRADES)
    )
    return ids - set(disliked.values_list("pk", flat=True))


def complaint_dossier_ids(agency: Agency, period: Period) -> set[int]:
    """Dossiers with a complaint (feedback app) or rated "dissatisfied" in the period."""
    from motcua.feedback.selectors import dossier_ids_with_complaints
    from motcua.oversight.constants import DISLIKE_GRADES

    low, high = period.bounds()
    ids = set(dossier_ids_with_complaints(agency, (period.start, period.end)))
    ids |= set(
        facts_of(agency)
        .filter(rated_at__gte=low, rated_at__lt=high, rating__in=list(DISLIKE_GRADES))
        .values_list("pk", flat=True)
    )
    return ids


def _resolved_ids(agency: Agency, period: Period) -> QuerySet[DossierFact]:
    low, high = period.bounds()
    return facts_of(agency).filter(
        finished_at__gte=low,
        finished_at__lt=high,
        outcome__in=[Outcome.EARLY, Outcome.ON_TIME, Outcome.LATE],
    )


NO_CATALOGUE_DATES = _("Danh mục chưa ghi thời điểm công bố, cập nhật; chưa có số liệu.")
NO_SYNC = _("Chưa có số liệu đồng bộ hồ sơ lên Cổng Dịch vụ công quốc gia.")
NO_SOURCE = _("Hệ thống chưa ghi nhận dữ liệu này; chưa có số liệu.")
NEEDS_STAFF = _("Chỉ tính khi người xem là cán bộ có quyền xem thu phí của đơn vị.")


def index_for(
    *,
    agency: Agency,
    period: Period,
    user: User | None = None,
    now: dt.datetime | None = None,
) -> IndexResult:
    """Every indicator of the six groups for the agency's subtree and the period."""
    now = now or timezone.now()
    flows = flows_for(agency=agency, period=period)
    stock = stock_at(agency=agency, at=period_end_instant(period, now))
    received = flows.n(Measure.RECEIVED)
    resolved = flows.resolved
    early_on_time = flows.n(Measure.EARLY) + flows.n(Measure.ON_TIME)
    late = flows.n(Measure.LATE)
    seconds = flows.total(Measure.PROCESSING_SECONDS)
    timed = flows.n(Measure.PROCESSING_SECONDS)
    fb = _feedback(agency, period, now)
    # "% with a complaint or dislike": dislikes counted by the roll-ups on the day they were
    # given, plus dossiers with a complaint in the feedback app not already among them.
    complained = flows.n(Measure.RATED_DISLIKE) + len(
        complaint_only_ids(agency, period, fb.complaint_dossier_ids)
    )
    pay = _payment_indicators(user, agency, period)
    sat_numerator = max(0, resolved - late - complained)

    def ind(code: str, group: str, label: Any, points: int, **kw: Any) -> Indicator:
        return Indicator(code=code, group=group, label=label, points=points, **kw)

    indicators = [
        ind(
            "published_on_time",
            "publicity",
            _("Thủ tục được công bố đúng hạn"),
            6,
            note=str(NO_CATALOGUE_DATES),
        ),
        ind(
            "updated_on_time",
            "publicity",
            _("Thủ tục được cập nhật lên CSDL quốc gia đúng hạn"),
            4,
            note=str(NO_CATALOGUE_DATES),
        ),
        ind(
            "published_full",
            "publicity",
            _("Thủ tục được công khai đầy đủ nội dung"),
            2,
            note=str(NO_CATALOGUE_DATES),
        ),
        ind(
            "synced",
            "publicity",
            _("Hồ sơ được đồng bộ lên Cổng Dịch vụ công quốc gia"),
            6,
            note=str(NO_SYNC),
        ),
        ind(
            "progress",
            "progress",
            _("Hồ sơ giải quyết trước hạn, đúng hạn, đang giải quyết trong hạn"),
            20,
            numerator=early_on_time + stock.in_time,
            denominator=resolved + stock.total,
            drill=True,
        ),
        ind(
            "avg_days",
            "progress",
            _("Thời gian giải quyết trung bình (ngày làm việc, theo dõi)"),
            0,
            numerator=seconds,
            denominator=timed,
            value=(q2(Decimal(seconds) / timed / WORKING_DAY_SECONDS) if timed else None),
            unit="ngày",
        ),
        ind(
            "full_process",
            "online",
            _("Hồ sơ trực tuyến toàn trình trên hồ sơ của thủ tục đủ điều kiện toàn trình"),
            12,
            numerator=flows.n(Measure.FULL_PROCESS),
            denominator=flows.n(Measure.FULL_PROCESS_ELIGIBLE),
            drill=True,
        ),
        ind(
            "online_share",
            "online",
            _("Tỷ lệ hồ sơ trực tuyến (theo dõi, mục tiêu 50%)"),
            0,
            numerator=flows.n(Measure.RECEIVED, ONLINE),
            denominator=received,
            target=Decimal("0.5"),
            drill=True,
        ),
        ind(
            "payment_integrated",
            "payment",
            _("Thủ tục có phí được tích hợp thanh toán trực tuyến"),
            2,
            target=Decimal("0.8"),
            numerator=pay.integrated.numerator if pay else None,
            denominator=pay.integrated.denominator if pay else None,
            note="" if pay else str(NEEDS_STAFF),
        ),
        ind(
            "payment_used",
            "payment",
            _("Thủ tục có phát sinh thanh toán trực tuyến"),
            2,
            numerator=pay.used.numerator if pay else None,
            denominator=pay.used.denominator if pay else None,
            note="" if pay else str(NEEDS_STAFF),
        ),
        ind(
            "paid_online",
            "payment",
            _("Hồ sơ thanh toán trực tuyến trên hồ sơ có phí"),
            6,
            numerator=flows.n(Measure.PAID_ONLINE),
            denominator=flows.n(Measure.FEE_BEARING),
            drill=True,
        ),
        ind(
            "feedback_on_time",
            "satisfaction",
            _("Phản ánh, kiến nghị được xử lý đúng hạn"),
            6,
            numerator=fb.on_time.numerator,
            denominator=fb.on_time.denominator,
        ),
        ind(
            "feedback_satisfaction",
            "satisfaction",
            _("Mức độ hài lòng về xử lý phản ánh, kiến nghị"),
            6,
            numerator=fb.satisfaction.numerator,
            denominator=fb.satisfaction.denominator,
        ),
        ind(
            "dossier_satisfaction",
            "satisfaction",
            _(
                "Mức độ hài lòng về giải quyết hồ sơ: 100% − (% quá hạn + % có phản ánh, "
                "không hài lòng)"
            ),
            6,
            numerator=sat_numerator,
            denominator=resolved,
            target=Decimal("0.9"),
            drill=True,
        ),
        ind(
            "electronic_result",
            "digitisation",
            _("Hồ sơ có kết quả điện tử"),
            6,
            numerator=flows.n(Measure.RETURNED_ELECTRONIC),
            denominator=flows.n(Measure.RETURNED),
            drill=True,
        ),
        ind(
            "digitised",
            "digitisation",
            _("Hồ sơ được số hóa"),
            4,
            numerator=flows.n(Measure.DIGITISED),
            denominator=received,
            target=Decimal("0.8"),
            drill=True,
        ),
        ind(
            "certified_copies",
            "digitisation",
            _("Cấp bản sao điện tử có chứng thực"),
            2,
            note=str(NO_SOURCE),
        ),
        ind(
            "reused",
            "digitisation",
            _("Tái sử dụng dữ liệu số hóa"),
            2,
            numerator=flows.n(Measure.REUSED),
            denominator=received,
            target=Decimal("0.8"),
            drill=True,
        ),
        ind(
            "data_store",
            "digitisation",
            _("Kết nối kho quản lý dữ liệu điện tử của người dân"),
            4,
            note=str(NO_SOURCE),
        ),
        ind(
            "population_procedures",
            "digitisation",
            _("Khai thác dữ liệu dân cư: theo thủ tục"),
            2,
            note=str(NO_SOURCE),
        ),
        ind(
            "population_dossiers",
            "digitisation",
            _("Khai thác dữ liệu dân cư: theo hồ sơ"),
            2,
            note=str(NO_SOURCE),
        ),
    ]
    groups = [
        Group(code, label, points, [i for i in indicators if i.group == code])
        for code, label, points in GROUPS
    ]
    return IndexResult(groups)


def index_for_user(
    *, user: User, code: str, period: Period, now: dt.datetime | None = None
) -> tuple[Agency, IndexResult]:
    agency = agency_for_user(user=user, code=code)
    return agency, index_for(agency=agency, period=period, user=user, now=now)


# --- Drill-down --------------------------------------------------------------------------

DRILL = {
    "progress",
    "full_process",
    "online_share",
    "paid_online",
    "dossier_satisfaction",
    "electronic_result",
    "digitised",
    "reused",
}


def indicator_facts(
    *,
    agency: Agency,
    period: Period,
    code: str,
    part: str = "denominator",
    now: dt.datetime | None = None,
) -> QuerySet[DossierFact]:
    """The dossiers behind an indicator: its denominator, its numerator, or those that miss."""
    if code not in DRILL:
        raise Http404("indicator")
    low, high = period.bounds()
    base = facts_of(agency)
    received = base.filter(received_at__gte=low, received_at__lt=high)
    resolved = _resolved_ids(agency, period)
    if code == "progress":
        at = period_end_instant(period, now)
        denominator = base.filter(Q(pk__in=resolved.values("pk")) | open_at_q(at))
        good = Q(outcome__in=[Outcome.EARLY, Outcome.ON_TIME], finished_at__lt=at) | (
            open_at_q(at) & ~overdue_at_q(at)
        )
    elif code == "full_process":
        denominator = received.filter(full_process_eligible=True)
        good = Q(full_process=True)
    elif code == "online_share":
        denominator = received
        good = Q(channel=ONLINE)
    elif code == "paid_online":
        denominator = received.filter(fee_bearing=True)
        good = Q(paid_online_at__isnull=False)
    elif code == "dossier_satisfaction":
        denominator = resolved
        bad = complaint_dossier_ids(agency, period)
        good = ~Q(outcome=Outcome.LATE) & ~Q(pk__in=bad)
    elif code == "electronic_result":
        denominator = base.filter(returned_at__gte=low, returned_at__lt=high)
        good = Q(returned_electronic=True)
    elif code == "digitised":
        denominator = received
        good = Q(digitised=True)
    else:  # reused
        denominator = received
        good = Q(reused=True)
    if part == "numerator":
        return denominator.filter(good).order_by("pk")
    if part == "missing":
        return denominator.exclude(good).order_by("pk")
    return denominator.order_by("pk")


def indicator_facts_for_user(
    *, user: User, code: str, period: Period, indicator: str, part: str
) -> tuple[Agency, QuerySet[DossierFact]]:
    agency = agency_for_user(user=user, code=code)
    if part not in ("numerator", "denominator", "missing"):
        raise Http404("part")
    return agency, indicator_facts(agency=agency, period=period, code=indicator, part=part)


# --- Ranking and trend -------------------------------------------------------------------


@dataclass(frozen=True)
class RankRow:
    rank: int
    agency: Agency
    total: Decimal
    available_points: int
    progress: str


def peers_of(agency: Agency) -> QuerySet[Agency]:
    """Agencies of the same level under the same parent (the provinces, for a province)."""
    return Agency.objects.filter(parent_id=agency.parent_id, kind=agency.kind).order_by("path")


def ranking_for(
    *,
    agencies: Iterable[Agency],
    period: Period,
    user: User | None = None,
    now: dt.datetime | None = None,
) -> list[RankRow]:
    scored = []
    for a in agencies:
        result = index_for(agency=a, period=period, user=user, now=now)
        scored.append((a, result))
    scored.sort(key=lambda p: (-p[1].total, p[0].path))
    rows: list[RankRow] = []
    for position, (a, result) in enumerate(scored, start=1):
        rank = position
        if rows and rows[-1].total == result.total:
            rank = rows[-1].rank  # equal scores share a rank
        rows.append(
            RankRow(
                rank, a, result.total, result.available_points, result.get("progress").display_vi
            )
        )
    return rows


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    received: int
    resolved: int
    on_time: int
    late: int
    in_time: int
    overdue: int
    progress: Decimal | None  # percent


def trend_for(
    *, agency: Agency, last: Period, count: int = 12, now: dt.datetime | None = None
) -> list[TrendPoint]:
    """The processing figures of ``count`` consecutive periods ending with ``last``."""
    periods = [last]
    while len(periods) < count:
        periods.append(periods[-1].previous())
    points = []
    for p in reversed(periods):
        f = flows_for(agency=agency, period=p)
        stock = stock_at(agency=agency, at=period_end_instant(p, now))
        good = f.n(Measure.EARLY) + f.n(Measure.ON_TIME)
        den = f.resolved + stock.total
        percent = q2(Decimal(good + stock.in_time) * 100 / den) if den else None
        points.append(
            TrendPoint(
                p,
                f.n(Measure.RECEIVED),
                f.resolved,
                good,
                f.n(Measure.LATE),
                stock.in_time,
                stock.overdue,
                percent,
            )
        )
    return points


def monthly_periods(end: dt.date, count: int) -> list[Period]:
    first = add_months(end.replace(day=1), -(count - 1))
    return [month(add_months(first, i).year, add_months(first, i).month) for i in range(count)]


# --- Dashboard pieces --------------------------------------------------------------------

BACKLOG_BUCKETS = (
    ("overdue", _("Đã quá hạn")),
    ("today", _("Đến hạn hôm nay")),
    ("3days", _("Trong 3 ngày tới")),
    ("week", _("Trong 7 ngày tới")),
    ("later", _("Sau 7 ngày")),
    ("paused", _("Đang chờ bổ sung")),
)


def backlog_for(*, agency: Agency, now: dt.datetime | None = None) -> list[tuple[str, Any, int]]:
    """Dossiers open now by due date (the open-dossier index; small)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    counts: dict[str, int] = defaultdict(int)
    rows = facts_of(agency).filter(finished_at__isnull=True, received_at__isnull=False)
    for due, paused, supplements in rows.values_list("due_at", "pause_open_at", "supplements"):
        if paused is not None:
            counts["paused"] += 1
        elif due is None or due < now or supplements > 1:
            counts["overdue"] += 1
        else:
            days = (timezone.localtime(due).date() - today).days
            key = (
                "today" if days <= 0 else "3days" if days <= 3 else "week" if days <= 7 else "later"
            )
            counts[key] += 1
    return [(k, label, counts[k]) for k, label in BACKLOG_BUCKETS]


@dataclass(frozen=True)
class HeatCell:
    resolved: int
    good: int

    @property
    def percent(self) -> Decimal | None:
        return q2(Decimal(self.good) * 100 / self.resolved) if self.resolved else None


def heatmap_for(
    *, agency: Agency, period: Period
) -> tuple[list[Agency], list[tuple[int, str]], dict[tuple[int, int], HeatCell]]:
    """On-time share of dossiers resolved in the period: child agency × field."""
    from motcua.catalog.models import Field

    children = list(Agency.objects.filter(parent=agency).order_by("path")) or [agency]
    by_path = sorted(((c.path, c.pk) for c in children), key=lambda p: -len(p[0]))
    ids = _subtree_ids(agency)
    qs = (
        Rollup.objects.filter(
            agency_id__in=ids,
            day__gte=period.start,
            day__lte=period.end,
            measure__in=[Measure.EARLY, Measure.ON_TIME, Measure.LATE],
        )
        .values("agency_id", "field_id", "measure")
        .annotate(n=Sum("n"))
    )
    paths = dict(Agency.objects.filter(pk__in=ids).values_list("pk", "path"))
    cells: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for r in qs:
        path = paths.get(r["agency_id"], "")
        child = next((pk for p, pk in by_path if path.startswith(p)), None)
        if child is None:
            continue
        cell = cells[(child, r["field_id"])]
        cell[0] += r["n"]
        if r["measure"] != Measure.LATE:
            cell[1] += r["n"]
    field_ids = sorted({f for _c, f in cells})
    names = dict(Field.objects.filter(pk__in=field_ids).values_list("pk", "name"))
    fields = [(f, names.get(f, str(_("Khác")))) for f in field_ids]
    return children, fields, {k: HeatCell(v[0], v[1]) for k, v in cells.items()}


def late_facts(
    *, agency: Agency, period: Period, now: dt.datetime | None = None
) -> QuerySet[DossierFact]:
    """Dossiers resolved late in the period and those open and overdue now."""
    now = now or timezone.now()
    low, high = period.bounds()
    return (
        facts_of(agency)
        .filter(
            Q(outcome=Outcome.LATE, finished_at__gte=low, finished_at__lt=high)
            | (Q(finished_at__isnull=True, received_at__isnull=False) & overdue_at_q(now))
        )
        .order_by("due_at", "pk")
    )


# --- Reform report and reports -----------------------------------------------------------


def dossier_figures(*, agency: Agency, start: dt.date, end: dt.date) -> dict[str, Any]:
    """For the reform supervision report: received, on-time rate, online share (percent,
    two decimals; ``None`` when nothing was received or handled)."""
    period = Period(start, end)
    result = index_for(agency=agency, period=period)
    received = flows_for(agency=agency, period=period).n(Measure.RECEIVED)
    return {
        "received": received,
        "on_time_rate": result.get("progress").percent,
        "online_share": result.get("online_share").percent,
    }


@dataclass
class ReportRow:
    field_name: str
    procedure_name: str
    carried: int
    new_online: int
    new_other: int
    early: int
    on_time: int
    late: int
    in_time: int
    overdue: int

    @property
    def total(self) -> int:
        return self.carried + self.new_online + self.new_other

    @property
    def resolved(self) -> int:
        return self.early + self.on_time + self.late

    @property
    def in_progress(self) -> int:
        return self.in_time + self.overdue


def report_rows(
    *, agency: Agency, period: Period, now: dt.datetime | None = None
) -> list[ReportRow]:
    """The customary table: per field and procedure, carried over, new (online / in person
    and post), resolved early, on time, late, in progress in time, overdue."""
    from motcua.catalog.models import Field, ProcedureVersion

    now = now or timezone.now()
    low, _high = period.bounds()
    at = period_end_instant(period, now)
    ids = _subtree_ids(agency)
    data: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in (
        Rollup.objects.filter(agency_id__in=ids, day__gte=period.start, day__lte=period.end)
        .values("field_id", "procedure_id", "measure", "channel")
        .annotate(n=Sum("n"))
    ):
        d = data[(r["field_id"], r["procedure_id"])]
        if r["measure"] == Measure.RECEIVED:
            d["new_online" if r["channel"] == ONLINE else "new_other"] += r["n"]
        elif r["measure"] in (Measure.EARLY, Measure.ON_TIME, Measure.LATE):
            d[r["measure"]] += r["n"]
    base = facts_of(agency)
    for part, key in ((open_at_q(low), "carried"), (open_at_q(at), "stock")):
        rows = (
            base.filter(part)
            .values("field_id", "procedure_id")
            .annotate(n=Count("pk"), late=Count("pk", filter=overdue_at_q(at)))
        )
        for row in rows:
            d = data[(row["field_id"], row["procedure_id"])]
            if key == "carried":
                d["carried"] += row["n"]
            else:
                d["overdue"] += row["late"]
                d["in_time"] += row["n"] - row["late"]
    fields = dict(Field.objects.values_list("pk", "name"))
    names: dict[int, str] = dict(
        ProcedureVersion.objects.filter(procedure_id__in={p for _f, p in data})
        .order_by("procedure_id", "number")
        .values_list("procedure_id", "name")
    )
    out = [
        ReportRow(
            fields.get(f, str(_("Khác"))),
            names.get(p, str(p)),
            d["carried"],
            d["new_online"],
            d["new_other"],
            d[Measure.EARLY],
            d[Measure.ON_TIME],
            d[Measure.LATE],
            d["in_time"],
            d["overdue"],
        )
        for (f, p), d in data.items()
    ]
    out.sort(key=lambda r: (r.field_name, r.procedure_name))
    return out


PUBLIC_CACHE_SECONDS = 600


def public_index(
    *, period: Period, now: dt.datetime | None = None
) -> list[tuple[Agency, IndexResult]]:
    """The index of every current agency that handles dossiers, and of the agencies above
    them (public transparency page). Cached ten minutes per period: anyone can ask for it,
    and it is an index per agency."""
    from django.core.cache import cache

    key = f"oversight:public:{period.start.isoformat()}:{period.end.isoformat()}"
    if now is None:
        cached = cache.get(key)
        if cached is not None:
            return list(cached)
    handling = Agency.objects.valid_on(timezone.localdate()).filter(
        pk__in=DossierFact.objects.values("agency_id").distinct()
    )
    wanted: set[int] = set()
    for a in handling:
        wanted.update(a.ancestor_ids())
    shown = list(Agency.objects.filter(pk__in=wanted).order_by("path"))
    rows = [(a, index_for(agency=a, period=period, now=now)) for a in shown]
    if now is None:
        cache.set(key, rows, PUBLIC_CACHE_SECONDS)
    return rows


def months_between(period: Period) -> int:
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1


# --- Circular 01/2018 per-dossier evaluation ---------------------------------------------


@dataclass(frozen=True)
class Criterion:
    number: int
    label: Any
    points: int | None  # None: no data ("n/a")
    note: str = ""


def circular01_evaluation(fact: DossierFact) -> list[Criterion]:
    """Nine criteria × 2 points (Circular 01/2018/TT-VPCP); criteria without data are n/a.

    Our reading: (1) finished early or on time 2, late 0, open n/a; (2) time at each agency
    needs the step budgets of the back office: n/a; (3) contacts with the desk to complete the
    dossier: at most one supplement request 2, two 1, more 0; (4) one desk received it: 2;
    (5) everything at the one-stop: returned at the desk or electronically 2, not yet n/a;
    (6) the procedure was published in the catalogue: 2; (7) attitude: the applicant's rating
    (satisfied 2, dissatisfied 0, none n/a); (8) feedback handled: n/a unless a complaint
    exists (then 0 while it counts against the dossier); (9) online service: full process 2,
    other online 1, not online n/a.
    """
    from motcua.oversight.constants import DISLIKE_GRADES

    if fact.outcome in (Outcome.EARLY, Outcome.ON_TIME):
        c1: int | None = 2
    elif fact.outcome == Outcome.LATE:
        c1 = 0
    else:
        c1 = None
    contacts = fact.intake_supplements + fact.supplements
    c3 = 2 if contacts <= 1 else 1 if contacts == 2 else 0
    c5 = 2 if fact.returned_at is not None else None
    c7: int | None = None
    if fact.rating:
        c7 = 0 if fact.rating in DISLIKE_GRADES else 2
    c9: int | None = None
    if fact.channel == ONLINE:
        c9 = 2 if fact.full_process else 1
    return [
        Criterion(1, _("Tổng thời gian giải quyết so với quy định"), c1),
        Criterion(
            2,
            _("Thời gian thực hiện tại từng cơ quan"),
            None,
            str(_("Cần thời hạn từng bước của quy trình nội bộ.")),
        ),
        Criterion(
            3,
            _("Số lần phải liên hệ để hoàn thiện hồ sơ"),
            c3,
            str(_("%(n)d lần yêu cầu bổ sung")) % {"n": contacts},
        ),
        Criterion(4, _("Số cơ quan phải liên hệ"), 2),
        Criterion(5, _("Thực hiện toàn bộ tại Bộ phận Một cửa"), c5),
        Criterion(6, _("Thủ tục được công khai"), 2),
        Criterion(7, _("Thái độ của cán bộ"), c7),
        Criterion(
            8,
            _("Tiếp nhận, xử lý phản ánh, kiến nghị"),
            None,
            str(_("Không có phản ánh về hồ sơ.")),
        ),
        Criterion(9, _("Chất lượng dịch vụ công trực tuyến"), c9),
    ]


def fact_for_user(*, user: User, pk: int) -> DossierFact:
    fact = DossierFact.objects.filter(pk=pk).first()
    if fact is None:
        raise Http404("dossier")
    paths = list(agencies_for_user(user=user).values_list("path", flat=True))
    if not any(fact.agency_path.startswith(p) for p in paths):
        raise Http404("dossier")
    return fact
