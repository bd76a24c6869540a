"""Reads of certificates and signed results, scoped to what the given user may see."""

from __future__ import annotations

import uuid

from django.db.models import Q, QuerySet
from django.http import Http404

from motcua.accounts.models import User
from motcua.documents.models import AgencyCertificate, SignedResult
from motcua.documents.signing_pki import code_normalise
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user

#: Roles that see an agency's signed results (they sign, number, or manage them).
RESULT_ROLES = (Role.LEADER, Role.CLERK, Role.ADMIN)


def certificate_agencies_for_user(*, user: User) -> QuerySet[Agency]:
    """Agencies whose certificates the user manages (administrators, their subtree)."""
    return agency_list_for_user(user=user, roles=[Role.ADMIN])


def certificate_list_for_user(*, user: User) -> QuerySet[AgencyCertificate]:
    return (
        AgencyCertificate.objects.filter(agency__in=certificate_agencies_for_user(user=user))
        .select_related("agency", "uploaded_by")
        .order_by("agency__name", "-active", "-uploaded_at")
    )


def certificate_get_for_user(*, user: User, pk: int) -> AgencyCertificate:
    """404 for a certificate outside the user's agencies, exactly as for a missing one."""
    certificate = certificate_list_for_user(user=user).filter(pk=pk).first()
    if certificate is None:
        raise Http404("certificate")
    return certificate


def result_agencies_for_user(*, user: User) -> QuerySet[Agency]:
    return agency_list_for_user(user=user, roles=list(RESULT_ROLES))


def result_list_for_user(
    *, user: User, agency: Agency | None = None, query: str = ""
) -> QuerySet[SignedResult]:
    results = SignedResult.objects.filter(agency__in=result_agencies_for_user(user=user))
    if agency is not None:
        results = results.filter(agency=agency)
    if query:
        results = results.filter(
            Q(code__iexact=code_normalise(query))
            | Q(number__icontains=query)
            | Q(related_id__icontains=query)
        )
    return results.select_related("agency", "signed_by", "numbered_by", "stored_file").order_by(
        "-signed_at"
    )


def result_get_for_user(*, user: User, pk: str) -> SignedResult:
    try:
        key = uuid.UUID(str(pk))
    except ValueError as exc:
        raise Http404("result") from exc
    result = result_list_for_user(user=user).filter(pk=key).first()
    if result is None:
        raise Http404("result")
    return result


def user_can_number(*, user: User, result: SignedResult) -> bool:
    return agency_list_for_user(user=user, roles=[Role.CLERK]).filter(pk=result.agency_id).exists()


def result_for_related(*, related_type: str, related_id: str) -> QuerySet[SignedResult]:
    """Results issued for one object (e.g. a dossier), newest first. For the caller that has
    already checked the user may see that object."""
    return SignedResult.objects.filter(related_type=related_type, related_id=related_id).order_by(
        "-signed_at"
    )


def result_public_get(*, key: str) -> SignedResult:
    """A result by its printed code or its id, for the public verification page (404)."""
    text = key.strip()
    result = None
    try:
        result = SignedResult.objects.select_related("agency").filter(pk=uuid.UUID(text)).first()
    except ValueError:
        code = code_normalise(text)
        if code:
            result = SignedResult.objects.select_related("agency").filter(code=code).first()
    if result is None:
        raise Http404("result")
    return result


def agency_visible(*, user: User, code: str) -> bool:
    """The user may see the agency (any role): then a refusal is 403, not 404."""
    return agency_list_for_user(user=user).filter(code=code).exists()
