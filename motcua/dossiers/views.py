"""Resident pages: file online (draft → declaration → documents → review → submit), "my
dossiers", and the public tracking page. Reads go through selectors, changes through services.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalog.eform import eform_fields
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import SearchFilters, procedure_search
from motcua.core.http import request_user
from motcua.dossiers import selectors, services
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.forms import ApplicantForm, StartForm, UploadForm
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.ratelimit import client_address, hit
from motcua.dossiers.slips import available_slips, dossier_slip_pdf, slip_filename
from motcua.organizations.models import Agency

EFORM_PREFIX = "ef_"


def _eform_input(request: HttpRequest) -> dict[str, Any]:
    return {
        k.removeprefix(EFORM_PREFIX): v
        for k, v in request.POST.items()
        if k.startswith(EFORM_PREFIX)
    }


def _version_or_404(code: str) -> ProcedureVersion:
    version = selectors.version_for_filing(code=code)
    if version is None:
        raise Http404("procedure")
    return version


def _online_agencies(version: ProcedureVersion) -> list[Agency]:
    from motcua.catalog.selectors import procedure_agencies

    return [
        a.agency
        for a in procedure_agencies(procedure=version.procedure)
        if not a.channels or int(Channel.ONLINE) in [int(c) for c in a.channels]
    ]


def _default_agency(user: Any, agencies: list[Agency]) -> Agency | None:
    """The resident's ward: from their address, else where they filed last."""
    address = (getattr(user, "address", "") or "").lower()
    for agency in agencies:
        name = (agency.short_name or agency.name).lower()
        for prefix in ("phường ", "xã ", "thị trấn "):
            name = name.removeprefix(prefix)
        if address and name and name in address:
            return agency
    last = (
        selectors.dossier_list_for_applicant(user=user)
        .values_list("receiving_agency_id", flat=True)
        .first()
    )
    for agency in agencies:
        if agency.pk == last:
            return agency
    return agencies[0] if agencies else None


def _is_support_member(user: Any) -> bool:
    return services.is_support_member(user)


def _service_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    return {"__all__": [str(m) for m in exc.messages]}


# --- Choosing a procedure and starting ---------------------------------------------------------


@login_required
def start_pick(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    versions = [
        v
        for v in procedure_search(filters=SearchFilters(query=query))[:200]
        if int(Channel.ONLINE) in [int(c) for c in (v.channels or [])]
    ]
    return render(request, "dossiers/start_pick.html", {"versions": versions[:60], "q": query})


@login_required
def start(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    version = _version_or_404(code)
    if int(Channel.ONLINE) not in [int(c) for c in (version.channels or [])]:
        messages.error(request, _("Thủ tục này chưa nhận hồ sơ trực tuyến."))
        return redirect("catalog:detail", code=code)
    agencies = _online_agencies(version)
    support = _is_support_member(user)
    if not (user.is_resident or support):
        raise PermissionDenied(
            _("Tài khoản cán bộ không nộp hồ sơ trực tuyến; hãy dùng màn hình tiếp nhận.")
        )
    choices = [(a.code, a.name) for a in agencies]
    default = _default_agency(user, agencies)
    on_behalf = support and not user.is_resident
    if request.method == "POST":
        form = StartForm(request.POST, agencies=choices)
        applicant_form = ApplicantForm(request.POST, prefix="a") if on_behalf else None
        if form.is_valid() and (applicant_form is None or applicant_form.is_valid()):
            agency = next(a for a in agencies if a.code == form.cleaned_data["agency"])
            try:
                dossier = services.dossier_draft_create(
                    actor=user,
                    version=version,
                    agency=agency,
                    applicant=applicant_form.applicant() if applicant_form else None,
                    on_behalf=on_behalf,
                )
            except ValidationError as exc:
                errors = _service_errors(exc)
                (applicant_form or form).add_service_errors(errors)
            else:
                messages.success(
                    request, _("Đã tạo hồ sơ nháp. Điền tờ khai rồi đính kèm giấy tờ.")
                )
                return redirect("dossiers:draft-form", pk=dossier.pk)
        status = 400
    else:
        form = StartForm(agencies=choices, initial={"agency": default.code if default else ""})
        applicant_form = ApplicantForm(prefix="a") if on_behalf else None
        status = 200
    context = {
        "version": version,
        "form": form,
        "applicant_form": applicant_form,
        "on_behalf": on_behalf,
        "draft": selectors.draft_for_procedure(user=user, procedure_code=code),
        "fee": services.fee_of(version, {}),
        "limit_text": _limit_text(version),
    }
    return render(request, "dossiers/start.html", context, status=status)


def _limit_text(version: ProcedureVersion) -> str:
    from motcua.dossiers.slips import limit_text

    limit, unit = services.version_limit(version)
    return limit_text(limit, unit)


# --- The draft: declaration, documents, review -------------------------------------------------


def _draft(
    request: HttpRequest, pk: int, *, statuses: tuple[str, ...] = (Status.DRAFT,)
) -> Dossier:
    dossier = selectors.dossier_get_for_applicant(user=request_user(request), pk=pk)
    if dossier.status not in statuses:
        raise _Redirect(reverse("dossiers:mine-detail", args=[dossier.pk]))
    return dossier


class _Redirect(Exception):
    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.url = url


def _steps(dossier: Dossier, current: str) -> list[dict[str, Any]]:
    names = [
        ("form", _("Tờ khai"), "dossiers:draft-form"),
        ("files", _("Giấy tờ"), "dossiers:draft-files"),
        ("review", _("Xem lại và nộp"), "dossiers:draft-review"),
    ]
    return [
        {"key": k, "label": label, "url": reverse(url, args=[dossier.pk]), "current": k == current}
        for k, label, url in names
    ]


def _schema(dossier: Dossier) -> dict[str, Any]:
    return services.version_schema(dossier.procedure_version)


@login_required
def draft_form(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier = _draft(request, pk)
    except _Redirect as r:
        return redirect(r.url)
    user = request_user(request)
    own_id = bool(dossier.applicant_user_id == user.pk and user.personal_id)
    schema = _schema(dossier)
    eform_values: dict[str, Any] = dict(dossier.eform_data)
    eform_errors: dict[str, list[str]] = dict(dossier.eform_errors)
    status = 200
    if request.method == "POST":
        form = ApplicantForm(request.POST)
        eform_values = _eform_input(request)
        if form.is_valid():
            try:
                dossier = services.dossier_draft_save(
                    actor=user,
                    dossier=dossier,
                    applicant=form.applicant(),
                    eform_data=eform_values,
                    expected_revision=_int(request.POST.get("revision")),
                )
            except ValidationError as exc:
                form.add_service_errors(_service_errors(exc))
                status = 400
            except DossierConflict as exc:
                messages.error(request, exc.message)
                return redirect("dossiers:draft-form", pk=pk)
            else:
                eform_errors = dict(dossier.eform_errors)
                if eform_errors:
                    messages.warning(
                        request,
                        _("Đã lưu bản nháp. Tờ khai còn %(n)s trường cần sửa (đánh dấu bên dưới).")
                        % {"n": len(eform_errors)},
                    )
                    status = 400
                else:
                    messages.success(request, _("Đã lưu tờ khai."))
                    return redirect("dossiers:draft-files", pk=pk)
        else:
            status = 400
    else:
        form = ApplicantForm(
            initial=ApplicantForm.initial_from(services.dossier_applicant(dossier))
        )
    if own_id:
        form.fields["id_number"].disabled = True
        form.fields["id_number"].help_text = _("Lấy từ tài khoản của bạn.")
        form.fields["id_number"].initial = user.personal_id
    context = {
        "dossier": dossier,
        "form": form,
        "eform_title": schema.get("title", ""),
        "eform_fields": eform_fields(schema, eform_values, eform_errors),
        "steps": _steps(dossier, "form"),
    }
    return render(request, "dossiers/draft_form.html", context, status=status)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _components_page(
    request: HttpRequest,
    dossier: Dossier,
    *,
    upload_errors: dict[int, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "dossier": dossier,
        "components": list(dossier.components.all()),
        "upload_errors": upload_errors or {},
        "steps": _steps(dossier, "files"),
        "max_mb": settings.MOTCUA_DOSSIER_FILE_MAX_BYTES // (1024 * 1024),
    }
    return render(request, "dossiers/draft_files.html", context, status=status)


@login_required
def draft_files(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier = _draft(request, pk, statuses=(Status.DRAFT, Status.SUPPLEMENT_REQUESTED))
    except _Redirect as r:
        return redirect(r.url)
    if request.method != "POST":
        return _components_page(request, dossier)
    form = UploadForm(request.POST, request.FILES)
    component_id = _int(request.POST.get("component")) or 0
    if not form.is_valid():
        errors = [str(e) for errs in form.errors.values() for e in errs]
        return _components_page(request, dossier, upload_errors={component_id: errors}, status=400)
    try:
        attachment = services.dossier_file_attach(
            actor=request_user(request),
            dossier=dossier,
            component_id=component_id,
            upload=form.cleaned_data["file"],
        )
    except ValidationError as exc:
        dossier = selectors.dossier_get_for_applicant(user=request_user(request), pk=pk)
        return _components_page(
            request, dossier, upload_errors={component_id: list(exc.messages)}, status=400
        )
    except DossierConflict as exc:
        messages.error(request, exc.message)
        return redirect("dossiers:mine-detail", pk=pk)
    messages.success(
        request,
        _("Đã đính kèm “%(file)s”.") % {"file": attachment.stored_file.original_name},
    )
    return redirect(f"{reverse('dossiers:draft-files', args=[pk])}#component-{component_id}")


@login_required
@require_POST
def draft_file_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request_user(request), pk=pk)
    try:
        services.dossier_file_remove(
            actor=request_user(request), dossier=dossier, attachment_id=attachment
        )
        messages.success(request, _("Đã xóa tệp."))
    except (ValidationError, DossierConflict) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))  # type: ignore[union-attr]
    return redirect("dossiers:draft-files", pk=pk)


def _review_problems(dossier: Dossier) -> dict[str, list[str]]:
    """What submitting would refuse, shown before the resident presses the button."""
    problems: dict[str, list[str]] = {}
    applicant = services.dossier_applicant(dossier)
    problems.update(applicant.errors(complete=True))
    _cleaned, eform_errors = services.eform_check(dossier.procedure_version, dossier.eform_data)
    for errors in eform_errors.values():
        problems.setdefault("eform", []).extend(errors)
    missing = services.components_missing(dossier, online=True)
    reusable = {
        row.name
        for row in dossier.components.all()
        if row.component.reusable_from and not row.digitised
    }
    missing = [m for m in missing if m not in reusable]
    if missing:
        problems["files"] = [_("Chưa đính kèm: %(name)s.") % {"name": name} for name in missing]
    return problems


def _fee_breakdown(dossier: Dossier) -> Any:
    from motcua.payments.selectors import dossier_fee_breakdown

    return dossier_fee_breakdown(dossier)


@login_required
def draft_review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        dossier = _draft(request, pk)
    except _Redirect as r:
        return redirect(r.url)
    status = 200
    if request.method == "POST":
        key = request.POST.get("idempotency_key", "")[:80]
        try:
            dossier = services.dossier_submit(
                actor=request_user(request), dossier=dossier, idempotency_key=key
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
        except DossierConflict as exc:
            messages.error(request, exc.message)
            return redirect("dossiers:mine-detail", pk=pk)
        else:
            messages.success(
                request,
                _("Đã nộp hồ sơ %(code)s. Hồ sơ đang chờ Bộ phận Một cửa tiếp nhận.")
                % {"code": dossier.code},
            )
            return redirect("dossiers:mine-detail", pk=dossier.pk)
    schema = _schema(dossier)
    context = {
        "dossier": dossier,
        "steps": _steps(dossier, "review"),
        "problems": _review_problems(dossier),
        "eform_rows": [
            (f.label, dossier.eform_data.get(f.name, ""), f.kind)
            for f in eform_fields(schema, dossier.eform_data)
        ],
        "components": list(dossier.components.all()),
        "idempotency_key": uuid.uuid4().hex,
        "breakdown": _fee_breakdown(dossier),
    }
    return render(request, "dossiers/draft_review.html", context, status=status)


# --- My dossiers ------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    dossiers = list(selectors.dossier_list_for_applicant(user=request_user(request))[:200])
    return render(request, "dossiers/mine.html", {"dossiers": dossiers})


@login_required
def mine_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    dossier = selectors.dossier_get_for_applicant(user=user, pk=pk)
    if dossier.status == Status.DRAFT:
        return redirect("dossiers:draft-form", pk=pk)
    view = selectors.tracking_view(dossier=dossier)
    context = {
        "dossier": dossier,
        "track": view,
        "events": selectors.dossier_events(dossier=dossier, public_only=True),
        "slips": available_slips(dossier),
        "components": list(dossier.components.all()),
        "can_withdraw": dossier.status
        in (
            Status.SUBMITTED,
            Status.SUPPLEMENT_REQUESTED,
            Status.SUPPLEMENT_COMPLETED,
            Status.RECEIVED,
            Status.PROCESSING,
        ),
        "can_supplement": dossier.status == Status.SUPPLEMENT_REQUESTED
        and dossier.channel == Channel.ONLINE,
    }
    return render(request, "dossiers/mine_detail.html", context)


@login_required
@require_POST
def mine_supplement_done(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request_user(request), pk=pk)
    try:
        services.dossier_supplement_complete(
            actor=request_user(request), dossier=dossier, note=request.POST.get("note", "")
        )
        messages.success(request, _("Đã gửi phần bổ sung. Bộ phận Một cửa sẽ kiểm tra lại."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except DossierConflict as exc:
        messages.error(request, exc.message)
    return redirect("dossiers:mine-detail", pk=pk)


@login_required
@require_POST
def mine_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request_user(request), pk=pk)
    try:
        services.dossier_withdraw(
            actor=request_user(request), dossier=dossier, reason=request.POST.get("reason", "")
        )
        messages.success(request, _("Đã rút hồ sơ."))
    except DossierConflict as exc:
        messages.error(request, exc.message)
    if dossier.status == Status.DRAFT:
        return redirect("dossiers:mine")
    return redirect("dossiers:mine-detail", pk=pk)


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def mine_slip(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    dossier = selectors.dossier_get_for_applicant(user=request_user(request), pk=pk)
    return _pdf(dossier_slip_pdf(dossier, form), slip_filename(dossier, form))


@login_required
def mine_file(request: HttpRequest, pk: int, attachment: int) -> HttpResponseBase:
    from motcua.documents.services import stored_file_response

    found = selectors.file_for_applicant(
        user=request_user(request), dossier_pk=pk, attachment_pk=attachment
    )
    return stored_file_response(found.stored_file)


# --- Public tracking --------------------------------------------------------------------------


def track(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("ma", "").strip()[:40]
    secret = request.GET.get("khoa", "").strip()[:32]
    context: dict[str, Any] = {"code": code, "secret": secret, "now": timezone.now()}
    if not code:
        return render(request, "dossiers/track.html", context)
    allowed, retry_after = hit(
        scope="track",
        key=client_address(request),
        limit=settings.MOTCUA_TRACKING_RATE_PER_MINUTE,
    )
    if not allowed:
        context["limited"] = retry_after
        response = render(request, "dossiers/track.html", context, status=429)
        response["Retry-After"] = str(retry_after)
        return response
    user = request_user(request)
    view = None
    if user.is_authenticated and not secret:
        view = selectors.dossier_track_for_owner(user=user, code=code)
    if view is None:
        view = selectors.dossier_track(code=code, secret=secret)
    if view is None:
        context["not_found"] = True
        return render(request, "dossiers/track.html", context, status=404)
    context["track"] = view
    return render(request, "dossiers/track.html", context)
