"""E-mails a dossier's events call for, queued in the outbox inside the event's transaction.

The dedupe key is derived from the event (dossier id + event number), so replaying a service
call or re-running a worker never sends the same message twice.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.dossiers.models import Dossier, DossierEvent


def tracking_url(dossier: Dossier) -> str:
    """Absolute link to the public tracking page, code and secret filled in (QR on slip 01)."""
    query = urlencode({"ma": dossier.code or "", "khoa": dossier.tracking_secret})
    return f"{settings.MOTCUA_PUBLIC_URL.rstrip('/')}{reverse('dossiers:track')}?{query}"


def _when(value: Any) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")


def _context(dossier: Dossier, event: DossierEvent) -> dict[str, Any]:
    return {
        "applicant_name": dossier.applicant_name,
        "code": dossier.code or "",
        "procedure_name": dossier.procedure_version.name,
        "agency_name": dossier.receiving_agency.name,
        "competent_name": dossier.competent_agency.name,
        "tracking_url": tracking_url(dossier) if dossier.code else "",
        "tracking_secret": dossier.tracking_secret,
        "submitted_at": _when(dossier.submitted_at),
        "received_at": _when(dossier.received_at),
        "due_at": _when(dossier.due_at),
        "fee_amount": f"{dossier.fee_amount:,}".replace(",", "."),
        "number": event.data.get("number", ""),
        "items": event.data.get("items", []),
        "note": event.data.get("note", ""),
        "reason": event.data.get("reason", ""),
        "site_name": settings.MOTCUA_SITE_NAME,
    }


def _enqueue(dossier: Dossier, event: DossierEvent, kind: str, subject: str) -> None:
    if not dossier.applicant_email:
        return
    from motcua.notifications.services import notification_enqueue

    with override("vi"):
        notification_enqueue(
            channel="email",
            to=dossier.applicant_email,
            subject=subject,
            template=f"dossiers/email/{kind}.txt",
            context=_context(dossier, event),
            dedupe_key=f"dossier:{dossier.pk}:event:{event.seq}:email",
            agency_id=dossier.receiving_agency_id,
            related=dossier,
        )


def dossier_accepted(dossier: Dossier, event: DossierEvent) -> None:
    with override("vi"):
        subject = _("Hồ sơ %(code)s đã được tiếp nhận, hẹn trả kết quả %(due)s") % {
            "code": dossier.code,
            "due": _when(dossier.due_at),
        }
    _enqueue(dossier, event, "accepted", subject)


def dossier_supplement_requested(dossier: Dossier, event: DossierEvent) -> None:
    with override("vi"):
        subject = _("Yêu cầu bổ sung hồ sơ %(code)s") % {
            "code": dossier.code or dossier.procedure_version.procedure.code
        }
    _enqueue(dossier, event, "supplement", subject)


def dossier_refused(dossier: Dossier, event: DossierEvent) -> None:
    with override("vi"):
        subject = _("Hồ sơ %(code)s không được tiếp nhận") % {
            "code": dossier.code or dossier.procedure_version.procedure.code
        }
    _enqueue(dossier, event, "refused", subject)
