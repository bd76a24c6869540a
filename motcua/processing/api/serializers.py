"""Serializers of the processing API (read shapes and action bodies)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.catalog.constants import BudgetUnit
from motcua.processing.constants import Queue, StepState
from motcua.processing.models import (
    DelayNotice,
    DossierProcess,
    Handover,
    ProcessResult,
    StepTask,
)


def _person(user: Any) -> str:
    return (user.full_name or user.username) if user is not None else ""


class ProcessingStepSerializer(serializers.ModelSerializer[StepTask]):
    dossier_code = serializers.CharField(source="dossier.code", read_only=True)
    dossier_status = serializers.CharField(source="dossier.status", read_only=True)
    procedure_name = serializers.CharField(source="dossier.procedure_version.name", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    unit = serializers.SerializerMethodField()
    assignee = serializers.SerializerMethodField()
    assignee_name = serializers.SerializerMethodField()

    class Meta:
        model = StepTask
        fields = [
            "id",
            "dossier",
            "dossier_code",
            "dossier_status",
            "procedure_name",
            "order",
            "stage",
            "name",
            "role",
            "agency",
            "agency_name",
            "unit",
            "parallel_group",
            "budget",
            "budget_unit",
            "at_desk",
            "interagency",
            "needs_routing",
            "state",
            "assignee",
            "assignee_name",
            "approver",
            "planned_due_at",
            "started_at",
            "due_at",
            "finished_at",
            "timeliness",
            "risk",
            "rounds",
            "note",
        ]
        read_only_fields = fields

    def get_unit(self, obj: StepTask) -> str | None:
        return obj.unit.code if obj.unit is not None else None

    def get_assignee(self, obj: StepTask) -> str | None:
        return obj.assignee.username if obj.assignee is not None else None

    def get_assignee_name(self, obj: StepTask) -> str:
        return _person(obj.assignee)


class ProcessSerializer(serializers.ModelSerializer[DossierProcess]):
    dossier_code = serializers.CharField(source="dossier.code", read_only=True)
    dossier_status = serializers.CharField(source="dossier.status", read_only=True)
    revision = serializers.IntegerField(source="dossier.revision", read_only=True)
    procedure_name = serializers.CharField(source="dossier.procedure_version.name", read_only=True)
    applicant_name = serializers.CharField(source="dossier.applicant_name", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)

    class Meta:
        model = DossierProcess
        fields = [
            "dossier",
            "dossier_code",
            "dossier_status",
            "revision",
            "procedure_name",
            "applicant_name",
            "agency",
            "state",
            "started_at",
            "original_due_at",
            "due_at",
            "appointment_at",
            "extensions",
            "paused_at",
            "supplement_requests",
            "late_by_rule",
            "finished_at",
            "timeliness",
            "risk",
        ]
        read_only_fields = fields


class ProcessingHandoverSerializer(serializers.ModelSerializer[Handover]):
    from_agency = serializers.CharField(source="from_agency.name", read_only=True)
    to_agency = serializers.CharField(source="to_agency.name", read_only=True)
    from_unit = serializers.SerializerMethodField()
    to_unit = serializers.SerializerMethodField()
    given_by = serializers.SerializerMethodField()
    received_by = serializers.SerializerMethodField()

    class Meta:
        model = Handover
        fields = [
            "id",
            "kind",
            "from_step",
            "to_step",
            "from_agency",
            "from_unit",
            "to_agency",
            "to_unit",
            "given_by",
            "received_by",
            "at",
            "received_at",
            "outcome",
            "note",
        ]
        read_only_fields = fields

    def get_from_unit(self, obj: Handover) -> str | None:
        return obj.from_unit.name if obj.from_unit is not None else None

    def get_to_unit(self, obj: Handover) -> str | None:
        return obj.to_unit.name if obj.to_unit is not None else None

    def get_given_by(self, obj: Handover) -> str:
        return _person(obj.given_by)

    def get_received_by(self, obj: Handover) -> str:
        return _person(obj.received_by)


class ProcessingResultSerializer(serializers.ModelSerializer[ProcessResult]):
    number = serializers.SerializerMethodField()
    verification_code = serializers.SerializerMethodField()

    class Meta:
        model = ProcessResult
        fields = [
            "state",
            "source",
            "title",
            "number",
            "verification_code",
            "prepared_at",
            "issued_at",
        ]
        read_only_fields = fields

    def get_number(self, obj: ProcessResult) -> str:
        return obj.signed.number if obj.signed is not None else ""

    def get_verification_code(self, obj: ProcessResult) -> str:
        return obj.signed.code if obj.signed is not None else obj.verification_code


class DelayNoticeSerializer(serializers.ModelSerializer[DelayNotice]):
    class Meta:
        model = DelayNotice
        fields = [
            "id",
            "number",
            "reason",
            "previous_appointment_at",
            "new_appointment_at",
            "issued_at",
        ]
        read_only_fields = fields


class ProcessDetailSerializer(serializers.Serializer[dict[str, Any]]):
    process = ProcessSerializer()
    steps = ProcessingStepSerializer(many=True)
    handovers = ProcessingHandoverSerializer(many=True)
    result = ProcessingResultSerializer(allow_null=True)
    delay_notices = DelayNoticeSerializer(many=True)


class StepPageSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ProcessingStepSerializer(many=True)


class ProcessPageSerializer(serializers.Serializer[dict[str, Any]]):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ProcessSerializer(many=True)


class ProcessingCountsSerializer(serializers.Serializer[dict[str, int]]):
    mine = serializers.IntegerField()
    unit = serializers.IntegerField()
    approval = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    overdue = serializers.IntegerField()
    agency = serializers.IntegerField()
    results = serializers.IntegerField()


# --- Bodies ------------------------------------------------------------------------------------


class QueueQuerySerializer(serializers.Serializer[dict[str, Any]]):
    procedure = serializers.CharField(required=False, allow_blank=True, max_length=40)
    state = serializers.ChoiceField(
        choices=[*StepState.choices, ("active", "active"), ("paused", "paused")],
        required=False,
        allow_blank=True,
    )
    due_from = serializers.DateField(required=False, allow_null=True)
    due_to = serializers.DateField(required=False, allow_null=True)
    page = serializers.IntegerField(required=False, min_value=1, default=1)


QUEUE_CHOICES = [q for q in Queue.values if q != Queue.AGENCY]


class ProcessingRevisionSerializer(serializers.Serializer[dict[str, Any]]):
    revision = serializers.IntegerField(
        required=False, allow_null=True, help_text="Dossier revision the client displayed."
    )


class CompleteSerializer(ProcessingRevisionSerializer):
    note = serializers.CharField(max_length=2000)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Work papers (PDF, images, DOCX)."
    )


class StepNoteSerializer(ProcessingRevisionSerializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class ProcessingReasonSerializer(ProcessingRevisionSerializer):
    reason = serializers.CharField(max_length=2000)


class AssignSerializer(StepNoteSerializer):
    assignee = serializers.CharField(max_length=150, help_text="Username of the officer.")


class ForwardSerializer(StepNoteSerializer):
    to_user = serializers.CharField(max_length=150, required=False, allow_blank=True)
    to_unit = serializers.CharField(
        max_length=40, required=False, allow_blank=True, help_text="Unit code in the agency."
    )


class RouteSerializer(StepNoteSerializer):
    to_agency = serializers.CharField(max_length=40, help_text="Code of the receiving agency.")
    budget = serializers.DecimalField(max_digits=6, decimal_places=2, required=False)
    budget_unit = serializers.ChoiceField(choices=BudgetUnit.choices, required=False)


class ApprovalSerializer(StepNoteSerializer):
    approver = serializers.CharField(
        max_length=150, required=False, allow_blank=True, help_text="Username of a leader."
    )


class ProcessingSupplementItemSerializer(serializers.Serializer[dict[str, Any]]):
    component_id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=1000)


class ProcessingSupplementSerializer(ProcessingRevisionSerializer):
    items = ProcessingSupplementItemSerializer(many=True)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    reason = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="Required for a second request during processing (it counts as late).",
    )


class DelayNoticeBodySerializer(ProcessingReasonSerializer):
    new_appointment_at = serializers.DateTimeField()


class ResultPrepareSerializer(ProcessingRevisionSerializer):
    title = serializers.CharField(max_length=255)
    decision_text = serializers.CharField(
        max_length=20000, required=False, allow_blank=True, default=""
    )
    file = serializers.FileField(required=False, help_text="A PDF instead of the template.")


class ResultIssueSerializer(ProcessingRevisionSerializer):
    number = serializers.CharField(
        max_length=60, required=False, allow_blank=True, help_text="Empty: the next number."
    )
