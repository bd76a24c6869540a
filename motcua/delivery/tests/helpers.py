"""Test fixture: a dossier brought to ``processed`` with the real services.

Filed online by the resident, accepted at the ward's desk, transferred to processing, the
specialist's step claimed and completed with a drafted result, signed by the ward's chair and
issued by the records clerk (motcua.processing), which moves it to ``processed``.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from motcua.dossiers import services
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import local, submitted
from motcua.processing import services as processing
from motcua.processing.models import StepTask


def started_dossier(
    user_named: Any, *, resident: str = "dan.nguyenvanan", key: str = "k1", day: int = 9
) -> Dossier:
    """A birth registration filed online at Bạch Đằng on ``day`` March 2026, accepted at
    09:00 and transferred to processing."""
    owner = user_named(resident)
    officer = user_named("motcua.bachdang")
    dossier = submitted(owner, key=key, at=local(2026, 3, day, 8, 30))
    dossier = services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, day, 9))
    processing.processing_start(actor=officer, dossier=dossier, at=local(2026, 3, day, 9))
    return Dossier.objects.get(pk=dossier.pk)


def _step(dossier: Dossier, order: int) -> StepTask:
    return StepTask.objects.select_related("agency", "unit", "process").get(
        dossier=dossier, order=order
    )


def processed_dossier(
    user_named: Any, *, resident: str = "dan.nguyenvanan", key: str = "k1", day: int = 9
) -> Dossier:
    """Started as above, then: specialist's step (claimed 09:10, result drafted 09:20, done
    14:00), signed by the chair at 15:00, numbered and issued by the clerk at 16:00."""
    dossier = started_dossier(user_named, resident=resident, key=key, day=day)
    specialist = user_named("tuphap.bachdang")
    at = dt.datetime.combine(dt.date(2026, 3, day), dt.time(9), tzinfo=local(2026, 3, 9).tzinfo)
    processing.step_claim(actor=specialist, step=_step(dossier, 2), at=at.replace(minute=10))
    processing.result_prepare(
        actor=specialist,
        dossier=dossier,
        title="Trích lục khai sinh",
        decision_text="Đăng ký khai sinh cho cháu Nguyễn Minh Khôi, sinh ngày 01/3/2026.",
        at=at.replace(minute=20),
    )
    processing.step_complete(
        actor=specialist, step=_step(dossier, 2), note="Đủ điều kiện", at=at.replace(hour=14)
    )
    processing.result_sign_draft(
        actor=user_named("chutich.bachdang"), dossier=dossier, at=at.replace(hour=15)
    )
    processing.result_issue(
        actor=user_named("vanthu.bachdang"), dossier=dossier, at=at.replace(hour=16)
    )
    return Dossier.objects.get(pk=dossier.pk)


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() or "" for page in reader.pages)
