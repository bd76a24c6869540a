"""Public verification of signed results (/xac-thuc/) and the staff pages for agency
certificates and signed results (/can-bo/chung-thu/). Views call selectors and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core.http import request_user
from motcua.documents import selectors, signing
from motcua.documents.forms import (
    CertificateUploadForm,
    NumberForm,
    VerifyCodeForm,
    VerifyUploadForm,
)
from motcua.documents.services import stored_file_response
from motcua.documents.signing_pki import code_normalise
from motcua.organizations.constants import Role
from motcua.organizations.selectors import agency_list_for_user

View = Callable[..., HttpResponseBase]


# --- Public verification -------------------------------------------------------------------------


def verify_home(request: HttpRequest) -> HttpResponse:
    """Upload a PDF to check it, or type the code printed on it."""
    upload_form = VerifyUploadForm()
    code_form = VerifyCodeForm()
    report = None
    status = 200
    if request.method == "POST":
        upload_form = VerifyUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            report = signing.result_verify(upload_form.cleaned_data["pdf"].read())
        else:
            status = 400
    elif request.GET.get("ma"):
        code_form = VerifyCodeForm(request.GET)
        if code_form.is_valid():
            code = code_normalise(code_form.cleaned_data["ma"])
            if code:
                return redirect("documents:verify-result", key=code)
        status = 400
    return render(
        request,
        "documents/verify.html",
        {"upload_form": upload_form, "code_form": code_form, "report": report},
        status=status,
    )


def verify_result(request: HttpRequest, key: str) -> HttpResponse:
    """The page opened from the QR code: the stored result, checked again now."""
    result = selectors.result_public_get(key=key)
    report = signing.result_verify_stored(result)
    return render(
        request,
        "documents/verify.html",
        {
            "upload_form": VerifyUploadForm(),
            "code_form": VerifyCodeForm(initial={"ma": result.code}),
            "report": report,
            "opened_code": result.code,
        },
    )


# --- Staff: certificates --------------------------------------------------------------------------


def _staff(view: View) -> View:
    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request_user(request).is_resident:
            raise PermissionDenied(_("Trang dành cho cán bộ."))
        return view(request, *args, **kwargs)

    return wrapper


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    items = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in items:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@_staff
def certificate_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agencies = selectors.certificate_agencies_for_user(user=user).order_by("path")
    if not agencies.exists():
        raise PermissionDenied(_("Chỉ quản trị cơ quan quản lý chứng thư số."))
    form = CertificateUploadForm(agencies=agencies)
    status = 200
    if request.method == "POST":
        form = CertificateUploadForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            try:
                certificate = signing.certificate_upload(
                    actor=user,
                    agency=form.cleaned_data["agency"],
                    p12_bytes=form.cleaned_data["p12_file"].read(),
                    passphrase=form.cleaned_data["passphrase"],
                )
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã đăng ký chứng thư số của %(agency)s, hiệu lực đến %(to)s.")
                    % {
                        "agency": certificate.agency.name,
                        "to": certificate.valid_to.strftime("%d/%m/%Y"),
                    },
                )
                return redirect("documents-staff:certificates")
        status = 400
    return render(
        request,
        "documents/staff/certificates.html",
        {"form": form, "certificates": selectors.certificate_list_for_user(user=user)},
        status=status,
    )


@_staff
@require_POST
def certificate_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    certificate = selectors.certificate_get_for_user(user=user, pk=pk)
    signing.certificate_deactivate(actor=user, certificate=certificate)
    messages.success(
        request,
        _("Đã ngừng dùng chứng thư %(serial)s; các kết quả đã ký vẫn kiểm tra được.")
        % {"serial": certificate.serial},
    )
    return redirect("documents-staff:certificates")


# --- Staff: signed results ------------------------------------------------------------------------


@_staff
def result_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agencies = selectors.result_agencies_for_user(user=user).order_by("path")
    if not agencies.exists():
        raise PermissionDenied(_("Chỉ lãnh đạo, văn thư hoặc quản trị cơ quan xem kết quả đã ký."))
    query = request.GET.get("q", "").strip()[:60]
    agency = agencies.filter(code=request.GET.get("co_quan", "")).first()
    results = selectors.result_list_for_user(user=user, agency=agency, query=query)
    clerk_agencies = set(
        agency_list_for_user(user=user, roles=[Role.CLERK]).values_list("pk", flat=True)
    )
    return render(
        request,
        "documents/staff/results.html",
        {
            "results": results[:200],
            "count": results.count(),
            "agencies": agencies,
            "agency": agency,
            "q": query,
            "clerk_agencies": clerk_agencies,
            "number_form": NumberForm(),
        },
    )


@_staff
@require_POST
def result_number(request: HttpRequest, pk: str) -> HttpResponse:
    user = request_user(request)
    result = selectors.result_get_for_user(user=user, pk=pk)
    form = NumberForm(request.POST)
    if form.is_valid():
        try:
            result = signing.result_number(
                actor=user, result=result, number=form.cleaned_data["number"] or None
            )
        except ValidationError as exc:
            errors: list[str] = (
                exc.message_dict.get("number", exc.messages)
                if hasattr(exc, "error_dict")
                else list(exc.messages)
            )
            for error in errors:
                messages.error(request, _("Số văn bản: %(e)s") % {"e": error})
        else:
            messages.success(
                request,
                _("Đã vào số %(n)s cho kết quả mã %(c)s.") % {"n": result.number, "c": result.code},
            )
    else:
        for problem in form.errors.get("number", []):
            messages.error(request, _("Số văn bản: %(e)s") % {"e": problem})
    return redirect("documents-staff:results")


@_staff
def result_download(request: HttpRequest, pk: str) -> HttpResponseBase:
    result = selectors.result_get_for_user(user=request_user(request), pk=pk)
    return stored_file_response(result.stored_file)
