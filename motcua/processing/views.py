"""Staff pages of processing (/can-bo/xu-ly/): queues, the leader's view, the desk's
transfer list, the clerk's results to number, one dossier's processing with every action,
and forms 04/05 as PDF."""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.http import request_user
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.services import SupplementItem
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency, RoleGrant, Unit
from motcua.processing import selectors, services
from motcua.processing.constants import (
    ACTIVE_STEP_STATES,
    ProcessState,
    Queue,
    ResultState,
    StepState,
)
from motcua.processing.models import DelayNotice, StepTask

PAGE_SIZE = 25
QUEUES = [Queue.MINE, Queue.UNIT, Queue.APPROVAL, Queue.AT_RISK, Queue.OVERDUE]
#: Field names of the services, as the pages name them in messages.
FIELD_LABELS = {
    "note": gettext_lazy("Ý kiến xử lý"),
    "reason": gettext_lazy("Lý do"),
    "assignee": gettext_lazy("Cán bộ được phân công"),
    "to_user": gettext_lazy("Cán bộ nhận"),
    "to_unit": gettext_lazy("Đơn vị nhận"),
    "to_agency": gettext_lazy("Cơ quan phối hợp"),
    "budget": gettext_lazy("Thời gian"),
    "budget_unit": gettext_lazy("Đơn vị thời gian"),
    "approver": gettext_lazy("Lãnh đạo duyệt"),
    "items": gettext_lazy("Giấy tờ cần bổ sung"),
    "new_appointment_at": gettext_lazy("Ngày hẹn mới"),
    "title": gettext_lazy("Tên kết quả"),
    "decision_text": gettext_lazy("Nội dung kết quả"),
    "file": gettext_lazy("Tệp kết quả"),
    "files": gettext_lazy("Tệp đính kèm"),
    "number": gettext_lazy("Số văn bản"),
    "payment": gettext_lazy("Phí, lệ phí"),
    "result": gettext_lazy("Kết quả"),
    "step": gettext_lazy("Bước xử lý"),
    "pdf": gettext_lazy("Tệp PDF"),
    "agency": gettext_lazy("Chứng thư số"),
}


def _field_errors(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        out: list[str] = []
        for field, errors in exc.message_dict.items():
            label = FIELD_LABELS.get(field, "")
            out.extend(f"{label}: {m}" if label else str(m) for m in errors)
        return out
    return [str(m) for m in exc.messages]


def _filters(request: HttpRequest) -> selectors.QueueFilters:
    def day(name: str) -> dt.date | None:
        raw = request.GET.get(name, "").strip()
        return parse_date(raw) if raw else None

    return selectors.QueueFilters(
        procedure=request.GET.get("thu_tuc", "").strip()[:40],
        state=request.GET.get("tinh_trang", "").strip()[:20],
        due_from=day("han_tu"),
        due_to=day("han_den"),
    )


def _page(request: HttpRequest, qs: Any, total: int) -> tuple[list[Any], int, int]:
    try:
        page = max(1, int(request.GET.get("trang", "1")))
    except ValueError:
        page = 1
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(page, pages)
    start = (page - 1) * PAGE_SIZE
    return selectors.page_rows(qs, start, start + PAGE_SIZE), page, pages


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The officer's queues (tabs with counts), filtered and paginated."""
    user = request_user(request)
    scope = selectors.scope_for(user)
    name = request.GET.get("hang", "")
    if not scope.grants and not user.is_superuser:
        return render(request, "processing/queue.html", {"no_role": True, "queues": []})
    now = timezone.now()
    counts = selectors.queue_counts(user=user, now=now, scope=scope)
    if name not in QUEUES:
        name = next((q for q in QUEUES if counts.get(q)), Queue.MINE)
    filters = _filters(request)
    qs = selectors.queue_steps(user=user, queue=name, filters=filters, now=now, scope=scope)
    total = (
        counts[name]
        if not any((filters.procedure, filters.state, filters.due_from, filters.due_to))
        else qs.count()
    )
    rows, page, pages = _page(request, qs, total)
    threshold = selectors.at_risk_threshold(scope, now)
    return render(
        request,
        "processing/queue.html",
        {
            "queues": [(q, Queue(q).label, counts.get(q, 0)) for q in QUEUES],
            "current": name,
            "rows": rows,
            "total": total,
            "page": page,
            "pages": pages,
            "filters": filters,
            "counts": counts,
            "now": now,
            "threshold": threshold,
            "states": [(s.value, s.label) for s in StepState if s in ACTIVE_STEP_STATES],
            "is_leader": scope.is_leader,
            "is_clerk": bool(scope.clerk_paths),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def agency(request: HttpRequest) -> HttpResponse:
    """The leader's view: every open dossier of the agencies they lead, by due instant."""
    user = request_user(request)
    scope = selectors.scope_for(user)
    if not scope.is_leader:
        raise Http404("leader")
    filters = _filters(request)
    qs = selectors.agency_processes(user=user, filters=filters, scope=scope)
    total = qs.count()
    rows, page, pages = _page(request, qs, total)
    return render(
        request,
        "processing/agency.html",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": pages,
            "filters": filters,
            "now": timezone.now(),
            "states": [(s.value, s.label) for s in (ProcessState.ACTIVE, ProcessState.PAUSED)],
        },
    )


@login_required
def transfers(request: HttpRequest) -> HttpResponse:
    """Accepted dossiers of the officer's desks waiting to be transferred."""
    user = request_user(request)
    rows = list(selectors.transfer_queue(user=user)[:200])
    return render(request, "processing/transfers.html", {"rows": rows})


@login_required
def results(request: HttpRequest) -> HttpResponse:
    """Signed results waiting for the records clerk's number."""
    user = request_user(request)
    rows = list(selectors.results_to_issue(user=user)[:200])
    return render(request, "processing/results.html", {"rows": rows})


def _staff_for(agency: Agency) -> list[User]:
    """Officers who may be given work at ``agency`` (grants on it or above it)."""
    ids = (
        RoleGrant.objects.active()
        .filter(
            agency_id__in=agency.ancestor_ids(),
            role__in=[Role.SPECIALIST, Role.LEADER, Role.CLERK],
        )
        .values_list("user_id", flat=True)
    )
    return list(User.objects.filter(pk__in=ids).order_by("full_name"))


@login_required
def detail(request: HttpRequest, dossier_id: int) -> HttpResponse:
    user = request_user(request)
    process = selectors.process_get_for_user(user=user, dossier_id=dossier_id)
    dossier = process.dossier
    steps = selectors.process_steps(process)
    rights = _Rights(selectors.scope_for(user))
    lead_leader = rights.leader_at(process.agency_id)
    lead_specialist = rights.has(Role.SPECIALIST, process.agency_id)
    now = timezone.now()
    staff_cache: dict[int, list[User]] = {}
    unit_cache: dict[int, list[Unit]] = {}
    step_rows = []
    for step in steps:
        actions: set[str] = set()
        if dossier.status == "processing" and not step.at_desk:
            leader_here = rights.leader_at(step.agency_id)
            working = step.assignee_id == user.pk
            if step.state == StepState.OPEN and rights.can_work(step):
                actions.add("claim")
            if step.state in (StepState.OPEN, StepState.IN_PROGRESS) and leader_here:
                actions.add("assign")
            if step.state == StepState.IN_PROGRESS and (working or leader_here):
                actions |= {"complete", "send_back", "forward"}
            if step.state == StepState.OPEN and leader_here:
                actions |= {"send_back", "forward"}
            if step.state == StepState.IN_PROGRESS and working:
                actions.add("request_approval")
            if (
                step.state == StepState.AWAITING_APPROVAL
                and leader_here
                and (step.approver_id in (None, user.pk))
            ):
                actions |= {"approve", "reject"}
            if step.state in (StepState.WAITING, StepState.OPEN, StepState.IN_PROGRESS) and (
                lead_leader or lead_specialist
            ):
                actions.add("route")
        if actions & {"assign", "forward"} and step.agency_id not in staff_cache:
            staff_cache[step.agency_id] = _staff_for(step.agency)
        if "forward" in actions and step.agency_id not in unit_cache:
            unit_cache[step.agency_id] = list(Unit.objects.filter(agency_id=step.agency_id))
        step_rows.append(
            {
                "step": step,
                "actions": actions,
                "staff": staff_cache.get(step.agency_id, []) if actions else [],
                "units": unit_cache.get(step.agency_id, []) if "forward" in actions else [],
                "verdict": _verdict(step, now),
            }
        )
    result = selectors.process_result(dossier)
    works_here = any(
        s.assignee_id == user.pk and s.agency_id == process.agency_id and s.is_active for s in steps
    )
    return render(
        request,
        "processing/detail.html",
        {
            "process": process,
            "dossier": dossier,
            "steps": step_rows,
            "handovers": selectors.process_handovers(dossier),
            "notices": selectors.process_notices(dossier),
            "result": result,
            "now": now,
            "is_lead_leader": lead_leader,
            "can_prepare": dossier.status == "processing"
            and (lead_leader or works_here)
            and (result is None or result.state == ResultState.DRAFT),
            "can_sign": dossier.status == "processing"
            and lead_leader
            and result is not None
            and result.state == ResultState.DRAFT,
            "can_issue": dossier.status == "processing"
            and result is not None
            and result.state == ResultState.SIGNED
            and rights.has(Role.CLERK, process.agency_id),
            "can_supplement": dossier.status == "processing" and (lead_leader or lead_specialist),
            "can_stop": dossier.status == "processing" and lead_leader,
            "can_extend": dossier.status in ("processing", "supplement_requested") and lead_leader,
            "components": list(dossier.components.all()),
            "agencies": list(
                Agency.objects.filter(valid_to__isnull=True)
                .exclude(pk=process.agency_id)
                .order_by("path")[:300]
            )
            if lead_leader or lead_specialist
            else [],
        },
    )


class _Rights:
    """The user's rights on a dossier page, from the grants read once (no query per step);
    the services check them again under the lock."""

    def __init__(self, scope: selectors.Scope) -> None:
        self.scope = scope
        self.superuser = scope.user.is_superuser
        self._by_role: dict[str, set[int]] = {}
        for grant in scope.grants:
            ids = set(scope.ids_under([grant.agency.path]))
            self._by_role.setdefault(grant.role, set()).update(ids)

    def has(self, role: str, agency_id: int) -> bool:
        return self.superuser or agency_id in self._by_role.get(role, set())

    def leader_at(self, agency_id: int) -> bool:
        return self.has(Role.LEADER, agency_id)

    def can_work(self, step: StepTask) -> bool:
        if self.superuser or self.leader_at(step.agency_id):
            return True
        for grant in self.scope.grants:
            if grant.role != step.role:
                continue
            if step.agency_id not in self.scope.ids_under([grant.agency.path]):
                continue
            if grant.unit_id is not None and step.unit_id not in (None, grant.unit_id):
                continue
            return True
        return False


def _verdict(step: StepTask, now: dt.datetime) -> str:
    """Early / on time / late when done; in time / overdue while open (rule 7)."""
    if step.timeliness:
        return step.timeliness
    if step.due_at is None or step.state in (StepState.WAITING, StepState.CANCELLED):
        return ""
    from motcua.core.clock import classify

    return str(classify(step.due_at, None, now))


def _detail_url(dossier_id: int) -> str:
    return reverse("processing:detail", args=[dossier_id])


def _revision(request: HttpRequest) -> int | None:
    raw = request.POST.get("revision", "")
    return int(raw) if raw.isdigit() else None


def _perform(
    request: HttpRequest, dossier_id: int, work: Callable[[], Any], done: str
) -> HttpResponse:
    try:
        work()
    except DossierConflict as exc:
        messages.error(request, exc.message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền làm việc này."))
    except ValidationError as exc:
        for message in _field_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_detail_url(dossier_id))


def _user_by_id(raw: str) -> User | None:
    return User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None


@login_required
@require_POST
def step_action(request: HttpRequest, step_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    step = selectors.step_get_for_user(user=user, step_id=step_id)
    post = request.POST
    revision = _revision(request)
    note = post.get("note", "")
    common: dict[str, Any] = {"actor": user, "step": step, "expected_revision": revision}
    work: Callable[[], Any]
    if action == "nhan":
        work, done = (lambda: services.step_claim(**common)), _("Đã nhận xử lý bước.")
    elif action == "phan-cong":

        def work() -> Any:
            target = _user_by_id(post.get("assignee", ""))
            if target is None:
                raise ValidationError({"assignee": [_("Chọn cán bộ.")]})
            return services.step_assign(**common, assignee=target, note=note)

        done = _("Đã phân công.")
    elif action == "hoan-thanh":

        def work() -> Any:
            return services.step_complete(**common, note=note, files=request.FILES.getlist("files"))

        done = _("Đã hoàn thành bước và chuyển bước tiếp theo.")
    elif action == "tra-lai":
        work = lambda: services.step_send_back(**common, reason=post.get("reason", ""))  # noqa: E731
        done = _("Đã trả lại bước trước.")
    elif action == "chuyen":

        def work() -> Any:
            unit = None
            if post.get("to_unit", "").isdigit():
                unit = Unit.objects.filter(pk=int(post["to_unit"])).first()
            return services.step_forward(
                **common, to_user=_user_by_id(post.get("to_user", "")), to_unit=unit, note=note
            )

        done = _("Đã chuyển.")
    elif action == "lien-thong":

        def work() -> Any:
            target = Agency.objects.filter(code=post.get("to_agency", "")).first()
            if target is None:
                raise ValidationError({"to_agency": [_("Chọn cơ quan phối hợp.")]})
            budget = None
            if post.get("budget", "").strip():
                try:
                    budget = Decimal(post["budget"].replace(",", "."))
                except InvalidOperation:
                    raise ValidationError(
                        {"budget": [_("Nhập số, ví dụ 1.5 hoặc 0.25.")]}
                    ) from None
            return services.step_route(
                **common,
                to_agency=target,
                budget=budget,
                budget_unit=post.get("budget_unit") or None,
                note=note,
            )

        done = _("Đã chuyển liên thông.")
    elif action == "trinh-duyet":
        work = lambda: services.step_request_approval(  # noqa: E731
            **common, approver=_user_by_id(post.get("approver", "")), note=note
        )
        done = _("Đã trình lãnh đạo duyệt.")
    elif action == "duyet":
        work, done = (lambda: services.step_approve(**common, note=note)), _("Đã duyệt.")
    elif action == "khong-duyet":
        work = lambda: services.step_reject(**common, reason=post.get("reason", ""))  # noqa: E731
        done = _("Đã trả lại người xử lý.")
    else:
        raise Http404("action")
    return _perform(request, step.dossier_id, work, done)


@login_required
@require_POST
def dossier_action(request: HttpRequest, dossier_id: int, action: str) -> HttpResponse:
    user = request_user(request)
    post = request.POST
    revision = _revision(request)
    work: Callable[[], Any]
    if action == "chuyen-xu-ly":
        from motcua.dossiers.selectors import dossier_list_for_staff

        dossier = dossier_list_for_staff(user=user).filter(pk=dossier_id).first()
        if dossier is None:
            raise Http404("dossier")
        try:
            services.processing_start(actor=user, dossier=dossier, expected_revision=revision)
        except (DossierConflict, PermissionDenied, ValidationError) as exc:
            message = getattr(exc, "message", None) or " ".join(
                _field_errors(exc) if isinstance(exc, ValidationError) else [str(exc)]
            )
            messages.error(request, str(message))
            return redirect("processing:transfers")
        messages.success(request, _("Đã chuyển hồ sơ %(code)s đi xử lý.") % {"code": dossier.code})
        return redirect("processing:transfers")
    process = selectors.process_get_for_user(user=user, dossier_id=dossier_id)
    dossier = process.dossier
    common: dict[str, Any] = {"actor": user, "dossier": dossier, "expected_revision": revision}
    if action == "bo-sung":

        def work() -> Any:
            items = []
            for cid in post.getlist("component"):
                reason = post.get(f"reason_{cid}", "")
                if cid.isdigit():
                    items.append(SupplementItem(reason=reason, component_id=int(cid)))
            if post.get("other_name", "").strip():
                items.append(
                    SupplementItem(reason=post.get("other_reason", ""), name=post["other_name"])
                )
            return services.processing_request_supplement(
                **common, items=items, note=post.get("note", ""), reason=post.get("reason", "")
            )

        done = _("Đã gửi yêu cầu bổ sung; thời hạn tạm dừng đến khi có hồ sơ bổ sung.")
    elif action == "dung-xu-ly":
        work = lambda: services.processing_stop(**common, reason=post.get("reason", ""))  # noqa: E731
        done = _("Đã dừng xử lý và thông báo người nộp.")
    elif action == "phieu-04":

        def work() -> Any:
            raw = post.get("new_appointment_at", "")
            moment = parse_datetime(raw) if raw else None
            if moment is None:
                raise ValidationError(
                    {"new_appointment_at": [_("Nhập ngày giờ hẹn mới, ví dụ 20/03/2026 17:00.")]}
                )
            if timezone.is_naive(moment):
                moment = timezone.make_aware(moment)
            return services.delay_notice_issue(
                **common, reason=post.get("reason", ""), new_appointment_at=moment
            )

        done = _("Đã lập Phiếu xin lỗi và hẹn lại ngày trả kết quả, gửi người nộp.")
    elif action == "ket-qua":
        work = lambda: services.result_prepare(  # noqa: E731
            **common,
            title=post.get("title", ""),
            decision_text=post.get("decision_text", ""),
            upload=request.FILES.get("file"),
        )
        done = _("Đã lưu dự thảo kết quả.")
    elif action == "ky":
        work, done = (lambda: services.result_sign_draft(**common)), _("Đã ký số kết quả.")
    elif action == "vao-so":
        work = lambda: services.result_issue(**common, number=post.get("number") or None)  # noqa: E731
        done = _("Đã vào số, ban hành kết quả; hồ sơ đã giải quyết xong.")
    else:
        raise Http404("action")
    return _perform(request, dossier_id, work, done)


def _pdf(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def form05(request: HttpRequest, dossier_id: int) -> HttpResponse:
    from motcua.documents.slips import slip_render

    process = selectors.process_get_for_user(user=request_user(request), dossier_id=dossier_id)
    pdf = slip_render(form="05", context=selectors.form05_context(process))
    return _pdf(pdf, f"phieu-05-{process.dossier.code or dossier_id}.pdf")


@login_required
def form04(request: HttpRequest, dossier_id: int, notice_id: int) -> HttpResponseBase:
    from motcua.documents.services import stored_file_response

    process = selectors.process_get_for_user(user=request_user(request), dossier_id=dossier_id)
    notice = DelayNotice.objects.filter(pk=notice_id, dossier=process.dossier).first()
    if notice is None:
        raise Http404("notice")
    return stored_file_response(notice.file, as_attachment=False)


@login_required
def result_file(request: HttpRequest, dossier_id: int) -> HttpResponseBase:
    from motcua.documents.services import stored_file_response

    process = selectors.process_get_for_user(user=request_user(request), dossier_id=dossier_id)
    result = selectors.process_result(process.dossier)
    if result is None:
        raise Http404("result")
    stored = result.signed.stored_file if result.signed is not None else result.draft_file
    return stored_file_response(stored, as_attachment=False)


@login_required
def step_file(request: HttpRequest, dossier_id: int, file_id: uuid.UUID) -> HttpResponseBase:
    """A file attached to one of the dossier's steps (staff who may see the dossier only)."""
    from motcua.documents.services import stored_file_response
    from motcua.processing.models import StepFile

    process = selectors.process_get_for_user(user=request_user(request), dossier_id=dossier_id)
    attachment = (
        StepFile.objects.select_related("stored_file")
        .filter(step__process=process, stored_file_id=file_id)
        .first()
    )
    if attachment is None:
        raise Http404("file")
    return stored_file_response(attachment.stored_file)
