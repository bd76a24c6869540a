"""An officer of one ward sees and changes only their own ward's staff and calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from motcua.core.models import AuditEvent
from motcua.organizations import services
from motcua.organizations.models import CalendarDay, RoleGrant

pytestmark = pytest.mark.django_db


def login(client: Client, user) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(user)
    return client


def test_ward_officer_cannot_see_another_wards_staff_or_calendar_pages(client, user_named):
    # Given the desk officer of Bạch Đằng ward
    login(client, user_named("motcua.bachdang"))
    # When they open their own ward and then Minh Khai ward
    own = client.get("/can-bo/co-quan/hbt-bach-dang/")
    other = client.get("/can-bo/co-quan/hbt-minh-khai/")
    # Then their ward shows its staff, the other ward is "not found"
    assert own.status_code == 200
    assert "Ngô Thị Hồng" in own.content.decode()
    assert other.status_code == 404


def test_ward_officer_cannot_see_another_wards_staff_or_calendar_api(api_client_for):
    api = api_client_for("motcua.bachdang")
    assert api.get("/api/v1/agencies/hbt-bach-dang/staff/").status_code == 200
    assert api.get("/api/v1/agencies/hbt-minh-khai/staff/").status_code == 404
    assert api.get("/api/v1/agencies/hbt-minh-khai/calendar-days/").status_code == 404
    assert api.get("/api/v1/agencies/hbt-minh-khai/office-hours/").status_code == 404


def test_ward_admin_cannot_change_another_wards_calendar_or_staff(
    client, api_client_for, user_named, demo_org
):
    # Given the administrator of Bạch Đằng ward
    admin = user_named("quantri.bachdang")
    login(client, admin)
    # When they try to add a day off and a role in Minh Khai, by page and by API
    page = client.post(
        "/can-bo/co-quan/hbt-minh-khai/lich/",
        {"date": "2026-03-02", "kind": "day_off", "reason": "thử"},
    )
    api = api_client_for("quantri.bachdang")
    api_day = api.post(
        "/api/v1/agencies/hbt-minh-khai/calendar-days/",
        {"date": "2026-03-02", "kind": "day_off", "reason": "thử"},
        format="json",
    )
    api_grant = api.post(
        "/api/v1/agencies/hbt-minh-khai/staff/",
        {"username": "motcua.bachdang", "role": "leader"},
        format="json",
    )
    # Then nothing is changed and the other ward looks like it does not exist
    assert page.status_code == 404
    assert api_day.status_code == 404
    assert api_grant.status_code == 404
    assert not CalendarDay.objects.filter(agency=demo_org["hbt-minh-khai"]).exists()
    # And the service itself refuses, whatever calls it
    with pytest.raises(PermissionDenied):
        services.calendar_day_set(
            actor=admin,
            agency=demo_org["hbt-minh-khai"],
            date=dt.date(2026, 3, 2),
            kind="day_off",
            reason="thử",
        )


def test_desk_officer_cannot_manage_even_their_own_ward(api_client_for, demo_org):
    api = api_client_for("motcua.bachdang")
    response = api.post(
        "/api/v1/agencies/hbt-bach-dang/calendar-days/",
        {"date": "2026-03-02", "kind": "day_off", "reason": "thử"},
        format="json",
    )
    assert response.status_code == 404
    assert not CalendarDay.objects.exists()


def test_ward_admin_manages_own_ward_and_every_change_is_audited(client, user_named, demo_org):
    # Given the administrator of Bạch Đằng ward
    login(client, user_named("quantri.bachdang"))
    before = AuditEvent.objects.count()
    # When they add a day off, grant a role and revoke it
    client.post(
        "/can-bo/co-quan/hbt-bach-dang/lich/",
        {"date": "2026-03-02", "kind": "day_off", "reason": "QĐ 12/QĐ-UBND"},
    )
    client.post(
        "/can-bo/co-quan/hbt-bach-dang/phan-quyen/",
        {"username": "xungkich.bachdang", "role": "desk_officer", "unit": "mot-cua"},
    )
    grant = RoleGrant.objects.get(user__username="xungkich.bachdang", role="desk_officer")
    client.post(f"/can-bo/co-quan/hbt-bach-dang/phan-quyen/{grant.pk}/thu-hoi/")
    # Then the page shows the day off and three audit events were written with the actor
    page = client.get("/can-bo/co-quan/hbt-bach-dang/?nam=2026").content.decode()
    assert "02/03/2026" in page
    events = list(AuditEvent.objects.order_by("id")[before:])
    assert [e.action for e in events] == ["calendar.day_set", "role.grant", "role.revoke"]
    assert {e.actor.username for e in events} == {"quantri.bachdang"}


def test_district_admin_manages_its_wards(api_client_for, demo_org):
    # A grant on the district covers every ward under it
    api = api_client_for("quantri.hbt")
    response = api.post(
        "/api/v1/agencies/hbt-minh-khai/calendar-days/",
        {"date": "2026-03-02", "kind": "working_day", "reason": "Làm bù"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "working_day"


def test_bad_calendar_input_names_the_field(api_client_for):
    api = api_client_for("quantri.bachdang")
    response = api.post(
        "/api/v1/agencies/hbt-bach-dang/calendar-days/",
        {"date": "2026-02-30", "kind": "holiday"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"date", "kind", "reason"}


def test_bad_office_hours_page_input_keeps_existing_hours(client, user_named, demo_org):
    login(client, user_named("quantri.bachdang"))
    response = client.post(
        "/can-bo/co-quan/hbt-bach-dang/gio-lam-viec/",
        {
            "valid_from": "2026-01-01",
            "morning_start": "12:00",
            "morning_end": "08:00",
            "afternoon_start": "13:00",
            "afternoon_end": "17:00",
            "same_day_cutoff": "15:00",
        },
        follow=True,
    )
    assert "theo thứ tự" in response.content.decode()
    assert not demo_org["hbt-bach-dang"].office_hours.exists()


def test_public_agency_list_needs_no_sign_in(demo_org):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/agencies/", {"parent__code": "hbt", "kind": "commune"})
    assert response.status_code == 200
    assert response.json()["count"] == 18
