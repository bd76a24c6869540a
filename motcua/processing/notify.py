"""E-mails processing sends the applicant, queued in the outbox inside the change's
transaction (dedupe key from the dossier event, so a replay sends nothing twice)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.notify import tracking_url


def _when(value: Any) -> str:
    if value is None:
        return ""
    return timezone.localtime(value).strftime("%H:%M ngày %d/%m/%Y")


def _enqueue(
    dossier: Dossier, event: DossierEvent, kind: str, subject: str, extra: dict[str, Any]
) -> None:
    if not dossier.applicant_email:
        return
    from django.conf import settings

    from motcua.notifications.services import notification_enqueue

    context = {
        "applicant_name": dossier.applicant_name,
        "code": dossier.code or "",
        "procedure_name": dossier.procedure_version.name,
        "agency_name": dossier.receiving_agency.name,
        "competent_name": dossier.competent_agency.name,
        "tracking_url": tracking_url(dossier) if dossier.code else "",
        "received_at": _when(dossier.received_at),
        "due_at": _when(dossier.due_at),
        "site_name": settings.MOTCUA_SITE_NAME,
        **extra,
    }
    with override("vi"):
        notification_enqueue(
            channel="email",
            to=dossier.applicant_email,
            subject=subject,
            template=f"processing/email/{kind}.txt",
            context=context,
            dedupe_key=f"dossier:{dossier.pk}:event:{event.seq}:email",
            agency_id=dossier.receiving_agency_id,
            related=dossier,
        )


def processing_stopped(dossier: Dossier, event: DossierEvent) -> None:
    with override("vi"):
        subject = _("Thông báo dừng xử lý hồ sơ %(code)s") % {"code": dossier.code}
    _enqueue(dossier, event, "stopped", subject, {"reason": event.data.get("reason", "")})


def delay_notice_issued(dossier: Dossier, event: DossierEvent, notice: Any) -> None:
    with override("vi"):
        subject = _("Xin lỗi và hẹn lại ngày trả kết quả hồ sơ %(code)s") % {"code": dossier.code}
    _enqueue(
        dossier,
        event,
        "delay",
        subject,
        {
            "number": notice.number,
            "reason": notice.reason,
            "previous_at": _when(notice.previous_appointment_at),
            "new_at": _when(notice.new_appointment_at),
        },
    )
