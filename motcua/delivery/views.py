"""Resident pages: download the signed result, rate the handling (from "my dossiers" or from
the tracking page with the secret)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.delivery import selectors, services
from motcua.delivery.forms import RatingForm
from motcua.delivery.staff_views import result_file_response
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.ratelimit import client_address, hit

#: Session key of the errors and input of a rating form that was refused, shown once.
RATING_STATE = "delivery_rating_form"


@login_required
def mine_result(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The owner's signed result; the first download records the electronic return."""
    user = request_user(request)
    dossier = selectors.dossier_for_owner(user=user, pk=pk)
    try:
        found = services.result_download(user=user, dossier=dossier)
    except DossierConflict as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:mine-detail", pk=pk)
    return result_file_response(found)


def _rate(request: HttpRequest, dossier: Dossier, *, secret: str | None, back: str) -> HttpResponse:
    form = RatingForm(request.POST)
    user = request_user(request) if request.user.is_authenticated else None
    if form.is_valid():
        data = form.cleaned_data
        try:
            rated = services.rating_submit(
                dossier=dossier,
                actor=user,
                secret=secret,
                value=data["value"],
                comment=data["comment"],
                complaint=data["complaint"],
                complaint_text=data["complaint_text"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            request.session[RATING_STATE] = {"errors": errors, "data": request.POST.dict()}
        except (DossierConflict, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá."))
            if rated.feedback_code:
                messages.info(
                    request,
                    _(
                        "Đã gửi phản ánh mã %(code)s. Mã bí mật để theo dõi: %(secret)s — hãy "
                        "ghi lại, mã này chỉ hiện một lần."
                    )
                    % {"code": rated.feedback_code, "secret": rated.feedback_secret},
                )
    else:
        request.session[RATING_STATE] = {
            "errors": {k: list(v) for k, v in form.errors.items()},
            "data": request.POST.dict(),
        }
    return redirect(back)


@login_required
@require_POST
def mine_rate(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_owner(user=request_user(request), pk=pk)
    back = reverse("dossiers:mine-detail", args=[pk]) + "#danh-gia"
    return _rate(request, dossier, secret=None, back=back)


@require_POST
def track_rate(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("ma", "").strip()[:40]
    secret = request.POST.get("khoa", "").strip()[:32]
    # Same budget as the tracking page: a wrong secret here must not be a faster oracle.
    allowed, retry_after = hit(
        scope="track", key=client_address(request), limit=settings.MOTCUA_TRACKING_RATE_PER_MINUTE
    )
    if not allowed:
        messages.error(
            request,
            _("Bạn thao tác quá nhiều lần trong một phút. Vui lòng thử lại sau %(s)s giây.")
            % {"s": retry_after},
        )
        return redirect(reverse("dossiers:track") + "?" + urlencode({"ma": code}))
    try:
        dossier = selectors.dossier_for_secret(code=code, secret=secret)
    except Http404:
        messages.error(request, _("Mã hồ sơ hoặc mã tra cứu không đúng."))
        return redirect(reverse("dossiers:track") + "?" + urlencode({"ma": code}))
    back = reverse("dossiers:track") + "?" + urlencode({"ma": code, "khoa": secret}) + "#danh-gia"
    return _rate(request, dossier, secret=secret, back=back)
