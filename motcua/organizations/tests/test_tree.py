from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from motcua.core.models import AuditEvent
from motcua.organizations.models import Agency

pytestmark = pytest.mark.django_db


def test_demo_district_has_its_wards_offices_and_accounts(demo_org):
    hbt = demo_org["hbt"]
    assert hbt.admin_unit_code == "007"
    assert hbt.electronic_id == "000.00.07.H26"
    assert hbt.children.filter(kind="commune").count() == 18
    assert hbt.children.filter(kind="district_office").count() == 11
    from motcua.organizations.constants import Role
    from motcua.organizations.models import RoleGrant

    assert set(RoleGrant.objects.values_list("role", flat=True)) == set(Role.values)


def test_seed_demo_is_idempotent(demo_org):
    # Each app's demo loader adds its own data the first time (the reform demo adds the
    # city's other districts); running the whole command again must change nothing.
    call_command("seed_demo", stdout=StringIO())
    count, events = Agency.objects.count(), AuditEvent.objects.count()
    call_command("seed_demo", stdout=StringIO())
    assert Agency.objects.count() == count
    assert AuditEvent.objects.count() == events


def test_load_units_brings_the_two_tier_province_beside_the_historic_district(demo_org):
    # Given the demo district of 2023 and Hà Nội's current communes loaded from the package
    call_command("load_units", "--province", "01", stdout=StringIO())
    hn = demo_org["hn"]
    current = Agency.objects.filter(parent=hn, kind="commune")
    # Then Hà Nội has its 126 communes and wards of July 2025, valid from that date
    assert current.count() == 126
    assert set(current.values_list("valid_from", flat=True)) == {dt.date(2025, 7, 1)}
    assert all(len(c) == 5 for c in current.values_list("admin_unit_code", flat=True))
    # And loading again changes nothing
    call_command("load_units", "--province", "01", stdout=StringIO())
    assert Agency.objects.filter(parent=hn, kind="commune").count() == 126
    # And the subtree path query finds district wards and new communes alike
    assert Agency.objects.filter(path__startswith=hn.path).count() == 1 + 30 + 126


def test_load_units_refuses_unknown_province(db):
    with pytest.raises(CommandError) as excinfo:
        call_command("load_units", "--province", "99", stdout=StringIO())
    assert excinfo.value.returncode == 2


def test_audit_chain_detects_a_changed_byte(demo_org):
    call_command("verify_audit", stdout=StringIO())
    event = AuditEvent.objects.order_by("id")[5]
    AuditEvent.objects.filter(pk=event.pk).update(data={**event.data, "x": 1})
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())
