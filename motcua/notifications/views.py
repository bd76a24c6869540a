"""Staff page: the outbox of the agencies an administrator manages, failures first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.notifications import selectors, services
from motcua.notifications.constants import OutboxStatus


@login_required
def outbox(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not selectors.user_manages_notifications(user=user):
        raise PermissionDenied(_("Trang này dành cho quản trị cơ quan."))
    status = request.GET.get("trang-thai", OutboxStatus.FAILED)
    messages_qs = selectors.outbox_list_for_user(user=user)
    if status in OutboxStatus.values:
        messages_qs = messages_qs.filter(status=status)
    else:
        status = ""
    page = Paginator(messages_qs.order_by("-created_at", "-pk"), 50).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "notifications/outbox.html",
        {
            "page": page,
            "status": status,
            "statuses": OutboxStatus.choices,
            "failed_count": selectors.outbox_failures_for_user(user=user).count(),
        },
    )


@login_required
@require_POST
def resend(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    message = selectors.outbox_get_for_user(user=user, pk=pk)
    try:
        services.notification_resend(actor=user, message=message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Đã đưa thông báo “%(subject)s” gửi tới %(to)s vào hàng đợi gửi lại.")
            % {"subject": message.subject, "to": message.recipient},
        )
    back = request.POST.get("back") or ""
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("notifications:outbox")
    return redirect(back)
