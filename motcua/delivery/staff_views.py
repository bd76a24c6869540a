"""Staff pages: results waiting to be returned (/can-bo/tra-ket-qua/) and the tracking book,
form 06 (/can-bo/so-theo-doi/)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.delivery import book, selectors, services
from motcua.delivery.forms import DeliveryForm, DeskReturnForm, PeriodForm, PostForm, this_month
from motcua.dossiers.constants import Status
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import dossier_events


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    for field, items in errors.items():
        for message in items:
            form.add_error(field if field in form.fields else None, message)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agencies = list(selectors.return_desk_agencies(user=user))
    if not agencies:
        return render(request, "delivery/staff/queue.html", {"not_desk": True, "dossiers": []})
    chosen = request.GET.get("co_quan", "")
    agency = next((a for a in agencies if a.code == chosen), None)
    dossiers = list(selectors.return_queue(user=user, agency=agency)[:200])
    return render(
        request,
        "delivery/staff/queue.html",
        {"dossiers": dossiers, "agencies": agencies, "chosen": chosen},
    )


def _detail(
    request: HttpRequest,
    dossier: Dossier,
    *,
    desk_form: DeskReturnForm | None = None,
    post_form: PostForm | None = None,
    delivery_form: DeliveryForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    record = getattr(dossier, "result_return", None)
    can_return = dossier.status == Status.PROCESSED and services.desk_may_return(user, dossier)
    context = {
        "dossier": dossier,
        "record": record,
        "result": services.signed_result_of(dossier),
        "events": dossier_events(dossier=dossier),
        "can_return": can_return,
        "desk_form": desk_form
        or DeskReturnForm(
            initial={
                "revision": dossier.revision,
                "recipient_name": dossier.applicant_name,
                "recipient_id_number": dossier.applicant_id_number,
            }
        ),
        "post_form": post_form or PostForm(initial={"revision": dossier.revision}),
        "delivery_form": delivery_form or DeliveryForm(),
        "can_confirm": record is not None
        and record.mode == "postal"
        and record.delivered_at is None
        and services.desk_may_return(user, dossier),
    }
    return render(request, "delivery/staff/detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_for_return(user=request_user(request), pk=pk)
    return _detail(request, dossier)


@login_required
@require_POST
def return_desk(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    dossier = selectors.dossier_for_return(user=user, pk=pk)
    form = DeskReturnForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.result_return_at_desk(
                actor=user,
                dossier=dossier,
                recipient_name=data["recipient_name"],
                recipient_relation=data["recipient_relation"],
                recipient_id_number=data["recipient_id_number"],
                authorisation=data["authorisation"],
                papers=data["papers"],
                revision=data.get("revision"),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except DossierConflict as exc:
            messages.error(request, exc.message)
            return redirect("delivery_staff:detail", pk=pk)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
            return redirect("delivery_staff:detail", pk=pk)
        else:
            messages.success(request, _("Đã trả kết quả và ghi vào sổ theo dõi hồ sơ."))
            return redirect("delivery_staff:detail", pk=pk)
    return _detail(request, dossier, desk_form=form, status=400)


@login_required
@require_POST
def return_post(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    dossier = selectors.dossier_for_return(user=user, pk=pk)
    form = PostForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.result_send_by_post(
                actor=user,
                dossier=dossier,
                postal_service=data["postal_service"],
                tracking_number=data["tracking_number"],
                sent_at=data.get("sent_at"),
                revision=data.get("revision"),
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except (DossierConflict, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
            return redirect("delivery_staff:detail", pk=pk)
        else:
            messages.success(request, _("Đã ghi nhận gửi kết quả qua bưu chính."))
            return redirect("delivery_staff:detail", pk=pk)
    return _detail(request, dossier, post_form=form, status=400)


@login_required
@require_POST
def delivered(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    dossier = selectors.dossier_for_return(user=user, pk=pk)
    form = DeliveryForm(request.POST)
    if form.is_valid():
        try:
            services.result_delivery_confirm(
                actor=user,
                dossier=dossier,
                delivered_at=form.cleaned_data["delivered_at"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _errors_to_form(form, exc)
        except (DossierConflict, PermissionDenied) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
            return redirect("delivery_staff:detail", pk=pk)
        else:
            messages.success(request, _("Đã lưu xác nhận phát của bưu chính."))
            return redirect("delivery_staff:detail", pk=pk)
    return _detail(request, dossier, delivery_form=form, status=400)


def result_file_response(found: services.ResultFile) -> FileResponse:
    from motcua.documents.services import stored_file_response

    response = stored_file_response(found.result.stored_file)
    response["Content-Disposition"] = (
        f'attachment; filename="ket-qua-{found.dossier.code or found.dossier.pk}.pdf"'
    )
    return response


@login_required
def result_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request_user(request)
    dossier = selectors.dossier_for_return(user=user, pk=pk)
    try:
        found = services.result_download(user=user, dossier=dossier)
    except DossierConflict as exc:
        raise Http404(exc.message) from None
    return result_file_response(found)


# --- Form 06 ---------------------------------------------------------------------------------


def _period(request: HttpRequest) -> tuple[PeriodForm, list[Any]]:
    agencies = list(selectors.book_agencies(user=request_user(request)))
    if not agencies:
        raise Http404("book")
    start, end = this_month()
    data = request.GET if "tu" in request.GET else None
    form = PeriodForm(
        data,
        agencies=agencies,
        initial={"co_quan": agencies[0].code, "tu": start, "den": end},
    )
    return form, agencies


@login_required
def book_page(request: HttpRequest) -> HttpResponse:
    form, agencies = _period(request)
    rows: list[selectors.BookRow] = []
    chosen = None
    if form.is_bound and form.is_valid():
        chosen = selectors.book_agency(
            user=request_user(request), code=form.cleaned_data["co_quan"]
        )
        rows = selectors.tracking_book(
            user=request_user(request),
            agency=chosen,
            start=form.cleaned_data["tu"],
            end=form.cleaned_data["den"],
        )
    return render(
        request,
        "delivery/staff/book.html",
        {"form": form, "rows": rows, "agency": chosen, "query": request.GET.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


def _book_export(request: HttpRequest) -> tuple[Any, Any, Any, list[selectors.BookRow]]:
    form, _agencies = _period(request)
    if not form.is_bound or not form.is_valid():
        raise Http404("period")
    user = request_user(request)
    agency = selectors.book_agency(user=user, code=form.cleaned_data["co_quan"])
    start, end = form.cleaned_data["tu"], form.cleaned_data["den"]
    return (
        agency,
        start,
        end,
        selectors.tracking_book(user=user, agency=agency, start=start, end=end),
    )


@login_required
def book_pdf(request: HttpRequest) -> HttpResponse:
    agency, start, end, rows = _book_export(request)
    content = book.book_pdf(agency=agency, start=start, end=end, rows=rows)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{book.book_filename(agency, start, end, "pdf")}"'
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def book_xlsx(request: HttpRequest) -> FileResponse:
    agency, start, end, rows = _book_export(request)
    response = FileResponse(
        book.book_xlsx(agency=agency, start=start, end=end, rows=rows),
        as_attachment=True,
        filename=book.book_filename(agency, start, end, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Cache-Control"] = "private, no-store"
    return response
