"""Desk pages (/can-bo/ho-so/): the queue, reception of a walk-in, the check of one dossier
with its checklist, scans and fee, and the three answers (accept, supplement, refuse)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts.models import User
from motcua.catalog.eform import eform_fields
from motcua.catalog.selectors import SearchFilters, procedure_agencies, procedure_search
from motcua.core.http import request_user
from motcua.dossiers import selectors, services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import Action, Channel, Status
from motcua.dossiers.forms import ApplicantForm, ChecklistRowForm, DeskReceiveForm, RefuseForm
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier
from motcua.dossiers.slips import available_slips, dossier_slip_pdf, slip_filename
from motcua.dossiers.views import _fee_breakdown, _int, _pdf, _service_errors, _version_or_404
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency


def _desk_agencies(request: HttpRequest) -> list[Agency]:
    agencies = list(selectors.desk_agencies(user=request_user(request)))
    if not agencies:
        raise Http404("desk")
    return agencies


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agencies = list(selectors.desk_agencies(user=user))
    if not agencies:
        return render(request, "dossiers/desk/queue.html", {"not_desk": True, "dossiers": []})
    chosen = request.GET.get("co_quan", "")
    agency = next((a for a in agencies if a.code == chosen), None)
    dossiers = list(selectors.desk_queue(user=user, agency=agency)[:200])
    return render(
        request,
        "dossiers/desk/queue.html",
        {"dossiers": dossiers, "agencies": agencies, "chosen": chosen},
    )


def _receiving_agency(request: HttpRequest, agencies: list[Agency]) -> Agency:
    """The desk the officer works at: their nearest desk-officer agency (or the one chosen)."""
    code = request.POST.get("receiving_agency") or request.GET.get("tai")
    for agency in agencies:
        if agency.code == code:
            return agency
    return max(agencies, key=lambda a: len(a.path))


@login_required
def receive(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    agencies = _desk_agencies(request)
    receiving = _receiving_agency(request, agencies)
    code = (request.POST.get("procedure") or request.GET.get("thu_tuc") or "").strip()
    version = None
    if code:
        version = _version_or_404(code) if code else None
    if version is None:
        query = request.GET.get("q", "").strip()[:100]
        versions = list(procedure_search(filters=SearchFilters(query=query))[:100])
        return render(
            request,
            "dossiers/desk/receive_pick.html",
            {"versions": versions, "q": query, "receiving": receiving, "agencies": agencies},
        )
    competent_choices = [
        (a.agency.code, a.agency.name) for a in procedure_agencies(procedure=version.procedure)
    ]
    default_competent = next(
        (c for c, _n in competent_choices if c == receiving.code),
        competent_choices[0][0] if competent_choices else "",
    )
    status = 200
    if request.method == "POST":
        form = DeskReceiveForm(request.POST, agencies=competent_choices)
        applicant_form = ApplicantForm(request.POST, prefix="a")
        if form.is_valid() and applicant_form.is_valid():
            competent = Agency.objects.get(code=form.cleaned_data["competent_agency"])
            try:
                dossier = services.dossier_receive_at_desk(
                    actor=user,
                    version=version,
                    receiving_agency=receiving,
                    competent_agency=competent,
                    channel=form.cleaned_data["channel"],
                    applicant=applicant_form.applicant(),
                )
            except ValidationError as exc:
                errors = _service_errors(exc)
                applicant_form.add_service_errors(
                    {k: v for k, v in errors.items() if k.startswith("applicant_")}
                )
                form.add_service_errors(
                    {k: v for k, v in errors.items() if not k.startswith("applicant_")}
                )
            else:
                messages.success(
                    request,
                    _("Đã mở hồ sơ của %(name)s. Kiểm tra thành phần, số hóa rồi quyết định.")
                    % {"name": dossier.applicant_name},
                )
                return redirect("dossier_desk:detail", pk=dossier.pk)
        status = 400
    else:
        form = DeskReceiveForm(
            agencies=competent_choices,
            initial={"competent_agency": default_competent, "channel": Channel.IN_PERSON},
        )
        applicant_form = ApplicantForm(prefix="a")
    return render(
        request,
        "dossiers/desk/receive.html",
        {
            "version": version,
            "form": form,
            "applicant_form": applicant_form,
            "receiving": receiving,
            "agencies": agencies,
        },
        status=status,
    )


@login_required
def resident_lookup(request: HttpRequest) -> HttpResponse:
    """HTMX: the applicant fields filled from the resident account with this personal ID."""
    _desk_agencies(request)
    personal_id = request.GET.get("a-id_number", "").strip()
    resident = None
    if len(personal_id) == 12 and personal_id.isdigit():
        resident = User.objects.filter(personal_id=personal_id, is_resident=True).first()
    if resident is not None:
        applicant = Applicant.from_user(resident)
        initial = ApplicantForm.initial_from(applicant)
        initial["address"] = getattr(resident, "address", "") or ""
    else:
        initial = {"id_number": personal_id}
    form = ApplicantForm(prefix="a", initial=initial)
    return render(
        request,
        "dossiers/desk/_applicant_fields.html",
        {"applicant_form": form, "found": resident is not None, "looked_up": True},
    )


def _detail_context(request: HttpRequest, dossier: Dossier, **extra: Any) -> dict[str, Any]:
    schema = services.version_schema(dossier.procedure_version)
    components = list(dossier.components.all())
    rows = []
    for row in components:
        prefix = f"c{row.pk}"
        form = extra.get("checklist_forms", {}).get(row.pk) or ChecklistRowForm(
            prefix=prefix,
            initial={
                "received": row.received,
                "original_seen": row.original_seen,
                "copy_kind": row.copy_kind,
                "quantity": row.quantity,
            },
        )
        rows.append({"row": row, "form": form})
    actions = services.desk_actions(dossier)
    can_act = services.has_role(
        request_user(request), [Role.DESK_OFFICER], dossier.receiving_agency
    )
    context = {
        "dossier": dossier,
        "rows": rows,
        "eform_rows": [
            (f.label, dossier.eform_data.get(f.name, ""), f.kind)
            for f in eform_fields(schema, dossier.eform_data)
        ],
        "events": selectors.dossier_events(dossier=dossier),
        "slips": available_slips(dossier),
        "can_act": can_act,
        "can_check": can_act and Action.CHECK in actions,
        "can_accept": can_act and Action.ACCEPT in actions,
        "can_decide": can_act and Action.REFUSE in actions,
        "can_record_supplement": can_act and dossier.status == Status.SUPPLEMENT_REQUESTED,
        "refuse_form": extra.get("refuse_form") or RefuseForm(),
        "scan_errors": extra.get("scan_errors", {}),
        "supplement_errors": extra.get("supplement_errors", []),
        "accept_errors": extra.get("accept_errors", []),
        "fee_errors": extra.get("fee_errors", []),
        "track": selectors.tracking_view(dossier=dossier),
        "max_mb": settings.MOTCUA_DOSSIER_FILE_MAX_BYTES // (1024 * 1024),
        "other_agency": dossier.receiving_agency_id != dossier.competent_agency_id,
        "breakdown": _fee_breakdown(dossier),
    }
    return context


def _staff_dossier(request: HttpRequest, pk: int) -> Dossier:
    return selectors.dossier_get_for_staff(user=request_user(request), pk=pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    return render(request, "dossiers/desk/detail.html", _detail_context(request, dossier))


def _rerender(request: HttpRequest, pk: int, status: int = 400, **extra: Any) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    return render(
        request,
        "dossiers/desk/detail.html",
        _detail_context(request, dossier, **extra),
        status=status,
    )


def _conflict(request: HttpRequest, pk: int, exc: DossierConflict) -> HttpResponse:
    messages.error(request, exc.message)
    return redirect("dossier_desk:detail", pk=pk)


@login_required
@require_POST
def checklist(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    forms = {
        row.pk: ChecklistRowForm(request.POST, prefix=f"c{row.pk}")
        for row in dossier.components.all()
    }
    if not all(f.is_valid() for f in forms.values()):
        return _rerender(request, pk, checklist_forms=forms)
    checks = [
        services.ComponentCheck(
            component_id=row_id,
            received=f.cleaned_data["received"],
            original_seen=f.cleaned_data["original_seen"],
            copy_kind=f.cleaned_data["copy_kind"],
            quantity=f.cleaned_data["quantity"],
        )
        for row_id, f in forms.items()
    ]
    quantities = {
        key: request.POST.get(f"fee_{key}", "")
        for key in ("copies", "pages")
        if request.POST.get(f"fee_{key}", "") != ""
    }
    try:
        services.dossier_checklist_save(
            actor=request_user(request),
            dossier=dossier,
            checks=checks,
            fee_quantities=quantities or None,
            expected_revision=_int(request.POST.get("revision")),
        )
    except ValidationError as exc:
        return _rerender(request, pk, checklist_forms=forms, fee_errors=list(exc.messages))
    except DossierConflict as exc:
        return _conflict(request, pk, exc)
    messages.success(request, _("Đã lưu kết quả kiểm tra thành phần hồ sơ."))
    return redirect("dossier_desk:detail", pk=pk)


@login_required
@require_POST
def scan(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    component_id = _int(request.POST.get("component")) or 0
    upload = request.FILES.get("file")
    if upload is None:
        return _rerender(
            request, pk, scan_errors={component_id: [_("Chọn tệp bản quét để tải lên.")]}
        )
    try:
        services.dossier_scan_attach(
            actor=request_user(request), dossier=dossier, component_id=component_id, upload=upload
        )
    except ValidationError as exc:
        return _rerender(request, pk, scan_errors={component_id: list(exc.messages)})
    except DossierConflict as exc:
        return _conflict(request, pk, exc)
    messages.success(request, _("Đã số hóa giấy tờ."))
    return redirect(f"{reverse('dossier_desk:detail', args=[pk])}#component-{component_id}")


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    try:
        dossier = services.dossier_accept(
            actor=request_user(request),
            dossier=dossier,
            expected_revision=_int(request.POST.get("revision")),
        )
    except ValidationError as exc:
        return _rerender(request, pk, accept_errors=list(exc.messages))
    except DossierConflict as exc:
        return _conflict(request, pk, exc)
    messages.success(
        request,
        _("Đã tiếp nhận hồ sơ %(code)s. In phiếu tiếp nhận và hẹn trả kết quả (mẫu 01).")
        % {"code": dossier.code},
    )
    return redirect("dossier_desk:detail", pk=pk)


@login_required
@require_POST
def supplement(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    items = [
        services.SupplementItem(
            component_id=row.pk, reason=request.POST.get(f"reason_{row.pk}", "")
        )
        for row in dossier.components.all()
        if request.POST.get(f"need_{row.pk}")
    ]
    other = request.POST.get("other_name", "").strip()
    if other:
        items.append(
            services.SupplementItem(name=other, reason=request.POST.get("other_reason", ""))
        )
    try:
        services.dossier_request_supplement(
            actor=request_user(request),
            dossier=dossier,
            items=items,
            note=request.POST.get("note", ""),
            expected_revision=_int(request.POST.get("revision")),
        )
    except ValidationError as exc:
        return _rerender(request, pk, supplement_errors=list(exc.messages))
    except DossierConflict as exc:
        return _conflict(request, pk, exc)
    messages.success(request, _("Đã yêu cầu bổ sung hồ sơ. In phiếu hướng dẫn (mẫu 02)."))
    return redirect("dossier_desk:detail", pk=pk)


@login_required
@require_POST
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _rerender(request, pk, refuse_form=form)
    try:
        services.dossier_refuse(
            actor=request_user(request),
            dossier=dossier,
            reason=form.cleaned_data["reason"],
            expected_revision=_int(request.POST.get("revision")),
        )
    except ValidationError as exc:
        form.add_service_errors(_service_errors(exc))
        return _rerender(request, pk, refuse_form=form)
    except DossierConflict as exc:
        return _conflict(request, pk, exc)
    messages.success(request, _("Đã từ chối hồ sơ. In phiếu từ chối (mẫu 03)."))
    return redirect("dossier_desk:detail", pk=pk)


@login_required
@require_POST
def supplement_received(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    try:
        services.dossier_supplement_complete(
            actor=request_user(request), dossier=dossier, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        return _rerender(request, pk, accept_errors=list(exc.messages))
    except DossierConflict as exc:
        return _conflict(request, pk, exc)
    messages.success(request, _("Đã ghi nhận người nộp bổ sung. Kiểm tra lại rồi quyết định."))
    return redirect("dossier_desk:detail", pk=pk)


@login_required
def slip(request: HttpRequest, pk: int, form: str) -> HttpResponse:
    dossier = _staff_dossier(request, pk)
    return _pdf(dossier_slip_pdf(dossier, form), slip_filename(dossier, form))


@login_required
def file(request: HttpRequest, pk: int, attachment: int) -> HttpResponseBase:
    from motcua.documents.services import stored_file_response

    found = selectors.file_for_staff(
        user=request_user(request), dossier_pk=pk, attachment_pk=attachment
    )
    return stored_file_response(found.stored_file)
