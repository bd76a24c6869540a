"""Serializers of the reform API. Register serializers are generated from ``specs``; every
related agency or record offered as a choice is limited to what the caller may see, so a
record of another ward is "does not exist" here too."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from motcua.organizations.api.serializers import ErrorSerializer as ErrorSerializer
from motcua.organizations.models import Agency
from motcua.reform import access
from motcua.reform.constants import (
    DeadlineMode,
    FollowUpStatus,
    InspectionStatus,
    RecommendationSource,
    TaskStatus,
)
from motcua.reform.models import (
    Attachment,
    Recommendation,
    RecommendationUpdate,
    ReformRecord,
    SupervisionReport,
)
from motcua.reform.specs import SPECS, Spec

_READ_ONLY_EXTRA = ("created_at", "updated_at")


class ScopedModelSerializer(serializers.ModelSerializer[Any]):
    """Agencies are written and read by code; choices are scoped to the caller."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A lifecycle field sent with a plain write is an error, not silently dropped.
        state = set(getattr(self.Meta.model, "STATE_FIELDS", ()))
        sent = set(getattr(self, "initial_data", None) or {})
        refused = sorted(sent & state)
        if refused:
            raise serializers.ValidationError(
                {k: ["Trường này chỉ thay đổi qua thao tác chuyển trạng thái."] for k in refused}
            )
        return attrs

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = getattr(request, "user", None)
        for field in fields.values():
            if getattr(field, "read_only", False):
                continue
            queryset = getattr(field, "queryset", None)
            if queryset is None:
                continue
            model = queryset.model
            if model is Agency:
                field.queryset = (  # type: ignore[attr-defined]
                    Agency.objects.all()
                    if getattr(user, "is_superuser", False)
                    else access.reform_agencies(user=user)
                )
            elif issubclass(model, ReformRecord):
                field.queryset = access.scoped(model.objects.all(), user=user)  # type: ignore[attr-defined]
        return fields


def _agency_fields(
    model: type[models.Model], names: list[str], read_only: set[str]
) -> dict[str, Any]:
    attrs: dict[str, Any] = {}
    for name in names:
        try:
            field = model._meta.get_field(name)
        except Exception:  # noqa: S112 - a computed column, not a model field
            continue
        if isinstance(field, models.ForeignKey) and field.related_model is Agency:
            if name in read_only:
                attrs[name] = serializers.SlugRelatedField(slug_field="code", read_only=True)
            else:
                attrs[name] = serializers.SlugRelatedField(
                    slug_field="code",
                    queryset=Agency.objects.all(),
                    required=not field.null,
                    allow_null=field.null,
                    help_text=str(field.help_text) + " (agency code)",
                )
    return attrs


def build_serializer(spec: Spec) -> type[ScopedModelSerializer]:
    model = spec.model
    read_only = [f for f in model.STATE_FIELDS if f not in spec.fields]
    extra_agency = [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey)
        and f.related_model is Agency
        and f.name not in spec.fields
    ]
    fields = ["id", *spec.fields, *extra_agency, *read_only, *_READ_ONLY_EXTRA]
    # Recommendations are issued through their own endpoint; plain writes edit wording only.
    read_only_set = set(read_only) | set(extra_agency) | set(_READ_ONLY_EXTRA)
    attrs = _agency_fields(model, fields, read_only_set)
    meta = type(
        "Meta", (), {"model": model, "fields": fields, "read_only_fields": tuple(read_only_set)}
    )
    attrs["Meta"] = meta
    return type(f"{model.__name__}Serializer", (ScopedModelSerializer,), attrs)


SERIALIZERS: dict[str, type[ScopedModelSerializer]] = {s.api: build_serializer(s) for s in SPECS}


class ReformAttachmentSerializer(serializers.ModelSerializer[Attachment]):
    class Meta:
        model = Attachment
        fields = ["id", "name", "kind", "size", "sha256", "created_at"]


class ReformUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="PDF, JPEG, PNG, DOCX or XLSX; checked by content.")


class ReformTaskStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    completed_on = serializers.DateField(required=False, allow_null=True)
    result = serializers.CharField(required=False, allow_blank=True)


class ReformInspectionStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=InspectionStatus.choices)
    conducted_on = serializers.DateField(required=False, allow_null=True)
    conclusion = serializers.CharField(required=False, allow_blank=True)


class ReformFollowUpStatusSerializer(serializers.Serializer[Any]):
    status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    done_on = serializers.DateField(required=False, allow_null=True)
    result = serializers.CharField(required=False, allow_blank=True)


class ReformDecisionSerializer(serializers.Serializer[Any]):
    approved = serializers.BooleanField()
    decided_on = serializers.DateField(required=False, allow_null=True)
    decision_number = serializers.CharField(required=False, allow_blank=True, max_length=60)


class RecommendationIssueSerializer(ScopedModelSerializer):
    agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), help_text="Code of the addressed agency."
    )
    subject_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )
    owner_agency = serializers.SlugRelatedField(
        slug_field="code", queryset=Agency.objects.all(), required=False, allow_null=True
    )
    source = serializers.ChoiceField(  # type: ignore[assignment]
        choices=RecommendationSource.choices
    )
    deadline_mode = serializers.ChoiceField(
        choices=DeadlineMode.choices, default=DeadlineMode.WORKING_DAYS
    )
    limit_working_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=3650
    )
    due_on = serializers.DateField(required=False, allow_null=True)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        return attrs  # issuing sets the deadline fields; the service computes the due date

    class Meta:
        model = Recommendation
        fields = [
            "agency",
            "subject_agency",
            "title",
            "text",
            "source",
            "source_reference",
            "inspection",
            "issued_on",
            "deadline_mode",
            "limit_working_days",
            "due_on",
            "owner_agency",
            "owner_name",
        ]


class RecommendationUpdateSerializer(serializers.ModelSerializer[RecommendationUpdate]):
    actor = serializers.CharField(source="actor.username", read_only=True, allow_null=True)
    attachments = ReformAttachmentSerializer(many=True, read_only=True)

    class Meta:
        model = RecommendationUpdate
        fields = ["id", "at", "actor", "from_status", "to_status", "note", "attachments"]


class ReformProgressSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()
    done = serializers.BooleanField(default=False)
    files = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Evidence files (multipart)."
    )


class ReformCloseSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()
    files = serializers.ListField(child=serializers.FileField(), required=False)


class ReformNoteSerializer(serializers.Serializer[Any]):
    note = serializers.CharField()


class ReformDeadlineSerializer(serializers.Serializer[Any]):
    deadline_mode = serializers.ChoiceField(choices=DeadlineMode.choices)
    limit_working_days = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=3650
    )
    due_on = serializers.DateField(required=False, allow_null=True)


class ReformAssessmentStartSerializer(serializers.Serializer[Any]):
    framework = serializers.IntegerField(help_text="Id of the criteria set.")
    agency = serializers.CharField(help_text="Code of the unit assessing itself.")


class ReformScoreSerializer(serializers.Serializer[Any]):
    criterion = serializers.IntegerField()
    code = serializers.CharField(read_only=True)
    self_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, required=False
    )
    appraised_score = serializers.DecimalField(
        max_digits=6, decimal_places=2, allow_null=True, required=False
    )
    evidence = serializers.CharField(required=False, allow_blank=True)


class ReformRankingRowSerializer(serializers.Serializer[Any]):
    rank = serializers.IntegerField()
    agency = serializers.CharField()
    name = serializers.CharField()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)


class ReformReportSerializer(serializers.ModelSerializer[SupervisionReport]):
    agency: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = SupervisionReport
        fields = [
            "id",
            "agency",
            "period_start",
            "period_end",
            "status",
            "progress",
            "message",
            "figures",
            "created_at",
            "finished_at",
            "error",
        ]
        read_only_fields = fields


class ReformReportRequestSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField(help_text="Code of the agency reported on.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class ReformOverviewSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField()
    inspections_by_year = serializers.ListField(child=serializers.DictField())
    recommendations = serializers.DictField(child=serializers.IntegerField())
    investment = serializers.DictField()
    rotation_by_year = serializers.ListField(child=serializers.DictField())
    support = serializers.DictField()
    shortened_by_field = serializers.ListField(child=serializers.DictField())
    index = serializers.ListField(child=serializers.DictField())
