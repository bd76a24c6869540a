"""The e-mail of a return: how the result went out, and the invitation to rate.

Queued in the outbox inside the return's transaction; the dedupe key is the return event,
so a replay never sends it twice.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.delivery.models import ResultReturn
from motcua.dossiers.models import Dossier
from motcua.dossiers.notify import tracking_url


def result_returned(dossier: Dossier, record: ResultReturn) -> None:
    if not dossier.applicant_email:
        return
    from motcua.documents.signing import verification_url
    from motcua.notifications.services import notification_enqueue

    with override("vi"):
        subject = _("Kết quả hồ sơ %(code)s đã được trả") % {"code": dossier.code}
        notification_enqueue(
            channel="email",
            to=dossier.applicant_email,
            subject=subject,
            template="delivery/email/returned.txt",
            context={
                "applicant_name": dossier.applicant_name,
                "code": dossier.code or "",
                "procedure_name": dossier.procedure_version.name,
                "returned_at": timezone.localtime(record.returned_at).strftime(
                    "%H:%M ngày %d/%m/%Y"
                ),
                "mode": record.mode,
                "postal_service": record.postal_service,
                "tracking_number": record.tracking_number,
                "recipient": record.recipient_text,
                "verification_url": verification_url(record.signed_result.code)
                if record.signed_result is not None
                else "",
                "tracking_url": tracking_url(dossier),
                "tracking_secret": dossier.tracking_secret,
                "site_name": settings.MOTCUA_SITE_NAME,
            },
            dedupe_key=f"dossier:{dossier.pk}:event:{dossier.event_seq}:email",
            agency_id=record.agency_id,
            related=dossier,
        )
