"""Staff pages under /can-bo/thu-phi/: taking fees at the desk, refunds, collections with
their chart and spreadsheet, reconciliation of bank statements, collecting accounts,
payment requirements and the gateway log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalog.models import Procedure
from motcua.catalog.selectors import user_can_edit_catalog
from motcua.core.http import request_user
from motcua.documents.services import stored_file_response
from motcua.organizations.constants import Role
from motcua.organizations.selectors import agency_get_for_user, agency_list_for_user
from motcua.payments import selectors, services
from motcua.payments.collections import collection_payments, collections_compute, collections_xlsx
from motcua.payments.constants import LineStatus
from motcua.payments.forms import (
    BankAccountForm,
    CollectionsForm,
    DeskPaymentForm,
    LineRefundForm,
    RefundForm,
    RequirementForm,
    StatementForm,
)
from motcua.payments.models import StatementLine
from motcua.payments.receipts import receipt_pdf_ensure


def _roles(request: HttpRequest) -> dict[str, bool]:
    user = request_user(request)
    return {
        "can_desk": agency_list_for_user(user=user, roles=[Role.DESK_OFFICER]).exists(),
        "can_report": selectors.report_agencies(user=user).exists(),
        "can_reconcile": agency_list_for_user(user=user, roles=selectors.FINANCE_ROLES).exists(),
        "can_accounts": agency_list_for_user(user=user, roles=[Role.ADMIN]).exists(),
        "can_requirements": user_can_edit_catalog(user=user),
    }


@login_required
def home(request: HttpRequest) -> HttpResponseBase:
    roles = _roles(request)
    if not any(roles.values()):
        raise PermissionDenied(_("Trang thu phí dành cho cán bộ một cửa, lãnh đạo và quản trị."))
    code = request.GET.get("ma", "").strip()
    if code:
        try:
            selectors.dossier_for_staff(user=request_user(request), code=code)
        except Http404:
            messages.error(
                request,
                _(
                    "Không tìm thấy hồ sơ “%(c)s” trong các cơ quan của bạn. Kiểm tra lại mã hồ "
                    "sơ (dạng 000.00.07.H26-230519-0001)."
                )
                % {"c": code[:40]},
            )
        else:
            return redirect("payments_staff:dossier", code=code.upper())
    return render(request, "payments/staff/home.html", {**roles, "code": code, "section": "home"})


# --- Taking fees at the desk ----------------------------------------------------------------


def _desk_context(request: HttpRequest, dossier: Any, **extra: Any) -> dict[str, Any]:
    user = request_user(request)
    state = selectors.dossier_payment_status(dossier)
    return {
        "dossier": dossier,
        "state": state,
        "owed": state["required"] - state["paid"],
        "breakdown": selectors.dossier_fee_breakdown(dossier),
        "payments": list(selectors.dossier_payments(dossier=dossier)),
        "can_take": services.has_role(user, [Role.DESK_OFFICER], dossier.receiving_agency),
        "can_refund": services.has_role(user, services.FINANCE_ROLES, dossier.receiving_agency),
        "payment_block": selectors.dossier_payment_blocks(dossier, None),
        "section": "home",
        **extra,
    }


@login_required
def dossier_desk(request: HttpRequest, code: str) -> HttpResponseBase:
    user = request_user(request)
    dossier = selectors.dossier_for_staff(user=user, code=code)
    status = 200
    form = DeskPaymentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                payment = services.payment_take_at_desk(
                    actor=user,
                    dossier=dossier,
                    method=form.cleaned_data["method"],
                    amount=form.cleaned_data["amount"],
                    card_reference=form.cleaned_data["card_reference"],
                    payer_name=form.cleaned_data["payer_name"],
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(
                    request,
                    _("Đã thu %(a)s đồng, biên lai số %(n)s.")
                    % {"a": f"{payment.amount:,}".replace(",", "."), "n": payment.receipt.label},
                )
                return redirect("payments_staff:dossier", code=dossier.code)
        status = 400
    return render(
        request,
        "payments/staff/dossier.html",
        _desk_context(request, dossier, form=form),
        status=status,
    )


@login_required
@require_POST
def refund(request: HttpRequest, code: str, payment_id: int) -> HttpResponseBase:
    user = request_user(request)
    dossier = selectors.dossier_for_staff(user=user, code=code)
    payment = selectors.payment_for_staff(user=user, pk=payment_id)
    if payment.dossier_id != dossier.pk:
        raise Http404("payment")
    form = RefundForm(request.POST)
    if form.is_valid():
        try:
            services.payment_refund(actor=user, payment=payment, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã ghi nhận hoàn trả."))
            return redirect("payments_staff:dossier", code=dossier.code)
    context = _desk_context(
        request, dossier, form=DeskPaymentForm(), refund_form=form, refund_payment=payment.pk
    )
    return render(request, "payments/staff/dossier.html", context, status=400)


@login_required
def receipt_download(request: HttpRequest, receipt_id: int) -> HttpResponseBase:
    receipt = selectors.receipt_for_staff(user=request_user(request), receipt_id=receipt_id)
    return stored_file_response(receipt_pdf_ensure(receipt_id=receipt.pk))


# --- Collections --------------------------------------------------------------------------------


def _collections(request: HttpRequest) -> tuple[CollectionsForm, Any]:
    user = request_user(request)
    agencies = list(selectors.report_agencies(user=user)[:300])
    if not agencies:
        raise PermissionDenied(_("Chỉ lãnh đạo, quản trị và giám sát xem được số thu."))
    choices = [(a.code, a.name) for a in agencies]
    data = request.GET if request.GET.get("agency") else CollectionsForm.defaults(agencies[0].code)
    form = CollectionsForm(data, agencies=choices)
    if not form.is_valid():
        return form, None
    agency = selectors.report_agency(user=user, code=form.cleaned_data["agency"])
    result = collections_compute(
        agency=agency,
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        group=form.cleaned_data["group"],
    )
    return form, result


@login_required
def collections(request: HttpRequest) -> HttpResponse:
    form, result = _collections(request)
    indicators = None
    if result is not None:
        indicators = selectors.online_payment_indicators(
            user=request_user(request), agency=result.agency, start=result.start, end=result.end
        )
    return render(
        request,
        "payments/staff/collections.html",
        {
            "form": form,
            "result": result,
            "indicators": indicators,
            "section": "collections",
            "chart": result.chart if result else None,
            "query": request.GET.urlencode(),
        },
        status=200 if result is not None else 400,
    )


@login_required
def collections_export(request: HttpRequest) -> HttpResponse:
    form, result = _collections(request)
    if result is None:
        return collections(request)
    content = collections_xlsx(
        result, collection_payments(agency=result.agency, start=result.start, end=result.end)
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"so-thu-{result.agency.code}-{result.start:%Y%m%d}-{result.end:%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- Reconciliation ------------------------------------------------------------------------------


@login_required
def statements(request: HttpRequest) -> HttpResponseBase:
    user = request_user(request)
    agencies = list(
        agency_list_for_user(user=user, roles=selectors.FINANCE_ROLES).order_by("path")[:300]
    )
    if not agencies:
        raise PermissionDenied(_("Chỉ lãnh đạo hoặc quản trị được đối soát sao kê."))
    choices = [(a.code, a.name) for a in agencies]
    form = StatementForm(request.POST or None, request.FILES or None, agencies=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            agency = next(a for a in agencies if a.code == form.cleaned_data["agency"])
            try:
                statement = services.statement_upload(
                    actor=user, agency=agency, upload=form.cleaned_data["file"]
                )
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                return redirect("payments_staff:statement", pk=statement.pk)
        status = 400
    page = Paginator(selectors.statements_for(user=user), 20).get_page(request.GET.get("trang"))
    return render(
        request,
        "payments/staff/statements.html",
        {"form": form, "page": page, "section": "statements"},
        status=status,
    )


@login_required
def statement(request: HttpRequest, pk: int) -> HttpResponse:
    statement = selectors.statement_get(user=request_user(request), pk=pk)
    status = request.GET.get("ket-qua", "")
    if status not in LineStatus.values:
        status = ""
    context = {
        "statement": statement,
        "lines": list(selectors.statement_lines(statement=statement, status=status)[:1000]),
        "filter": status,
        "statuses": [s for s in LineStatus if s != LineStatus.PENDING],
        "section": "statements",
        "can_refund": services.has_role(
            request_user(request), services.FINANCE_ROLES, statement.agency
        ),
    }
    if request.headers.get("HX-Request"):
        return render(request, "payments/staff/_statement.html", context)
    return render(request, "payments/staff/statement.html", context)


@login_required
@require_POST
def line_refund(request: HttpRequest, line_id: int) -> HttpResponseBase:
    user = request_user(request)
    line = StatementLine.objects.filter(
        pk=line_id, statement__in=selectors.statements_for(user=user)
    ).first()
    if line is None:
        raise Http404("line")
    form = LineRefundForm(request.POST)
    if form.is_valid():
        try:
            services.statement_line_refund(actor=user, line=line, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request, _("Đã ghi nhận hoàn trả khoản chuyển dòng %(r)s.") % {"r": line.row}
            )
    else:
        messages.error(request, _("Ghi lý do hoàn trả (ví dụ: chuyển trùng)."))
    return redirect("payments_staff:statement", pk=line.statement_id)


# --- Settings -------------------------------------------------------------------------------------


@login_required
def bank_accounts(request: HttpRequest) -> HttpResponse:
    rows = selectors.bank_accounts_for(user=request_user(request))
    if not rows:
        raise PermissionDenied(_("Chỉ quản trị cơ quan khai báo được tài khoản thu."))
    return render(request, "payments/staff/accounts.html", {"rows": rows, "section": "accounts"})


@login_required
def bank_account_edit(request: HttpRequest, agency_code: str) -> HttpResponseBase:
    user = request_user(request)
    agency = agency_get_for_user(user=user, code=agency_code, manage=True)
    account = getattr(agency, "bank_account", None)
    initial = {k: getattr(account, k) for k in BankAccountForm.base_fields} if account else None
    form = BankAccountForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.bank_account_set(actor=user, agency=agency, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Đã lưu tài khoản thu của %(a)s.") % {"a": agency.name})
                return redirect("payments_staff:accounts")
        status = 400
    return render(
        request,
        "payments/staff/account_form.html",
        {"form": form, "agency": agency, "section": "accounts"},
        status=status,
    )


@login_required
def requirements(request: HttpRequest) -> HttpResponseBase:
    user = request_user(request)
    if not user_can_edit_catalog(user=user):
        raise PermissionDenied(
            _("Chỉ cán bộ cải cách hành chính hoặc quản trị đặt được yêu cầu nộp phí.")
        )
    form = RequirementForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            procedure = Procedure.objects.filter(code=form.cleaned_data["procedure"]).first()
            if procedure is None:
                form.add_error(
                    "procedure",
                    _("Không có thủ tục mã này trong danh mục. Kiểm tra lại mã dạng N.NNNNNN."),
                )
            else:
                try:
                    services.payment_requirement_set(
                        actor=user,
                        procedure=procedure,
                        before_step=form.cleaned_data["before_step"],
                        online_payment_enabled=form.cleaned_data["online_payment_enabled"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as exc:
                    form.add_service_errors(exc)
                else:
                    messages.success(
                        request,
                        _("Đã lưu yêu cầu nộp phí của thủ tục %(c)s.") % {"c": procedure.code},
                    )
                    return redirect("payments_staff:requirements")
        status = 400
    return render(
        request,
        "payments/staff/requirements.html",
        {"form": form, "rows": selectors.requirements_list(), "section": "requirements"},
        status=status,
    )


@login_required
def callback_logs(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not (
        user.is_superuser or agency_list_for_user(user=user, roles=selectors.FINANCE_ROLES).exists()
    ):
        raise PermissionDenied(_("Chỉ lãnh đạo hoặc quản trị xem được nhật ký cổng thanh toán."))
    page = Paginator(selectors.callback_logs_for(user=user), 50).get_page(request.GET.get("trang"))
    return render(request, "payments/staff/logs.html", {"page": page, "section": "logs"})
