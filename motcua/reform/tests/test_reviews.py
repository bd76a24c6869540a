"""Procedure reviews: approved shorter limits are counted per field and, when the catalogue
offers the service, written into the catalogue as committed limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.reform import integrations, selectors, services
from motcua.reform.constants import ProposalStatus
from motcua.reform.models import LimitProposal, ProcedureReview

pytestmark = pytest.mark.django_db


def _proposal(demo_org, user, code="1.009999", field="Quản lý đô thị") -> LimitProposal:
    review = services.review_create(
        actor=user,
        data={
            "agency": demo_org["hbt-qldt"],
            "reviewed_on": dt.date(2022, 4, 1),
            "procedure_code": code,
            "procedure_name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "field_name": field,
            "outcome": "shorten",
        },
    )
    return services.record_create(
        actor=user,
        model=LimitProposal,
        data={
            "review": review,
            "legal_limit": 15,
            "proposed_limit": 12,
        },
    )


def test_a_proposal_must_be_shorter_than_the_law(demo_org, user_named):
    leader = user_named("lanhdao.hbt")
    review = services.review_create(
        actor=leader,
        data={
            "agency": demo_org["hbt-qldt"],
            "reviewed_on": dt.date(2022, 4, 1),
            "procedure_code": "1.009994",
            "procedure_name": "Cấp phép",
            "field_name": "Quản lý đô thị",
            "outcome": "shorten",
        },
    )
    with pytest.raises(ValidationError) as err:
        services.record_create(
            actor=leader,
            model=LimitProposal,
            data={"review": review, "legal_limit": 15, "proposed_limit": 15},
        )
    assert "ngắn hơn" in err.value.message_dict["proposed_limit"][0]
    with pytest.raises(ValidationError):
        services.review_create(
            actor=leader,
            data={
                "agency": demo_org["hbt-qldt"],
                "reviewed_on": dt.date(2022, 4, 1),
                "procedure_code": "1009994",
                "procedure_name": "x",
                "field_name": "y",
                "outcome": "keep",
            },
        )


def test_approval_waits_for_the_catalogue_until_it_offers_the_service(
    demo_org, user_named, monkeypatch
):
    # Given a catalogue without the committed-limit service
    monkeypatch.setattr(integrations, "_callable", lambda app, module, name: None)
    leader = user_named("lanhdao.hbt")

    def shortened() -> int:
        rows = selectors.shortened_limits_by_field(agency=demo_org["hbt-qldt"])
        return sum(r["procedures"] for r in rows if r["field"] == "Quản lý đô thị")

    before = shortened()
    proposal = services.review_decision_apply(
        actor=leader,
        proposal=_proposal(demo_org, leader),
        approved=True,
        decision_number="4521/QĐ-UBND",
    )
    # Then the decision is recorded and marked as not yet in the catalogue
    assert proposal.status == ProposalStatus.APPROVED
    assert proposal.catalog_applied_at is None
    assert proposal.catalog_note
    # And it counts as a shortened procedure of its field
    assert shortened() == before + 1
    # And a decided proposal cannot be turned around
    with pytest.raises(ValidationError):
        services.review_decision_apply(actor=leader, proposal=proposal, approved=False)


def test_approval_writes_the_committed_limit_when_the_catalogue_can(
    demo_org, user_named, monkeypatch
):
    calls = []

    def committed_limit_set(**kwargs):
        calls.append(kwargs)

    def fake_callable(app, module, name):
        return committed_limit_set if name == integrations.CATALOG_COMMITTED_LIMIT_SERVICE else None

    monkeypatch.setattr(integrations, "_callable", fake_callable)
    monkeypatch.setattr(
        integrations,
        "catalog_procedure",
        lambda code: integrations.CatalogProcedure(7, code, "Cấp phép", "XD"),
    )
    leader = user_named("lanhdao.hbt")
    proposal = services.review_decision_apply(
        actor=leader,
        proposal=_proposal(demo_org, leader),
        approved=True,
        decision_number="4521/QĐ-UBND",
    )
    assert proposal.catalog_applied_at is not None
    assert calls == [
        {
            "actor": leader,
            "code": "1.009999",
            "agency": demo_org["hbt-qldt"],
            "committed_limit": 12,
            "committed_unit": "working_days",
            "committed_decision": "4521/QĐ-UBND",
        }
    ]
    # A review of a procedure the catalogue knows is linked to it
    review = ProcedureReview.objects.get(pk=proposal.review_id)
    assert review.catalog_procedure_id == 7
