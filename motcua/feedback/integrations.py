"""Where feedback meets apps that may not be installed: catalogue, dossiers, notifications.

Each function degrades to something safe when the other app is missing: a procedure code is
then checked by its shape only, a dossier code finds nothing, and e-mails go through a small
task of this app instead of the notifications outbox. This module is the only place that
reads those apps.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string

from motcua.organizations.models import Agency

log = logging.getLogger(__name__)

CATALOG_APP = "motcua.catalog"
DOSSIERS_APP = "motcua.dossiers"
NOTIFICATIONS_APP = "motcua.notifications"

PROCEDURE_CODE_RE = re.compile(r"^\d\.\d{6}$")
# {agency electronic id}-{yymmdd}-{sequence}, e.g. 000.00.07.H26-230519-0001
DOSSIER_CODE_RE = re.compile(r"^(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-\d{6}-\d{4,}$")


def _callable(app: str, module: str, name: str) -> Any | None:
    if not apps.is_installed(app):
        return None
    try:
        mod = import_module(f"{app}.{module}")
    except ImportError:
        return None
    fn = getattr(mod, name, None)
    return fn if callable(fn) else None


# --- Catalogue -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureRef:
    code: str
    name: str


def procedure_lookup(code: str) -> ProcedureRef | None:
    """The catalogue's procedure with this code, or None when the catalogue has none.

    Without the catalogue app every well-formed code is accepted (name left empty).
    """
    current = _callable(CATALOG_APP, "selectors", "procedure_current")
    if current is None:
        return ProcedureRef(code=code, name="") if PROCEDURE_CODE_RE.match(code) else None
    version = current(code=code)
    if version is None:
        return None
    return ProcedureRef(code=code, name=str(getattr(version, "name", "")))


def catalogue_available() -> bool:
    return _callable(CATALOG_APP, "selectors", "procedure_current") is not None


# --- Dossiers ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DossierRef:
    code: str
    pk: int | None
    agency: Agency | None


def _dossier_model() -> Any | None:
    if not apps.is_installed(DOSSIERS_APP):
        return None
    try:
        return apps.get_model("dossiers", "Dossier")
    except LookupError:
        return None


def dossier_lookup(code: str) -> DossierRef | None:
    """The dossier with this code and the agency that decides it; None if there is none.

    The dossiers app offers no system read by code, so this reads its table for the one row
    (code, primary key, competent agency) and nothing else.
    """
    model = _dossier_model()
    if model is None or not DOSSIER_CODE_RE.match(code):
        return None
    dossier = model.objects.select_related("competent_agency").filter(code=code).first()
    if dossier is None:
        return None
    return DossierRef(code=code, pk=int(dossier.pk), agency=dossier.competent_agency)


# --- Notifications -------------------------------------------------------------------------


def notify_email(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    agency_id: int | None = None,
    related: Any = None,
) -> None:
    """Queue an e-mail inside the caller's transaction; it leaves only if that commits.

    With the notifications app the outbox handles retries and deduplication by
    ``dedupe_key``; without it a task of this app sends the message after commit.
    """
    if not to:
        return
    enqueue = _callable(NOTIFICATIONS_APP, "services", "notification_enqueue")
    if enqueue is not None:
        enqueue(
            channel="email",
            to=to,
            subject=subject,
            template=template,
            context=context,
            dedupe_key=dedupe_key,
            agency_id=agency_id,
            related=related,
        )
        return
    from motcua.feedback.tasks import feedback_email_send

    body = render_to_string(template, context)
    transaction.on_commit(lambda: feedback_email_send.enqueue(to=to, subject=subject, body=body))


def send_plain_email(*, to: str, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to], fail_silently=False)
    log.info("feedback e-mail sent (%s)", subject)
