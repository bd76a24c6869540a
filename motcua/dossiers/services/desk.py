"""At the desk: walk-ins, the check, scans, and the three answers (01, 02, 03)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.constants import CopyKind
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers import notify
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.codes import code_next, secret_new
from motcua.dossiers.constants import (
    AWAITING_DESK,
    Action,
    Channel,
    FileSource,
    Status,
)
from motcua.dossiers.events import event_append
from motcua.dossiers.lifecycle import NEW, DossierConflict, transition
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile
from motcua.dossiers.services.common import (
    ComponentCheck,
    SupplementItem,
    _assignment,
    _bump,
    _check_revision,
    _component_of,
    _components_create,
    _file_limit,
    _is_applicant_side,
    _lock,
    _mark_reusable,
    _now,
    _refresh_flags,
    _require_applicant_side,
    _require_desk,
    _require_desk_or_applicant,
    _require_version_in_force,
    _resident_by_personal_id,
    _store,
    components_missing,
    eform_check,
    fee_of,
    fee_quantities_from,
    has_role,
    version_limit,
)
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency

# --- At the desk ------------------------------------------------------------------------------


@transaction.atomic
def dossier_receive_at_desk(
    *,
    actor: User,
    version: ProcedureVersion,
    receiving_agency: Agency,
    competent_agency: Agency,
    channel: str,
    applicant: Applicant,
    eform_data: Mapping[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Open the dossier of a walk-in (or of a postal delivery) at the desk, before the check.

    The competent agency may differ from the receiving desk (received regardless of
    residence); both are recorded and both see the dossier. When the applicant's personal ID
    matches a resident account, the dossier shows in that resident's "my dossiers".
    """
    now = _now(at)
    on = timezone.localtime(now).date()
    _require_desk(actor, receiving_agency)
    if channel not in (Channel.IN_PERSON, Channel.POSTAL):
        raise ValidationError(
            {"channel": [_("Tại quầy chỉ nhận hồ sơ trực tiếp hoặc qua bưu chính.")]}
        )
    _require_version_in_force(version, on)
    if int(channel) not in [int(c) for c in (version.channels or [])]:
        raise ValidationError(
            {
                "channel": [
                    _("Thủ tục này không nhận hồ sơ qua kênh “%(c)s”.")
                    % {"c": Channel(channel).label}
                ]
            }
        )
    try:
        _assignment(version, competent_agency, on)
    except ValidationError:
        raise ValidationError(
            {
                "competent_agency": [
                    _("%(agency)s không giải quyết thủ tục này; chọn cơ quan có thẩm quyền khác.")
                    % {"agency": competent_agency.label}
                ]
            }
        ) from None
    problems = applicant.errors(complete=True)
    if problems:
        raise ValidationError(problems)
    data, _errors = eform_check(version, eform_data or {})
    quantities = fee_quantities_from(version, data, None)
    dossier = Dossier(
        procedure_version=version,
        receiving_agency=receiving_agency,
        competent_agency=competent_agency,
        channel=channel,
        status=transition(NEW, Action.RECEIVE_AT_DESK),
        applicant_user=_resident_by_personal_id(applicant.id_number),
        submitted_by=actor,
        eform_data=data,
        fee_quantities=quantities,
        fee_amount=fee_of(version, quantities),
        submitted_at=now,
        tracking_secret=secret_new(),
        **applicant.as_fields(),
    )
    dossier.save()
    _components_create(dossier, version, mark_reusable=False)
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.RECEIVE_AT_DESK,
        from_status=NEW,
        to_status=dossier.status,
        at=now,
        agency_id=receiving_agency.pk,
        data={
            "channel": channel,
            "competent_agency": competent_agency.code,
            "receiving_agency": receiving_agency.code,
        },
    )
    dossier.save(update_fields=["event_seq", "event_head"])
    return dossier


@transaction.atomic
def dossier_checklist_save(
    *,
    actor: User,
    dossier: Dossier,
    checks: Sequence[ComponentCheck],
    fee_quantities: Mapping[str, Any] | None = None,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Record the officer's check of the components (received, original seen, copy kind,
    quantity) and the fee quantities. One event with what changed."""
    now = _now(at)
    dossier = _lock(dossier)
    _require_desk(actor, dossier.receiving_agency)
    _check_revision(dossier, expected_revision)
    status = transition(dossier.status, Action.CHECK)
    rows = {r.pk: r for r in DossierComponent.objects.filter(dossier=dossier)}
    errors: dict[str, list[str]] = {}
    changed: list[dict[str, Any]] = []
    for check in checks:
        row = rows.get(check.component_id)
        if row is None:
            errors["component"] = [_("Thành phần hồ sơ không thuộc hồ sơ này.")]
            continue
        if check.copy_kind not in CopyKind.values:
            errors[f"copy_kind_{row.pk}"] = [_("%(name)s: chọn loại bản.") % {"name": row.name}]
            continue
        if not 1 <= check.quantity <= 100:
            errors[f"quantity_{row.pk}"] = [
                _("%(name)s: số lượng từ 1 đến 100.") % {"name": row.name}
            ]
            continue
        new = {
            "received": check.received,
            "original_seen": check.original_seen,
            "copy_kind": check.copy_kind,
            "quantity": check.quantity,
        }
        diff = {k: v for k, v in new.items() if getattr(row, k) != v}
        if diff:
            for k, v in diff.items():
                setattr(row, k, v)
            changed.append({"component": row.order, **diff})
    if errors:
        raise ValidationError(errors)
    DossierComponent.objects.bulk_update(
        [rows[c.component_id] for c in checks],
        ["received", "original_seen", "copy_kind", "quantity"],
    )
    fields: list[str] = []
    data: dict[str, Any] = {}
    if fee_quantities is not None:
        quantities = fee_quantities_from(dossier.procedure_version, {}, fee_quantities)
        amount = fee_of(dossier.procedure_version, quantities)
        if quantities != dossier.fee_quantities or amount != dossier.fee_amount:
            dossier.fee_quantities = quantities
            dossier.fee_amount = amount
            fields += ["fee_quantities", "fee_amount"]
            data["fee"] = {"quantities": quantities, "amount": amount}
    _refresh_flags(dossier)
    if not changed and not data:
        dossier.save(update_fields=["digitised", "reused"])
        return dossier
    data["components"] = changed
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.CHECK,
        from_status=dossier.status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data=data,
    )
    dossier.save(update_fields=_bump(dossier, [*fields, "digitised", "reused"]))
    return dossier


@transaction.atomic
def dossier_scan_attach(
    *,
    actor: User,
    dossier: Dossier,
    component_id: int,
    upload: Any,
    at: dt.datetime | None = None,
) -> DossierFile:
    """The officer scans a paper document into a component (free for the applicant)."""
    now = _now(at)
    dossier = _lock(dossier)
    _require_desk(actor, dossier.receiving_agency)
    status = transition(dossier.status, Action.CHECK)
    row = _component_of(dossier, component_id)
    _file_limit(row)
    stored = _store(upload, actor)
    attachment = DossierFile.objects.create(
        dossier_component=row, stored_file=stored, source=FileSource.DESK_SCAN, added_by=actor
    )
    row.digitised = True
    row.received = True
    row.save(update_fields=["digitised", "received"])
    _refresh_flags(dossier)
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.CHECK,
        from_status=dossier.status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={"scan": {"component": row.order, "file": str(stored.pk), "pages": stored.pages}},
    )
    dossier.save(update_fields=_bump(dossier, ["digitised", "reused"]))
    return attachment


def _slip_number(agency: Agency, form: str) -> str:
    from motcua.documents.slips import slip_number_next

    return slip_number_next(agency=agency, form=form)


def _require_decider(actor: User, dossier: Dossier) -> None:
    """At reception the receiving desk decides; during processing the competent agency."""
    if dossier.status == Status.PROCESSING:
        if not has_role(
            actor, [Role.SPECIALIST, Role.LEADER, Role.DESK_OFFICER], dossier.competent_agency
        ):
            raise PermissionDenied(_("Chỉ cán bộ của cơ quan giải quyết được làm việc này."))
        return
    _require_desk(actor, dossier.receiving_agency)


@transaction.atomic
def dossier_accept(
    *,
    actor: User,
    dossier: Dossier,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The dossier is complete: register it, compute the appointment, issue slip 01."""
    now = _now(at)
    dossier = _lock(dossier)
    _require_desk(actor, dossier.receiving_agency)
    _check_revision(dossier, expected_revision)
    if dossier.received_at is not None:
        raise DossierConflict(_("Hồ sơ đã được tiếp nhận trước đó."), status=dossier.status)
    from_status = dossier.status
    status = transition(from_status, Action.ACCEPT)
    missing = components_missing(dossier, online=False)
    if missing:
        raise ValidationError(
            {
                "components": [
                    _(
                        "Chưa nhận thành phần bắt buộc: %(names)s. Đánh dấu “Đã nhận” nếu đã có, "
                        "hoặc chọn “Yêu cầu bổ sung”."
                    )
                    % {"names": "; ".join(missing)}
                ]
            }
        )
    from motcua.organizations.calendars import calendar_for_agency

    limit, unit = version_limit(dossier.procedure_version)
    due = calendar_for_agency(dossier.competent_agency).due(now, limit, unit)
    dossier.status = status
    dossier.received_at = now
    dossier.decided_at = now
    dossier.due_at = due
    dossier.limit_value = limit
    dossier.limit_unit = unit
    dossier.received_by = actor
    if not dossier.tracking_secret:
        dossier.tracking_secret = secret_new()
    _refresh_flags(dossier)
    fields = [
        "status",
        "received_at",
        "decided_at",
        "due_at",
        "limit_value",
        "limit_unit",
        "received_by",
        "tracking_secret",
        "digitised",
        "reused",
        "receipt_number",
    ]
    dossier.receipt_number = _slip_number(dossier.receiving_agency, "01")
    if not dossier.code:
        dossier.code = code_next(agency=dossier.receiving_agency, at=now)
        fields.append("code")
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.ACCEPT,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={
            "code": dossier.code,
            "slip": "01",
            "number": dossier.receipt_number,
            "due_at": due,
            "limit": limit,
            "unit": unit,
        },
    )
    dossier.save(update_fields=_bump(dossier, fields))
    notify.dossier_accepted(dossier, event)
    return dossier


@transaction.atomic
def dossier_request_supplement(
    *,
    actor: User,
    dossier: Dossier,
    items: Sequence[SupplementItem],
    note: str = "",
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """One complete guidance of what to add or correct (form 02)."""
    now = _now(at)
    dossier = _lock(dossier)
    _require_decider(actor, dossier)
    _check_revision(dossier, expected_revision)
    from_status = dossier.status
    status = transition(from_status, Action.REQUEST_SUPPLEMENT)
    rows = {r.pk: r for r in DossierComponent.objects.filter(dossier=dossier)}
    listed: list[dict[str, Any]] = []
    errors: list[str] = []
    for i, item in enumerate(items, start=1):
        reason = item.reason.strip()
        row = rows.get(item.component_id) if item.component_id is not None else None
        if item.component_id is not None and row is None:
            errors.append(_("Mục %(i)s: thành phần không thuộc hồ sơ này.") % {"i": i})
            continue
        name = row.name if row is not None else item.name.strip()
        if not name:
            errors.append(_("Mục %(i)s: ghi tên giấy tờ cần bổ sung.") % {"i": i})
            continue
        if len(reason) < 5:
            errors.append(
                _("“%(name)s”: ghi rõ lý do, cần bổ sung hoặc sửa gì (ít nhất 5 ký tự).")
                % {"name": name}
            )
            continue
        listed.append(
            {"component": row.order if row else None, "name": name[:500], "reason": reason[:1000]}
        )
    if not items:
        errors.append(_("Chọn ít nhất một giấy tờ cần bổ sung và ghi lý do."))
    if errors:
        raise ValidationError({"items": errors})
    dossier.status = status
    dossier.decided_at = now
    dossier.supplement_count += 1
    number = _slip_number(dossier.receiving_agency, "02")
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.REQUEST_SUPPLEMENT,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={"slip": "02", "number": number, "items": listed, "note": note.strip()[:1000]},
    )
    dossier.save(update_fields=_bump(dossier, ["status", "decided_at", "supplement_count"]))
    notify.dossier_supplement_requested(dossier, event)
    return dossier


@transaction.atomic
def dossier_supplement_complete(
    *,
    actor: User,
    dossier: Dossier,
    note: str = "",
    at: dt.datetime | None = None,
) -> Dossier:
    """The applicant (online) or the desk (papers brought in) reports the supplement done;
    the dossier returns to the desk's queue (or to processing, later)."""
    now = _now(at)
    dossier = _lock(dossier)
    _require_desk_or_applicant(actor, dossier)
    from_status = dossier.status
    status = transition(from_status, Action.COMPLETE_SUPPLEMENT)
    if dossier.channel == Channel.ONLINE and _is_applicant_side(actor, dossier):
        _mark_reusable(dossier)
        missing = components_missing(dossier, online=True)
        if missing:
            raise ValidationError(
                {
                    "files": [
                        _("Chưa đính kèm giấy tờ bắt buộc: %(names)s.")
                        % {"names": "; ".join(missing)}
                    ]
                }
            )
    DossierComponent.objects.filter(dossier=dossier, digitised=True).update(received=True)
    _refresh_flags(dossier)
    dossier.status = status
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.COMPLETE_SUPPLEMENT,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={"note": note.strip()[:1000]},
    )
    dossier.save(update_fields=_bump(dossier, ["status", "digitised", "reused"]))
    del event
    if dossier.received_at is not None:  # asked during processing: the clock runs again
        from motcua.processing.services import processing_resume

        dossier = processing_resume(actor=actor, dossier=dossier, at=now)
    return dossier


@transaction.atomic
def dossier_refuse(
    *,
    actor: User,
    dossier: Dossier,
    reason: str,
    expected_revision: int | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """The dossier cannot be accepted (form 03, with the reason)."""
    now = _now(at)
    reason = (reason or "").strip()
    dossier = _lock(dossier)
    _require_decider(actor, dossier)
    _check_revision(dossier, expected_revision)
    from_status = dossier.status
    status = transition(from_status, Action.REFUSE)
    if len(reason) < 10:
        raise ValidationError({"reason": [_("Lý do từ chối: ghi rõ căn cứ, tối thiểu 10 ký tự.")]})
    dossier.status = status
    dossier.decided_at = now
    number = _slip_number(dossier.receiving_agency, "03")
    event = event_append(
        dossier=dossier,
        actor=actor,
        action=Action.REFUSE,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={"slip": "03", "number": number, "reason": reason[:2000]},
    )
    dossier.save(update_fields=_bump(dossier, ["status", "decided_at"]))
    _processing_closed(dossier, "refused", now)
    notify.dossier_refused(dossier, event)
    return dossier


@transaction.atomic
def dossier_withdraw(
    *, actor: User, dossier: Dossier, reason: str = "", at: dt.datetime | None = None
) -> Dossier:
    """The applicant withdraws the dossier (or discards a draft)."""
    now = _now(at)
    dossier = _lock(dossier)
    _require_applicant_side(actor, dossier)
    from_status = dossier.status
    status = transition(from_status, Action.WITHDRAW)
    dossier.status = status
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.WITHDRAW,
        from_status=from_status,
        to_status=status,
        at=now,
        agency_id=dossier.receiving_agency_id,
        data={"reason": (reason or "").strip()[:1000]},
    )
    dossier.save(update_fields=_bump(dossier, ["status"]))
    _processing_closed(dossier, "withdrawn", now)
    return dossier


def _processing_closed(dossier: Dossier, state: str, now: dt.datetime) -> None:
    """Open processing steps close when the dossier is withdrawn or refused during it."""
    if dossier.received_at is None:
        return
    from motcua.processing.services import processing_closed

    processing_closed(dossier=dossier, state=state, at=now)


def desk_actions(dossier: Dossier) -> set[str]:
    """Decisions the desk may take now (buttons), by the table and the intake rules."""
    if dossier.status not in AWAITING_DESK:
        return set()
    actions = {Action.REQUEST_SUPPLEMENT.value, Action.REFUSE.value, Action.CHECK.value}
    if dossier.received_at is None:
        actions.add(Action.ACCEPT.value)
    return actions
