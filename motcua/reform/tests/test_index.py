"""The reform index: self-scoring with evidence, appraisal from above, ranking among peers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.organizations import services as org_services
from motcua.organizations.constants import AgencyKind, Role
from motcua.reform import selectors, services
from motcua.reform.constants import AssessmentStatus
from motcua.reform.models import IndexAssessment, IndexCriterion, IndexFramework

pytestmark = pytest.mark.django_db


@pytest.fixture
def framework(demo_org, user_named):
    # The city's home-affairs reform officer keeps the criteria set
    city_officer = user_named("giamsat.hdnd")
    org_services.role_grant(
        actor=None,
        user=city_officer,
        role=Role.REFORM_OFFICER,
        agency=demo_org["hn"],
        valid_from=dt.date(2020, 1, 1),
    )
    fw = services.record_create(
        actor=city_officer,
        model=IndexFramework,
        data={
            "agency": demo_org["hn"],
            "year": 2024,
            "name": "Chỉ số CCHC cấp huyện 2024",
            "peer_kind": AgencyKind.DISTRICT,
        },
    )
    area = services.record_create(
        actor=city_officer,
        model=IndexCriterion,
        data={
            "framework": fw,
            "code": "1",
            "title": "Chỉ đạo, điều hành",
            "max_points": Decimal(10),
        },
    )
    for code, points, evidence in (("1.1", 4, True), ("1.2", 6, False)):
        services.record_create(
            actor=city_officer,
            model=IndexCriterion,
            data={
                "framework": fw,
                "parent": area,
                "code": code,
                "title": f"Tiêu chí {code}",
                "max_points": Decimal(points),
                "evidence_required": evidence,
            },
        )
    return fw


def _leaves(fw):
    return {c.code: c for c in IndexCriterion.objects.filter(framework=fw, code__contains=".")}


def test_self_scoring_submission_and_appraisal(framework, demo_org, user_named):
    # Given the district leader opens the 2024 self-assessment
    leader, city = user_named("lanhdao.hbt"), user_named("giamsat.hdnd")
    assessment = services.assessment_start(
        actor=leader, framework=framework, agency=demo_org["hbt"]
    )
    leaves = _leaves(framework)
    # When a score above the maximum is entered, it is refused with the criterion named
    with pytest.raises(ValidationError) as err:
        services.score_set(
            actor=leader, assessment=assessment, criterion=leaves["1.1"], self_score=Decimal("4.5")
        )
    assert "1.1" in err.value.message_dict["self_score"][0]
    # When scores are entered without the required evidence, submitting is refused
    services.score_set(
        actor=leader, assessment=assessment, criterion=leaves["1.1"], self_score=Decimal("3.5")
    )
    services.score_set(
        actor=leader, assessment=assessment, criterion=leaves["1.2"], self_score=Decimal("5.25")
    )
    with pytest.raises(ValidationError) as err:
        services.assessment_submit(actor=leader, assessment=assessment)
    assert "1.1" in err.value.message_dict["evidence"][0]
    # With evidence it goes through, and the total is the sum of the scores
    services.score_set(
        actor=leader,
        assessment=assessment,
        criterion=leaves["1.1"],
        self_score=Decimal("3.5"),
        evidence="Kế hoạch 18/KH-UBND",
    )
    assessment = services.assessment_submit(actor=leader, assessment=assessment)
    assert assessment.status == AssessmentStatus.SUBMITTED
    assert assessment.self_total == Decimal("8.75")
    # The district cannot appraise itself; the city can
    with pytest.raises(PermissionDenied):
        services.appraisal_score_set(
            actor=leader, assessment=assessment, criterion=leaves["1.2"], appraised_score=Decimal(6)
        )
    services.appraisal_score_set(
        actor=city, assessment=assessment, criterion=leaves["1.2"], appraised_score=Decimal("4.75")
    )
    assessment = services.assessment_appraise(actor=city, assessment=assessment)
    # Then criteria left unappraised keep the district's own score
    assert assessment.appraised_total == Decimal("8.25")
    assert assessment.final_total == Decimal("8.25")


def _assess(fw, agency, total):
    leaves = list(_leaves(fw).values())
    assessment = IndexAssessment.objects.create(
        framework=fw,
        agency=agency,
        self_total=total,
        appraised_total=total,
        status=AssessmentStatus.APPRAISED,
    )
    del leaves
    return assessment


def test_ranking_among_peers_shares_ties(framework, demo_org):
    hn = demo_org["hn"]
    peers = [
        org_services.agency_create(
            actor=None, parent=hn, code=f"hn-q{i}", name=f"UBND quận {i}", kind=AgencyKind.DISTRICT
        )
        for i in range(3)
    ]
    # A department is under the same parent but not of the same kind: not a peer
    dept = org_services.agency_create(
        actor=None, parent=hn, code="hn-so", name="Sở", kind=AgencyKind.DEPARTMENT
    )
    hbt = _assess(framework, demo_org["hbt"], Decimal("80.5"))
    _assess(framework, peers[0], Decimal("90"))
    _assess(framework, peers[1], Decimal("80.5"))
    _assess(framework, peers[2], Decimal("70"))
    IndexAssessment.objects.create(framework=framework, agency=dept, self_total=Decimal(99))
    # Then two districts tie for second, the next is fourth, of four peers
    assert selectors.index_rank(assessment=hbt) == (2, 4)
    ranking = selectors.index_ranking(framework=framework, parent_id=hn.pk)
    assert [r["rank"] for r in ranking] == [1, 2, 2, 4]


def test_a_unit_cannot_score_under_a_criteria_set_for_another_kind(framework, demo_org, user_named):
    with pytest.raises(ValidationError):
        services.assessment_start(
            actor=user_named("chutich.bachdang"),
            framework=framework,
            agency=demo_org["hbt-bach-dang"],
        )
