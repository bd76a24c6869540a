"""Shapes of the dossier API. Serializers only read and check input; services change state."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.catalog.constants import CopyKind
from motcua.dossiers.constants import DESK_CHANNELS, ApplicantKind, Channel, SlipForm, Status
from motcua.dossiers.models import Dossier, DossierComponent, DossierFile


class ApplicantSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN)
    name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    id_number = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        help_text="12-digit personal ID (citizen) or tax code (organisation).",
    )
    address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    organisation = serializers.CharField(max_length=255, required=False, allow_blank=True)


class DossierFileSerializer(serializers.ModelSerializer[DossierFile]):
    name = serializers.CharField(source="stored_file.original_name", read_only=True)
    size = serializers.IntegerField(source="stored_file.size", read_only=True)
    content_type = serializers.CharField(source="stored_file.content_type", read_only=True)
    pages = serializers.IntegerField(source="stored_file.pages", read_only=True, allow_null=True)

    class Meta:
        model = DossierFile
        fields = ["id", "name", "size", "content_type", "pages", "source", "added_at"]


class DossierComponentSerializer(serializers.ModelSerializer[DossierComponent]):
    files = DossierFileSerializer(source="attachments", many=True, read_only=True)

    class Meta:
        model = DossierComponent
        fields = [
            "id",
            "order",
            "name",
            "mandatory",
            "received",
            "original_seen",
            "copy_kind",
            "quantity",
            "digitised",
            "reused",
            "files",
        ]


class DossierListSerializer(serializers.ModelSerializer[Dossier]):
    procedure = serializers.CharField(source="procedure_version.procedure.code", read_only=True)
    procedure_name = serializers.CharField(source="procedure_version.name", read_only=True)
    receiving_agency = serializers.CharField(source="receiving_agency.code", read_only=True)
    competent_agency = serializers.CharField(source="competent_agency.code", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Dossier
        fields = [
            "id",
            "code",
            "status",
            "status_label",
            "procedure",
            "procedure_name",
            "channel",
            "receiving_agency",
            "competent_agency",
            "applicant_name",
            "submitted_at",
            "received_at",
            "due_at",
            "fee_amount",
            "revision",
        ]


class FiledSerializer(serializers.Serializer[Dossier]):
    """What an online filing answers: enough to follow the dossier (code + tracking secret)."""

    id = serializers.IntegerField()
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    submitted_at = serializers.DateTimeField()
    fee_amount = serializers.IntegerField()
    tracking_secret = serializers.CharField()


class DossierSerializer(DossierListSerializer):
    applicant = serializers.SerializerMethodField()
    components = DossierComponentSerializer(many=True, read_only=True)
    slips = serializers.SerializerMethodField()
    assisted = serializers.BooleanField(source="is_assisted", read_only=True)

    class Meta(DossierListSerializer.Meta):
        fields = [
            *DossierListSerializer.Meta.fields,
            "applicant",
            "assisted",
            "limit_value",
            "limit_unit",
            "fee_quantities",
            "digitised",
            "reused",
            "eform_data",
            "eform_errors",
            "tracking_secret",
            "components",
            "slips",
        ]

    def get_applicant(self, obj: Dossier) -> dict[str, str]:
        return {
            "kind": obj.applicant_kind,
            "name": obj.applicant_name,
            "id_number": obj.applicant_id_number,
            "address": obj.applicant_address,
            "phone": obj.applicant_phone,
            "email": obj.applicant_email,
            "organisation": obj.applicant_organisation,
        }

    def get_slips(self, obj: Dossier) -> list[str]:
        from motcua.dossiers.slips import available_slips

        return [form for form, _label in available_slips(obj)]


class DraftCreateSerializer(serializers.Serializer[dict[str, Any]]):
    procedure = serializers.CharField(help_text="Procedure code, e.g. 1.001193.")
    agency = serializers.CharField(help_text="Code of the agency that receives and decides.")
    applicant = ApplicantSerializer(required=False)
    eform = serializers.DictField(required=False, help_text="E-form values by field name.")
    on_behalf = serializers.BooleanField(
        default=False, help_text="A support-team member files for the resident in 'applicant'."
    )


class DraftUpdateSerializer(serializers.Serializer[dict[str, Any]]):
    applicant = ApplicantSerializer(required=False)
    eform = serializers.DictField(required=False)
    revision = serializers.IntegerField(
        required=False, help_text="The revision you read; 409 if the dossier changed since."
    )


class UploadSerializer(serializers.Serializer[dict[str, Any]]):
    component = serializers.IntegerField(help_text="Id of the dossier component.")
    file = serializers.FileField()


class OnlineFilingSerializer(serializers.Serializer[dict[str, Any]]):
    """Multipart: everything of an online dossier in one request (submitted at once)."""

    procedure = serializers.CharField()
    agency = serializers.CharField()
    applicant_kind = serializers.ChoiceField(
        choices=ApplicantKind.choices, default=ApplicantKind.CITIZEN
    )
    applicant_name = serializers.CharField(max_length=150, required=False, allow_blank=True)
    applicant_id_number = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_address = serializers.CharField(max_length=255, required=False, allow_blank=True)
    applicant_phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    applicant_email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    applicant_organisation = serializers.CharField(max_length=255, required=False, allow_blank=True)
    eform = serializers.JSONField(required=False, help_text="E-form values as a JSON object.")
    component = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        help_text="Repeated: the component order (1, 2…) of each file, in the order of 'file'.",
    )
    file = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Repeated: the files."
    )
    on_behalf = serializers.BooleanField(default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if len(attrs.get("component", [])) != len(attrs.get("file", [])):
            raise serializers.ValidationError(
                {"component": ["Mỗi tệp cần một số thứ tự thành phần (component) tương ứng."]}
            )
        eform = attrs.get("eform")
        if eform is not None and not isinstance(eform, dict):
            raise serializers.ValidationError({"eform": ["Tờ khai phải là một đối tượng JSON."]})
        return attrs


class TrackingQuerySerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(max_length=40)
    secret = serializers.CharField(max_length=32, required=False, allow_blank=True)


class TrackingStepSerializer(serializers.Serializer[dict[str, Any]]):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    status_label = serializers.CharField()


class MissingItemSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    reason = serializers.CharField()


class TrackingSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    applicant = serializers.CharField(help_text="Masked name.")
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    agency_name = serializers.CharField()
    competent_name = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    timeliness = serializers.CharField(allow_blank=True)
    timeline = TrackingStepSerializer(many=True)
    missing = MissingItemSerializer(many=True)
    refusal_reason = serializers.CharField(allow_blank=True)


class DeskReceiveSerializer(serializers.Serializer[dict[str, Any]]):
    procedure = serializers.CharField()
    receiving_agency = serializers.CharField(
        required=False, help_text="Desk's agency code; default: the officer's nearest desk."
    )
    competent_agency = serializers.CharField(help_text="Agency that decides.")
    channel = serializers.ChoiceField(
        choices=DESK_CHANNELS,
        default=Channel.IN_PERSON.value,
    )
    applicant = ApplicantSerializer()
    eform = serializers.DictField(required=False)


class ComponentCheckSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    received = serializers.BooleanField()
    original_seen = serializers.BooleanField(default=False)
    copy_kind = serializers.ChoiceField(choices=CopyKind.choices, default=CopyKind.ORIGINAL)
    quantity = serializers.IntegerField(min_value=1, max_value=100, default=1)


class FeeQuantitiesSerializer(serializers.Serializer[dict[str, Any]]):
    copies = serializers.IntegerField(min_value=1, required=False)
    pages = serializers.IntegerField(min_value=1, required=False)


class ChecklistSerializer(serializers.Serializer[dict[str, Any]]):
    components = ComponentCheckSerializer(many=True)
    fee_quantities = FeeQuantitiesSerializer(required=False)
    revision = serializers.IntegerField(required=False)


class RevisionSerializer(serializers.Serializer[dict[str, Any]]):
    revision = serializers.IntegerField(required=False)


class SupplementItemSerializer(serializers.Serializer[dict[str, Any]]):
    component = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(required=False, allow_blank=True, max_length=500)
    reason = serializers.CharField(max_length=1000)


class SupplementSerializer(serializers.Serializer[dict[str, Any]]):
    items = SupplementItemSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)
    revision = serializers.IntegerField(required=False)


class RefuseSerializer(serializers.Serializer[dict[str, Any]]):
    reason = serializers.CharField(max_length=2000)
    revision = serializers.IntegerField(required=False)


class NoteSerializer(serializers.Serializer[dict[str, Any]]):
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000)


SLIP_FORMS = [form.value for form in SlipForm]
