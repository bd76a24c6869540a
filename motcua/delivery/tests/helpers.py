"""Test fixture: a dossier brought to ``processed``.

The dossier is filed online and accepted with the real intake services; the back-office
part (start of processing, completion) is applied here through the lifecycle table and the
event log, standing in for the processing services, then the ward's leader signs a result
with the real signing service.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction

from motcua.accounts.models import User
from motcua.documents.models import SignedResult
from motcua.documents.signing import result_generate_pdf, result_sign
from motcua.documents.slips import slip_agency_header
from motcua.dossiers import services
from motcua.dossiers.constants import Action
from motcua.dossiers.events import event_append
from motcua.dossiers.lifecycle import transition
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import local, submitted


def lifecycle_step(dossier: Dossier, action: str, *, actor: User, at: dt.datetime) -> Dossier:
    """Apply one lifecycle action with its event, as a back-office service would."""
    with transaction.atomic():
        locked = Dossier.objects.select_for_update().get(pk=dossier.pk)
        from_status = locked.status
        locked.status = transition(from_status, action)
        event_append(
            dossier=locked,
            actor=actor,
            action=action,
            from_status=from_status,
            to_status=locked.status,
            at=at,
            agency_id=locked.competent_agency_id,
        )
        locked.revision += 1
        locked.save(update_fields=["status", "revision", "event_seq", "event_head", "updated_at"])
    return locked


def sign_result(dossier: Dossier, *, leader: User) -> SignedResult:
    pdf = result_generate_pdf(
        template="van_ban_tra_ket_qua",
        context={
            **slip_agency_header(dossier.competent_agency),
            "procedure_name": dossier.procedure_version.name,
            "dossier_code": dossier.code,
            "applicant_name": dossier.applicant_name,
            "decision_text": "Đăng ký khai sinh cho cháu Nguyễn Minh Khôi.",
            "signer_name": leader.full_name,
        },
    )
    return result_sign(
        actor=leader,
        agency=dossier.competent_agency,
        pdf_bytes=pdf,
        reason="Phê duyệt kết quả giải quyết",
        location="Hà Nội",
        related=("dossier", dossier.code or ""),
    )


def processed_dossier(
    user_named: Any,
    *,
    resident: str = "dan.nguyenvanan",
    key: str = "k1",
    day: int = 9,
    signed: bool = True,
) -> Dossier:
    """A birth registration filed online at Bạch Đằng in March 2026, accepted, processed and
    (by default) with a signed result."""
    owner = user_named(resident)
    officer = user_named("motcua.bachdang")
    specialist = user_named("tuphap.bachdang")
    leader = user_named("chutich.bachdang")
    dossier = submitted(owner, key=key, at=local(2026, 3, day, 8, 30))
    dossier = services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, day, 9))
    dossier = lifecycle_step(
        dossier, Action.START_PROCESSING, actor=officer, at=local(2026, 3, day, 9, 30)
    )
    dossier = lifecycle_step(dossier, Action.COMPLETE, actor=specialist, at=local(2026, 3, day, 15))
    if signed:
        sign_result(
            Dossier.objects.select_related("procedure_version", "competent_agency").get(
                pk=dossier.pk
            ),
            leader=leader,
        )
    return Dossier.objects.get(pk=dossier.pk)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
