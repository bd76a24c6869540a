from __future__ import annotations

from rest_framework import serializers

from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.models import Consent, Representation, User


class RegisterSerializer(serializers.Serializer[User]):
    full_name = serializers.CharField(
        max_length=150, allow_blank=True, help_text="Full name as on the ID card."
    )
    email = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="E-mail (this or phone)."
    )
    phone = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="Phone, 0xxxxxxxxx or +84…"
    )
    personal_id = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="12-digit personal ID (CCCD)."
    )
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    consents = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        default=list,
        help_text="Optional consents to record: " + ", ".join(ConsentPurpose.values) + ".",
    )


class ProfileSerializer(serializers.ModelSerializer[User]):
    personal_id_masked = serializers.CharField(source="masked_personal_id", read_only=True)
    profile_complete = serializers.SerializerMethodField(
        help_text="Name, personal ID and a contact are present: the resident may file."
    )

    class Meta:
        model = User
        fields = [
            "username",
            "full_name",
            "email",
            "phone",
            "address",
            "personal_id",
            "personal_id_masked",
            "is_resident",
            "profile_complete",
        ]
        read_only_fields = ["username", "is_resident"]
        extra_kwargs = {
            "email": {"required": False, "allow_blank": True},
            "personal_id": {
                "required": False,
                "allow_blank": True,
                "allow_null": True,
                "validators": [],
            },
            "phone": {"required": False, "allow_blank": True},
        }

    def get_profile_complete(self, obj: User) -> bool:
        from motcua.accounts.selectors import resident_profile_complete

        return resident_profile_complete(obj)


class RepresentationSerializer(serializers.ModelSerializer[Representation]):
    name = serializers.CharField(source="organisation.name", max_length=255)
    tax_code = serializers.CharField(source="organisation.tax_code", max_length=20)
    address = serializers.CharField(
        source="organisation.address", max_length=255, required=False, allow_blank=True
    )
    can_edit_details = serializers.SerializerMethodField(
        help_text="The caller entered the organisation first and may change its details."
    )

    class Meta:
        model = Representation
        fields = ["id", "name", "tax_code", "address", "role", "can_edit_details", "created_at"]
        read_only_fields = ["id", "created_at"]

    def get_can_edit_details(self, obj: Representation) -> bool:
        return bool(obj.organisation.created_by_id == obj.user_id)


class ConsentSerializer(serializers.ModelSerializer[Consent]):
    active = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consent
        fields = ["id", "purpose", "statement", "given_at", "withdrawn_at", "active"]
        read_only_fields = fields
