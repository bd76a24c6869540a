"""Staff workspace. Views only read through selectors and change through services."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.organizations import selectors, services
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.constants import Role
from motcua.organizations.models import CalendarDay, RoleGrant

from .forms import CalendarDayForm, GrantForm, OfficeHoursForm

ROLE_TASKS: dict[str, list[object]] = {
    Role.DESK_OFFICER: [
        _l("Tiếp nhận hồ sơ trực tiếp và trực tuyến"),
        _l("Số hóa giấy tờ, cấp phiếu hẹn"),
        _l("Trả kết quả"),
    ],
    Role.SPECIALIST: [_l("Thẩm định hồ sơ được giao"), _l("Dự thảo kết quả")],
    Role.LEADER: [_l("Phê duyệt, ký kết quả"), _l("Theo dõi hồ sơ sắp đến hạn, quá hạn")],
    Role.CLERK: [_l("Vào sổ, cấp số văn bản kết quả")],
    Role.REFORM_OFFICER: [
        _l("Quản lý danh mục thủ tục, quy trình nội bộ"),
        _l("Kiểm tra, báo cáo"),
    ],
    Role.SUPERVISOR: [_l("Xem chỉ số, báo cáo"), _l("Ban hành kiến nghị")],
    Role.SUPPORT_MEMBER: [_l("Hỗ trợ người dân nộp hồ sơ trực tuyến")],
    Role.ADMIN: [_l("Quản lý cán bộ, phân quyền"), _l("Lịch làm việc, ngày nghỉ")],
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    grants = list(selectors.user_active_grants(user=request_user(request)))
    by_agency: dict[int, dict[str, object]] = {}
    roles_by_agency: dict[int, list[RoleGrant]] = defaultdict(list)
    for g in grants:
        by_agency.setdefault(g.agency_id, {"agency": g.agency})
        roles_by_agency[g.agency_id].append(g)
    cards = [
        {
            "agency": entry["agency"],
            "grants": roles_by_agency[aid],
            "tasks": [t for g in roles_by_agency[aid] for t in ROLE_TASKS.get(g.role, [])],
        }
        for aid, entry in by_agency.items()
    ]
    return render(request, "desk/home.html", {"cards": cards, "grants": grants})


@login_required
def agency_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    agency = selectors.agency_get_for_user(user=user, code=code)
    year = int(request.GET.get("nam") or timezone.localdate().year)
    can_manage = selectors.user_can_manage_agency(user=user, agency=agency)
    calendar = calendar_for_agency(agency)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    context = {
        "agency": agency,
        "ancestors": selectors.agency_ancestors(agency=agency)[:-1],
        "children": agency.children.all().order_by("name"),
        "units": selectors.agency_units(user=user, agency=agency),
        "staff": selectors.agency_staff(user=user, agency=agency),
        "days": selectors.agency_calendar_days(user=user, agency=agency, year=year),
        "hours": selectors.agency_office_hours(user=user, agency=agency),
        "can_manage": can_manage,
        "year": year,
        "working_days": calendar.working_days_between(first, last + dt.timedelta(days=1)),
        "day_form": CalendarDayForm(),
        "grant_form": GrantForm(agency=agency),
        "hours_form": OfficeHoursForm(),
    }
    return render(request, "desk/agency.html", context)


def _form_errors(request: HttpRequest, form: object) -> None:
    for field, errs in form.errors.items():  # type: ignore[attr-defined]
        label = form.fields[field].label if field in form.fields else ""  # type: ignore[attr-defined]
        for e in errs:
            messages.error(request, f"{label}: {e}" if label else str(e))


@login_required
@require_POST
def calendar_day_add(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request_user(request), code=code, manage=True)
    form = CalendarDayForm(request.POST)
    if form.is_valid():
        services.calendar_day_set(actor=request_user(request), agency=agency, **form.cleaned_data)
        messages.success(request, _("Đã lưu ngày điều chỉnh lịch."))
    else:
        _form_errors(request, form)
    return redirect("desk:agency", code=agency.code)


@login_required
@require_POST
def calendar_day_remove(request: HttpRequest, code: str, day_id: int) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request_user(request), code=code, manage=True)
    day = get_object_or_404(CalendarDay, pk=day_id, agency=agency)
    services.calendar_day_remove(actor=request_user(request), day=day)
    messages.success(request, _("Đã xóa ngày điều chỉnh lịch."))
    return redirect("desk:agency", code=agency.code)


@login_required
@require_POST
def grant_add(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request_user(request), code=code, manage=True)
    form = GrantForm(request.POST, agency=agency)
    if form.is_valid():
        unit = (
            agency.units.filter(code=form.cleaned_data["unit"]).first()
            if form.cleaned_data["unit"]
            else None
        )
        services.role_grant(
            actor=request_user(request),
            user=form.cleaned_data["username"],
            role=form.cleaned_data["role"],
            agency=agency,
            unit=unit,
            valid_from=form.cleaned_data["valid_from"],
        )
        messages.success(request, _("Đã phân quyền."))
    else:
        _form_errors(request, form)
    return redirect("desk:agency", code=agency.code)


@login_required
@require_POST
def grant_revoke(request: HttpRequest, code: str, grant_id: int) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request_user(request), code=code, manage=True)
    grant = get_object_or_404(RoleGrant.objects.active(), pk=grant_id, agency=agency)
    services.role_revoke(actor=request_user(request), grant=grant)
    messages.success(request, _("Đã thu hồi quyền."))
    return redirect("desk:agency", code=agency.code)


@login_required
@require_POST
def office_hours_save(request: HttpRequest, code: str) -> HttpResponse:
    agency = selectors.agency_get_for_user(user=request_user(request), code=code, manage=True)
    form = OfficeHoursForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.office_hours_set(
                actor=request_user(request),
                agency=agency,
                valid_from=data.pop("valid_from"),
                **data,
            )
            messages.success(request, _("Đã lưu giờ làm việc."))
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for e in errs:
                    messages.error(request, f"{field}: {e}")
    else:
        _form_errors(request, form)
    return redirect("desk:agency", code=agency.code)
