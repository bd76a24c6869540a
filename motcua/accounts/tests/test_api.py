"""The accounts API: register, own profile, organisations, consents."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from motcua.accounts.models import User

pytestmark = pytest.mark.django_db
PASSWORD = "Hoa-mat-khau-2023"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def resident_api():
    client = APIClient()
    response = client.post(
        "/api/v1/accounts/register",
        {
            "full_name": "Nguyễn Thị Hoa",
            "phone": "+84 912 345 678",
            "password": PASSWORD,
            "consents": ["notify_sms"],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    client.force_authenticate(User.objects.get(phone="0912345678"))
    return client


def test_register_refuses_bad_input_with_field_errors():
    response = APIClient().post(
        "/api/v1/accounts/register",
        {"full_name": "", "password": "123", "personal_id": "12"},
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"full_name", "email", "password", "personal_id"} <= set(errors)
    assert User.objects.count() == 0


def test_profile_read_and_patch(resident_api):
    me = resident_api.get("/api/v1/accounts/me/profile").json()
    assert me["phone"] == "0912345678"
    assert me["profile_complete"] is False
    patched = resident_api.patch(
        "/api/v1/accounts/me/profile",
        {"personal_id": "001190012345", "address": "Số 5 Lò Đúc"},
        format="json",
    )
    assert patched.status_code == 200
    assert patched.json()["profile_complete"] is True
    assert patched.json()["personal_id_masked"] == "*********345"
    bad = resident_api.patch("/api/v1/accounts/me/profile", {"phone": "123"}, format="json")
    assert bad.status_code == 400
    assert "phone" in bad.json()["errors"]


def test_organisations_crud(resident_api):
    created = resident_api.post(
        "/api/v1/accounts/me/organisations",
        {"name": "Công ty TNHH Hoa Sen", "tax_code": "0101234567", "role": "Giám đốc"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["can_edit_details"] is True
    listed = resident_api.get("/api/v1/accounts/me/organisations").json()
    assert [o["tax_code"] for o in listed["results"]] == ["0101234567"]
    updated = resident_api.patch(
        f"/api/v1/accounts/me/organisations/{pk}", {"role": "Chủ tịch HĐTV"}, format="json"
    )
    assert updated.json()["role"] == "Chủ tịch HĐTV"
    bad = resident_api.post(
        "/api/v1/accounts/me/organisations",
        {"name": "X", "tax_code": "12", "role": "Giám đốc"},
        format="json",
    )
    assert bad.status_code == 400
    assert "tax_code" in bad.json()["errors"]
    assert resident_api.delete(f"/api/v1/accounts/me/organisations/{pk}").status_code == 204
    assert resident_api.get("/api/v1/accounts/me/organisations").json()["results"] == []


def test_another_residents_organisation_is_not_found(resident_api):
    created = resident_api.post(
        "/api/v1/accounts/me/organisations",
        {"name": "Công ty Hoa Sen", "tax_code": "0101234567", "role": "Giám đốc"},
        format="json",
    ).json()
    stranger = APIClient()
    stranger.force_authenticate(User.objects.create(username="nd-khac", is_resident=True))
    response = stranger.get(f"/api/v1/accounts/me/organisations/{created['id']}")
    assert response.status_code == 404


def test_consents_list_and_withdraw(resident_api):
    [consent] = resident_api.get("/api/v1/accounts/me/consents").json()
    assert (consent["purpose"], consent["active"]) == ("notify_sms", True)
    assert resident_api.post("/api/v1/accounts/me/consents/notify_sms/withdraw").status_code == 204
    [consent] = resident_api.get("/api/v1/accounts/me/consents").json()
    assert consent["active"] is False
    assert consent["withdrawn_at"] is not None
    assert resident_api.post("/api/v1/accounts/me/consents/bogus/withdraw").status_code == 400
