"""State changes of resident accounts: sign-up, profile, organisations, consents.

Each is one transaction with an audit event. Personal ID numbers are masked in the audit data
(DOMAIN.md §11): the trail shows that the number changed, not the number.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.constants import CONSENT_STATEMENTS, ConsentPurpose
from motcua.accounts.models import Consent, Organisation, Representation, User
from motcua.accounts.validators import (
    mask_personal_id,
    normalize_phone,
    validate_personal_id,
    validate_tax_code,
)
from motcua.core.audit import audit_record

PROFILE_FIELDS = ("full_name", "email", "phone", "address", "personal_id")


def _others(exclude_pk: int | None) -> QuerySet[User]:
    users = User.objects.all()
    return users if exclude_pk is None else users.exclude(pk=exclude_pk)


def _clean_contact(
    *, email: str, phone: str, exclude_pk: int | None, errors: dict[str, list[str]]
) -> tuple[str, str]:
    email = (email or "").strip().lower()
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        errors.setdefault("phone", []).extend(exc.messages)
        phone = ""
    if email:
        from django.core.validators import validate_email

        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Địa chỉ thư điện tử không hợp lệ, ví dụ đúng: ten@example.vn.")
            )
        else:
            taken = _others(exclude_pk).filter(email__iexact=email)
            if taken.exists():
                errors.setdefault("email", []).append(
                    _(
                        "Địa chỉ thư điện tử này đã dùng cho một tài khoản khác. Hãy đăng nhập "
                        "bằng địa chỉ đó hoặc dùng địa chỉ khác."
                    )
                )
    if phone and _others(exclude_pk).filter(phone=phone).exists():
        errors.setdefault("phone", []).append(
            _(
                "Số điện thoại này đã dùng cho một tài khoản khác. Hãy đăng nhập bằng số đó "
                "hoặc dùng số khác."
            )
        )
    return email, phone


def _clean_personal_id(
    value: str | None, *, exclude_pk: int | None, errors: dict[str, list[str]]
) -> str | None:
    value = "".join((value or "").split())
    if not value:
        return None
    try:
        validate_personal_id(value)
    except ValidationError as exc:
        errors.setdefault("personal_id", []).extend(exc.messages)
        return None
    if _others(exclude_pk).filter(personal_id=value).exists():
        errors.setdefault("personal_id", []).append(
            _(
                "Số định danh cá nhân này đã gắn với một tài khoản khác. Nếu đó là số của bạn, "
                "hãy liên hệ Bộ phận Một cửa để được hỗ trợ."
            )
        )
    return value


def _new_username() -> str:
    while True:
        candidate = f"nd-{secrets.token_hex(4)}"
        if not User.objects.filter(username=candidate).exists():
            return candidate


def _consent_give(user: User, purpose: str) -> Consent:
    consent = Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()
    if consent is not None:
        return consent
    return Consent.objects.create(
        user=user,
        purpose=purpose,
        statement=CONSENT_STATEMENTS[purpose],
        given_at=timezone.now(),
    )


@transaction.atomic
def resident_register(
    *,
    full_name: str,
    password: str,
    email: str = "",
    phone: str = "",
    personal_id: str | None = None,
    consents: Iterable[str] = (),
) -> User:
    """Create a resident account; at least one of e-mail and phone, both unique.

    Raises ValidationError with a message per field (Vietnamese, naming the fix).
    """
    errors: dict[str, list[str]] = {}
    full_name = " ".join((full_name or "").split())
    if not full_name:
        errors["full_name"] = [_("Hãy nhập họ và tên như trên căn cước.")]
    email, phone = _clean_contact(email=email, phone=phone, exclude_pk=None, errors=errors)
    if not email and not phone and "email" not in errors and "phone" not in errors:
        errors["email"] = [_("Hãy nhập địa chỉ thư điện tử hoặc số điện thoại (ít nhất một).")]
    pid = _clean_personal_id(personal_id, exclude_pk=None, errors=errors)
    purposes = set(consents)
    unknown = purposes - set(ConsentPurpose.values)
    if unknown:
        errors["consents"] = [_("Mục đích đồng ý không hợp lệ.")]
    user = User(
        username=_new_username(),
        full_name=full_name,
        email=email,
        phone=phone,
        personal_id=pid,
        is_resident=True,
    )
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:  # a concurrent sign-up took the address a moment ago
        raise ValidationError(
            {"email": [_("Thư điện tử hoặc số điện thoại vừa được dùng cho tài khoản khác.")]}
        ) from exc
    for purpose in sorted(purposes):
        _consent_give(user, purpose)
    audit_record(
        actor=user,
        action="resident.register",
        obj=user,
        data={
            "after": {
                "username": user.username,
                "has_email": bool(email),
                "has_phone": bool(phone),
                "personal_id": mask_personal_id(pid),
                "consents": sorted(purposes),
            }
        },
    )
    return user


def _shown(field: str, value: Any) -> Any:
    return mask_personal_id(value) if field == "personal_id" else value


@transaction.atomic
def resident_profile_update(*, actor: User, user: User, **changes: Any) -> User:
    """Change one's own profile (name, e-mail, phone, address, personal ID)."""
    if actor.pk != user.pk:
        raise PermissionDenied(_("Bạn chỉ sửa được hồ sơ của chính mình."))
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({k: [_("Trường này không sửa được.")] for k in sorted(unknown)})
    user = User.objects.select_for_update().get(pk=user.pk)
    errors: dict[str, list[str]] = {}
    new = {k: getattr(user, k) for k in PROFILE_FIELDS}
    new.update(changes)
    new["full_name"] = " ".join((new["full_name"] or "").split())
    if "full_name" in changes and not new["full_name"]:
        errors["full_name"] = [_("Hãy nhập họ và tên như trên căn cước.")]
    if "email" in changes or "phone" in changes:
        new["email"], new["phone"] = _clean_contact(
            email=new["email"] or "", phone=new["phone"] or "", exclude_pk=user.pk, errors=errors
        )
        if not new["email"] and not new["phone"] and not ({"email", "phone"} & set(errors)):
            errors["email"] = [
                _("Cần giữ lại ít nhất một cách liên lạc: thư điện tử hoặc số điện thoại.")
            ]
    if "personal_id" in changes:
        new["personal_id"] = _clean_personal_id(
            new["personal_id"], exclude_pk=user.pk, errors=errors
        )
    new["address"] = " ".join((new["address"] or "").split())
    if errors:
        raise ValidationError(errors)
    changed = [k for k in PROFILE_FIELDS if getattr(user, k) != new[k]]
    if not changed:
        return user
    before = {k: _shown(k, getattr(user, k)) for k in changed}
    for key in changed:
        setattr(user, key, new[key])
    try:
        with transaction.atomic():
            user.save(update_fields=changed)
    except IntegrityError as exc:
        raise ValidationError(
            {"email": [_("Thư điện tử, số điện thoại hoặc số định danh vừa được dùng nơi khác.")]}
        ) from exc
    audit_record(
        actor=actor,
        action="resident.profile_update",
        obj=user,
        data={"before": before, "after": {k: _shown(k, getattr(user, k)) for k in changed}},
    )
    return user


@transaction.atomic
def consent_give(*, actor: User, purpose: str) -> Consent:
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": [_("Mục đích đồng ý không hợp lệ.")]})
    User.objects.select_for_update().get(pk=actor.pk)
    existing = Consent.objects.filter(user=actor, purpose=purpose, withdrawn_at__isnull=True)
    if existing.exists():
        return existing.get()
    consent = _consent_give(actor, purpose)
    audit_record(actor=actor, action="consent.give", obj=consent, data={"purpose": purpose})
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, purpose: str) -> Consent | None:
    """Withdraw the current consent for ``purpose``; the record stays, dated."""
    if purpose not in ConsentPurpose.values:
        raise ValidationError({"purpose": [_("Mục đích đồng ý không hợp lệ.")]})
    consent = (
        Consent.objects.select_for_update()
        .filter(user=actor, purpose=purpose, withdrawn_at__isnull=True)
        .first()
    )
    if consent is None:
        return None
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    audit_record(actor=actor, action="consent.withdraw", obj=consent, data={"purpose": purpose})
    return consent


def _clean_organisation(
    *, name: str, tax_code: str, address: str, role: str
) -> tuple[str, str, str, str]:
    errors: dict[str, list[str]] = {}
    name = " ".join((name or "").split())
    tax_code = "".join((tax_code or "").split())
    address = " ".join((address or "").split())
    role = " ".join((role or "").split())
    if not name:
        errors["name"] = [_("Hãy nhập tên tổ chức như trên giấy đăng ký.")]
    try:
        validate_tax_code(tax_code)
    except ValidationError as exc:
        errors["tax_code"] = list(exc.messages)
    if not role:
        errors["role"] = [_("Hãy nhập tư cách đại diện, ví dụ: Giám đốc, Người được ủy quyền.")]
    if errors:
        raise ValidationError(errors)
    return name, tax_code, address, role


@transaction.atomic
def representation_add(
    *, actor: User, name: str, tax_code: str, address: str = "", role: str
) -> Representation:
    """Declare that ``actor`` represents an organisation (created on first mention)."""
    name, tax_code, address, role = _clean_organisation(
        name=name, tax_code=tax_code, address=address, role=role
    )
    organisation = Organisation.objects.select_for_update().filter(tax_code=tax_code).first()
    if organisation is None:
        organisation = Organisation.objects.create(
            name=name, tax_code=tax_code, address=address, created_by=actor
        )
    if Representation.objects.filter(user=actor, organisation=organisation).exists():
        raise ValidationError(
            {"tax_code": [_("Bạn đã khai đại diện cho tổ chức có mã số thuế này.")]}
        )
    representation = Representation.objects.create(user=actor, organisation=organisation, role=role)
    audit_record(
        actor=actor,
        action="representation.add",
        obj=representation,
        data={"after": {"tax_code": tax_code, "name": organisation.name, "role": role}},
    )
    return representation


@transaction.atomic
def representation_update(
    *, actor: User, representation: Representation, **changes: Any
) -> Representation:
    """Change the role; the organisation's details only if ``actor`` entered it first."""
    if representation.user_id != actor.pk:
        raise PermissionDenied(_("Bạn chỉ sửa được tổ chức mình đại diện."))
    unknown = set(changes) - {"name", "tax_code", "address", "role"}
    if unknown:
        raise ValidationError({k: [_("Trường này không sửa được.")] for k in sorted(unknown)})
    representation = Representation.objects.select_for_update().get(pk=representation.pk)
    organisation = Organisation.objects.select_for_update().get(pk=representation.organisation_id)
    current = {
        "name": organisation.name,
        "tax_code": organisation.tax_code,
        "address": organisation.address,
        "role": representation.role,
    }
    merged = {**current, **changes}
    name, tax_code, address, role = _clean_organisation(**merged)
    org_changes = {
        k: v
        for k, v in {"name": name, "tax_code": tax_code, "address": address}.items()
        if getattr(organisation, k) != v
    }
    if org_changes and organisation.created_by_id != actor.pk:
        raise ValidationError(
            {
                next(iter(org_changes)): [
                    _(
                        "Thông tin tổ chức do người khác khai trước; bạn chỉ sửa được tư cách "
                        "đại diện. Liên hệ Bộ phận Một cửa nếu thông tin tổ chức sai."
                    )
                ]
            }
        )
    if "tax_code" in org_changes and Organisation.objects.filter(tax_code=tax_code).exists():
        raise ValidationError({"tax_code": [_("Mã số thuế này đã thuộc một tổ chức khác.")]})
    for key, value in org_changes.items():
        setattr(organisation, key, value)
    if org_changes:
        organisation.save(update_fields=list(org_changes))
    if role != representation.role:
        representation.role = role
        representation.save(update_fields=["role"])
    audit_record(
        actor=actor,
        action="representation.update",
        obj=representation,
        data={"before": current, "after": {**current, **org_changes, "role": role}},
    )
    return representation


@transaction.atomic
def representation_remove(*, actor: User, representation: Representation) -> None:
    if representation.user_id != actor.pk:
        raise PermissionDenied(_("Bạn chỉ xóa được tổ chức mình đại diện."))
    audit_record(
        actor=actor,
        action="representation.remove",
        obj=representation,
        data={"before": {"tax_code": representation.organisation.tax_code}},
    )
    representation.delete()


def _usable(check: Any, value: str) -> str:
    try:
        return str(check(value) or value) if value else ""
    except ValidationError:
        return ""


@transaction.atomic
def resident_from_external_identity(
    *,
    issuer: str,
    subject: str,
    full_name: str = "",
    email: str = "",
    phone: str = "",
    personal_id: str = "",
) -> User:
    """The resident signed in by an identity provider, created on the first visit.

    Matched by (issuer, subject) only, never by e-mail or ID number (an address that belongs
    to another account is not taken over). Claims fill fields that are empty; what the
    resident edited stays. A claim value that another account already uses is left out.
    """
    from motcua.accounts.models import ExternalIdentity

    now = timezone.now()
    identity = (
        ExternalIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=issuer, subject=subject)
        .first()
    )
    email = email.strip().lower()
    phone = _usable(normalize_phone, phone)
    personal_id = "".join(personal_id.split())
    personal_id = personal_id if _usable(validate_personal_id, personal_id) else ""
    full_name = " ".join(full_name.split())[:150]
    if identity is not None:
        user = User.objects.select_for_update().get(pk=identity.user_id)
        created = False
    else:
        user = User(username=_new_username(), is_resident=True)
        user.set_unusable_password()
        created = True
    filled = []
    candidates = {
        "full_name": full_name,
        "email": email
        if email and not _others(user.pk).filter(email__iexact=email).exists()
        else "",
        "phone": phone if phone and not _others(user.pk).filter(phone=phone).exists() else "",
        "personal_id": (
            personal_id
            if personal_id and not _others(user.pk).filter(personal_id=personal_id).exists()
            else ""
        ),
    }
    for field, value in candidates.items():
        if value and not getattr(user, field):
            setattr(user, field, value)
            filled.append(field)
    user.save()
    if identity is None:
        identity = ExternalIdentity.objects.create(
            user=user, issuer=issuer, subject=subject, last_login_at=now
        )
    else:
        identity.last_login_at = now
        identity.save(update_fields=["last_login_at"])
    if created or filled:
        audit_record(
            actor=user,
            action="resident.register_external" if created else "resident.fill_from_identity",
            obj=user,
            data={"issuer": issuer, "filled": filled},
        )
    return user
