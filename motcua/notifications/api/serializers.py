from rest_framework import serializers

from motcua.notifications.models import OutboxMessage


class OutboxMessageSerializer(serializers.ModelSerializer[OutboxMessage]):
    gave_up = serializers.BooleanField(
        read_only=True, help_text="Failed and no further automatic attempt is scheduled."
    )

    class Meta:
        model = OutboxMessage
        fields = [
            "id",
            "channel",
            "recipient",
            "subject",
            "status",
            "attempts",
            "last_error",
            "next_attempt_at",
            "sent_at",
            "created_at",
            "related_type",
            "related_id",
            "agency_id",
            "gave_up",
        ]
        read_only_fields = fields


class OutboxMessageDetailSerializer(OutboxMessageSerializer):
    class Meta(OutboxMessageSerializer.Meta):
        fields = [*OutboxMessageSerializer.Meta.fields, "body", "body_html", "dedupe_key"]
        read_only_fields = fields
