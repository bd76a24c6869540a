"""Creating and editing reform records: one transaction, one permission check, one audit event.

Most reform records are plain registers (a plan, a team, a project) whose only state
change is "recorded" or "edited"; they share these two services instead of two dozen
copies of the same five lines. Fields that carry a lifecycle (``STATE_FIELDS``) are
refused here and change only through their own transition services.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.organizations.models import Agency
from motcua.reform import access
from motcua.reform.models import Recommendation, ReformRecord

R = TypeVar("R", bound=ReformRecord)

_NEVER_EDITABLE = {"id", "created_at", "updated_at"}


def action_name(obj: models.Model | type[models.Model], verb: str) -> str:
    return f"reform.{obj._meta.model_name}.{verb}"


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """JSON-ready values of ``fields`` (all concrete fields by default), FKs as ids."""
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields and field.attname not in fields:
            continue
        if field.name in _NEVER_EDITABLE:
            continue
        value = getattr(obj, field.attname)
        if isinstance(value, FieldFile):
            value = value.name or ""
        values[field.name] = value
    return values


def immutable_fields(model: type[ReformRecord]) -> set[str]:
    """Fields that tie a record to its owner: changing them would move it elsewhere."""
    return {model.OWNER_PATH.split("__")[0], *model.FIXED_FIELDS} | _NEVER_EDITABLE


def check_related(*, actor: Any, obj: ReformRecord) -> None:
    """Every agency and reform record the object points to must be visible to ``actor``.

    Otherwise a ward could attach its record to another ward's plan, or name another
    ward as the inspected unit, and so read or write across the line.
    """
    if actor is None or getattr(actor, "is_superuser", False):
        return
    errors: dict[str, list[str]] = {}
    visible_agencies = access.reform_agencies(user=actor)
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        value = getattr(obj, field.attname)
        if value is None:
            continue
        related = field.related_model
        if related is Agency:
            if field.name == "issuer_agency":
                continue  # the issuer's own agency may sit above the reform workspace
            if not visible_agencies.filter(pk=value).exists():
                errors[field.name] = [_("Không tìm thấy cơ quan này trong phạm vi của bạn.")]
        elif isinstance(related, type) and issubclass(related, ReformRecord):
            rows = access.scoped(related._default_manager.filter(pk=value), user=actor)
            if not rows.exists():
                errors[field.name] = [_("Không tìm thấy bản ghi này trong phạm vi của bạn.")]
    if errors:
        raise ValidationError(errors)


def _require_write(actor: Any, obj: ReformRecord) -> None:
    if isinstance(obj, Recommendation):
        access.require_supervise(user=actor, agency_id=obj.agency_id)
    else:
        access.require_write(user=actor, agency_id=obj.keeper_agency_id())


@transaction.atomic
def record_create(*, actor: Any, model: type[R], data: dict[str, Any]) -> R:
    """Create a register record. Lifecycle fields keep their initial values."""
    refused = set(data) & (set(model.STATE_FIELDS) | _NEVER_EDITABLE)
    if refused:
        raise ValidationError({k: [_("Trường này không nhập trực tiếp được.")] for k in refused})
    obj = model(**data)
    _require_write(actor, obj)
    obj.full_clean()
    check_related(actor=actor, obj=obj)
    obj.save()
    audit_record(
        actor=actor,
        action=action_name(obj, "create"),
        obj=obj,
        agency_id=obj.keeper_agency_id(),
        data={"after": snapshot(obj)},
    )
    return obj


@transaction.atomic
def record_update(*, actor: Any, obj: R, changes: dict[str, Any]) -> R:
    """Edit a register record's plain fields; the caller's copy is not relied on."""
    model = type(obj)
    refused = set(changes) & (set(model.STATE_FIELDS) | immutable_fields(model))
    if refused:
        raise ValidationError(
            {k: [_("Trường này không sửa trực tiếp được.")] for k in sorted(refused)}
        )
    locked = model._default_manager.select_for_update().get(pk=obj.pk)
    _require_write(actor, locked)
    changed = [k for k, v in changes.items() if getattr(locked, k) != v]
    if not changed:
        return locked
    before = snapshot(locked, changed)
    for key in changed:
        setattr(locked, key, changes[key])
    locked.full_clean()
    check_related(actor=actor, obj=locked)
    locked.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action=action_name(locked, "update"),
        obj=locked,
        agency_id=locked.keeper_agency_id(),
        data={"before": before, "after": snapshot(locked, changed)},
    )
    return locked


def transition_audit(
    *,
    actor: Any,
    obj: ReformRecord,
    verb: str,
    before: dict[str, Any],
    after: dict[str, Any],
    extra: dict[str, Any] | None = None,
) -> None:
    """The audit event of a lifecycle transition. Caller holds the row lock."""
    audit_record(
        actor=actor,
        action=action_name(obj, verb),
        obj=obj,
        agency_id=obj.keeper_agency_id(),
        data={"before": before, "after": after, **(extra or {})},
    )
