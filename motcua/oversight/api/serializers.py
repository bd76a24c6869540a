"""Shapes of the oversight API (for the schema; views build plain dicts)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

S = serializers.Serializer[Any]


class PeriodQuerySerializer(S):
    agency = serializers.CharField(
        required=False, help_text="Agency code (default: the first one you see)."
    )
    kind = serializers.ChoiceField(
        choices=["month", "quarter", "half", "nine", "year", "custom"],
        required=False,
        help_text="Period kind (default month).",
    )
    year = serializers.IntegerField(required=False, help_text="Year (default: this year).")
    number = serializers.IntegerField(required=False, help_text="Month 1–12 or quarter 1–4.")
    start = serializers.DateField(required=False, help_text="First day (kind=custom).")
    end = serializers.DateField(required=False, help_text="Last day (kind=custom).")


class PeriodSerializer(S):
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()  # type: ignore[assignment]


class AgencyRefSerializer(S):
    code = serializers.CharField()
    name = serializers.CharField()


class CounterSerializer(S):
    measure = serializers.CharField()
    channel = serializers.CharField()
    n = serializers.IntegerField()
    total = serializers.IntegerField()


class StockSerializer(S):
    in_time = serializers.IntegerField()
    overdue = serializers.IntegerField()


class MetricsSerializer(S):
    agency = AgencyRefSerializer()
    period = PeriodSerializer()
    counters = CounterSerializer(many=True)
    stock_at_end = StockSerializer()


class IndicatorSerializer(S):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    points = serializers.IntegerField()
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    target = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    percent = serializers.DecimalField(max_digits=7, decimal_places=2, allow_null=True)
    value = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    display = serializers.CharField(help_text='"73.33%" or "n/a".')
    score = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    note = serializers.CharField()
    drill = serializers.BooleanField()


class GroupSerializer(S):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    points = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=6, decimal_places=2)
    indicators = IndicatorSerializer(many=True)


class IndexSerializer(S):
    agency = AgencyRefSerializer()
    period = PeriodSerializer()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    available_points = serializers.IntegerField()
    groups = GroupSerializer(many=True)


class DrillQuerySerializer(PeriodQuerySerializer):
    part = serializers.ChoiceField(
        choices=["denominator", "numerator", "missing"],
        required=False,
        help_text="Which dossiers: the whole denominator, those counted, those that miss.",
    )


class FactSerializer(S):
    id = serializers.IntegerField()
    code = serializers.CharField()
    channel = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.CharField()
    supplements = serializers.IntegerField()


class FactPageSerializer(S):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    results = FactSerializer(many=True)


class RankSerializer(S):
    rank = serializers.IntegerField()
    agency = AgencyRefSerializer()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    available_points = serializers.IntegerField()


class TrendPointSerializer(S):
    period = PeriodSerializer()
    received = serializers.IntegerField()
    resolved = serializers.IntegerField()
    on_time = serializers.IntegerField(help_text="Early or on time.")
    late = serializers.IntegerField()
    in_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    progress = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class BacklogSerializer(S):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()


class HeatCellSerializer(S):
    agency = serializers.CharField()
    field = serializers.CharField()
    resolved = serializers.IntegerField()
    good = serializers.IntegerField()
    percent = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


class CriterionSerializer(S):
    number = serializers.IntegerField()
    label = serializers.CharField()  # type: ignore[assignment]
    points = serializers.IntegerField(allow_null=True)
    note = serializers.CharField()


class EvaluationSerializer(S):
    code = serializers.CharField()
    total = serializers.IntegerField()
    max = serializers.IntegerField()
    criteria = CriterionSerializer(many=True)


class ReportRequestSerializer(S):
    agency = serializers.CharField()
    kind = serializers.ChoiceField(choices=["month", "quarter", "half", "nine", "year", "custom"])
    year = serializers.IntegerField(required=False)
    number = serializers.IntegerField(required=False)
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)


class ReportJobSerializer(S):
    id = serializers.IntegerField()
    agency = serializers.CharField()
    period = serializers.CharField()
    state = serializers.CharField()
    progress = serializers.IntegerField()
    error = serializers.CharField()
    xlsx_url = serializers.CharField(allow_null=True)
    docx_url = serializers.CharField(allow_null=True)


class PublicRowSerializer(S):
    agency = AgencyRefSerializer()
    total = serializers.DecimalField(max_digits=6, decimal_places=2)
    available_points = serializers.IntegerField()
    groups = GroupSerializer(many=True)
