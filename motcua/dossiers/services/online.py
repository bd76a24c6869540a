"""Online filing: drafts, files, submission (idempotent on the client's key)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.models import ProcedureVersion
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import (
    Action,
    Channel,
    FileSource,
    Status,
)
from motcua.dossiers.events import event_append
from motcua.dossiers.lifecycle import NEW, DossierConflict, transition
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile
from motcua.dossiers.services.common import (
    SUBMISSION_FIELDS,
    _assignment,
    _check_revision,
    _component_of,
    _components_create,
    _file_limit,
    _finish_submission,
    _flags,
    _lock,
    _mark_reusable,
    _now,
    _online_checks,
    _refresh_flags,
    _require_applicant_side,
    _require_version_in_force,
    _resident_by_personal_id,
    _store,
    dossier_applicant,
    eform_check,
    fee_of,
    fee_quantities_from,
    is_support_member,
    version_components,
)
from motcua.organizations.models import Agency

# --- Online filing ----------------------------------------------------------------------------


def _filing_parties(
    actor: User, applicant: Applicant | None, on_behalf: bool
) -> tuple[Applicant, User | None, User | None]:
    """(applicant snapshot, applicant account, assisting support member)."""
    if on_behalf:
        if not is_support_member(actor):
            raise PermissionDenied(
                _("Chỉ thành viên tổ công nghệ số được nộp hồ sơ thay người dân.")
            )
        if applicant is None:
            raise ValidationError({"applicant_name": [_("Nhập thông tin người dân được hỗ trợ.")]})
        return applicant, _resident_by_personal_id(applicant.id_number), actor
    if not actor.is_resident:
        raise PermissionDenied(
            _(
                "Tài khoản cán bộ không nộp hồ sơ trực tuyến cho mình. Đăng nhập bằng tài "
                "khoản người dân, hoặc tiếp nhận hồ sơ tại Bộ phận Một cửa."
            )
        )
    base = Applicant.from_user(actor)
    if applicant is None:
        return base, actor, None
    # A resident files for themself: the personal ID is the account's when it has one.
    if actor.personal_id and applicant.kind == base.kind:
        applicant = Applicant(
            name=applicant.name or base.name,
            id_number=actor.personal_id,
            kind=applicant.kind,
            address=applicant.address,
            phone=applicant.phone or base.phone,
            email=applicant.email or base.email,
            organisation=applicant.organisation,
        )
    return applicant, actor, None


def _online_allowed(version: ProcedureVersion, agency: Agency, on: dt.date) -> None:
    if int(Channel.ONLINE) not in [int(c) for c in (version.channels or [])]:
        raise ValidationError(
            {"procedure": [_("Thủ tục này chưa cung cấp dịch vụ công trực tuyến.")]}
        )
    channels = _assignment(version, agency, on)
    if channels and int(Channel.ONLINE) not in channels:
        raise ValidationError(
            {
                "agency": [
                    _("%(agency)s chưa nhận thủ tục này trực tuyến.") % {"agency": agency.label}
                ]
            }
        )


@transaction.atomic
def dossier_draft_create(
    *,
    actor: User,
    version: ProcedureVersion,
    agency: Agency,
    applicant: Applicant | None = None,
    eform_data: Mapping[str, Any] | None = None,
    on_behalf: bool = False,
    at: dt.datetime | None = None,
) -> Dossier:
    """Start an online dossier (a draft the filer completes and submits later)."""
    now = _now(at)
    on = timezone.localtime(now).date()
    _require_version_in_force(version, on)
    _online_allowed(version, agency, on)
    applicant, applicant_user, assisted_by = _filing_parties(actor, applicant, on_behalf)
    problems = applicant.errors(complete=False)
    if problems:
        raise ValidationError(problems)
    data, errors = eform_check(version, eform_data or {})
    dossier = Dossier(
        procedure_version=version,
        receiving_agency=agency,
        competent_agency=agency,
        channel=Channel.ONLINE,
        status=transition(NEW, Action.CREATE),
        applicant_user=applicant_user,
        submitted_by=actor,
        assisted_by=assisted_by,
        eform_data=data,
        eform_errors=errors if eform_data else {},
        **applicant.as_fields(),
    )
    quantities = fee_quantities_from(version, data, None)
    dossier.fee_quantities = quantities
    dossier.fee_amount = fee_of(version, quantities)
    dossier.save()
    _components_create(dossier, version)
    event_append(
        dossier=dossier,
        actor=actor,
        action=Action.CREATE,
        from_status=NEW,
        to_status=dossier.status,
        at=now,
        agency_id=agency.pk,
        data={"assisted": assisted_by is not None},
    )
    dossier.save(update_fields=["event_seq", "event_head"])
    return dossier


@transaction.atomic
def dossier_draft_save(
    *,
    actor: User,
    dossier: Dossier,
    applicant: Applicant | None = None,
    eform_data: Mapping[str, Any] | None = None,
    expected_revision: int | None = None,
) -> Dossier:
    """Keep what the filer typed in a draft. The e-form is kept even when invalid (its
    errors are stored and shown); applicant fields must at least be well-formed."""
    dossier = _lock(dossier)
    _require_applicant_side(actor, dossier)
    if dossier.status != Status.DRAFT:
        raise DossierConflict(
            _("Hồ sơ đã nộp nên không sửa tờ khai được nữa."), status=dossier.status
        )
    _check_revision(dossier, expected_revision)
    fields: list[str] = []
    if applicant is not None:
        if dossier.applicant_user_id == actor.pk and actor.personal_id:
            applicant = Applicant(
                name=applicant.name,
                id_number=actor.personal_id,
                kind=applicant.kind,
                address=applicant.address,
                phone=applicant.phone,
                email=applicant.email,
                organisation=applicant.organisation,
            )
        problems = applicant.errors(complete=False)
        if problems:
            raise ValidationError(problems)
        for name, value in applicant.as_fields().items():
            setattr(dossier, name, value)
        fields += list(applicant.as_fields())
        if dossier.assisted_by_id is not None:
            dossier.applicant_user = _resident_by_personal_id(applicant.id_number)
            fields.append("applicant_user")
    if eform_data is not None:
        version = dossier.procedure_version
        data, errors = eform_check(version, eform_data)
        dossier.eform_data = data
        dossier.eform_errors = errors
        quantities = fee_quantities_from(version, data, None)
        dossier.fee_quantities = quantities
        dossier.fee_amount = fee_of(version, quantities)
        fields += ["eform_data", "eform_errors", "fee_quantities", "fee_amount"]
    dossier.revision += 1
    dossier.save(update_fields=[*fields, "revision", "updated_at"])
    return dossier


@transaction.atomic
def dossier_file_attach(
    *, actor: User, dossier: Dossier, component_id: int, upload: Any
) -> DossierFile:
    """The filer adds a file to a component (draft, or while a supplement is requested).

    A refused file raises :class:`motcua.documents.services.UploadRejected` and changes
    nothing: the draft stays as it was.
    """
    dossier = _lock(dossier)
    _require_applicant_side(actor, dossier)
    if dossier.status not in (Status.DRAFT, Status.SUPPLEMENT_REQUESTED):
        raise DossierConflict(
            _("Chỉ thêm được giấy tờ khi hồ sơ đang soạn hoặc đang được yêu cầu bổ sung."),
            status=dossier.status,
        )
    row = _component_of(dossier, component_id)
    _file_limit(row)
    stored = _store(upload, actor)
    attachment = DossierFile.objects.create(
        dossier_component=row, stored_file=stored, source=FileSource.APPLICANT, added_by=actor
    )
    if not row.digitised or row.reused:
        row.digitised = True
        row.reused = False  # a file was handed in instead of reusing the registry's data
        row.save(update_fields=["digitised", "reused"])
    dossier.revision += 1
    dossier.save(update_fields=["revision", "updated_at"])
    return attachment


@transaction.atomic
def dossier_file_remove(*, actor: User, dossier: Dossier, attachment_id: int) -> None:
    """The filer removes one of their own files (draft or supplement requested)."""
    dossier = _lock(dossier)
    _require_applicant_side(actor, dossier)
    if dossier.status not in (Status.DRAFT, Status.SUPPLEMENT_REQUESTED):
        raise DossierConflict(_("Hồ sơ đã nộp nên không xóa được giấy tờ."), status=dossier.status)
    attachment = (
        DossierFile.objects.filter(
            pk=attachment_id,
            dossier_component__dossier=dossier,
            source=FileSource.APPLICANT,
        )
        .select_related("dossier_component__component")
        .first()
    )
    if attachment is None:
        raise ValidationError({"file": [_("Không tìm thấy tệp này trong hồ sơ.")]})
    row = attachment.dossier_component
    attachment.delete()
    if not row.attachments.exists():
        row.digitised = False
        row.reused = bool(row.component.reusable_from)
        row.save(update_fields=["digitised", "reused"])
    dossier.revision += 1
    dossier.save(update_fields=["revision", "updated_at"])


def _by_key(submitter: User, key: str | None) -> Dossier | None:
    if not key:
        return None
    return (
        Dossier.objects.filter(submitted_by=submitter, idempotency_key=key)
        .exclude(status=Status.DRAFT)
        .first()
    )


def _check_key(key: str | None) -> str | None:
    if key is None or key == "":
        return None
    if len(key) > 80 or not key.isprintable():
        raise ValidationError(
            {"idempotency_key": [_("Khóa Idempotency-Key tối đa 80 ký tự in được.")]}
        )
    return key


def dossier_submit(
    *,
    actor: User,
    dossier: Dossier,
    idempotency_key: str | None = None,
    at: dt.datetime | None = None,
) -> Dossier:
    """Submit a draft online. Idempotent: the same key (or a second click) returns the
    dossier that was submitted the first time, even when the calls race."""
    key = _check_key(idempotency_key)
    try:
        return _submit(actor=actor, dossier=dossier, key=key, at=at)
    except IntegrityError:
        # Another draft of the same submitter won the race with the same key.
        existing = _by_key(actor, key)
        if existing is None:
            raise
        return existing


@transaction.atomic
def _submit(*, actor: User, dossier: Dossier, key: str | None, at: dt.datetime | None) -> Dossier:
    now = _now(at)
    dossier = _lock(dossier)
    _require_applicant_side(actor, dossier)
    if dossier.status != Status.DRAFT:
        if dossier.idempotency_key and (key is None or key == dossier.idempotency_key):
            return dossier  # a repeated submit: the same dossier, nothing new
        transition(dossier.status, Action.SUBMIT)  # raises the conflict
    existing = _by_key(dossier.submitted_by, key)
    if existing is not None:
        return existing
    version = dossier.procedure_version
    on = timezone.localtime(now).date()
    _require_version_in_force(version, on)
    _online_allowed(version, dossier.receiving_agency, on)
    _mark_reusable(dossier)
    _online_checks(dossier, version, dossier_applicant(dossier))
    data, _errors = eform_check(version, dossier.eform_data)
    dossier.eform_data = data
    dossier.eform_errors = {}
    dossier.fee_amount = fee_of(version, dossier.fee_quantities or {})
    DossierComponent.objects.filter(dossier=dossier, digitised=True).update(received=True)
    _refresh_flags(dossier)
    event = _finish_submission(dossier, actor=actor, now=now, key=key, from_status=Status.DRAFT)
    dossier.revision += 1
    dossier.save(
        update_fields=[*SUBMISSION_FIELDS, "revision", "eform_data", "eform_errors", "fee_amount"]
    )
    del event  # the applicant is told at receipt (acceptance), not at submission
    return dossier


def dossier_file_online(
    *,
    actor: User,
    version: ProcedureVersion,
    agency: Agency,
    applicant: Applicant | None,
    eform_data: Mapping[str, Any],
    uploads: Mapping[int, Sequence[Any]],
    idempotency_key: str | None,
    on_behalf: bool = False,
    at: dt.datetime | None = None,
) -> tuple[Dossier, bool]:
    """Create, attach and submit an online dossier in one transaction (API clients).

    ``uploads`` maps a catalogue component's ``order`` to its files. Returns the dossier and
    whether it was created now (False: the key was seen before, the first dossier returned).
    A rejected file or a missing field raises and leaves nothing behind.
    """
    key = _check_key(idempotency_key)
    existing = _by_key(actor, key)
    if existing is not None:  # a retry: the first answer again, whatever the body says now
        return existing, False
    try:
        return _file_online(
            actor=actor,
            version=version,
            agency=agency,
            applicant=applicant,
            eform_data=eform_data,
            uploads=uploads,
            key=key,
            on_behalf=on_behalf,
            at=at,
        ), True
    except IntegrityError:
        existing = _by_key(actor, key)
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _file_online(
    *,
    actor: User,
    version: ProcedureVersion,
    agency: Agency,
    applicant: Applicant | None,
    eform_data: Mapping[str, Any],
    uploads: Mapping[int, Sequence[Any]],
    key: str | None,
    on_behalf: bool,
    at: dt.datetime | None,
) -> Dossier:
    now = _now(at)
    on = timezone.localtime(now).date()
    _require_version_in_force(version, on)
    _online_allowed(version, agency, on)
    applicant, applicant_user, assisted_by = _filing_parties(actor, applicant, on_behalf)
    # Cheap checks first, so a wrong form costs no file inspection.
    errors: dict[str, list[str]] = dict(applicant.errors(complete=True))
    data, eform_errors = eform_check(version, eform_data)
    errors.update({f"eform.{k}": v for k, v in eform_errors.items()})
    components = {c.order: c for c in version_components(version)}
    unknown = sorted(set(uploads) - set(components))
    if unknown:
        errors["files"] = [
            _("Thủ tục không có thành phần số %(n)s.") % {"n": ", ".join(map(str, unknown))}
        ]
    limit = settings.MOTCUA_DOSSIER_FILES_PER_COMPONENT
    for order, files in uploads.items():
        if len(files) > limit:
            errors[f"files.{order}"] = [_("Tối đa %(n)s tệp cho một thành phần.") % {"n": limit}]
    if errors:
        raise ValidationError(errors)
    with_files = frozenset(order for order, files in uploads.items() if files)
    missing = [
        c.name
        for c in components.values()
        if c.mandatory and c.order not in with_files and not c.reusable_from
    ]
    if missing:
        raise ValidationError(
            {
                "files": [
                    _("Chưa đính kèm giấy tờ bắt buộc: %(names)s. Tải lên bản chụp hoặc bản quét.")
                    % {"names": "; ".join(missing)}
                ]
            }
        )
    quantities = fee_quantities_from(version, data, None)
    dossier = Dossier(
        procedure_version=version,
        receiving_agency=agency,
        competent_agency=agency,
        channel=Channel.ONLINE,
        status=Status.DRAFT,
        applicant_user=applicant_user,
        submitted_by=actor,
        assisted_by=assisted_by,
        eform_data=data,
        fee_quantities=quantities,
        fee_amount=fee_of(version, quantities),
        # The key is written first: a repeated request stops at this INSERT (unique per
        # submitter; a concurrent twin waits for the first to commit, then fails here).
        idempotency_key=key,
        **applicant.as_fields(),
    )
    dossier.save()
    # The costly checks: every file's content. A refused file raises and rolls everything back.
    stored = {
        order: [_store(upload, actor) for upload in files]
        for order, files in sorted(uploads.items())
    }
    rows = _components_create(dossier, version, with_files)
    by_order = {row.order: row for row in rows}
    DossierFile.objects.bulk_create(
        DossierFile(
            dossier_component=by_order[order],
            stored_file=file,
            source=FileSource.APPLICANT,
            added_by=actor,
        )
        for order, files in stored.items()
        for file in files
    )
    dossier.digitised, dossier.reused = _flags(rows)
    event = _finish_submission(dossier, actor=actor, now=now, key=key, from_status=NEW)
    dossier.save(update_fields=SUBMISSION_FIELDS)
    del event  # the applicant is told at receipt (acceptance), not at submission
    return dossier
