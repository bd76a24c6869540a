"""Shortcuts of the processing tests: dossiers accepted at a desk and transferred."""

from __future__ import annotations

import datetime as dt
from typing import Any

from motcua.accounts.models import User
from motcua.dossiers import services as dossier_services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import Channel
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.helpers import BIRTH, BUILDING, agency, local, upload, version
from motcua.processing import services
from motcua.processing.models import StepTask

__all__ = ["BIRTH", "BUILDING", "accepted", "local", "started", "step", "user"]


def user(username: str) -> User:
    return User.objects.get(username=username)


def accepted(
    *,
    code: str = BIRTH,
    desk: str = "motcua.bachdang",
    receiving: str = "hbt-bach-dang",
    competent: str | None = None,
    at: dt.datetime | None = None,
    email: str = "an@example.com",
) -> Dossier:
    """A walk-in dossier, every component scanned, accepted by the desk at ``at``."""
    at = at or local(2026, 3, 9, 9)
    officer = user(desk)
    dossier = dossier_services.dossier_receive_at_desk(
        actor=officer,
        version=version(code),
        receiving_agency=agency(receiving),
        competent_agency=agency(competent or receiving),
        channel=Channel.IN_PERSON,
        applicant=Applicant(
            name="Nguyễn Văn An",
            id_number="001090012345",
            address="12 Bạch Đằng, Hai Bà Trưng",
            email=email,
            phone="0912345678",
        ),
        at=at,
    )
    for row in dossier.components.all():
        dossier_services.dossier_scan_attach(
            actor=officer, dossier=dossier, component_id=row.pk, upload=upload(), at=at
        )
    return dossier_services.dossier_accept(actor=officer, dossier=dossier, at=at)


def started(**kwargs: Any) -> Dossier:
    """Accepted and transferred to processing at the same instant."""
    dossier = accepted(**kwargs)
    services.processing_start(
        actor=user(kwargs.get("desk", "motcua.bachdang")), dossier=dossier, at=dossier.received_at
    )
    return Dossier.objects.get(pk=dossier.pk)


def step(dossier: Dossier, order: int) -> StepTask:
    return StepTask.objects.select_related("agency", "unit", "process").get(
        dossier=dossier, order=order
    )
