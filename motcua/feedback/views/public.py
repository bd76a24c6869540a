"""Pages for residents: send feedback, follow it with code and secret, read published answers.

They read through selectors and change through services; none shows the sender's contact.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.feedback import access, selectors, services
from motcua.feedback.codes import format_secret, normalise_code
from motcua.feedback.constants import TRANSITIONS, Status
from motcua.feedback.forms import (
    InfoForm,
    RateForm,
    RepeatForm,
    SearchForm,
    SubmitForm,
    TrackForm,
    errors_to_form,
)
from motcua.feedback.models import Feedback
from motcua.feedback.services import FeedbackConflict
from motcua.organizations.selectors import agency_public_list

_SENT_KEY = "feedback_just_sent"


def _agencies() -> Any:
    return agency_public_list().order_by("path")


def index(request: HttpRequest) -> HttpResponse:
    """Published answers with search, and the ways to send or follow feedback."""
    form = SearchForm(request.GET or None, agencies=_agencies())
    query = agency = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        agency = form.cleaned_data["agency"]
    cases = selectors.feedback_published(query=query, agency_code=agency)
    page = Paginator(cases, 10).get_page(request.GET.get("trang"))
    return render(
        request,
        "feedback/public/index.html",
        {"form": form, "page": page, "query": query, "searched": bool(query or agency)},
    )


def published_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.feedback_published_get(code=code)
    return render(request, "feedback/public/published.html", {"case": case})


def send(request: HttpRequest) -> HttpResponse:
    user = request_user(request) if request.user.is_authenticated else None
    form = SubmitForm(request.POST or None, request.FILES or None, agencies=_agencies(), user=user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            files = data.pop("attachments", [])
            try:
                sent = services.feedback_submit(actor=user, data=data, files=files)
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                access.remember(request, sent.feedback.code, sent.secret)
                request.session[_SENT_KEY] = {
                    "code": sent.feedback.code,
                    "secret": sent.secret_display,
                }
                return redirect("feedback:sent")
        status = 400
    return render(request, "feedback/public/send.html", {"form": form}, status=status)


def sent(request: HttpRequest) -> HttpResponse:
    """The code and the secret, shown once after sending."""
    just_sent = request.session.pop(_SENT_KEY, None)
    if not just_sent:
        return redirect("feedback:track")
    case = Feedback.objects.select_related("agency").get(code=just_sent["code"])
    return render(
        request,
        "feedback/public/sent.html",
        {"code": just_sent["code"], "secret": just_sent["secret"], "case": case},
    )


def track(request: HttpRequest) -> HttpResponse:
    """Open a case with its code and secret."""
    form = TrackForm(request.POST or None, initial={"code": request.GET.get("ma", "")})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            code = normalise_code(form.cleaned_data["code"])
            address = access.client_address(request)
            if not access.attempts_left(code, address):
                form.add_error(
                    None,
                    _("Bạn đã nhập sai quá nhiều lần. Hãy thử lại sau 15 phút."),
                )
            else:
                case = selectors.feedback_for_sender(code=code, secret=form.cleaned_data["secret"])
                if case is None:
                    access.record_failure(code, address)
                    form.add_error(
                        "secret",
                        _("Mã phản ánh hoặc mã bí mật không đúng; kiểm tra lại hai mã đã nhận."),
                    )
                else:
                    access.remember(request, case.code, form.cleaned_data["secret"])
                    return redirect("feedback:track-detail", code=case.code)
        status = 400
    return render(request, "feedback/public/track.html", {"form": form}, status=status)


def _sender_case(request: HttpRequest, code: str) -> tuple[Feedback | None, str | None]:
    secret = access.remembered_secret(request, code)
    user = request_user(request) if request.user.is_authenticated else None
    case = selectors.feedback_for_sender(code=code, secret=secret, user=user)
    return case, secret


def _detail_context(case: Feedback, **forms: Any) -> dict[str, Any]:
    can_rate = case.status in TRANSITIONS["rate"] and not case.rating
    can_repeat = case.status in TRANSITIONS["repeat"] and not case.repeats.exists()
    return {
        "case": case,
        "events": selectors.feedback_events(feedback=case, for_sender=True),
        "can_provide_info": case.status == Status.WAITING_INFO,
        "can_rate": can_rate,
        "can_repeat": can_repeat,
        "repeat": case.repeats.first(),
        "attachments": case.attachments.select_related("file"),
        "info_form": forms.get("info_form") or InfoForm(),
        "repeat_form": forms.get("repeat_form") or RepeatForm(),
        "deadline": selectors.deadline_state(case),
    }


def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    case, _secret = _sender_case(request, code)
    if case is None:
        return redirect(f"{reverse('feedback:track')}?ma={normalise_code(code)}")
    return render(request, "feedback/public/track_detail.html", _detail_context(case))


def _sender_action(request: HttpRequest, code: str, action: str) -> HttpResponse:
    case, secret = _sender_case(request, code)
    if case is None:
        return redirect(f"{reverse('feedback:track')}?ma={normalise_code(code)}")
    user = request_user(request) if request.user.is_authenticated else None
    forms: dict[str, Any] = {}
    form: Form
    try:
        if action == "info":
            form = InfoForm(request.POST, request.FILES)
            forms["info_form"] = form
            if form.is_valid():
                services.feedback_provide_info(
                    feedback=case,
                    reply=form.cleaned_data["reply"],
                    actor=user,
                    secret=secret,
                    files=form.cleaned_data["attachments"],
                )
                messages.success(request, _("Đã gửi thông tin bổ sung; cơ quan tiếp tục xử lý."))
                return redirect("feedback:track-detail", code=case.code)
        elif action == "rate":
            rate = RateForm(request.POST)
            if rate.is_valid():
                services.feedback_rate(
                    feedback=case, rating=rate.cleaned_data["rating"], actor=user, secret=secret
                )
                messages.success(request, _("Cảm ơn bạn đã đánh giá câu trả lời."))
            else:
                messages.error(request, _("Hãy chọn hài lòng hoặc không hài lòng."))
            return redirect("feedback:track-detail", code=case.code)
        else:
            form = RepeatForm(request.POST)
            forms["repeat_form"] = form
            if form.is_valid():
                again = services.feedback_repeat(
                    feedback=case, content=form.cleaned_data["content"], actor=user, secret=secret
                )
                access.remember(request, again.feedback.code, again.secret)
                request.session[_SENT_KEY] = {
                    "code": again.feedback.code,
                    "secret": format_secret(again.secret),
                }
                return redirect("feedback:sent")
    except FeedbackConflict as exc:
        messages.error(request, exc.message)
        return redirect("feedback:track-detail", code=case.code)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("feedback:track-detail", code=case.code)
    except ValidationError as exc:
        errors_to_form(forms.get("info_form") or forms["repeat_form"], exc)
    case.refresh_from_db()
    return render(
        request, "feedback/public/track_detail.html", _detail_context(case, **forms), status=400
    )


@require_POST
def track_info(request: HttpRequest, code: str) -> HttpResponse:
    return _sender_action(request, code, "info")


@require_POST
def track_rate(request: HttpRequest, code: str) -> HttpResponse:
    return _sender_action(request, code, "rate")


@require_POST
def track_repeat(request: HttpRequest, code: str) -> HttpResponse:
    return _sender_action(request, code, "repeat")


def track_attachment(request: HttpRequest, code: str, file_id: uuid.UUID) -> HttpResponseBase:
    """A file the sender attached, for the sender only."""
    case, secret = _sender_case(request, code)
    if case is None:
        raise Http404("feedback")
    user = request_user(request) if request.user.is_authenticated else None
    stored = services.feedback_attachment_open(
        feedback=case, attachment_id=file_id, actor=user, secret=secret
    )
    return stored_file_response(stored)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    cases = selectors.feedback_of_sender(user=request_user(request))
    return render(request, "feedback/public/mine.html", {"cases": cases})
