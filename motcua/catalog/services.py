"""State changes of the catalogue. Each is one transaction, checked first, then audited.

A published version is never edited: :func:`version_start_draft` copies it into a new draft,
:func:`version_update_draft` replaces a draft's content, :func:`version_publish` freezes it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.models import User
from motcua.catalog.budget import limit_hours
from motcua.catalog.constants import TimeUnit, VersionStatus
from motcua.catalog.models import (
    Component,
    FeeRule,
    Field,
    ImportJob,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
    ProcessStep,
)
from motcua.catalog.payload import (
    Checked,
    payload_check,
    payload_coerce,
    search_words_add,
    version_payload,
    version_search_text,
)
from motcua.catalog.selectors import (
    user_can_edit_catalog,
    user_can_override_budget,
    version_budget,
)
from motcua.core.audit import audit_record
from motcua.organizations.constants import Role
from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_list_for_user


class PayloadInvalid(ValidationError):
    """A payload that cannot be stored; ``checked.flat_errors()`` says why, field by field."""

    def __init__(self, checked: Checked) -> None:
        super().__init__(checked.flat_errors())
        self.checked = checked


def _require_editor(actor: User | None) -> None:
    if actor is None:  # system jobs: import command, demo seeding
        return
    if not user_can_edit_catalog(user=actor):
        raise PermissionDenied(
            _("Chỉ cán bộ cải cách hành chính hoặc quản trị được sửa danh mục thủ tục.")
        )


def field_get_or_create(*, code: str, name: str) -> Field:
    found = Field.objects.filter(code=code).first()
    if found is None:
        return Field.objects.create(code=code, name=name)
    if name and found.name != name:
        found.name = name
        found.save(update_fields=["name"])
    return found


def _check(raw: dict[str, Any], *, status: str) -> Checked:
    raw = {**raw, "status": status}
    if not raw.get("effective_from"):
        raw["effective_from"] = timezone.localdate()
    checked = payload_coerce(raw)
    payload_check(checked, require_budget_within_limit=False)
    if not checked.ok:
        raise PayloadInvalid(checked)
    return checked


def write_version(
    *, procedure: Procedure, checked: Checked, number: int, actor: User | None
) -> ProcedureVersion:
    """Store a checked payload as version ``number`` of ``procedure`` (caller is atomic)."""
    p = checked.payload
    version = checked.instance()
    version.field = field_get_or_create(code=p["field_code"], name=p["field_name"])
    version.procedure = procedure
    version.number = number
    version.created_by = actor if getattr(actor, "pk", None) else None
    version.search_text = version_search_text(procedure.code, version.name, version.field.name)
    version.save()
    _write_children(version, checked)
    search_words_add([version.search_text])
    return version


def _write_children(version: ProcedureVersion, checked: Checked) -> None:
    for items in (checked.components, checked.fees, checked.steps):
        for item in items:
            item.version = version
    # bulk_create skips VersionPart.save(): the callers hold the version row and know it is
    # a draft (or are writing it for the first time).
    Component.objects.bulk_create(checked.components)
    FeeRule.objects.bulk_create(checked.fees)
    ProcessStep.objects.bulk_create(checked.steps)


@transaction.atomic
def procedure_create(*, actor: User | None, payload: dict[str, Any]) -> ProcedureVersion:
    """A new procedure with its first version, as a draft."""
    _require_editor(actor)
    checked = _check(payload, status=VersionStatus.DRAFT)
    code = checked.payload["code"]
    if Procedure.objects.filter(code=code).exists():
        checked.add(("procedure", None, "code"), _("Mã thủ tục %(code)s đã có.") % {"code": code})
        raise PayloadInvalid(checked)
    procedure = Procedure.objects.create(code=code, synthetic=bool(checked.payload["synthetic"]))
    version = write_version(procedure=procedure, checked=checked, number=1, actor=actor)
    audit_record(
        actor=actor,
        action="catalog.procedure_create",
        obj=version,
        data={"code": code, "number": 1},
    )
    return version


def _next_number(procedure: Procedure) -> int:
    return (procedure.versions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def version_start_draft(*, actor: User | None, procedure: Procedure) -> ProcedureVersion:
    """The procedure's draft: the existing one, or a new copy of its newest version."""
    _require_editor(actor)
    procedure = Procedure.objects.select_for_update().get(pk=procedure.pk)
    draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        return draft
    source = procedure.versions.order_by("-number").first()
    if source is None:
        raise ValidationError({"code": _("Thủ tục chưa có phiên bản nào.")})
    payload = version_payload(source)
    payload.update(
        status=VersionStatus.DRAFT,
        effective_from=timezone.localdate(),
        effective_to=None,
        budget_override_reason="",
    )
    checked = _check(payload, status=VersionStatus.DRAFT)
    number = _next_number(procedure)
    draft = write_version(procedure=procedure, checked=checked, number=number, actor=actor)
    audit_record(
        actor=actor,
        action="catalog.draft_start",
        obj=draft,
        data={"code": procedure.code, "from": source.number, "number": number},
    )
    return draft


def _lock_draft(version: ProcedureVersion) -> ProcedureVersion:
    locked = (
        ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    )
    if locked.status != VersionStatus.DRAFT:
        raise ValidationError(
            {"status": _("Phiên bản đã công bố không sửa được; hãy tạo phiên bản nháp mới.")}
        )
    return locked


@transaction.atomic
def version_update_draft(
    *, actor: User | None, version: ProcedureVersion, payload: dict[str, Any]
) -> ProcedureVersion:
    """Replace the whole content of a draft (fields, components, fees, process steps)."""
    _require_editor(actor)
    draft = _lock_draft(version)
    payload = {**payload, "code": draft.procedure.code, "synthetic": draft.procedure.synthetic}
    checked = _check(payload, status=VersionStatus.DRAFT)
    before = version_payload(draft)
    new = checked.instance()
    new.pk = draft.pk
    new._state.adding = False
    new.procedure = draft.procedure
    new.number = draft.number
    new.created_at = draft.created_at
    new.created_by_id = draft.created_by_id
    new.field = field_get_or_create(
        code=checked.payload["field_code"], name=checked.payload["field_name"]
    )
    new.search_text = version_search_text(draft.procedure.code, new.name, new.field.name)
    new.save()
    search_words_add([new.search_text])
    for model in (Component, FeeRule, ProcessStep):
        model.objects.filter(version=draft).delete()
    _write_children(new, checked)
    after = version_payload(new)
    changed = sorted(k for k in after if k != "assignments" and after[k] != before.get(k))
    audit_record(
        actor=actor,
        action="catalog.draft_update",
        obj=new,
        data={"code": draft.procedure.code, "number": draft.number, "changed": changed},
    )
    return new


@transaction.atomic
def version_publish(
    *,
    actor: User | None,
    version: ProcedureVersion,
    effective_from: dt.date | None = None,
    override_reason: str = "",
) -> ProcedureVersion:
    """Freeze a draft and make it the version applied from ``effective_from``.

    A process whose step budgets exceed the (committed or legal) limit is refused unless an
    administrator gives a reason; the override is recorded on the version and audited. The
    version in force before keeps its content and ends the day before.
    """
    _require_editor(actor)
    return _publish(
        actor=actor,
        draft=_lock_draft(version),
        effective_from=effective_from,
        override_reason=override_reason,
    )


def _publish(
    *,
    actor: User | None,
    draft: ProcedureVersion,
    effective_from: dt.date | None,
    override_reason: str,
) -> ProcedureVersion:
    """Publish a locked draft (the caller checked who may, and is atomic)."""
    effective_from = effective_from or draft.effective_from
    override_reason = override_reason.strip()
    check = version_budget(draft)
    if check is not None and check.over:
        if not override_reason:
            which = (
                _("thời hạn cam kết") if check.against == "committed" else _("thời hạn giải quyết")
            )
            raise ValidationError(
                {
                    "override_reason": [
                        _(
                            "Quy trình nội bộ cộng %(total)s ngày làm việc, vượt %(which)s "
                            "(%(limit)s ngày). Sửa thời gian các bước, hoặc quản trị ghi lý do "
                            "chấp nhận vượt."
                        )
                        % {"total": check.total_days, "which": which, "limit": check.limit_days}
                    ]
                }
            )
        if actor is not None and not user_can_override_budget(user=actor):
            raise PermissionDenied(_("Chỉ quản trị được chấp nhận quy trình vượt thời hạn."))
    elif override_reason:
        override_reason = ""  # nothing to override
    published = ProcedureVersion.objects.select_for_update().filter(
        procedure=draft.procedure, status=VersionStatus.PUBLISHED
    )
    latest = published.order_by("-effective_from").first()
    if latest is not None and latest.effective_from >= effective_from:
        raise ValidationError(
            {
                "effective_from": [
                    _("Ngày hiệu lực phải sau %(day)s, ngày hiệu lực của phiên bản %(n)s.")
                    % {"day": latest.effective_from.strftime("%d/%m/%Y"), "n": latest.number}
                ]
            }
        )
    for previous in published.filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=effective_from)
    ):
        previous.effective_to = effective_from - dt.timedelta(days=1)
        previous.save(update_fields=["effective_to"])
    draft.effective_from = effective_from
    draft.effective_to = None
    draft.status = VersionStatus.PUBLISHED
    draft.published_at = timezone.now()
    draft.published_by = actor if getattr(actor, "pk", None) else None
    draft.budget_override_reason = override_reason
    draft.budget_override_by = draft.published_by if override_reason else None
    draft.save()
    audit_record(
        actor=actor,
        action="catalog.publish",
        obj=draft,
        data={
            "code": draft.procedure.code,
            "number": draft.number,
            "effective_from": effective_from,
            "budget": None
            if check is None
            else {
                "total_days": check.total_days,
                "limit_days": check.limit_days,
                "over": check.over,
                "override_reason": override_reason,
            },
        },
    )
    return draft


@transaction.atomic
def version_retire(
    *, actor: User | None, version: ProcedureVersion, on: dt.date | None = None
) -> ProcedureVersion:
    """The procedure stops being applied after ``on`` (today by default)."""
    _require_editor(actor)
    locked = (
        ProcedureVersion.objects.select_for_update().select_related("procedure").get(pk=version.pk)
    )
    if locked.status != VersionStatus.PUBLISHED:
        raise ValidationError(
            {"status": _("Chỉ phiên bản đã công bố mới chuyển hết hiệu lực được.")}
        )
    on = on or timezone.localdate()
    if locked.effective_to is None or locked.effective_to > on:
        locked.effective_to = max(on, locked.effective_from - dt.timedelta(days=1))
    locked.status = VersionStatus.RETIRED
    locked.retired_at = timezone.now()
    locked.save(update_fields=["status", "effective_to", "retired_at"])
    audit_record(
        actor=actor,
        action="catalog.retire",
        obj=locked,
        data={
            "code": locked.procedure.code,
            "number": locked.number,
            "effective_to": locked.effective_to,
        },
    )
    return locked


@transaction.atomic
def version_discard_draft(*, actor: User | None, version: ProcedureVersion) -> None:
    _require_editor(actor)
    draft = _lock_draft(version)
    audit_record(
        actor=actor,
        action="catalog.draft_discard",
        obj=draft,
        data={"code": draft.procedure.code, "number": draft.number},
    )
    procedure = draft.procedure
    draft.delete()
    if not procedure.versions.exists():
        procedure.assignments.all().delete()
        procedure.delete()


class CommitmentConflict(ValidationError):
    """The procedure cannot take a committed limit now (an open draft): HTTP 409."""


#: Besides catalogue editors, who may record the limit an agency committed to.
COMMITMENT_ROLES = (Role.LEADER, Role.REFORM_OFFICER)


def _require_commitment_signer(actor: User | None, agency: Agency) -> None:
    if actor is None or user_can_edit_catalog(user=actor):
        return
    if agency_list_for_user(user=actor, roles=COMMITMENT_ROLES).filter(pk=agency.pk).exists():
        return
    raise PermissionDenied(
        _(
            "Chỉ lãnh đạo, cán bộ cải cách hành chính của %(agency)s hoặc người quản lý danh "
            "mục được ghi thời hạn cam kết."
        )
        % {"agency": agency.label}
    )


def _commitment_errors(
    base: ProcedureVersion, limit: Any, unit: str, decision: str
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if unit not in TimeUnit.values:
        errors["committed_unit"] = [
            _("Đơn vị thời hạn cam kết: chọn một trong %(units)s.")
            % {"units": ", ".join(str(label) for label in TimeUnit.labels)}
        ]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        errors["committed_limit"] = [_("Thời hạn cam kết: nhập một số nguyên không âm.")]
    elif unit == TimeUnit.SAME_DAY and limit not in (0, 1):
        errors["committed_limit"] = [_("Thời hạn cam kết 'trong ngày' ghi 0 hoặc 1.")]
    elif unit != TimeUnit.SAME_DAY and limit == 0:
        errors["committed_limit"] = [_("Thời hạn cam kết phải lớn hơn 0.")]
    elif "committed_unit" not in errors and limit_hours(limit, unit) > limit_hours(
        base.time_limit, base.time_unit
    ):
        errors["committed_limit"] = [
            _(
                "Thời hạn cam kết (%(committed)s) dài hơn thời hạn giải quyết theo quy định "
                "(%(legal)s): cam kết chỉ được bằng hoặc ngắn hơn."
            )
            % {
                "committed": ProcedureVersion.limit_text(limit, unit),
                "legal": base.time_limit_display,
            }
        ]
    if not decision:
        errors["committed_decision"] = [
            _("Quyết định cam kết: ghi số quyết định đăng ký thời hạn rút ngắn.")
        ]
    elif len(decision) > 200:
        errors["committed_decision"] = [_("Quyết định cam kết: tối đa 200 ký tự.")]
    return errors


@transaction.atomic
def committed_limit_set(
    *,
    actor: User | None,
    code: str,
    agency: Agency,
    committed_limit: int,
    committed_unit: str,
    committed_decision: str,
    effective_from: dt.date | None = None,
) -> ProcedureVersion:
    """Record the shorter limit ``agency`` committed to for procedure ``code``.

    Published versions are frozen, so the commitment is a new version copied from the newest
    published one, with the committed limit and the decision that registered it, published
    from ``effective_from`` (by default today, or the day after the newest version starts
    when that is today or later). The committed limit may not exceed the legal one, and the
    internal process must fit in it. The same limit and decision already recorded change
    nothing (the version is returned as it is).
    """
    _require_commitment_signer(actor, agency)
    decision = (committed_decision or "").strip()
    procedure = Procedure.objects.select_for_update().filter(code=code).first()
    if procedure is None:
        raise ValidationError(
            {"code": [_("Không có thủ tục mã %(code)s trong danh mục.") % {"code": code}]}
        )
    base = (
        procedure.versions.select_for_update()
        .filter(status=VersionStatus.PUBLISHED)
        .order_by("-effective_from", "-number")
        .first()
    )
    if base is None:
        raise ValidationError(
            {"code": [_("Thủ tục %(code)s chưa có phiên bản đã công bố.") % {"code": code}]}
        )
    errors = _commitment_errors(base, committed_limit, committed_unit, decision)
    if errors:
        raise ValidationError(errors)
    if (base.committed_limit, base.committed_unit, base.committed_decision) == (
        committed_limit,
        committed_unit,
        decision,
    ):
        return base
    draft = procedure.versions.filter(status=VersionStatus.DRAFT).first()
    if draft is not None:
        raise CommitmentConflict(
            {
                "code": [
                    _(
                        "Thủ tục %(code)s đang có bản nháp số %(n)s: công bố hoặc hủy bản nháp "
                        "đó rồi ghi thời hạn cam kết."
                    )
                    % {"code": code, "n": draft.number}
                ]
            }
        )
    today = timezone.localdate()
    if effective_from is None:
        effective_from = max(today, base.effective_from + dt.timedelta(days=1))
    payload = version_payload(base)
    payload.update(
        committed_limit=committed_limit,
        committed_unit=committed_unit,
        committed_decision=decision,
        effective_from=effective_from,
        effective_to=None,
        budget_override_reason="",
    )
    checked = _check(payload, status=VersionStatus.DRAFT)
    new = write_version(
        procedure=procedure, checked=checked, number=_next_number(procedure), actor=actor
    )
    check = version_budget(new)
    if check is not None and check.over:
        raise ValidationError(
            {
                "committed_limit": [
                    _(
                        "Quy trình nội bộ cộng %(total)s ngày làm việc, dài hơn thời hạn cam "
                        "kết (%(limit)s ngày): rút ngắn thời gian các bước trước khi ghi cam kết."
                    )
                    % {"total": check.total_days, "limit": check.limit_days}
                ]
            }
        )
    published = _publish(actor=actor, draft=new, effective_from=effective_from, override_reason="")
    audit_record(
        actor=actor,
        action="catalog.committed_limit_set",
        obj=published,
        agency_id=agency.pk,
        data={
            "code": code,
            "agency": agency.code,
            "number": published.number,
            "effective_from": effective_from,
            "before": {
                "number": base.number,
                "committed_limit": base.committed_limit,
                "committed_unit": base.committed_unit,
                "committed_decision": base.committed_decision,
            },
            "after": {
                "committed_limit": committed_limit,
                "committed_unit": committed_unit,
                "committed_decision": decision,
            },
        },
    )
    return published


def _overlapping(
    procedure: Procedure,
    agency: Agency,
    valid_from: dt.date,
    valid_to: dt.date | None,
    exclude_pk: int | None,
) -> bool:
    qs = ProcedureAssignment.objects.filter(procedure=procedure, agency=agency).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        qs = qs.filter(valid_from__lte=valid_to)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


@transaction.atomic
def assignment_set(
    *,
    actor: User | None,
    procedure: Procedure,
    agency: Agency,
    valid_from: dt.date,
    valid_to: dt.date | None = None,
    channels: list[int],
) -> ProcedureAssignment:
    """Create (or change) the period during which ``agency`` applies ``procedure``."""
    _require_editor(actor)
    row = (
        ProcedureAssignment.objects.select_for_update()
        .filter(procedure=procedure, agency=agency, valid_from=valid_from)
        .first()
    )
    before = None if row is None else {"valid_to": row.valid_to, "channels": row.channels}
    row = row or ProcedureAssignment(procedure=procedure, agency=agency, valid_from=valid_from)
    row.valid_to = valid_to
    row.channels = channels
    row.full_clean(validate_unique=False)
    if _overlapping(procedure, agency, valid_from, valid_to, row.pk):
        raise ValidationError(
            {
                "valid_from": [
                    _("%(agency)s đã áp dụng thủ tục này trong khoảng thời gian đó.")
                    % {"agency": agency.label}
                ]
            }
        )
    row.save()
    audit_record(
        actor=actor,
        action="catalog.assignment_set",
        obj=row,
        agency_id=agency.pk,
        data={
            "code": procedure.code,
            "agency": agency.code,
            "before": before,
            "after": {"valid_from": valid_from, "valid_to": valid_to, "channels": channels},
        },
    )
    return row


@transaction.atomic
def assignment_end(
    *, actor: User | None, assignment: ProcedureAssignment, valid_to: dt.date
) -> ProcedureAssignment:
    _require_editor(actor)
    row = (
        ProcedureAssignment.objects.select_for_update()
        .select_related("procedure", "agency")
        .get(pk=assignment.pk)
    )
    if valid_to < row.valid_from:
        raise ValidationError({"valid_to": [_("Ngày kết thúc phải sau ngày bắt đầu áp dụng.")]})
    before = row.valid_to
    row.valid_to = valid_to
    row.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        action="catalog.assignment_end",
        obj=row,
        agency_id=row.agency_id,
        data={
            "code": row.procedure.code,
            "agency": row.agency.code,
            "before": before,
            "after": valid_to,
        },
    )
    return row


@transaction.atomic
def import_job_create(*, actor: User | None, upload: Any, valid_only: bool = False) -> ImportJob:
    """Store the uploaded file and queue its import (after commit)."""
    _require_editor(actor)
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith((".xlsx", ".json")):
        raise ValidationError({"file": [_("Chỉ nhận tệp .xlsx hoặc .json.")]})
    job = ImportJob(
        original_name=name[:255],
        valid_only=valid_only,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    job.file.save(name, upload, save=False)
    job.save()
    audit_record(
        actor=actor,
        action="catalog.import_queue",
        obj=job,
        data={"file": name, "valid_only": valid_only},
    )
    from motcua.catalog.tasks import catalog_import_task

    transaction.on_commit(lambda: catalog_import_task.enqueue(job.pk))
    return job
