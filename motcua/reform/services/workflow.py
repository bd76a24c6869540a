"""Lifecycle transitions of plan tasks, inspections and their follow-up, and attachments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import audit_record
from motcua.reform import access
from motcua.reform.constants import (
    INSPECTION_TRANSITIONS,
    TASK_TRANSITIONS,
    FollowUpStatus,
    InspectionStatus,
    TaskStatus,
)
from motcua.reform.files import CheckedFile, check_upload
from motcua.reform.models import (
    Attachment,
    FollowUpAction,
    Inspection,
    ReformTask,
)
from motcua.reform.services.records import action_name, transition_audit


def _refuse(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


@transaction.atomic
def task_set_status(
    *,
    actor: Any,
    task: ReformTask,
    status: str,
    completed_on: dt.date | None = None,
    result: str | None = None,
) -> ReformTask:
    """Move a plan task along its lifecycle (``TASK_TRANSITIONS``)."""
    task = ReformTask.objects.select_for_update().select_related("plan").get(pk=task.pk)
    access.require_write(user=actor, agency_id=task.keeper_agency_id())
    if status not in TaskStatus.values:
        raise _refuse("status", _("Trạng thái không hợp lệ."))
    if status not in TASK_TRANSITIONS[task.status]:
        raise _refuse(
            "status",
            _("Không chuyển được từ '%(a)s' sang '%(b)s'.")
            % {"a": task.get_status_display(), "b": TaskStatus(status).label},
        )
    before = {"status": task.status, "completed_on": task.completed_on}
    task.status = status
    task.completed_on = (
        (completed_on or timezone.localdate()) if status == TaskStatus.DONE else None
    )
    fields = ["status", "completed_on", "updated_at"]
    if result is not None:
        task.result = result
        fields.append("result")
    task.full_clean()
    task.save(update_fields=fields)
    transition_audit(
        actor=actor,
        obj=task,
        verb="status",
        before=before,
        after={"status": task.status, "completed_on": task.completed_on},
    )
    return task


@transaction.atomic
def inspection_set_status(
    *,
    actor: Any,
    inspection: Inspection,
    status: str,
    conducted_on: dt.date | None = None,
    conclusion: str | None = None,
) -> Inspection:
    """Record that an inspection took place (with its date and conclusion) or was called off."""
    inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
    access.require_write(user=actor, agency_id=inspection.agency_id)
    if (
        status not in InspectionStatus.values
        or status not in INSPECTION_TRANSITIONS[inspection.status]
    ):
        raise _refuse(
            "status",
            _("Cuộc kiểm tra đang ở trạng thái '%(a)s', không chuyển sang trạng thái này được.")
            % {"a": inspection.get_status_display()},
        )
    before = {"status": inspection.status, "conducted_on": inspection.conducted_on}
    if status == InspectionStatus.DONE:
        if conducted_on is None:
            raise _refuse("conducted_on", _("Nhập ngày kiểm tra."))
        if conducted_on > timezone.localdate():
            raise _refuse("conducted_on", _("Ngày kiểm tra không được sau hôm nay."))
    inspection.status = status
    inspection.conducted_on = conducted_on if status == InspectionStatus.DONE else None
    fields = ["status", "conducted_on", "updated_at"]
    if conclusion is not None:
        inspection.conclusion = conclusion
        fields.append("conclusion")
    inspection.full_clean()
    inspection.save(update_fields=fields)
    transition_audit(
        actor=actor,
        obj=inspection,
        verb="status",
        before=before,
        after={"status": inspection.status, "conducted_on": inspection.conducted_on},
    )
    return inspection


@transaction.atomic
def follow_up_set_status(
    *,
    actor: Any,
    action: FollowUpAction,
    status: str,
    done_on: dt.date | None = None,
    result: str | None = None,
) -> FollowUpAction:
    """Mark a follow-up action fixed (or open again)."""
    action = (
        FollowUpAction.objects.select_for_update().select_related("inspection").get(pk=action.pk)
    )
    # The inspected unit reports the fix; the inspecting agency may record it too.
    if not (
        access.can_write(user=actor, agency_id=action.inspection.agency_id)
        or access.can_write(user=actor, agency_id=action.inspection.inspected_agency_id)
    ):
        access.require_write(user=actor, agency_id=action.inspection.agency_id)
    if status not in FollowUpStatus.values:
        raise _refuse("status", _("Trạng thái không hợp lệ."))
    before = {"status": action.status, "done_on": action.done_on}
    action.status = status
    action.done_on = (done_on or timezone.localdate()) if status == FollowUpStatus.DONE else None
    fields = ["status", "done_on", "updated_at"]
    if result is not None:
        action.result = result
        fields.append("result")
    action.save(update_fields=fields)
    transition_audit(
        actor=actor,
        obj=action,
        verb="status",
        before=before,
        after={"status": action.status, "done_on": action.done_on},
    )
    return action


class FileJanitor:
    """Deletes the files stored inside a ``with`` block when the block fails.

    Database rows roll back with the transaction; files in storage do not, so services
    that store files run their transaction inside one of these.
    """

    def __init__(self) -> None:
        self.stored: list[tuple[Any, str]] = []

    def __enter__(self) -> FileJanitor:
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:
            for storage, name in self.stored:
                storage.delete(name)


def store_attachment(
    *,
    actor: Any,
    janitor: FileJanitor,
    upload: Any,
    checked: CheckedFile,
    agency_id: int,
    **owner: Any,
) -> Attachment:
    """Caller holds the owner's row lock, has checked permission and the file."""
    attachment = Attachment(
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        **owner,
    )
    upload.seek(0)
    attachment.file.save(f"upload.{checked.kind}", upload, save=False)
    janitor.stored.append((attachment.file.storage, str(attachment.file.name)))
    attachment.save()
    audit_record(
        actor=actor,
        action=action_name(attachment, "create"),
        obj=attachment,
        agency_id=agency_id,
        data={
            "after": {
                "name": checked.name,
                "kind": checked.kind,
                "size": checked.size,
                "sha256": checked.sha256,
            }
        },
    )
    return attachment


def inspection_attach(*, actor: Any, inspection: Inspection, upload: Any) -> Attachment:
    """Attach a file (the signed record, a photo, a spreadsheet) to an inspection."""
    access.require_write(user=actor, agency_id=inspection.agency_id)
    checked = check_upload(upload)
    with FileJanitor() as janitor, transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        return store_attachment(
            actor=actor,
            janitor=janitor,
            upload=upload,
            checked=checked,
            agency_id=inspection.agency_id,
            inspection=inspection,
        )
