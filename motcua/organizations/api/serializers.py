from rest_framework import serializers

from motcua.organizations.constants import CalendarDayKind, Role
from motcua.organizations.models import Agency, CalendarDay, OfficeHours, RoleGrant, Unit


class AgencySerializer(serializers.ModelSerializer[Agency]):
    parent: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(  # type: ignore[assignment]
        slug_field="code", read_only=True
    )

    class Meta:
        model = Agency
        fields = [
            "code",
            "name",
            "short_name",
            "kind",
            "parent",
            "electronic_id",
            "admin_unit_code",
            "valid_from",
            "valid_to",
            "address",
            "phone",
            "email",
        ]


class UnitSerializer(serializers.ModelSerializer[Unit]):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "valid_from", "valid_to"]


class RoleGrantSerializer(serializers.ModelSerializer[RoleGrant]):
    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    unit: serializers.SlugRelatedField[Unit] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    agency: serializers.SlugRelatedField[Agency] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = RoleGrant
        fields = ["id", "username", "full_name", "role", "agency", "unit", "valid_from", "valid_to"]


class RoleGrantCreateSerializer(serializers.Serializer[RoleGrant]):
    username = serializers.CharField(help_text="Username of the staff member.")
    role = serializers.ChoiceField(choices=Role.choices)
    unit = serializers.CharField(required=False, allow_blank=True, help_text="Unit code.")
    valid_from = serializers.DateField(required=False)
    valid_to = serializers.DateField(required=False, allow_null=True)


class CalendarDaySerializer(serializers.ModelSerializer[CalendarDay]):
    kind = serializers.ChoiceField(choices=CalendarDayKind.choices)

    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "reason"]


class OfficeHoursSerializer(serializers.ModelSerializer[OfficeHours]):
    class Meta:
        model = OfficeHours
        fields = [
            "id",
            "valid_from",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
            "same_day_cutoff",
            "saturday_working",
        ]


class DeadlineQuerySerializer(serializers.Serializer[dict[str, object]]):
    start = serializers.CharField(
        help_text="Reception instant, ISO 8601, e.g. 2026-03-06T15:00+07:00"
    )
    limit = serializers.CharField(help_text="Whole number ≥ 0")
    unit = serializers.CharField(help_text="working_days, working_hours, same_day, days or months")
    pause = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Repeatable: START/END of a clock stop",
    )
    agency = serializers.CharField(required=False, help_text="Agency code or electronic id")


class PauseSerializer(serializers.Serializer[dict[str, object]]):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class DeadlineAnswerSerializer(serializers.Serializer[dict[str, object]]):
    start = serializers.DateTimeField()
    effective_start = serializers.DateTimeField()
    limit = serializers.IntegerField()
    unit = serializers.CharField()
    pauses = PauseSerializer(many=True)
    agency = serializers.CharField(allow_null=True)
    due = serializers.DateTimeField()


class ErrorSerializer(serializers.Serializer[dict[str, object]]):
    detail = serializers.CharField()
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField())
    )


class MeSerializer(serializers.Serializer[dict[str, object]]):
    username = serializers.CharField()
    full_name = serializers.CharField()
    is_resident = serializers.BooleanField()
    roles = RoleGrantSerializer(many=True)
