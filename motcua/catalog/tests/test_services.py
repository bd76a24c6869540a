"""Versions, publishing, budgets, assignments and counts, as the services enforce them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from motcua.catalog import selectors, services
from motcua.catalog.models import (
    Component,
    ImmutableVersionError,
    Procedure,
    ProcedureVersion,
)
from motcua.catalog.payload import version_payload
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 28)


def _payload(**changes):
    base = {
        "code": "1.999001",
        "name": "Thủ tục thử nghiệm",
        "field_code": "thu",
        "field_name": "Thử",
        "level": "commune",
        "applicant_types": ["citizen"],
        "channels": [1, 2],
        "time_limit": 3,
        "time_unit": "working_days",
        "online_level": "partial",
        "effective_from": dt.date(2024, 1, 1),
        "components": [
            {"name": "Tờ khai", "copy_kind": "original", "quantity": 1, "mandatory": True}
        ],
        "fees": [{"label": "Lệ phí", "kind": "fixed", "amount": 10_000}],
        "process": [
            {
                "name": "Tiếp nhận",
                "role": "desk_officer",
                "agency_kind": "commune",
                "budget": "0.5",
                "budget_unit": "working_days",
            },
            {
                "name": "Xử lý",
                "role": "specialist",
                "agency_kind": "commune",
                "budget": "2",
                "budget_unit": "working_days",
            },
        ],
    }
    return {**base, **changes}


def test_a_published_version_is_frozen_and_editing_makes_a_new_draft(demo_org, user_named):
    officer = user_named("caicach.hbt")
    # Given a published procedure
    v1 = services.procedure_create(actor=officer, payload=_payload())
    v1 = services.version_publish(actor=officer, version=v1)
    # When anyone tries to change it in place, it refuses (model save and service)
    v1.name = "Tên khác"
    with pytest.raises(ImmutableVersionError):
        v1.save()
    with pytest.raises(ImmutableVersionError):
        Component.objects.get(version=v1).save()
    with pytest.raises(ValidationError):
        services.version_update_draft(actor=officer, version=v1, payload=_payload(name="X"))
    # When the officer edits, a draft copied from v1 appears, with the same content
    v2 = services.version_start_draft(actor=officer, procedure=v1.procedure)
    assert v2.number == 2
    assert v2.status == "draft"
    assert services.version_start_draft(actor=officer, procedure=v1.procedure).pk == v2.pk
    same = {k: v for k, v in version_payload(v2).items() if k not in ("effective_from", "status")}
    before = {
        k: v
        for k, v in version_payload(ProcedureVersion.objects.get(pk=v1.pk)).items()
        if k not in ("effective_from", "status")
    }
    assert same == before
    # And publishing it from a date hands over from v1 on that date
    v2 = services.version_update_draft(
        actor=officer, version=v2, payload=_payload(name="Tên mới", time_limit=4)
    )
    services.version_publish(actor=officer, version=v2, effective_from=dt.date(2025, 7, 1))
    assert (
        selectors.procedure_version_in_force(code="1.999001", on=dt.date(2025, 6, 30)).number == 1
    )
    assert selectors.procedure_version_in_force(code="1.999001", on=dt.date(2025, 7, 1)).number == 2
    assert selectors.procedure_version_in_force(code="1.999001", on=dt.date(2023, 12, 31)) is None


def test_bad_payload_names_fields_and_writes_nothing(demo_org, user_named):
    officer = user_named("caicach.hbt")
    with pytest.raises(services.PayloadInvalid) as error:
        services.procedure_create(
            actor=officer,
            payload=_payload(
                code="1001193",
                time_limit=-1,
                channels=[9],
                components=[{"name": "", "copy_kind": "photo", "quantity": 0}],
                eform_schema={"type": "object", "properties": {"a": {"type": "date"}}},
            ),
        )
    errors = error.value.checked.flat_errors()
    assert {
        "code",
        "time_limit",
        "channels",
        "eform_schema",
        "components[0].name",
        "components[0].copy_kind",
        "components[0].quantity",
    } <= set(errors)
    assert "N.NNNNNN" in errors["code"][0]
    assert Procedure.objects.count() == 0
    assert ProcedureVersion.objects.count() == 0


def test_only_catalogue_staff_may_change_it(demo_org, user_named):
    with pytest.raises(PermissionDenied):
        services.procedure_create(actor=user_named("motcua.bachdang"), payload=_payload())


def test_over_budget_process_is_refused_unless_an_administrator_overrides(demo_org, user_named):
    officer, admin = user_named("caicach.hbt"), user_named("quantri.hbt")
    # Given a draft whose steps add up to 4 days against a committed 2-day limit
    draft = services.procedure_create(
        actor=officer,
        payload=_payload(
            committed_limit=2,
            committed_unit="working_days",
            committed_decision="QĐ 1/QĐ-UBND",
            process=[
                {
                    "name": "Xử lý",
                    "role": "specialist",
                    "agency_kind": "commune",
                    "budget": "4",
                    "budget_unit": "working_days",
                }
            ],
        ),
    )
    # Then it is listed as over budget
    assert [r.version.pk for r in selectors.over_budget_versions()] == [draft.pk]
    # And publishing is refused with the figures
    with pytest.raises(ValidationError) as error:
        services.version_publish(actor=officer, version=draft)
    assert "4.00 ngày" in str(error.value)
    assert "thời hạn cam kết" in str(error.value)
    # And a reform officer may not override
    with pytest.raises(PermissionDenied):
        services.version_publish(actor=officer, version=draft, override_reason="Đã báo cáo")
    # But an administrator may, with a reason, and it is audited
    published = services.version_publish(
        actor=admin, version=draft, override_reason="Chờ sửa quy trình theo QĐ mới"
    )
    assert published.budget_override_reason
    assert published.budget_override_by == admin
    event = AuditEvent.objects.filter(action="catalog.publish").last()
    assert event.data["budget"]["over"] is True
    assert event.data["budget"]["override_reason"] == "Chờ sửa quy trình theo QĐ mới"
    assert draft.pk in [r.version.pk for r in selectors.over_budget_versions()]


def test_counts_per_agency_and_level_follow_the_assignments(demo_catalogue, user_named):
    officer = user_named("caicach.hbt")
    counts = selectors.catalogue_counts(on=TODAY)
    ward, district = counts["by_agency"]["hbt-bach-dang"], counts["by_agency"]["hbt"]
    assert ward > 20
    assert district > 15
    assert counts["by_level"]["commune"] + counts["by_level"]["district"] == counts["total"]
    # When a ward stops applying one procedure and the district starts applying it
    birth = Procedure.objects.get(code="1.001193")
    row = birth.assignments.get(agency__code="hbt-bach-dang")
    services.assignment_end(actor=officer, assignment=row, valid_to=TODAY - dt.timedelta(days=1))
    services.assignment_set(
        actor=officer,
        procedure=birth,
        agency=demo_catalogue["hbt"],
        valid_from=TODAY,
        channels=[1, 2],
    )
    # Then the counts follow
    after = selectors.catalogue_counts(on=TODAY)
    assert after["by_agency"]["hbt-bach-dang"] == ward - 1
    assert after["by_agency"]["hbt"] == district + 1
    # And yesterday's counts are unchanged
    assert (
        selectors.catalogue_counts(on=TODAY - dt.timedelta(days=1))["by_agency"]["hbt-bach-dang"]
        == ward
    )
    # And retiring the procedure removes it from every count and the level count
    current = selectors.procedure_version_in_force(code="1.001193", on=TODAY)
    services.version_retire(actor=officer, version=current, on=TODAY - dt.timedelta(days=1))
    final = selectors.catalogue_counts(on=TODAY)
    assert final["by_agency"]["hbt"] == district
    assert final["by_level"]["commune"] == after["by_level"]["commune"] - 1


def test_overlapping_assignment_is_refused(demo_catalogue, user_named):
    officer = user_named("caicach.hbt")
    birth = Procedure.objects.get(code="1.001193")
    with pytest.raises(ValidationError) as error:
        services.assignment_set(
            actor=officer,
            procedure=birth,
            agency=demo_catalogue["hbt-bach-dang"],
            valid_from=dt.date(2024, 1, 1),
            channels=[1],
        )
    assert "valid_from" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.assignment_set(
            actor=officer,
            procedure=birth,
            agency=demo_catalogue["hbt"],
            valid_from=TODAY,
            channels=[],
        )
    assert "channels" in error.value.message_dict


def test_demo_procedures_have_processes_within_their_limits_except_the_flagged_one(demo_catalogue):
    flagged = {r.version.procedure.code for r in selectors.over_budget_versions(on=TODAY)}
    assert flagged == {"1.003003"}
    in_force = ProcedureVersion.objects.in_force(TODAY)
    assert in_force.count() >= 40
    assert not in_force.filter(steps__isnull=True).exists()
