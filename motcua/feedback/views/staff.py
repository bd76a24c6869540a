"""Staff pages: queues with counts, the case page with its timeline and actions, indicators.

Every case is fetched through :func:`selectors.feedback_get_for_user`, so a case of another
agency answers 404; every change goes through a service.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms as djforms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.feedback import selectors, services
from motcua.feedback.constants import Queue
from motcua.feedback.forms import (
    AnswerForm,
    AssignForm,
    IndicatorForm,
    PublishForm,
    ReclassifyForm,
    RefuseForm,
    RequestInfoForm,
    TransferForm,
    default_period,
    errors_to_form,
)
from motcua.feedback.models import Feedback
from motcua.feedback.redaction import redact
from motcua.feedback.services import FeedbackConflict
from motcua.organizations.models import Agency

# Vietnamese unaccented slugs of the queues in addresses.
QUEUE_SLUGS: dict[str, str] = {
    "moi": Queue.NEW,
    "dang-xu-ly": Queue.ASSIGNED,
    "sap-den-han": Queue.AT_RISK,
    "qua-han": Queue.OVERDUE,
    "cho-bo-sung": Queue.WAITING,
    "cho-cong-khai": Queue.AWAITING_PUBLICATION,
    "tat-ca": Queue.ALL,
}
SLUG_OF = {v: k for k, v in QUEUE_SLUGS.items()}


def _staff(request: HttpRequest) -> User:
    """Staff accounts see their (possibly empty) queues; residents have no staff pages."""
    user = request_user(request)
    if user.is_resident and not selectors.user_is_feedback_staff(user=user):
        raise Http404("feedback staff")
    return user


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    slug = request.GET.get("hang", "moi")
    current = QUEUE_SLUGS.get(slug, Queue.NEW)
    query = request.GET.get("q", "").strip()[:100]
    now = timezone.now()
    cases = selectors.feedback_queue(user=user, queue=current, query=query, now=now)
    page = Paginator(cases, 25).get_page(request.GET.get("trang"))
    rows = selectors.deadline_states(page, now=now)
    counts = selectors.feedback_queue_counts(user=user, now=now)
    tabs = [
        {
            "slug": SLUG_OF[q.value],
            "label": q.label,
            "count": counts[q.value],
            "active": q == current,
        }
        for q in Queue
    ]
    return render(
        request,
        "feedback/staff/queue.html",
        {
            "tabs": tabs,
            "current": Queue(current),
            "slug": SLUG_OF[current],
            "page": page,
            "rows": rows,
            "query": query,
        },
    )


def _case_context(
    request: HttpRequest, case: Feedback, bound: dict[str, djforms.Form] | None = None
) -> dict[str, Any]:
    user = request_user(request)
    perms = selectors.case_permissions(user=user, feedback=case)
    version = {"version": case.version}
    officers = selectors.handling_officers(agency=case.agency)
    names = [case.sender_name]
    suggestion = {
        "public_title": case.public_title or redact(case.title, names=names).text,
        "public_content": case.public_content or redact(case.content, names=names).text,
        "public_answer": case.public_answer or redact(case.answer, names=names).text,
    }
    auto_hidden = sum(
        redact(text, names=names).total for text in (case.title, case.content, case.answer)
    )
    forms: dict[str, djforms.Form] = {
        "assign_form": AssignForm(initial=version, officers=officers),
        "transfer_form": TransferForm(
            initial=version, agencies=selectors.transfer_targets(exclude=case.agency)
        ),
        "info_form": RequestInfoForm(initial=version),
        "refuse_form": RefuseForm(initial=version),
        "answer_form": AnswerForm(initial=version),
        "publish_form": PublishForm(initial={**version, **suggestion}),
        "reclassify_form": ReclassifyForm(initial={**version, "category": case.category}),
    }
    forms.update(bound or {})
    actions = {
        name: perms.can(name, case.status)
        for name in (
            "assign",
            "transfer",
            "request_info",
            "refuse",
            "answer",
            "publish",
            "reclassify",
        )
    }
    if case.info_requested_at is not None:
        actions["request_info"] = False
    return {
        "case": case,
        "perms": perms,
        "actions": actions,
        "any_action": any(actions.values()),
        "deadline": selectors.deadline_state(case),
        "events": selectors.feedback_events(feedback=case, for_sender=False),
        "repeats": case.repeats.all(),
        "attachments": case.attachments.select_related("file"),
        "auto_hidden": auto_hidden,
        "open_form": next(iter(bound)) if bound else "",
        **forms,
    }


@login_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.feedback_get_for_user(user=_staff(request), code=code)
    return render(request, "feedback/staff/case.html", _case_context(request, case))


@login_required
def attachment(request: HttpRequest, code: str, file_id: uuid.UUID) -> HttpResponseBase:
    """An attached file for the handling agency's staff (each view audited)."""
    user = _staff(request)
    case = selectors.feedback_get_for_user(user=user, code=code)
    stored = services.feedback_attachment_open(feedback=case, attachment_id=file_id, actor=user)
    return stored_file_response(stored)


@login_required
@require_POST
def contact(request: HttpRequest, code: str) -> HttpResponse:
    """Reveal the sender's contact (audited), as a fragment for HTMX or in the page."""
    user = _staff(request)
    case = selectors.feedback_get_for_user(user=user, code=code)
    shown = services.feedback_contact_view(actor=user, feedback=case)
    if request.headers.get("HX-Request"):
        return render(request, "feedback/staff/_contact.html", {"contact": shown, "case": case})
    context = _case_context(request, case)
    context["contact"] = shown
    return render(request, "feedback/staff/case.html", context)


def _act(
    request: HttpRequest,
    code: str,
    form_name: str,
    make_form: Callable[[Feedback], djforms.Form],
    run: Callable[[User, Feedback, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    user = _staff(request)
    case = selectors.feedback_get_for_user(user=user, code=code)
    form = make_form(case)
    if form.is_valid():
        try:
            run(user, case, form.cleaned_data)
        except FeedbackConflict as exc:
            messages.error(request, exc.message)
            return redirect("feedback_staff:case", code=case.code)
        except PermissionDenied as exc:
            messages.error(request, str(exc) or _("Bạn không có quyền làm việc này."))
            return redirect("feedback_staff:case", code=case.code)
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, done)
            return redirect("feedback_staff:case", code=case.code)
    case.refresh_from_db()
    context = _case_context(request, case, {form_name: form})
    return render(request, "feedback/staff/case.html", context, status=400)


def _version(data: dict[str, Any]) -> int | None:
    value = data.get("version")
    return int(value) if value else None


@login_required
@require_POST
def assign(request: HttpRequest, code: str) -> HttpResponse:
    def run(user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        person = None
        if data["assignee"]:
            person = (
                selectors.handling_officers(agency=case.agency)
                .filter(username=data["assignee"])
                .first()
            )
            if person is None:
                raise ValidationError({"assignee": [_("Hãy chọn cán bộ trong danh sách.")]})
        return services.feedback_assign(
            actor=user, feedback=case, assignee=person, expected_version=_version(data)
        )

    return _act(
        request,
        code,
        "assign_form",
        lambda case: AssignForm(
            request.POST, officers=selectors.handling_officers(agency=case.agency)
        ),
        run,
        _("Đã nhận xử lý phản ánh."),
    )


@login_required
@require_POST
def transfer(request: HttpRequest, code: str) -> HttpResponse:
    def run(user: User, case: Feedback, data: dict[str, Any]) -> Feedback:
        target = Agency.objects.get(code=data["agency"])
        return services.feedback_transfer(
            actor=user,
            feedback=case,
            to_agency=target,
            reason=data["reason"],
            expected_version=_version(data),
        )

    return _act(
        request,
        code,
        "transfer_form",
        lambda case: TransferForm(
            request.POST, agencies=selectors.transfer_targets(exclude=case.agency)
        ),
        run,
        _("Đã chuyển phản ánh đến cơ quan khác."),
    )


@login_required
@require_POST
def request_info(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        "info_form",
        lambda case: RequestInfoForm(request.POST),
        lambda user, case, data: services.feedback_request_info(
            actor=user,
            feedback=case,
            question=data["question"],
            expected_version=_version(data),
        ),
        _("Đã gửi yêu cầu bổ sung; hạn trả lời tạm dừng đến khi người gửi bổ sung."),
    )


@login_required
@require_POST
def refuse(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        "refuse_form",
        lambda case: RefuseForm(request.POST),
        lambda user, case, data: services.feedback_refuse(
            actor=user,
            feedback=case,
            reason=data["reason"],
            note=data["note"],
            expected_version=_version(data),
        ),
        _("Đã từ chối phản ánh và báo cho người gửi."),
    )


@login_required
@require_POST
def answer(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        "answer_form",
        lambda case: AnswerForm(request.POST),
        lambda user, case, data: services.feedback_answer(
            actor=user, feedback=case, answer=data["answer"], expected_version=_version(data)
        ),
        _("Đã trả lời người gửi. Hãy rà soát bản công khai và công khai trong 2 ngày làm việc."),
    )


@login_required
@require_POST
def publish(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        "publish_form",
        lambda case: PublishForm(request.POST),
        lambda user, case, data: services.feedback_publish(
            actor=user,
            feedback=case,
            public_title=data["public_title"],
            public_content=data["public_content"],
            public_answer=data["public_answer"],
            expected_version=_version(data),
        ),
        _("Đã công khai câu trả lời."),
    )


@login_required
@require_POST
def reclassify(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        "reclassify_form",
        lambda case: ReclassifyForm(request.POST),
        lambda user, case, data: services.feedback_reclassify(
            actor=user,
            feedback=case,
            category=data["category"],
            note=data["note"],
            expected_version=_version(data),
        ),
        _("Đã phân loại lại phản ánh."),
    )


@login_required
def indicators(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    agencies = selectors.indicator_agencies(user=user)
    start, end = default_period()
    first = agencies.first()
    initial = {"agency": first.code if first else "", "start": start, "end": end}
    form = IndicatorForm(request.GET or None, initial=initial, agencies=agencies)
    result = None
    children: list[Any] = []
    if request.GET and form.is_valid():
        data = form.cleaned_data
        agency, start, end = agencies.get(code=data["agency"]), data["start"], data["end"]
    elif request.GET:
        agency = None
    else:
        agency = first
    if agency is not None:
        period = (start, end)
        result = selectors.feedback_indicators(user=user, agency=agency, period=period)
        children = [
            selectors.feedback_indicators(user=user, agency=child, period=period)
            for child in agency.children.order_by("path")
        ]
    status = 400 if request.GET and not form.is_valid() else 200
    return render(
        request,
        "feedback/staff/indicators.html",
        {"form": form, "result": result, "children": children},
        status=status,
    )
