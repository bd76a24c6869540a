"""Feedback about a real dossier: routed to its competent agency, linked, counted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.feedback import services
from motcua.feedback.selectors import dossier_ids_with_complaints
from motcua.feedback.tests.factories import conduct_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(demo_org, user_named):
    from motcua.dossiers.tests.conftest import catalogue_slice
    from motcua.dossiers.tests.helpers import submitted

    catalogue_slice(("1.001193",))
    return submitted(user_named("dan.nguyenvanan"))


def test_feedback_about_a_dossier_goes_to_its_agency_and_counts_as_its_complaint(
    dossier, user_named
):
    # Given a resident's submitted dossier at ward Bạch Đằng
    assert dossier.code
    # When they send a complaint naming its code (in lower case, without choosing an agency)
    sent = services.feedback_submit(
        actor=user_named("dan.nguyenvanan"),
        data=conduct_data(
            kind="complaint",
            subject="dossier",
            category="regulation",
            dossier_code=dossier.code.lower(),
            agency="",
        ),
    )
    # Then it is linked to the dossier and handled by the dossier's competent agency
    case = sent.feedback
    assert case.dossier == dossier
    assert case.agency == dossier.competent_agency
    # And the dossier counts as having a complaint this month, for its agency and the district
    today = case.received_at.astimezone(dt.UTC).date()
    period = (today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert dossier_ids_with_complaints(dossier.competent_agency, period) == {dossier.pk}
    assert dossier_ids_with_complaints(dossier.competent_agency.parent, period) == {dossier.pk}
    # And a repeat of an answered report about it keeps the link
    report = services.feedback_submit(
        actor=None,
        data=conduct_data(subject="dossier", dossier_code=dossier.code, agency=""),
    )
    services.feedback_answer(
        actor=None, feedback=report.feedback, answer="Hồ sơ đã được giải quyết xong."
    )
    again = services.feedback_repeat(
        feedback=report.feedback,
        content="Tôi chưa nhận được kết quả như trả lời.",
        secret=report.secret,
    )
    assert again.feedback.dossier == dossier


def test_an_unknown_dossier_code_is_explained(demo_org):
    with pytest.raises(ValidationError) as err:
        services.feedback_submit(
            actor=None,
            data=conduct_data(
                subject="dossier", dossier_code="000.22.07.H26-260101-9999", agency=""
            ),
        )
    assert "Không tìm thấy hồ sơ" in err.value.message_dict["dossier_code"][0]
