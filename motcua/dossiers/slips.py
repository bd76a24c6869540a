"""Slips 01, 02 and 03 of a dossier, rendered on demand from the dossier and its events.

The slip number and every fact printed come from the event that issued the slip, so a slip
downloaded a month later is the same document as the one printed at the desk.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _

from motcua.core.clock import LimitUnit
from motcua.core.constants import LIMIT_UNIT_LABELS
from motcua.dossiers.constants import Action, SlipForm
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.notify import tracking_url

_ACTION_OF_FORM = {
    SlipForm.RECEIPT: Action.ACCEPT,
    SlipForm.SUPPLEMENT: Action.REQUEST_SUPPLEMENT,
    SlipForm.REFUSAL: Action.REFUSE,
}


def limit_text(limit: int | None, unit: str) -> str:
    """'03 ngày làm việc', 'Trong ngày'."""
    if limit is None or not unit:
        return ""
    if unit == LimitUnit.SAME_DAY:
        return _("Trong ngày")
    label = LIMIT_UNIT_LABELS.get(LimitUnit(unit), unit)
    return f"{limit:02d} {label}"


def slip_event(dossier: Dossier, form: str) -> DossierEvent | None:
    """The event that issued slip ``form`` (the latest one for 02)."""
    action = _ACTION_OF_FORM.get(SlipForm(form)) if form in SlipForm.values else None
    if action is None:
        return None
    return (
        DossierEvent.objects.filter(dossier=dossier, action=action)
        .select_related("actor")
        .order_by("-seq")
        .first()
    )


def available_slips(dossier: Dossier) -> list[tuple[str, str]]:
    """(form, label) of the slips this dossier has, for download links."""
    actions = set(
        DossierEvent.objects.filter(
            dossier=dossier, action__in=[a.value for a in _ACTION_OF_FORM.values()]
        ).values_list("action", flat=True)
    )
    return [
        (form.value, str(form.label))
        for form, action in _ACTION_OF_FORM.items()
        if action.value in actions
    ]


def _documents(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {"name": row.name, "form": row.copy_kind, "quantity": row.quantity}
        for row in dossier.components.all().order_by("order")
        if row.received or row.digitised
    ]


def _fees(dossier: Dossier) -> dict[str, Any] | None:
    """The fee, line by line, as the catalogue's calculator prices the dossier's quantities."""
    from motcua.payments.fees import dong
    from motcua.payments.selectors import dossier_fee_breakdown

    breakdown = dossier_fee_breakdown(dossier)
    if breakdown is None:
        return None
    return {
        "lines": [
            {"label": line.label, "detail": line.detail, "amount": dong(line.amount)}
            for line in breakdown.lines
        ],
        "total": dong(breakdown.total),
        "free": breakdown.free,
    }


def slip_context(dossier: Dossier, form: str, event: DossierEvent) -> dict[str, Any]:
    from motcua.documents.slips import slip_agency_header

    agency = dossier.receiving_agency
    officer = event.actor.display_name if event.actor is not None else ""
    context: dict[str, Any] = {
        **slip_agency_header(agency),
        "number": event.data.get("number", ""),
        "date": event.at,
        "dossier_code": dossier.code or "",
        "applicant_name": dossier.applicant_name,
        "applicant_address": dossier.applicant_address,
        "applicant_phone": dossier.applicant_phone,
        "applicant_email": dossier.applicant_email,
        "procedure_name": dossier.procedure_version.name,
        "officer_name": officer,
        "contact": _("Bộ phận Một cửa %(agency)s%(phone)s")
        % {"agency": agency.name, "phone": f", điện thoại {agency.phone}" if agency.phone else ""},
    }
    if form == SlipForm.RECEIPT:
        context.update(
            {
                "documents": _documents(dossier),
                "sets": 1,
                "time_limit_text": limit_text(dossier.limit_value, dossier.limit_unit),
                "received_at": dossier.received_at,
                "appointment_at": dossier.due_at,
                "collect_at": _("Bộ phận Một cửa %(agency)s") % {"agency": agency.name}
                + (f" — {agency.address}" if agency.address else ""),
                "tracking_url": tracking_url(dossier),
                "tracking_secret": dossier.tracking_secret,
                "fees": _fees(dossier),
            }
        )
    elif form == SlipForm.SUPPLEMENT:
        context.update(
            {
                "received_at": dossier.submitted_at,
                "items": [
                    {"name": i.get("name", ""), "reason": i.get("reason", "")}
                    for i in event.data.get("items", [])
                ],
            }
        )
        if event.data.get("note"):
            context["contact"] = f"{event.data['note']} — {context['contact']}"
    else:
        context["reason"] = event.data.get("reason", "")
    return context


def dossier_slip_pdf(dossier: Dossier, form: str) -> bytes:
    """PDF of slip ``form`` of ``dossier``; 404 when the dossier has no such slip."""
    from motcua.documents.slips import slip_render

    event = slip_event(dossier, form)
    if event is None:
        raise Http404("slip")
    return slip_render(form=form, context=slip_context(dossier, form, event))


def slip_filename(dossier: Dossier, form: str) -> str:
    return f"phieu-{form}-{dossier.code or dossier.pk}.pdf"
