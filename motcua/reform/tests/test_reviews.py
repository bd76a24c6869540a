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


def _catalogue_procedure(officer, code: str) -> None:
    """A published catalogue procedure of 15 working days whose process takes 10."""
    from motcua.catalog import services as catalog

    version = catalog.procedure_create(
        actor=officer,
        payload={
            "code": code,
            "name": "Cấp giấy phép xây dựng nhà ở riêng lẻ",
            "field_code": "quan-ly-do-thi",
            "field_name": "Quản lý đô thị",
            "level": "district",
            "applicant_types": ["citizen"],
            "channels": [1, 2],
            "time_limit": 15,
            "time_unit": "working_days",
            "online_level": "partial",
            "effective_from": dt.date(2024, 1, 1),
            "process": [
                {
                    "name": "Thẩm định",
                    "role": "specialist",
                    "agency_kind": "district",
                    "budget": "10",
                    "budget_unit": "working_days",
                }
            ],
        },
    )
    catalog.version_publish(actor=officer, version=version)


def test_approval_writes_the_committed_limit_into_the_real_catalogue(demo_org, user_named):
    from motcua.catalog import selectors as catalog_selectors
    from motcua.catalog import services as catalog
    from motcua.core.models import AuditEvent

    # Given the building permit in the catalogue (15 working days) and a review proposing 12
    _catalogue_procedure(user_named("caicach.hbt"), "1.009999")
    leader = user_named("lanhdao.hbt")
    proposal = _proposal(demo_org, leader)
    review = ProcedureReview.objects.get(pk=proposal.review_id)
    current = catalog_selectors.procedure_current(code="1.009999")
    assert review.catalog_procedure_id == current.procedure_id
    # When the district's leader approves it with the decision
    proposal = services.review_decision_apply(
        actor=leader, proposal=proposal, approved=True, decision_number="4521/QĐ-UBND"
    )
    # Then the catalogue offers a new version with the committed limit and its decision
    assert proposal.catalog_applied_at is not None
    assert "phiên bản 2" in proposal.catalog_note
    current = catalog_selectors.procedure_current(code="1.009999")
    assert (current.number, current.committed_display, current.committed_decision) == (
        2,
        "12 ngày làm việc",
        "4521/QĐ-UBND",
    )
    # And the catalogue audited it for the office of urban management
    event = AuditEvent.objects.get(action="catalog.committed_limit_set")
    assert event.data["agency"] == "hbt-qldt"
    assert event.actor_id == leader.pk

    # Given a second procedure that someone is editing in the catalogue (an open draft)
    _catalogue_procedure(user_named("caicach.hbt"), "1.009998")
    procedure = catalog_selectors.procedure_current(code="1.009998").procedure
    draft = catalog.version_start_draft(actor=user_named("caicach.hbt"), procedure=procedure)
    # When its proposal is approved
    second = services.review_decision_apply(
        actor=leader,
        proposal=_proposal(demo_org, leader, code="1.009998"),
        approved=True,
        decision_number="4522/QĐ-UBND",
    )
    # Then the decision is kept, with the catalogue's reason why it is not applied yet
    assert second.status == ProposalStatus.APPROVED
    assert second.catalog_applied_at is None
    assert "bản nháp số 2" in second.catalog_note
    # And once the draft is gone, applying the decision again writes it
    catalog.version_discard_draft(actor=user_named("caicach.hbt"), version=draft)
    second = services.review_decision_apply(actor=leader, proposal=second, approved=True)
    assert second.catalog_applied_at is not None
    assert catalog_selectors.procedure_current(code="1.009998").committed_limit == 12
