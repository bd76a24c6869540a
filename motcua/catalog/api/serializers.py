"""API shapes of the catalogue. Reading serializers take plain dicts built by the views;
writing ones document the payload that the services check (field errors come back as
``{"errors": {"time_limit": [...], "components[1].quantity": [...]}}``)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.catalog.constants import (
    ApplicantType,
    BudgetUnit,
    Channel,
    CopyKind,
    FeeKind,
    ImportStatus,
    Level,
    OnlineLevel,
    TimeUnit,
    VersionStatus,
)
from motcua.organizations.constants import AgencyKind, Role


class ComponentSerializer(serializers.Serializer[Any]):
    order = serializers.IntegerField(required=False)
    name = serializers.CharField()
    copy_kind = serializers.ChoiceField(choices=CopyKind.choices)
    quantity = serializers.IntegerField(min_value=1)
    mandatory = serializers.BooleanField(required=False)
    form_code = serializers.CharField(required=False, allow_blank=True)
    form_file = serializers.CharField(required=False, allow_blank=True)
    reusable_from = serializers.CharField(required=False, allow_blank=True)


class FeeSerializer(serializers.Serializer[Any]):
    order = serializers.IntegerField(required=False)
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=FeeKind.choices)
    amount = serializers.IntegerField(min_value=0, required=False, help_text="Integer đồng.")
    tiers = serializers.CharField(
        required=False, allow_blank=True, help_text="Per-page tiers, e.g. '1-2:2000; 3-:1000'."
    )
    cap_per_copy = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class StepSerializer(serializers.Serializer[Any]):
    order = serializers.IntegerField(required=False)
    name = serializers.CharField()
    role = serializers.ChoiceField(choices=Role.choices)
    agency_kind = serializers.ChoiceField(choices=AgencyKind.choices)
    unit_code = serializers.CharField(required=False, allow_blank=True)
    budget = serializers.DecimalField(max_digits=6, decimal_places=2)
    budget_unit = serializers.ChoiceField(choices=BudgetUnit.choices)
    parallel_group = serializers.CharField(required=False, allow_blank=True)
    description = serializers.CharField(required=False, allow_blank=True)


class AssignmentSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(read_only=True)
    agency = serializers.CharField(help_text="Agency code.")
    agency_name = serializers.CharField(read_only=True)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices))


class VersionWriteSerializer(serializers.Serializer[Any]):
    """A version's content (create a procedure, or replace a draft)."""

    code = serializers.CharField(help_text="N.NNNNNN; ignored when updating a draft.")
    name = serializers.CharField()
    field_code = serializers.CharField()
    field_name = serializers.CharField()  # type: ignore[assignment]
    level = serializers.ChoiceField(choices=Level.choices)
    applicant_types = serializers.ListField(
        child=serializers.ChoiceField(choices=ApplicantType.choices)
    )
    decision_number = serializers.CharField(required=False, allow_blank=True)
    decision_date = serializers.DateField(required=False, allow_null=True)
    steps_text = serializers.CharField(required=False, allow_blank=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices))
    time_limit = serializers.IntegerField(min_value=0)
    time_unit = serializers.ChoiceField(choices=TimeUnit.choices)
    time_limit_note = serializers.CharField(required=False, allow_blank=True)
    committed_limit = serializers.IntegerField(required=False, allow_null=True)
    committed_unit = serializers.ChoiceField(
        choices=TimeUnit.choices, required=False, allow_blank=True
    )
    committed_decision = serializers.CharField(required=False, allow_blank=True)
    implementing_agency = serializers.CharField(required=False, allow_blank=True)
    competent_agency = serializers.CharField(required=False, allow_blank=True)
    coordinating_agencies = serializers.CharField(required=False, allow_blank=True)
    result_type = serializers.CharField(required=False, allow_blank=True)
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    conditions = serializers.CharField(required=False, allow_blank=True)
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices)
    full_process_eligible = serializers.BooleanField(required=False)
    eform_schema = serializers.JSONField(
        required=False, allow_null=True, help_text="JSON Schema subset (object)."
    )
    effective_from = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)
    components = ComponentSerializer(many=True, required=False)
    fees = FeeSerializer(many=True, required=False)
    process = StepSerializer(many=True, required=False)


class CommittedLimitSerializer(serializers.Serializer[Any]):
    """A shorter limit an agency committed to (recorded as a new published version)."""

    agency = serializers.CharField(help_text="Code of the agency that registered the commitment.")
    committed_limit = serializers.IntegerField(min_value=0)
    committed_unit = serializers.ChoiceField(choices=TimeUnit.choices)
    committed_decision = serializers.CharField(
        max_length=200, help_text="Decision that registered it, e.g. '4521/QĐ-UBND'."
    )
    effective_from = serializers.DateField(
        required=False,
        allow_null=True,
        help_text="Default: today, or the day after the current version's start.",
    )


class BudgetSerializer(serializers.Serializer[Any]):
    total_days = serializers.DecimalField(max_digits=8, decimal_places=2)
    limit_days = serializers.DecimalField(max_digits=8, decimal_places=2)
    against = serializers.ChoiceField(choices=["committed", "legal"])
    over = serializers.BooleanField()


class VersionDetailSerializer(VersionWriteSerializer):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    effective_to = serializers.DateField(allow_null=True)
    budget_override_reason = serializers.CharField(allow_blank=True)
    synthetic = serializers.BooleanField()
    time_limit_display = serializers.CharField()
    budget = BudgetSerializer(allow_null=True)
    agencies = AssignmentSerializer(many=True)


class ProcedureListItemSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    field = serializers.CharField()
    level = serializers.ChoiceField(choices=Level.choices)
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices)
    time_limit = serializers.IntegerField()
    time_unit = serializers.ChoiceField(choices=TimeUnit.choices)
    version = serializers.IntegerField()


class VersionSummarySerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    name = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(allow_null=True)
    published_at = serializers.DateTimeField(allow_null=True)


class PublishSerializer(serializers.Serializer[Any]):
    effective_from = serializers.DateField(required=False)
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=("Administrators only: why a process over its time limit may be published."),
    )


class RetireSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(required=False, help_text="Last day applied (default today).")


class OverBudgetSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=VersionStatus.choices)
    total_days = serializers.DecimalField(max_digits=8, decimal_places=2)
    limit_days = serializers.DecimalField(max_digits=8, decimal_places=2)
    against = serializers.CharField()
    override_reason = serializers.CharField(allow_blank=True)


class CountsSerializer(serializers.Serializer[Any]):
    on = serializers.DateField()
    total = serializers.IntegerField()
    by_level = serializers.DictField(child=serializers.IntegerField())
    by_agency = serializers.DictField(child=serializers.IntegerField())


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text=".xlsx (national layout) or .json")
    valid_only = serializers.BooleanField(required=False, default=False)


class ImportJobSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    status = serializers.ChoiceField(choices=ImportStatus.choices)
    valid_only = serializers.BooleanField()
    total = serializers.IntegerField()
    processed = serializers.IntegerField()
    percent = serializers.IntegerField()
    created_count = serializers.IntegerField()
    unchanged_count = serializers.IntegerField()
    skipped_count = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.DictField())  # type: ignore[assignment]
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
