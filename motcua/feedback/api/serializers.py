"""Shapes of the feedback API. Inputs are checked for type only; the services decide what is
valid, so the API and the pages give the same Vietnamese messages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.feedback.constants import Category, Kind, Queue, Rating, RefusalReason, Subject
from motcua.feedback.models import Feedback, FeedbackAttachment, FeedbackEvent


class FeedbackSubmitSerializer(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=Kind.choices, required=False)
    category = serializers.ChoiceField(choices=Category.choices)
    subject = serializers.ChoiceField(choices=Subject.choices)
    agency = serializers.CharField(
        required=False, allow_blank=True, help_text="Agency code; not needed for a dossier."
    )
    procedure_code = serializers.CharField(required=False, allow_blank=True)
    dossier_code = serializers.CharField(required=False, allow_blank=True)
    title = serializers.CharField(max_length=200)
    content = serializers.CharField(max_length=5000)
    sender_name = serializers.CharField(required=False, allow_blank=True, max_length=150)
    sender_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    sender_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    sender_personal_id = serializers.CharField(required=False, allow_blank=True, max_length=12)
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        max_length=5,
        help_text="Up to 5 files (PDF, JPEG, PNG, DOCX); send as multipart/form-data.",
    )


class FeedbackSubmittedSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField()
    secret = serializers.CharField(help_text="Shown once; needed to follow without signing in.")
    agency = serializers.CharField()
    handle_due = serializers.DateTimeField()
    tracking_url = serializers.CharField()


class FeedbackEventSerializer(serializers.ModelSerializer[FeedbackEvent]):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    note = serializers.CharField(source="sender_note", read_only=True)

    class Meta:
        model = FeedbackEvent
        fields = [
            "at",
            "kind",
            "kind_label",
            "by_sender",
            "agency",
            "from_status",
            "to_status",
            "note",
        ]


class FeedbackAttachmentSerializer(serializers.ModelSerializer[FeedbackAttachment]):
    id = serializers.UUIDField(source="file_id", read_only=True)
    name = serializers.CharField(source="file.original_name", read_only=True)
    size = serializers.IntegerField(source="file.size", read_only=True)
    content_type = serializers.CharField(source="file.content_type", read_only=True)

    class Meta:
        model = FeedbackAttachment
        fields = ["id", "name", "size", "content_type", "with_info_reply", "created_at"]


class FeedbackStaffEventSerializer(FeedbackEventSerializer):
    actor = serializers.SerializerMethodField()
    note = serializers.CharField(read_only=True)

    class Meta(FeedbackEventSerializer.Meta):
        fields = [*FeedbackEventSerializer.Meta.fields, "actor", "visible_to_sender"]

    def get_actor(self, obj: FeedbackEvent) -> str | None:
        return obj.actor.username if obj.actor else None


_CASE_FIELDS = [
    "code",
    "kind",
    "category",
    "subject",
    "procedure_code",
    "dossier_code",
    "title",
    "content",
    "status",
    "status_label",
    "agency",
    "named_agency",
    "received_at",
    "handle_due",
    "info_request",
    "info_requested_at",
    "info_reply",
    "info_provided_at",
    "refusal_reason",
    "refusal_note",
    "refused_at",
    "answer",
    "answered_at",
    "published_at",
    "rating",
    "rated_at",
    "repeat_of",
]


class _CaseBase(serializers.ModelSerializer[Feedback]):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    agency = serializers.CharField(source="agency.code", read_only=True)
    named_agency = serializers.CharField(source="named_agency.code", read_only=True)
    repeat_of = serializers.SerializerMethodField()

    def get_repeat_of(self, obj: Feedback) -> str | None:
        return obj.repeat_of.code if obj.repeat_of_id and obj.repeat_of else None


class FeedbackSenderCaseSerializer(_CaseBase):
    """What the sender sees of their own case: no staff names, no internal notes."""

    events = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    can_rate = serializers.BooleanField(read_only=True)
    can_repeat = serializers.BooleanField(read_only=True)

    class Meta:
        model = Feedback
        fields = [*_CASE_FIELDS, "can_rate", "can_repeat", "attachments", "events"]

    @extend_schema_field(FeedbackAttachmentSerializer(many=True))
    def get_attachments(self, obj: Feedback) -> list[dict[str, Any]]:
        rows = obj.attachments.select_related("file")
        return list(FeedbackAttachmentSerializer(rows, many=True).data)

    @extend_schema_field(FeedbackEventSerializer(many=True))
    def get_events(self, obj: Feedback) -> list[dict[str, Any]]:
        events = obj.events.filter(visible_to_sender=True).select_related("agency")
        return list(FeedbackEventSerializer(events, many=True).data)


class FeedbackStaffListSerializer(_CaseBase):
    assignee = serializers.SerializerMethodField()
    deadline_state = serializers.CharField(read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "code",
            "kind",
            "category",
            "title",
            "status",
            "status_label",
            "agency",
            "assignee",
            "received_at",
            "current_due",
            "current_due_kind",
            "deadline_state",
            "version",
        ]

    def get_assignee(self, obj: Feedback) -> str | None:
        return obj.assignee.username if obj.assignee else None


class FeedbackStaffCaseSerializer(_CaseBase):
    """The case for its agency's staff. The sender's contact is behind ``/contact/``."""

    assignee = serializers.SerializerMethodField()
    deadline_state = serializers.CharField(read_only=True)
    events = serializers.SerializerMethodField()
    repeats = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Feedback
        fields = [
            *_CASE_FIELDS,
            "assignee",
            "version",
            "refuse_due",
            "info_request_due",
            "publish_due",
            "current_due",
            "current_due_kind",
            "deadline_state",
            "public_title",
            "public_content",
            "public_answer",
            "repeats",
            "attachments",
            "events",
        ]

    def get_assignee(self, obj: Feedback) -> str | None:
        return obj.assignee.username if obj.assignee else None

    @extend_schema_field(FeedbackAttachmentSerializer(many=True))
    def get_attachments(self, obj: Feedback) -> list[dict[str, Any]]:
        rows = obj.attachments.select_related("file")
        return list(FeedbackAttachmentSerializer(rows, many=True).data)

    @extend_schema_field(FeedbackStaffEventSerializer(many=True))
    def get_events(self, obj: Feedback) -> list[dict[str, Any]]:
        events = obj.events.select_related("agency", "actor")
        return list(FeedbackStaffEventSerializer(events, many=True).data)

    def get_repeats(self, obj: Feedback) -> list[str]:
        return list(obj.repeats.values_list("code", flat=True))


class FeedbackPublishedSerializer(serializers.ModelSerializer[Feedback]):
    agency = serializers.CharField(source="agency.code", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = Feedback
        fields = [
            "code",
            "category",
            "agency",
            "agency_name",
            "public_title",
            "public_content",
            "public_answer",
            "received_at",
            "answered_at",
            "published_at",
        ]


class FeedbackContactSerializer(serializers.Serializer[dict[str, Any]]):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()
    personal_id_masked = serializers.CharField()
    account = serializers.CharField()


class FeedbackTrackSerializer(serializers.Serializer[dict[str, Any]]):
    code = serializers.CharField(max_length=20)
    secret = serializers.CharField(max_length=20)


class _SenderProof(serializers.Serializer[dict[str, Any]]):
    secret = serializers.CharField(
        required=False, allow_blank=True, help_text="Tracking secret, unless signed in as sender."
    )


class FeedbackProvideInfoSerializer(_SenderProof):
    reply = serializers.CharField()
    attachments = serializers.ListField(child=serializers.FileField(), required=False, max_length=5)


class FeedbackRateSerializer(_SenderProof):
    rating = serializers.ChoiceField(choices=Rating.choices)


class FeedbackRepeatSerializer(_SenderProof):
    content = serializers.CharField()


class _Versioned(serializers.Serializer[dict[str, Any]]):
    version = serializers.IntegerField(
        required=False, help_text="Version the change is based on; a stale one answers 409."
    )


class FeedbackAssignSerializer(_Versioned):
    assignee = serializers.CharField(
        required=False, allow_blank=True, help_text="Username; empty: the caller."
    )


class FeedbackTransferSerializer(_Versioned):
    agency = serializers.CharField(help_text="Code of the agency that takes over.")
    reason = serializers.CharField()


class FeedbackRequestInfoSerializer(_Versioned):
    question = serializers.CharField()


class FeedbackRefuseSerializer(_Versioned):
    reason = serializers.ChoiceField(choices=RefusalReason.choices)
    note = serializers.CharField()


class FeedbackAnswerSerializer(_Versioned):
    answer = serializers.CharField()


class FeedbackPublishSerializer(_Versioned):
    public_title = serializers.CharField()
    public_content = serializers.CharField()
    public_answer = serializers.CharField()


class FeedbackReclassifySerializer(_Versioned):
    category = serializers.ChoiceField(choices=Category.choices)
    note = serializers.CharField(required=False, allow_blank=True)


class FeedbackCountsSerializer(serializers.Serializer[dict[str, int]]):
    new = serializers.IntegerField()
    assigned = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    overdue = serializers.IntegerField()
    waiting = serializers.IntegerField()
    awaiting_publication = serializers.IntegerField()
    all = serializers.IntegerField()


class FeedbackRatioSerializer(serializers.Serializer[dict[str, Any]]):
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, allow_null=True, help_text="Null when n/a."
    )
    display = serializers.CharField(help_text="'66.67%' or 'n/a'.")


class FeedbackIndicatorsSerializer(serializers.Serializer[dict[str, Any]]):
    agency = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    on_time = FeedbackRatioSerializer()
    satisfaction = FeedbackRatioSerializer()
    received = serializers.IntegerField()
    complaints = serializers.IntegerField()


QUEUE_CHOICES = [q.value for q in Queue]
