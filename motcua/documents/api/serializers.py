from __future__ import annotations

from typing import Any

from rest_framework import serializers

from motcua.documents.models import AgencyCertificate, SignedResult


class VerificationUploadSerializer(serializers.Serializer[dict[str, Any]]):
    pdf = serializers.FileField(help_text="The signed PDF to check (not stored).")


class VerificationReportSerializer(serializers.Serializer[Any]):
    """What a verification found; no personal data beyond what the document shows."""

    status = serializers.ChoiceField(
        choices=["valid", "invalid", "unknown_signer", "incomplete", "unsigned", "unreadable"],
        help_text="valid: intact, covers the whole file, signed with a certificate registered "
        "by one of our agencies. invalid: altered after signing.",
    )
    status_label = serializers.CharField(help_text="The verdict in plain Vietnamese.")
    ok = serializers.BooleanField()
    integrity_ok = serializers.SerializerMethodField(
        help_text="Every signature is intact (digest matches) and cryptographically valid; "
        "null when the file has no readable signature."
    )
    covers_whole_file = serializers.BooleanField(allow_null=True)
    trusted = serializers.BooleanField(
        allow_null=True, help_text="The signer certificate chains to a trusted root."
    )
    signature_count = serializers.IntegerField()
    signer = serializers.CharField(source="signer_common_name")
    signing_time = serializers.DateTimeField(allow_null=True)
    timestamped = serializers.BooleanField()
    agency = serializers.SerializerMethodField(help_text="Name of the signing agency, if ours.")
    agency_code = serializers.SerializerMethodField()
    issued_here = serializers.BooleanField(
        help_text="The file is byte for byte a result issued by this system."
    )
    number = serializers.CharField(help_text="Register number of the issued result, if any.")
    code = serializers.SerializerMethodField(help_text="Public verification code, if issued here.")
    sha256 = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())

    def get_integrity_ok(self, report: Any) -> bool | None:
        if report.intact is None:
            return None
        return bool(report.intact and report.valid)

    def get_agency(self, report: Any) -> str | None:
        return report.agency.name if report.agency is not None else None

    def get_agency_code(self, report: Any) -> str | None:
        return report.agency.code if report.agency is not None else None

    def get_code(self, report: Any) -> str | None:
        return report.result.code if report.result is not None else None


class CertificateSerializer(serializers.ModelSerializer[AgencyCertificate]):
    agency: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )

    class Meta:
        model = AgencyCertificate
        fields = [
            "id",
            "agency",
            "subject",
            "subject_common_name",
            "issuer",
            "serial",
            "valid_from",
            "valid_to",
            "fingerprint",
            "active",
            "on_token",
            "uploaded_at",
            "deactivated_at",
        ]
        read_only_fields = fields


class CertificateUploadSerializer(serializers.Serializer[dict[str, Any]]):
    agency = serializers.CharField(help_text="Code of the agency, e.g. 'hbt-bach-dang'.")
    p12_file = serializers.FileField(help_text="PKCS#12 bundle (.p12/.pfx), at most 256 KiB.")
    passphrase = serializers.CharField(
        required=False, allow_blank=True, default="", trim_whitespace=False
    )


class SignedResultSerializer(serializers.ModelSerializer[SignedResult]):
    agency: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    signed_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )
    numbered_by: serializers.SlugRelatedField[Any] = serializers.SlugRelatedField(
        slug_field="username", read_only=True
    )

    class Meta:
        model = SignedResult
        fields = [
            "id",
            "code",
            "agency",
            "sha256",
            "certificate_fingerprint",
            "signer_subject",
            "signed_at",
            "signed_by",
            "reason",
            "location",
            "timestamped",
            "related_type",
            "related_id",
            "number",
            "numbered_at",
            "numbered_by",
        ]
        read_only_fields = fields


class NumberSerializer(serializers.Serializer[dict[str, Any]]):
    number = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text="Leave out for the next number of the agency's register.",
    )
