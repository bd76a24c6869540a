"""Procedure reviews: the decision on a proposal to commit to a shorter time limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.reform import access, integrations
from motcua.reform.constants import ProposalStatus
from motcua.reform.models import LimitProposal, ProcedureReview
from motcua.reform.services.records import record_create, transition_audit


def review_create(*, actor: Any, data: dict[str, Any]) -> ProcedureReview:
    """Record a review; link it to the catalogue's procedure when the catalogue knows it."""
    data = dict(data)
    found = integrations.catalog_procedure(str(data.get("procedure_code", "")))
    if found is not None:
        data["catalog_procedure_id"] = found.pk
        data.setdefault("procedure_name", found.name)
        if not data.get("field_name"):
            data["field_name"] = found.field_name
    return record_create(actor=actor, model=ProcedureReview, data=data)


@transaction.atomic
def review_decision_apply(
    *,
    actor: Any,
    proposal: LimitProposal,
    approved: bool,
    decided_on: dt.date | None = None,
    decision_number: str = "",
) -> LimitProposal:
    """Approve or reject a proposed shorter limit.

    An approved limit becomes the procedure's committed limit in the catalogue when the
    catalogue offers the service for it (see ``integrations.catalog_apply_committed_limit``);
    otherwise the proposal records that it is waiting, and applying it later is a matter
    of calling this again on an approved proposal.
    """
    proposal = (
        LimitProposal.objects.select_for_update()
        .select_related("review", "review__agency")
        .get(pk=proposal.pk)
    )
    access.require_write(user=actor, agency_id=proposal.review.agency_id)
    target = ProposalStatus.APPROVED if approved else ProposalStatus.REJECTED
    if proposal.status == ProposalStatus.REJECTED or (
        proposal.status == ProposalStatus.APPROVED and not approved
    ):
        raise ValidationError(
            {
                "status": [
                    _("Đề xuất đã có quyết định '%(s)s'.") % {"s": proposal.get_status_display()}
                ]
            }
        )
    if proposal.status == ProposalStatus.APPROVED and proposal.catalog_applied_at:
        return proposal  # already decided and applied: nothing to do twice
    before = {"status": proposal.status, "catalog_applied_at": proposal.catalog_applied_at}
    proposal.status = target
    proposal.decided_on = proposal.decided_on or decided_on or timezone.localdate()
    proposal.decision_number = decision_number or proposal.decision_number
    proposal.decided_by = actor if getattr(actor, "pk", None) else proposal.decided_by
    if approved:
        outcome = integrations.catalog_apply_committed_limit(
            actor=actor,
            agency=proposal.review.agency,
            code=proposal.review.procedure_code,
            limit=proposal.proposed_limit,
            unit=proposal.proposed_unit,
            decision=proposal.decision_number,
        )
        proposal.catalog_note = outcome.note
        proposal.catalog_applied_at = timezone.now() if outcome.applied else None
    proposal.save(
        update_fields=[
            "status",
            "decided_on",
            "decision_number",
            "decided_by",
            "catalog_note",
            "catalog_applied_at",
            "updated_at",
        ]
    )
    transition_audit(
        actor=actor,
        obj=proposal,
        verb="decide",
        before=before,
        after={
            "status": proposal.status,
            "decided_on": proposal.decided_on,
            "decision_number": proposal.decision_number,
            "catalog_applied_at": proposal.catalog_applied_at,
            "catalog_note": proposal.catalog_note,
        },
    )
    return proposal
