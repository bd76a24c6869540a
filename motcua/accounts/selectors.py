"""Reads about accounts: profile completeness, consents, organisations represented."""

from __future__ import annotations

from django.db.models import QuerySet

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent, Representation, User


def resident_profile_missing(user: User) -> list[str]:
    """Names of the profile fields a resident must fill before filing a dossier."""
    missing = []
    if not (user.full_name or "").strip():
        missing.append("full_name")
    if not user.personal_id:
        missing.append("personal_id")
    if not (user.email or user.phone):
        missing.append("contact")
    return missing


def resident_profile_complete(user: User) -> bool:
    """True when the resident has a full name, a personal ID and an e-mail or phone."""
    return bool(getattr(user, "is_authenticated", False)) and not resident_profile_missing(user)


def consent_active(*, user: User, purpose: str) -> bool:
    """Whether ``user`` currently consents to ``purpose`` (ConsentPurpose)."""
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def consent_list_for_user(*, user: User) -> QuerySet[Consent]:
    """The user's own consent records, current and withdrawn."""
    return Consent.objects.filter(user=user).order_by("purpose", "-given_at")


def notification_addresses(*, user: User) -> dict[str, str]:
    """Channel → address for the notifications ``user`` consented to (e-mail, SMS)."""
    addresses: dict[str, str] = {}
    active = set(
        Consent.objects.filter(user=user, withdrawn_at__isnull=True).values_list(
            "purpose", flat=True
        )
    )
    if ConsentPurpose.NOTIFY_EMAIL in active and user.email:
        addresses["email"] = user.email
    if ConsentPurpose.NOTIFY_SMS in active and user.phone:
        addresses["sms"] = user.phone
    return addresses


def representation_list_for_user(*, user: User) -> QuerySet[Representation]:
    return Representation.objects.filter(user=user).select_related("organisation")


def representation_get_for_user(*, user: User, pk: int) -> Representation:
    from django.http import Http404

    found = representation_list_for_user(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404("representation")
    return found
