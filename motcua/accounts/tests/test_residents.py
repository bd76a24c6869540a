"""Resident accounts: sign-up, sign-in by e-mail or phone, profile, organisations, consents."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from motcua.accounts.models import Consent, Representation, User
from motcua.accounts.selectors import (
    consent_active,
    notification_addresses,
    resident_profile_complete,
)
from motcua.accounts.services import (
    consent_withdraw,
    representation_add,
    representation_update,
    resident_profile_update,
    resident_register,
)
from motcua.accounts.validators import normalize_phone, phone_international
from motcua.core.models import AuditEvent

pytestmark = pytest.mark.django_db
PASSWORD = "Hoa-mat-khau-2023"


@pytest.fixture(autouse=True)
def fast_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()


def signup_data(**overrides):
    data = {
        "full_name": "Nguyễn Thị Hoa",
        "email": "",
        "phone": "0912 345 678",
        "personal_id": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0912 345 678", "0912345678"),
        ("+84 912.345.678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084-912-345-678", "0912345678"),
        ("024 3978 1460", "02439781460"),
        ("", ""),
    ],
)
def test_phone_numbers_are_normalised(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize("raw", ["12345", "0112345678", "+1 415 555 0100", "09123456789"])
def test_bad_phone_numbers_are_refused(raw):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        normalize_phone(raw)


def test_international_form_for_sms():
    assert phone_international("0912 345 678") == "+84912345678"


def test_resident_signs_up_on_the_page_and_is_signed_in(client):
    # When a resident fills the sign-up form with a phone number and e-mail consent
    response = client.post(
        reverse("accounts:signup"),
        signup_data(email="Hoa@Example.vn", consent_email="on"),
    )
    # Then the account exists as a resident, signed in, and the consent is on record
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    user = User.objects.get(phone="0912345678")
    assert user.is_resident
    assert user.email == "hoa@example.vn"
    assert consent_active(user=user, purpose="notify_email")
    assert not consent_active(user=user, purpose="notify_sms")
    assert notification_addresses(user=user) == {"email": "hoa@example.vn"}
    page = client.get(reverse("accounts:profile"))
    assert "Nguyễn Thị Hoa" in page.content.decode()
    assert AuditEvent.objects.filter(action="resident.register", object_id=str(user.pk)).exists()


def test_signup_errors_name_the_field_and_keep_what_was_typed(client):
    resident_register(full_name="Trần Văn Nam", phone="0912345678", password=PASSWORD)
    # When someone signs up with a taken phone, a short ID and mismatched passwords
    response = client.post(
        reverse("accounts:signup"),
        signup_data(full_name="Lê Thị Mai", personal_id="12345", password2="khac-hoan-toan"),
    )
    # Then the page explains each field and keeps the name typed
    body = response.content.decode()
    assert response.status_code == 400
    assert "Hai lần nhập mật khẩu không khớp" in body
    assert "12 chữ số" in body
    assert 'value="Lê Thị Mai"' in body
    assert 'aria-describedby="id_personal_id-help id_personal_id-error"' in body
    assert User.objects.filter(full_name="Lê Thị Mai").count() == 0


def test_signup_needs_email_or_phone_and_both_are_unique():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as missing:
        resident_register(full_name="Hoa", password=PASSWORD)
    assert "email" in missing.value.message_dict
    resident_register(full_name="Hoa", email="hoa@example.vn", password=PASSWORD)
    with pytest.raises(ValidationError) as taken:
        resident_register(full_name="Hoa 2", email="HOA@example.vn", password=PASSWORD)
    assert "đã dùng" in taken.value.message_dict["email"][0]


@pytest.mark.parametrize("identifier", ["0912345678", "+84 912 345 678", "hoa@example.vn"])
def test_resident_signs_in_with_phone_or_email(client, identifier):
    resident_register(
        full_name="Hoa", email="hoa@example.vn", phone="0912345678", password=PASSWORD
    )
    response = client.post(
        reverse("accounts:login"), {"username": identifier, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_failed_sign_ins_are_rate_limited_per_identifier_and_address(client, settings):
    # Given a resident and a limit of 3 failures
    settings.MOTCUA_SIGNIN_MAX_FAILURES = 3
    resident_register(full_name="Hoa", phone="0912345678", password=PASSWORD)
    url = reverse("accounts:login")
    for written in ("0912345678", "+84 912 345 678", "0912.345.678"):  # however it is written
        wrong = client.post(url, {"username": written, "password": "sai"})
        assert "không đúng" in wrong.content.decode()
    # When even the right password comes after that
    blocked = client.post(url, {"username": "0912345678", "password": PASSWORD})
    # Then sign-in is refused with a clear message
    assert blocked.status_code == 200
    assert "thử lại sau 15 phút" in blocked.content.decode()
    # And another client address is not blocked
    other = client.post(
        url, {"username": "0912345678", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert other.status_code == 302


def test_profile_is_complete_only_with_name_id_and_contact():
    user = resident_register(full_name="Hoa", phone="0912345678", password=PASSWORD)
    assert not resident_profile_complete(user)
    user = resident_profile_update(actor=user, user=user, personal_id="001190012345")
    assert resident_profile_complete(user)
    # And the audit trail shows the ID masked
    event = AuditEvent.objects.filter(action="resident.profile_update").latest("id")
    assert event.data["after"]["personal_id"] == "*********345"


def test_profile_page_edits_and_explains_errors(client):
    user = resident_register(full_name="Hoa", phone="0912345678", password=PASSWORD)
    client.force_login(user)
    url = reverse("accounts:profile")
    bad = client.post(
        url,
        {
            "full_name": "Nguyễn Thị Hoa",
            "email": "",
            "phone": "0912345678",
            "address": "",
            "personal_id": "999000000000",
        },
    )
    assert bad.status_code == 400
    assert "mã tỉnh" in bad.content.decode()
    good = client.post(
        url,
        {
            "full_name": "Nguyễn Thị Hoa",
            "email": "hoa@example.vn",
            "phone": "+84912345678",
            "address": "Số 5 Lò Đúc",
            "personal_id": "001190012345",
        },
    )
    assert good.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.email, user.address) == (
        "Nguyễn Thị Hoa",
        "hoa@example.vn",
        "Số 5 Lò Đúc",
    )


def test_organisations_are_declared_and_only_their_first_author_edits_details():
    from django.core.exceptions import ValidationError

    hoa = resident_register(full_name="Hoa", phone="0912345678", password=PASSWORD)
    nam = resident_register(full_name="Nam", phone="0987654321", password=PASSWORD)
    mine = representation_add(
        actor=hoa, name="Công ty TNHH Hoa Sen", tax_code="0101234567", role="Giám đốc"
    )
    theirs = representation_add(
        actor=nam, name="Tên khác", tax_code="0101234567", role="Người được ủy quyền"
    )
    # The organisation is shared and keeps the first author's name
    assert theirs.organisation_id == mine.organisation_id
    assert theirs.organisation.name == "Công ty TNHH Hoa Sen"
    with pytest.raises(ValidationError):
        representation_update(actor=nam, representation=theirs, name="Đổi tên")
    representation_update(actor=nam, representation=theirs, role="Phó giám đốc")
    assert Representation.objects.get(pk=theirs.pk).role == "Phó giám đốc"
    with pytest.raises(ValidationError) as bad:
        representation_add(actor=hoa, name="X", tax_code="12345", role="Giám đốc")
    assert "10 chữ số" in bad.value.message_dict["tax_code"][0]


def test_consent_withdrawal_keeps_the_record():
    user = resident_register(
        full_name="Hoa", phone="0912345678", password=PASSWORD, consents=["notify_sms"]
    )
    consent_withdraw(actor=user, purpose="notify_sms")
    record = Consent.objects.get(user=user, purpose="notify_sms")
    assert record.withdrawn_at is not None
    assert not consent_active(user=user, purpose="notify_sms")
    assert "SMS" in record.statement
