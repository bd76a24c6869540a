"""The hand-computed fixture of docs/oversight.md: dossiers and their event logs written
with ``event_append`` (the way the services write them), in March 2026 and around it.

Every dossier here has a 3-working-day limit set on the row (as the desk would record it),
so the arithmetic in the docs only depends on the national calendar (no holiday in
February 23 – April 2, 2026; Tết is 16–20 February).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.events import event_append
from motcua.dossiers.models import Dossier
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency

BIRTH, EXTRACT, BUILDING = "1.001193", "2.000635", "1.009999"
_seq = itertools.count(1)


def t(month: int, day: int, hh: int = 9, mm: int = 0, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, hh, mm, tzinfo=timezone.get_default_timezone())


@dataclass
class Spec:
    """One dossier's story: where, how, and the timed steps after it was received."""

    agency: str
    procedure: str
    channel: str
    received: dt.datetime
    steps: list[tuple[str, dt.datetime, dict[str, Any]]] = field(default_factory=list)
    digitised: bool = False
    reused: bool = False
    fee: int = 0
    accept: bool = True
    return_mode: str = ""
    rating: str = ""
    rated_at: dt.datetime | None = None


_MOVES = {
    Action.START_PROCESSING: Status.PROCESSING,
    Action.REQUEST_SUPPLEMENT: Status.SUPPLEMENT_REQUESTED,
    Action.COMPLETE_SUPPLEMENT: Status.SUPPLEMENT_COMPLETED,
    Action.RESUME: Status.PROCESSING,
    Action.COMPLETE: Status.PROCESSED,
    Action.RETURN_RESULT: Status.RESULT_RETURNED,
    Action.WITHDRAW: Status.WITHDRAWN,
    Action.REFUSE: Status.REFUSED,
}


def build(spec: Spec, *, agencies: dict[str, Agency], actor: User) -> Dossier:
    agency = agencies[spec.agency]
    version = ProcedureVersion.objects.filter(procedure__code=spec.procedure).latest("number")
    n = next(_seq)
    code = f"{agency.electronic_id or 'X'}-{spec.received:%y%m%d}-{n:04d}"
    dossier = Dossier.objects.create(
        code=code,
        procedure_version=version,
        receiving_agency=agency,
        competent_agency=agency,
        channel=spec.channel,
        status=Status.DRAFT,
        applicant_name=f"Người nộp {n}",
        submitted_by=actor,
        submitted_at=spec.received,
        fee_amount=spec.fee,
        digitised=spec.digitised,
        reused=spec.reused,
        tracking_secret="x",
    )

    def step(action: str, at: dt.datetime, to: str, data: dict[str, Any] | None = None) -> None:
        event_append(
            dossier=dossier,
            actor=actor,
            action=action,
            from_status=dossier.status,
            to_status=to,
            at=at,
            agency_id=agency.pk,
            data=data or {},
        )
        dossier.status = to
        dossier.save()

    first = Action.SUBMIT if spec.channel == "2" else Action.RECEIVE_AT_DESK
    step(first, spec.received, Status.SUBMITTED)
    if spec.accept:
        dossier.received_at = spec.received
        dossier.limit_value, dossier.limit_unit = 3, "working_days"
        dossier.due_at = calendar_for_agency(agency).due(spec.received, 3, "working_days")
        step(Action.ACCEPT, spec.received, Status.RECEIVED)
        step(Action.START_PROCESSING, spec.received, Status.PROCESSING)
    for action, at, data in spec.steps:
        if action == Action.PAY:
            step(action, at, dossier.status, data)
            continue
        if action == Action.RETURN_RESULT:
            dossier.returned_at = at
            dossier.return_mode = spec.return_mode
        step(action, at, _MOVES[Action(action)], data)
        if action == Action.COMPLETE_SUPPLEMENT:
            step(Action.RESUME, at, Status.PROCESSING)
    if spec.rating:
        from motcua.delivery.models import Rating

        Rating.objects.create(
            dossier=dossier,
            agency=agency,
            value=spec.rating,
            rated_at=spec.rated_at or spec.received,
        )
    return dossier


C, S, W, R, P, RET = (
    Action.COMPLETE,
    Action.REQUEST_SUPPLEMENT,
    Action.WITHDRAW,
    Action.REFUSE,
    Action.PAY,
    Action.RETURN_RESULT,
)
B = Action.COMPLETE_SUPPLEMENT


def specs() -> dict[str, list[Spec]]:
    """The groups of the fixture, named as in docs/oversight.md."""
    bd, mk = "hbt-bach-dang", "hbt-minh-khai"
    mar2 = t(3, 2)
    g: dict[str, list[Spec]] = {}
    # A: 20 early (due Thu 5 Mar 17:00, completed Wed 4 Mar 10:00).
    g["A_online"] = [
        Spec(
            bd,
            BIRTH,
            "2",
            mar2,
            [(C, t(3, 4, 10), {}), (RET, t(3, 5, 10), {})],
            digitised=True,
            reused=True,
            return_mode="electronic",
        )
        for _ in range(10)
    ]
    g["A_person"] = [
        Spec(
            bd,
            BIRTH,
            "1",
            mar2,
            [(C, t(3, 4, 10), {}), (RET, t(3, 5, 10), {})],
            digitised=True,
            return_mode="desk",
        )
        for _ in range(6)
    ]
    g["A_postal"] = [
        Spec(bd, BUILDING, "3", mar2, [(C, t(3, 4, 10), {})], digitised=True, fee=500000)
        for _ in range(4)
    ]
    # Ratings: two of the online ones dissatisfied, three satisfied (all in March).
    for spec in g["A_online"][:2]:
        spec.rating, spec.rated_at = "dissatisfied", t(3, 6, 10)
    for spec in g["A_online"][2:5]:
        spec.rating, spec.rated_at = "satisfied", t(3, 6, 10)
    # B: 6 on time (completed exactly at the due instant), returned at the desk Fri 6 Mar.
    g["B"] = [
        Spec(
            bd,
            EXTRACT,
            "1",
            mar2,
            [(C, t(3, 5, 17), {}), (RET, t(3, 6, 9), {})],
            digitised=True,
            return_mode="desk",
        )
        for _ in range(6)
    ]
    # C: 5 late (completed Mon 9 Mar 10:00), paid online; one rated dissatisfied.
    g["C"] = [
        Spec(
            bd,
            BUILDING,
            "1",
            mar2,
            [(P, t(3, 2, 10), {"method": "gateway", "amount": 500000}), (C, t(3, 9, 10), {})],
            fee=500000,
        )
        for _ in range(5)
    ]
    g["C"][0].rating, g["C"][0].rated_at = "dissatisfied", t(3, 10, 9)
    # D: 3 paused Tue 3 09:00 – Mon 9 09:00, completed Tue 10 10:00; due moves to Wed 11
    # 17:00, so early. One paid online by QR, two paid in cash.
    g["D"] = [
        Spec(
            bd,
            BUILDING,
            "3",
            mar2,
            [(S, t(3, 3, 9), {}), (B, t(3, 9, 9), {}), (C, t(3, 10, 10), {})],
            fee=500000,
        )
        for _ in range(3)
    ]
    g["D"][0].steps.insert(0, (P, t(3, 2, 10), {"method": "qr", "amount": 500000}))
    for spec in g["D"][1:]:
        spec.steps.insert(0, (P, t(3, 2, 10), {"method": "cash", "amount": 500000}))
    # E: 2 with two supplement requests, completed before the due instant: late by rule.
    g["E"] = [
        Spec(
            bd,
            BUILDING,
            "1",
            mar2,
            [
                (S, t(3, 3, 9), {}),
                (B, t(3, 3, 14), {}),
                (S, t(3, 4, 9), {}),
                (B, t(3, 4, 10), {}),
                (C, t(3, 4, 15), {}),
            ],
            fee=500000,
        )
        for _ in range(2)
    ]
    # F: 3 withdrawn after receipt (Tue 3 Mar).
    g["F"] = [Spec(bd, EXTRACT, "1", mar2, [(W, t(3, 3, 10), {})]) for _ in range(3)]
    # G: 2 refused at the desk, never received.
    g["G"] = [Spec(bd, EXTRACT, "1", mar2, [(R, t(3, 2, 11), {})], accept=False) for _ in range(2)]
    # H: open at the end of March: 4 in time (received Mon 30 Mar, due Thu 2 Apr), two of
    # them online full process; 3 overdue (received Mon 23 Mar, due Thu 26 Mar).
    g["H_in_time"] = [
        Spec(bd, BIRTH, ch, t(3, 30), [], digitised=True) for ch in ("2", "2", "1", "1")
    ]
    g["H_overdue"] = [Spec(bd, BUILDING, "1", t(3, 23), []) for _ in range(3)]
    # I: 2 carried over from February (received Mon 23 Feb, due Thu 26 Feb), completed late
    # Tue 3 Mar.
    g["I"] = [Spec(bd, BUILDING, "1", t(2, 23), [(C, t(3, 3, 10), {})]) for _ in range(2)]
    # K: 3 of February only (received Mon 2 Feb, completed early Wed 4 Feb).
    g["K"] = [Spec(bd, EXTRACT, "1", t(2, 2), [(C, t(2, 4, 10), {})]) for _ in range(3)]
    # Ward Minh Khai: 4 early and 1 late in March.
    g["MK"] = [Spec(mk, EXTRACT, "1", mar2, [(C, t(3, 4, 10), {})]) for _ in range(4)] + [
        Spec(mk, EXTRACT, "1", mar2, [(C, t(3, 9, 10), {})])
    ]
    return g


def build_all(*, agencies: dict[str, Agency], actor: User) -> dict[str, list[Dossier]]:
    return {
        name: [build(s, agencies=agencies, actor=actor) for s in group]
        for name, group in specs().items()
    }
