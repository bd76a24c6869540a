"""Helpers shared by the dossier services: locking, rights, the e-form, fees, flags."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.constants import CopyKind, VersionStatus
from motcua.catalog.eform import eform_parse, eform_validate
from motcua.catalog.fees import FeeError, fee_compute
from motcua.catalog.models import Component, FeeRule, ProcedureVersion
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.codes import code_next, secret_new
from motcua.dossiers.constants import (
    Action,
)
from motcua.dossiers.events import event_append
from motcua.dossiers.lifecycle import DossierConflict, transition
from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency, RoleGrant
from motcua.organizations.selectors import agency_list_for_user

#: Kinds of file a dossier accepts (the documents app sniffs the content).
DOSSIER_FILE_KINDS = frozenset({"pdf", "jpeg", "png", "docx"})
#: E-form integer fields read as fee quantities (copies, pages), when the form has them.
FEE_QUANTITY_FIELDS = {"copies": ("so_ban", "so_ban_sao"), "pages": ("so_trang",)}
#: Typed values kept for fields that failed validation are clipped to this length.
_RAW_VALUE_MAX = 2000


@dataclass(frozen=True)
class ComponentCheck:
    """What the desk officer ticked for one component."""

    component_id: int
    received: bool
    original_seen: bool = False
    copy_kind: str = CopyKind.ORIGINAL
    quantity: int = 1


@dataclass(frozen=True)
class SupplementItem:
    """One item of a supplement request (form 02): what to add or correct, and why."""

    reason: str
    component_id: int | None = None
    name: str = ""


# --- Helpers ----------------------------------------------------------------------------------


def _now(at: dt.datetime | None) -> dt.datetime:
    return at if at is not None else timezone.now()


def _lock(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update().select_related("procedure_version").get(pk=dossier.pk)
    )


def _check_revision(dossier: Dossier, expected: int | None) -> None:
    if expected is not None and expected != dossier.revision:
        raise DossierConflict(
            _(
                "Hồ sơ vừa được người khác cập nhật trong lúc bạn thao tác. Tải lại trang để "
                "xem nội dung mới rồi thực hiện lại."
            ),
            status=dossier.status,
        )


def has_role(user: User, roles: Sequence[str], agency: Agency) -> bool:
    if user.is_superuser:
        return True
    return agency_list_for_user(user=user, roles=roles).filter(pk=agency.pk).exists()


def _require_desk(actor: User, agency: Agency) -> None:
    if not has_role(actor, [Role.DESK_OFFICER], agency):
        raise PermissionDenied(
            _("Chỉ cán bộ Bộ phận Một cửa của %(agency)s được làm việc này.")
            % {"agency": agency.label}
        )


def is_support_member(user: User) -> bool:
    return RoleGrant.objects.active().filter(user=user, role=Role.SUPPORT_MEMBER).exists()


def _is_applicant_side(actor: User, dossier: Dossier) -> bool:
    return actor.pk is not None and actor.pk in {
        dossier.submitted_by_id,
        dossier.applicant_user_id,
        dossier.assisted_by_id,
    }


def _require_applicant_side(actor: User, dossier: Dossier) -> None:
    if not _is_applicant_side(actor, dossier):
        raise PermissionDenied(_("Chỉ người nộp hồ sơ được làm việc này."))


def _require_desk_or_applicant(actor: User, dossier: Dossier) -> None:
    if _is_applicant_side(actor, dossier):
        return
    _require_desk(actor, dossier.receiving_agency)


def _bump(dossier: Dossier, fields: list[str]) -> list[str]:
    dossier.revision += 1
    return [*fields, "revision", "event_seq", "event_head", "updated_at"]


#: Components and fee rules of published versions, per process. Safe to keep: a published
#: version's content never changes (catalogue rule), and the key includes the row's creation
#: instant so a reused primary key can never return another version's parts.
_PARTS: dict[tuple[int, Any], tuple[list[Component], list[FeeRule]]] = {}


def _version_parts(version: ProcedureVersion) -> tuple[list[Component], list[FeeRule]]:
    if version.status == VersionStatus.DRAFT:
        return list(version.components.all()), list(version.fees.all())
    key = (version.pk, version.created_at)
    parts = _PARTS.get(key)
    if parts is None:
        parts = (
            list(Component.objects.filter(version_id=version.pk).order_by("order")),
            list(FeeRule.objects.filter(version_id=version.pk).order_by("order")),
        )
        if len(_PARTS) > 4096:
            _PARTS.clear()
        _PARTS[key] = parts
    return parts


def version_components(version: ProcedureVersion) -> list[Component]:
    """The version's dossier components in order (cached for published versions)."""
    return _version_parts(version)[0]


def version_fees(version: ProcedureVersion) -> list[FeeRule]:
    return _version_parts(version)[1]


def version_limit(version: ProcedureVersion) -> tuple[int, str]:
    """The committed (shorter) limit when the agency registered one, else the legal limit."""
    if version.committed_limit is not None and version.committed_unit:
        return version.committed_limit, version.committed_unit
    return version.time_limit, version.time_unit


def version_schema(version: ProcedureVersion) -> dict[str, Any]:
    schema, errors = eform_parse(version.eform_schema or "")
    if errors or schema is None:  # published versions were checked; keep intake working
        return {"type": "object", "properties": {}, "required": []}
    return schema


def eform_check(
    version: ProcedureVersion, data: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Cleaned values (typed values kept, clipped, where invalid) and errors by field."""
    schema = version_schema(version)
    cleaned, errors = eform_validate(schema, data)
    kept = dict(cleaned)
    for name in schema.get("properties", {}):
        if name in errors and name not in kept:
            raw = data.get(name)
            if raw not in (None, ""):
                kept[name] = str(raw)[:_RAW_VALUE_MAX]
    return kept, errors


def fee_quantities_from(
    version: ProcedureVersion, eform_data: Mapping[str, Any], given: Mapping[str, Any] | None
) -> dict[str, int]:
    quantities: dict[str, int] = {}
    for key, names in FEE_QUANTITY_FIELDS.items():
        for name in names:
            value = eform_data.get(name)
            if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
                quantities[key] = value
                break
    for key, value in (given or {}).items():
        if key in FEE_QUANTITY_FIELDS and value not in (None, ""):
            try:
                quantities[key] = int(value)
            except (TypeError, ValueError):
                raise ValidationError(
                    {key: [_("Số lượng tính phí phải là số nguyên từ 1 trở lên.")]}
                ) from None
    return quantities


def fee_of(version: ProcedureVersion, quantities: Mapping[str, int]) -> int:
    """Total fee in đồng through the catalogue's calculator; ValidationError on bad quantities."""
    try:
        return fee_compute([rule.spec() for rule in version_fees(version)], quantities)
    except FeeError as exc:
        raise ValidationError({k: [v] for k, v in exc.errors.items()}) from None


def _assignment(version: ProcedureVersion, agency: Agency, on: dt.date) -> list[int]:
    """Channels through which ``agency`` applies the procedure on ``on``; ValidationError when
    it does not apply it."""
    from motcua.dossiers.selectors import assignment_channels

    channels = assignment_channels(procedure_id=version.procedure_id, agency_id=agency.pk, on=on)
    if channels is None or agency.valid_from > on:
        raise ValidationError(
            {
                "agency": [
                    _("%(agency)s không giải quyết thủ tục này. Chọn một cơ quan trong danh sách.")
                    % {"agency": agency.label}
                ]
            }
        )
    return channels


def _require_version_in_force(version: ProcedureVersion, on: dt.date) -> None:
    """Same rule as ``ProcedureVersion.objects.in_force``, on the loaded row (no query)."""
    in_force = (
        version.status in (VersionStatus.PUBLISHED, VersionStatus.RETIRED)
        and version.effective_from <= on
        and (version.effective_to is None or version.effective_to >= on)
    )
    if not in_force:
        raise ValidationError(
            {
                "procedure": [
                    _(
                        "Thủ tục đã được cập nhật phiên bản mới; hồ sơ này không nộp được nữa. "
                        "Hãy bắt đầu hồ sơ mới theo quy định hiện hành."
                    )
                ]
            }
        )


def _components_create(
    dossier: Dossier,
    version: ProcedureVersion,
    with_files: frozenset[int] = frozenset(),
    *,
    mark_reusable: bool = True,
) -> list[DossierComponent]:
    """The dossier's checklist from the catalogue; components in ``with_files`` (orders) are
    received and digitised, reusable ones without a file are marked reused."""
    rows = [
        DossierComponent(
            dossier=dossier,
            component=component,
            order=component.order,
            name=component.name,
            mandatory=component.mandatory,
            copy_kind=component.copy_kind,
            quantity=component.quantity,
            received=component.order in with_files,
            digitised=component.order in with_files,
            reused=mark_reusable
            and bool(component.reusable_from)
            and component.order not in with_files,
        )
        for component in version_components(version)
    ]
    return DossierComponent.objects.bulk_create(rows)


def _resident_by_personal_id(personal_id: str) -> User | None:
    if not personal_id:
        return None
    return User.objects.filter(personal_id=personal_id, is_resident=True).first()


def _store(upload: Any, actor: User) -> Any:
    from motcua.documents.services import file_store

    return file_store(
        upload=upload,
        created_by=actor,
        allowed_kinds=DOSSIER_FILE_KINDS,
        max_bytes=settings.MOTCUA_DOSSIER_FILE_MAX_BYTES,
    )


def _component_of(dossier: Dossier, component_id: int) -> DossierComponent:
    row = DossierComponent.objects.filter(dossier=dossier, pk=component_id).first()
    if row is None:
        raise ValidationError({"component": [_("Thành phần hồ sơ không thuộc hồ sơ này.")]})
    return row


def _file_limit(row: DossierComponent) -> None:
    limit = settings.MOTCUA_DOSSIER_FILES_PER_COMPONENT
    if row.attachments.count() >= limit:
        raise ValidationError(
            {
                "file": [
                    _("“%(name)s” đã có %(n)s tệp, tối đa cho một thành phần. Xóa bớt tệp cũ.")
                    % {"name": row.name, "n": limit}
                ]
            }
        )


def _flags(rows: Sequence[DossierComponent]) -> tuple[bool, bool]:
    """(digitised, reused) of a dossier from its components (DOMAIN.md §8)."""
    counted = [r for r in rows if r.received or r.digitised]
    digitised = bool(counted) and all(r.digitised or r.reused for r in counted)
    return digitised, any(r.reused for r in rows)


def _refresh_flags(dossier: Dossier) -> None:
    dossier.digitised, dossier.reused = _flags(
        list(DossierComponent.objects.filter(dossier=dossier))
    )


def components_missing(dossier: Dossier, *, online: bool) -> list[str]:
    """Names of mandatory components with nothing handed in (online: no file, not reusable)."""
    missing = []
    for row in DossierComponent.objects.filter(dossier=dossier, mandatory=True).select_related(
        "component"
    ):
        if online:
            if not (row.digitised or row.reused):
                missing.append(row.name)
        elif not (row.received or row.digitised or row.reused):
            missing.append(row.name)
    return missing


def _online_checks(dossier: Dossier, version: ProcedureVersion, applicant: Applicant) -> None:
    errors: dict[str, list[str]] = {}
    errors.update(applicant.errors(complete=True))
    _cleaned, eform_errors = eform_check(version, dossier.eform_data)
    errors.update({f"eform.{k}": v for k, v in eform_errors.items()})
    missing = components_missing(dossier, online=True)
    if missing:
        errors["files"] = [
            _("Chưa đính kèm giấy tờ bắt buộc: %(names)s. Tải lên bản chụp hoặc bản quét.")
            % {"names": "; ".join(missing)}
        ]
    if errors:
        raise ValidationError(errors)


def _mark_reusable(dossier: Dossier) -> None:
    """Components the agency takes from a registry need no file (once-only, DOMAIN.md §8)."""
    DossierComponent.objects.filter(
        dossier=dossier, digitised=False, component__reusable_from__gt=""
    ).update(reused=True)


def _finish_submission(
    dossier: Dossier, *, actor: User, now: dt.datetime, key: str | None, from_status: str
) -> DossierEvent:
    """Status, secret, code and event of an online submission.

    Caller holds the dossier (locked or just created) and has set the component flags; the
    code is taken here, so everything after it until the commit is kept short.
    """
    dossier.status = transition(from_status, Action.SUBMIT)
    dossier.submitted_at = now
    dossier.idempotency_key = key or None
    dossier.tracking_secret = secret_new()
    dossier.code = code_next(agency=dossier.receiving_agency, at=now)  # locks the counter
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.SUBMIT,
        from_status=from_status,
        to_status=dossier.status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={"code": dossier.code, "channel": dossier.channel, "fee": dossier.fee_amount},
    )
    return event


SUBMISSION_FIELDS = [
    "status",
    "submitted_at",
    "idempotency_key",
    "tracking_secret",
    "code",
    "event_seq",
    "event_head",
    "digitised",
    "reused",
    "updated_at",
]


def dossier_applicant(dossier: Dossier) -> Applicant:
    """The applicant snapshot stored on a dossier."""
    return Applicant.from_mapping(
        {
            "name": dossier.applicant_name,
            "id_number": dossier.applicant_id_number,
            "kind": dossier.applicant_kind,
            "address": dossier.applicant_address,
            "phone": dossier.applicant_phone,
            "email": dossier.applicant_email,
            "organisation": dossier.applicant_organisation,
        }
    )
