"""The resident's panel after processing (how to receive the result, the return, the rating,
why a dossier was stopped or withdrawn), shown on "my dossiers" and on the tracking page."""

from __future__ import annotations

from typing import Any

from django import template

from motcua.delivery import services
from motcua.delivery.forms import RatingForm
from motcua.delivery.models import Rating
from motcua.dossiers.codes import secret_matches
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.models import Dossier, DossierEvent

register = template.Library()

_SHOWN = (Status.PROCESSED, Status.RESULT_RETURNED, Status.STOPPED, Status.WITHDRAWN)


@register.inclusion_tag("delivery/resident/_panel.html", takes_context=True)
def delivery_panel(context: template.Context, code: str, secret: str = "") -> dict[str, Any]:
    """Nothing unless the viewer is the owner (signed in) or gave the right tracking secret."""
    request = context.get("request")
    user = getattr(request, "user", None)
    dossier = (
        Dossier.objects.select_related("receiving_agency", "result_return")
        .filter(code=(code or "").strip().upper(), status__in=_SHOWN)
        .first()
        if code
        else None
    )
    if dossier is None:
        return {"show": False}
    owner = services.is_owner(user, dossier)
    with_secret = bool(secret) and secret_matches(dossier.tracking_secret, secret)
    if not owner and not with_secret:
        return {"show": False}
    out: dict[str, Any] = {
        "show": True,
        "dossier": dossier,
        "owner": owner,
        "secret": secret if with_secret else "",
        "request": request,
    }
    if dossier.status in (Status.STOPPED, Status.WITHDRAWN):
        action = Action.STOP if dossier.status == Status.STOPPED else Action.WITHDRAW
        event = DossierEvent.objects.filter(dossier=dossier, action=action).order_by("-seq").first()
        out["ended_at"] = event.at if event is not None else None
        out["ended_reason"] = str(event.data.get("reason", "")) if event is not None else ""
        return out
    result = services.signed_result_of(dossier)
    out["result"] = result
    out["record"] = getattr(dossier, "result_return", None)
    if dossier.status == Status.RESULT_RETURNED:
        out["rating"] = Rating.objects.filter(dossier=dossier).first()
        state = request.session.pop("delivery_rating_form", None) if request is not None else None
        form = RatingForm(initial={"value": ""})
        if state:
            form = RatingForm(state.get("data"))
            form.is_valid()
            for field, messages in state.get("errors", {}).items():
                for message in messages:
                    if field in form.fields and message not in form.errors.get(field, []):
                        form.add_error(field, message)
        out["form"] = form
    return out
