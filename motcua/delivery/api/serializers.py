"""Serializers of the delivery and sync API (input checks and the documented output)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from motcua.delivery.constants import RatingValue, RecipientRelation
from motcua.delivery.forms import PERIOD_MAX_DAYS
from motcua.dossiers.constants import Channel, ReturnMode, Status


class PeriodSerializer(serializers.Serializer[Any]):
    """``from`` and ``to`` (local days, inclusive) and an optional agency code."""

    agency = serializers.CharField(required=False, allow_blank=True, max_length=40)

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        fields["from"] = serializers.DateField(
            error_messages={"required": _("Nhập ngày bắt đầu (YYYY-MM-DD).")}
        )
        fields["to"] = serializers.DateField(
            error_messages={"required": _("Nhập ngày kết thúc (YYYY-MM-DD).")}
        )
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["to"] < attrs["from"]:
            raise serializers.ValidationError({"to": [_("Ngày kết thúc phải sau ngày bắt đầu.")]})
        if (attrs["to"] - attrs["from"]).days >= PERIOD_MAX_DAYS:
            raise serializers.ValidationError({"to": [_("Mỗi lần tối đa 366 ngày.")]})
        return attrs


class BookQuerySerializer(PeriodSerializer):
    agency = serializers.CharField(max_length=40)
    format = serializers.ChoiceField(choices=["json", "pdf", "xlsx"], default="json")


class SyncQuerySerializer(PeriodSerializer):
    cursor = serializers.CharField(required=False, allow_blank=True, max_length=40)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=500, default=100)


class DeskReturnSerializer(serializers.Serializer[Any]):
    revision = serializers.IntegerField(required=False)
    recipient_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    recipient_relation = serializers.ChoiceField(choices=RecipientRelation.choices)
    recipient_id_number = serializers.CharField(max_length=14, allow_blank=True, required=False)
    authorisation = serializers.CharField(max_length=255, allow_blank=True, required=False)
    papers = serializers.CharField(max_length=2000, allow_blank=True, required=False)


class PostSerializer(serializers.Serializer[Any]):
    revision = serializers.IntegerField(required=False)
    postal_service = serializers.CharField(max_length=100)
    tracking_number = serializers.CharField(max_length=40)
    sent_at = serializers.DateTimeField(required=False)


class DeliveredSerializer(serializers.Serializer[Any]):
    delivered_at = serializers.DateTimeField()
    note = serializers.CharField(max_length=255, allow_blank=True, required=False)


class RatingInSerializer(serializers.Serializer[Any]):
    value = serializers.ChoiceField(choices=RatingValue.choices)
    comment = serializers.CharField(max_length=1000, allow_blank=True, required=False)
    complaint = serializers.BooleanField(required=False, default=False)
    complaint_text = serializers.CharField(max_length=5000, allow_blank=True, required=False)


class TrackingRatingSerializer(RatingInSerializer):
    code = serializers.CharField(max_length=40)
    secret = serializers.CharField(max_length=32)


class RatedSerializer(serializers.Serializer[Any]):
    dossier = serializers.CharField()
    value = serializers.ChoiceField(choices=RatingValue.choices)
    rated_at = serializers.DateTimeField()
    feedback_code = serializers.CharField(allow_blank=True)
    feedback_secret = serializers.CharField(
        allow_blank=True, help_text="Secret of the complaint opened with the rating; shown once."
    )


class ReturnRecordSerializer(serializers.Serializer[Any]):
    mode = serializers.ChoiceField(choices=ReturnMode.choices)
    returned_at = serializers.DateTimeField()
    agency = serializers.CharField(source="agency.code")
    returned_by = serializers.CharField(source="returned_by.display_name")
    recipient_name = serializers.CharField()
    recipient_id_number = serializers.CharField()
    recipient_relation = serializers.CharField()
    authorisation = serializers.CharField()
    papers = serializers.CharField()
    postal_service = serializers.CharField()
    tracking_number = serializers.CharField()
    delivered_at = serializers.DateTimeField(allow_null=True)
    delivery_note = serializers.CharField()


class ResultInfoSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    number = serializers.CharField()
    signed_at = serializers.DateTimeField()
    verification_url = serializers.CharField()


class ReturnStateSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    revision = serializers.IntegerField()
    applicant_name = serializers.CharField()
    procedure_name = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    return_mode = serializers.CharField()
    result = ResultInfoSerializer(allow_null=True)
    record = ReturnRecordSerializer(allow_null=True)


class QueueItemSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    applicant_name = serializers.CharField()
    procedure_name = serializers.CharField(source="procedure_version.name")
    channel = serializers.ChoiceField(choices=Channel.choices)
    due_at = serializers.DateTimeField(allow_null=True)


class BookRowSerializer(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    dossier_code = serializers.CharField()
    applicant_name = serializers.CharField()
    applicant_contact = serializers.CharField()
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    lead_agency = serializers.CharField()
    received_at = serializers.DateTimeField(allow_null=True)
    appointment_at = serializers.DateTimeField(allow_null=True)
    transferred_at = serializers.DateTimeField(allow_null=True)
    result_received_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    recipient = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)


class RatingCountsSerializer(serializers.Serializer[Any]):
    agency = serializers.CharField()
    very_satisfied = serializers.IntegerField()
    satisfied = serializers.IntegerField()
    dissatisfied = serializers.IntegerField()
    total = serializers.IntegerField()


# --- Sync (documented shape of motcua.delivery.selectors.sync_records) -----------------------


class SyncAgencySerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    electronic_id = serializers.CharField()
    admin_unit_code = serializers.CharField()


class SyncHistorySerializer(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    action = serializers.CharField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    status_code = serializers.IntegerField(allow_null=True)


class SyncPortalSerializer(serializers.Serializer[Any]):
    """The same facts under the national portal's field names (see docs/delivery.md)."""

    MaHoSo = serializers.CharField()
    MaTTHC = serializers.CharField()
    MaCoQuanTiepNhan = serializers.CharField()
    MaCoQuanGiaiQuyet = serializers.CharField()
    KenhThucHien = serializers.IntegerField()
    TrangThaiHoSo = serializers.IntegerField(allow_null=True)
    NgayTiepNhan = serializers.CharField()
    NgayHenTra = serializers.CharField()
    NgayKetThucXuLy = serializers.CharField()
    NgayTra = serializers.CharField()
    HinhThuc = serializers.IntegerField(allow_null=True)
    MaKetQua = serializers.CharField()
    DuongDanKetQua = serializers.CharField()
    DuocThanhToanTrucTuyen = serializers.IntegerField()
    HoSoCoThanhPhanSoHoa = serializers.IntegerField()
    TaiSuDungDuLieu = serializers.IntegerField()


class SyncRecordSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    procedure_code = serializers.CharField()
    procedure_name = serializers.CharField()
    receiving_agency = SyncAgencySerializer()
    competent_agency = SyncAgencySerializer()
    channel = serializers.IntegerField(help_text="1 in person, 2 online, 3 postal.")
    status = serializers.ChoiceField(choices=Status.choices)
    status_code = serializers.IntegerField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    appointment_at = serializers.DateTimeField(allow_null=True)
    processing_ended_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    return_mode = serializers.CharField(allow_null=True)
    result = ResultInfoSerializer(allow_null=True)
    fee_amount = serializers.IntegerField()
    paid = serializers.BooleanField()
    paid_online = serializers.BooleanField()
    payment_status = serializers.CharField()
    digitised = serializers.BooleanField()
    reused = serializers.BooleanField()
    history = SyncHistorySerializer(many=True)
    dvcqg = SyncPortalSerializer()


class SyncPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField(help_text="Records on this page.")
    next_cursor = serializers.CharField(
        allow_null=True, help_text="Pass as `cursor` for the next page; null on the last page."
    )
    results = SyncRecordSerializer(many=True)
