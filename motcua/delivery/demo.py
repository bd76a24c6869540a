"""Demo returns and ratings: a few results handed over at the ward Bạch Đằng's desk, one
posted (with its delivery confirmation), one downloaded by its owner; ratings on most of them,
one dissatisfied with a complaint; two results left waiting at the desk.

Uses the dossiers the back office has already processed. When there are not enough (the
processing demo did not run), accepted dossiers of the ward are processed here first through
the processing services themselves (transfer, claim, draft, complete, sign, issue).
Idempotent: nothing is added when a return is already recorded.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.delivery import services
from motcua.delivery.constants import RatingValue, RecipientRelation
from motcua.delivery.models import ResultReturn
from motcua.dossiers.constants import Action, Status
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.organizations.constants import Role
from motcua.organizations.models import RoleGrant

WARD = "hbt-bach-dang"
WANTED = 7
_STEP_MINUTES = 50


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _worker(step: Any) -> User | None:
    """Someone who may take the step: its role (else a leader) at its agency or the nearest
    agency above it."""
    from motcua.processing.services import can_work

    grants = sorted(
        RoleGrant.objects.active()
        .filter(role__in=[step.role, Role.LEADER])
        .select_related("user", "agency"),
        key=lambda g: (g.role != step.role, -len(g.agency.path), g.pk),
    )
    for grant in grants:
        if step.agency.path.startswith(grant.agency.path) and can_work(grant.user, step):
            return grant.user
    return None


def _process_one(dossier: Dossier, desk: User, start: dt.datetime) -> bool:
    """Drive one accepted dossier through the processing services; True when processed."""
    from motcua.processing import services as processing
    from motcua.processing.constants import ACTIVE_STEP_STATES, StepState
    from motcua.processing.models import StepTask

    clock = [start]

    def tick() -> dt.datetime:
        clock[0] += dt.timedelta(minutes=_STEP_MINUTES)
        return clock[0]

    try:
        with transaction.atomic():
            processing.processing_start(actor=desk, dossier=dossier, at=tick())
            prepared = signed = False
            for _round in range(30):
                dossier.refresh_from_db()
                if dossier.status != Status.PROCESSING:
                    break
                step = (
                    StepTask.objects.select_related("agency", "unit", "process")
                    .filter(dossier=dossier, at_desk=False, state__in=ACTIVE_STEP_STATES)
                    .order_by("order")
                    .first()
                )
                if step is None:
                    if signed:
                        processing.result_issue(
                            actor=_clerk(dossier) or desk, dossier=dossier, at=tick()
                        )
                    break
                worker = _worker(step)
                if worker is None:
                    raise PermissionDenied("no worker")
                if step.role == Role.LEADER and prepared:
                    processing.result_sign_draft(actor=worker, dossier=dossier, at=tick())
                    signed = True
                    continue
                if step.role == Role.CLERK and signed:
                    processing.result_issue(actor=worker, dossier=dossier, at=tick())
                    continue
                if step.state == StepState.OPEN:
                    processing.step_claim(actor=worker, step=step, at=tick())
                    step.refresh_from_db()
                if not prepared and step.agency_id == step.process.agency_id:
                    processing.result_prepare(
                        actor=worker,
                        dossier=dossier,
                        title=f"Kết quả: {dossier.procedure_version.name}"[:200],
                        decision_text=f"Giải quyết hồ sơ {dossier.code}: "
                        f"{dossier.procedure_version.name} cho {dossier.applicant_name}.",
                        at=tick(),
                    )
                    prepared = True
                processing.step_complete(actor=worker, step=step, note="Đủ điều kiện", at=tick())
            dossier.refresh_from_db()
            if dossier.status != Status.PROCESSED:
                raise ValidationError("not processed")
    except (ValidationError, PermissionDenied, DossierConflict):
        return False
    return True


def _clerk(dossier: Dossier) -> User | None:
    """The records clerk of the competent agency, else of the nearest agency above it."""
    path = dossier.competent_agency.path
    grants = [
        g
        for g in RoleGrant.objects.active().filter(role=Role.CLERK).select_related("user", "agency")
        if path.startswith(g.agency.path)
    ]
    grants.sort(key=lambda g: -len(g.agency.path))
    return grants[0].user if grants else None


def _processed(limit: int) -> list[Dossier]:
    return list(
        Dossier.objects.filter(
            status=Status.PROCESSED, receiving_agency__code=WARD, result_return__isnull=True
        ).order_by("id")[:limit]
    )


def _cap(at: dt.datetime) -> dt.datetime:
    return min(at, timezone.now() - dt.timedelta(minutes=1))


def seed_demo_data(*, agencies: dict[str, Any], stdout: Any) -> None:
    if ResultReturn.objects.exists():
        stdout.write("delivery: returns already present, nothing added")
        return
    desk = _user("motcua.bachdang")
    if desk is None or WARD not in agencies:
        stdout.write("delivery: no demo desk, no demo returns")
        return
    pool = _processed(WANTED)
    made = 0
    if len(pool) < WANTED:
        cutoff = timezone.now() - dt.timedelta(days=3)
        for dossier in Dossier.objects.filter(
            status=Status.RECEIVED,
            receiving_agency__code=WARD,
            competent_agency__code=WARD,
            received_at__lt=cutoff,
        ).order_by("received_at")[: 3 * WANTED]:
            if len(pool) >= WANTED:
                break
            assert dossier.received_at is not None  # noqa: S101 - filtered above
            if _process_one(dossier, desk, dossier.received_at):
                made += 1
                pool = _processed(WANTED)
    if not pool:
        stdout.write("delivery: no processed dossiers (catalogue or certificates missing)")
        return
    returned = rated = 0
    values = [RatingValue.VERY_SATISFIED, RatingValue.SATISFIED, RatingValue.DISSATISFIED]
    for index, dossier in enumerate(pool[:-2] if len(pool) > 2 else pool):
        issued = (
            DossierEvent.objects.filter(dossier=dossier, action=Action.COMPLETE)
            .order_by("-seq")
            .values_list("at", flat=True)
            .first()
            or timezone.now()
        )
        at = _cap(issued + dt.timedelta(days=1, hours=1))
        owner = dossier.applicant_user
        with transaction.atomic():
            if index == 3:
                services.result_send_by_post(
                    actor=desk,
                    dossier=dossier,
                    postal_service="Bưu điện Việt Nam (VNPost)",
                    tracking_number=f"EB{dossier.pk:09d}VN",
                    sent_at=at,
                    at=at,
                )
                services.result_delivery_confirm(
                    actor=desk,
                    dossier=dossier,
                    delivered_at=_cap(at + dt.timedelta(days=1)),
                    note="Người nhận ký nhận tại nhà",
                )
            elif index == 4 and owner is not None and services.signed_result_of(dossier):
                services.result_download(user=owner, dossier=dossier, at=at)
            else:
                authorised = index == 2
                services.result_return_at_desk(
                    actor=desk,
                    dossier=dossier,
                    recipient_name="Trần Thị Mai" if authorised else dossier.applicant_name,
                    recipient_relation=RecipientRelation.AUTHORISED
                    if authorised
                    else RecipientRelation.SELF,
                    recipient_id_number="001190004567"
                    if authorised or not dossier.applicant_id_number
                    else dossier.applicant_id_number,
                    authorisation="Giấy ủy quyền chứng thực tại UBND phường Bạch Đằng"
                    if authorised
                    else "",
                    papers="Kết quả giải quyết (bản chính)\nGiấy tờ bản chính đã xuất trình",
                    at=at,
                )
            returned += 1
            if index < len(values) + 1:
                value = values[index % len(values)]
                services.rating_submit(
                    dossier=dossier,
                    secret=dossier.tracking_secret,
                    value=value,
                    comment="Cán bộ hướng dẫn tận tình."
                    if value != RatingValue.DISSATISFIED
                    else "Phải chờ lâu khi nhận kết quả.",
                    complaint=value == RatingValue.DISSATISFIED
                    and bool(dossier.applicant_email or dossier.applicant_phone),
                    complaint_text="Tôi đến nhận kết quả đúng hẹn nhưng phải chờ hơn một giờ "
                    "mới được trả, đề nghị bố trí thêm người trả kết quả.",
                    at=_cap(at + dt.timedelta(hours=2)),
                )
                rated += 1
    stdout.write(
        f"delivery: {made} dossiers processed here, {returned} results returned, "
        f"{rated} ratings, {max(0, len(pool) - returned)} results waiting at the desk"
    )
