"""Shorter (committed) limits: recorded as a new published version with their decision,
never longer than the law, checked against the internal process, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from motcua.catalog import selectors, services
from motcua.catalog.models import ProcedureVersion
from motcua.core.models import AuditEvent
from motcua.organizations.models import Agency

pytestmark = pytest.mark.django_db

CODE = "1.999101"


def _published(actor: Any) -> ProcedureVersion:
    """A procedure of 5 working days whose internal process takes 3."""
    version = services.procedure_create(
        actor=actor,
        payload={
            "code": CODE,
            "name": "Cấp giấy phép thử nghiệm",
            "field_code": "xay-dung",
            "field_name": "Xây dựng",
            "level": "district",
            "applicant_types": ["citizen"],
            "channels": [1, 2],
            "time_limit": 5,
            "time_unit": "working_days",
            "online_level": "partial",
            "effective_from": dt.date(2024, 1, 1),
            "process": [
                {
                    "name": "Tiếp nhận",
                    "role": "desk_officer",
                    "agency_kind": "district",
                    "budget": "0.5",
                    "budget_unit": "working_days",
                },
                {
                    "name": "Thẩm định",
                    "role": "specialist",
                    "agency_kind": "district",
                    "budget": "2.5",
                    "budget_unit": "working_days",
                },
            ],
        },
    )
    return services.version_publish(actor=actor, version=version)


def _commit(actor: Any, limit: int, decision: str = "4521/QĐ-UBND", **kw: Any) -> ProcedureVersion:
    return services.committed_limit_set(
        actor=actor,
        code=CODE,
        agency=Agency.objects.get(code="hbt-qldt"),
        committed_limit=limit,
        committed_unit=kw.pop("unit", "working_days"),
        committed_decision=decision,
        **kw,
    )


def test_a_commitment_publishes_a_new_version_and_leaves_the_old_one_as_it_was(
    demo_org: Any, user_named: Any
) -> None:
    officer = user_named("caicach.hbt")
    v1 = _published(officer)
    # When the district's leader records the 4-day limit it committed to
    v2 = _commit(user_named("lanhdao.hbt"), 4)
    # Then version 2 is published from today with the committed limit and its decision
    today = timezone.localdate()
    assert (v2.number, v2.status, v2.effective_from) == (2, "published", today)
    assert (v2.committed_limit, v2.committed_unit, v2.committed_decision) == (
        4,
        "working_days",
        "4521/QĐ-UBND",
    )
    assert v2.time_limit == 5
    assert v2.steps.count() == 2
    # And it is what the catalogue now offers; version 1 kept its content and ended yesterday
    current = selectors.procedure_current(code=CODE)
    assert current is not None
    assert current.committed_display == "4 ngày làm việc"
    v1.refresh_from_db()
    assert v1.committed_limit is None
    assert v1.effective_to == today - dt.timedelta(days=1)
    # And the change is audited with the committing agency and before/after
    event = AuditEvent.objects.filter(action="catalog.committed_limit_set").get()
    assert event.data["before"]["committed_limit"] is None
    assert event.data["after"]["committed_limit"] == 4
    assert event.data["agency"] == "hbt-qldt"
    # When the same commitment is recorded again, nothing new is written
    assert _commit(user_named("lanhdao.hbt"), 4).pk == v2.pk
    assert ProcedureVersion.objects.filter(procedure__code=CODE).count() == 2


def test_a_commitment_longer_than_the_law_or_the_process_is_refused_by_field(
    demo_org: Any, user_named: Any
) -> None:
    officer = user_named("caicach.hbt")
    _published(officer)
    # When the committed limit exceeds the legal 5 days
    with pytest.raises(ValidationError) as err:
        _commit(officer, 6)
    # Then the message names the committed limit and both durations
    message = err.value.message_dict["committed_limit"][0]
    assert "Thời hạn cam kết (6 ngày làm việc) dài hơn" in message
    assert "5 ngày làm việc" in message
    # When it is shorter than the 3 days the internal process needs
    with pytest.raises(ValidationError) as err:
        _commit(officer, 2)
    assert "Quy trình nội bộ cộng 3.00 ngày" in err.value.message_dict["committed_limit"][0]
    # When the decision is missing, or the unit is unknown
    with pytest.raises(ValidationError) as err:
        _commit(officer, 4, decision="  ")
    assert "Quyết định cam kết" in err.value.message_dict["committed_decision"][0]
    with pytest.raises(ValidationError) as err:
        _commit(officer, 4, unit="weeks")
    assert "committed_unit" in err.value.message_dict
    # Then nothing was written
    assert ProcedureVersion.objects.filter(procedure__code=CODE).count() == 1
    assert not AuditEvent.objects.filter(action="catalog.committed_limit_set").exists()


def test_who_may_record_a_commitment_and_an_open_draft_blocks_it(
    demo_org: Any, user_named: Any
) -> None:
    officer = user_named("caicach.hbt")
    v1 = _published(officer)
    # A leader of another office, a ward's leader and a resident may not
    for name in ("lanhdao.tuphap", "chutich.bachdang", "dan.nguyenvanan"):
        with pytest.raises(PermissionDenied):
            _commit(user_named(name), 4)
    # While someone edits a draft of the procedure, the commitment waits (conflict)
    services.version_start_draft(actor=officer, procedure=v1.procedure)
    with pytest.raises(services.CommitmentConflict) as err:
        _commit(officer, 4)
    assert "bản nháp số 2" in err.value.message_dict["code"][0]


def test_api_records_a_commitment_with_400_and_409_answers(
    demo_org: Any, user_named: Any, api_client_for: Any
) -> None:
    v1 = _published(user_named("caicach.hbt"))
    url = f"/api/v1/procedures/{CODE}/committed-limit/"
    body = {
        "agency": "hbt-qldt",
        "committed_limit": 4,
        "committed_unit": "working_days",
        "committed_decision": "4521/QĐ-UBND",
    }
    # A resident is refused; an unknown procedure is 404
    assert api_client_for("dan.nguyenvanan").post(url, body, format="json").status_code == 403
    leader = api_client_for("lanhdao.hbt")
    assert leader.post("/api/v1/procedures/1.999199/committed-limit/", body).status_code == 404
    # A limit above the law is a 400 naming the field
    bad = leader.post(url, {**body, "committed_limit": 9}, format="json")
    assert bad.status_code == 400
    assert "committed_limit" in bad.json()["errors"]
    # With an open draft it is a 409
    draft = services.version_start_draft(actor=user_named("caicach.hbt"), procedure=v1.procedure)
    assert leader.post(url, body, format="json").status_code == 409
    services.version_discard_draft(actor=user_named("caicach.hbt"), version=draft)
    # The leader records it; the answer is the new version, and the public detail shows it
    ok = leader.post(url, body, format="json")
    assert ok.status_code == 200, ok.json()
    assert ok.json()["number"] == 2  # the discarded draft left no trace
    detail = api_client_for(None).get(f"/api/v1/procedures/{CODE}/").json()
    assert (detail["committed_limit"], detail["committed_decision"]) == (4, "4521/QĐ-UBND")


def test_staff_page_records_a_commitment_or_says_which_field_is_wrong(
    demo_org: Any, user_named: Any
) -> None:
    v1 = _published(user_named("caicach.hbt"))
    client = Client()
    client.force_login(user_named("caicach.hbt"))
    page = client.get(f"/can-bo/thu-tuc/phien-ban/{v1.pk}/").content.decode()
    assert "Thời hạn cam kết rút ngắn" in page
    url = f"/can-bo/thu-tuc/phien-ban/{v1.pk}/cam-ket/"
    form = {
        "cam_ket-agency": "hbt-qldt",
        "cam_ket-committed_limit": "7",
        "cam_ket-committed_unit": "working_days",
        "cam_ket-committed_decision": "4521/QĐ-UBND",
    }
    # When the officer asks for 7 days (longer than the legal 5)
    page = client.post(url, form, follow=True).content.decode()
    # Then the page names the field and nothing changed
    assert "Thời hạn cam kết: Thời hạn cam kết (7 ngày làm việc) dài hơn" in page
    assert ProcedureVersion.objects.filter(procedure__code=CODE).count() == 1
    # When 4 days are recorded, the new version opens with the commitment shown
    response = client.post(url, {**form, "cam_ket-committed_limit": "4"}, follow=True)
    page = response.content.decode()
    v2 = ProcedureVersion.objects.get(procedure__code=CODE, number=2)
    assert response.redirect_chain[-1][0] == f"/can-bo/thu-tuc/phien-ban/{v2.pk}/"
    assert "Đã ghi thời hạn cam kết 4 ngày làm việc" in page
    assert "Đang cam kết 4 ngày làm việc (4521/QĐ-UBND)" in page
