"""The procedure catalogue: procedures, their immutable published versions and what they hold.

A :class:`Procedure` is the stable identity (its national code). Everything a resident or a
dossier relies on lives in a :class:`ProcedureVersion`; once published, a version's content
never changes (enforced here in ``save``/``delete`` and in the services): a change is a new
draft copied from it. Dossiers point at the version in force when they were received.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import (
    CODE_PATTERN,
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
from motcua.catalog.eform import eform_parse
from motcua.catalog.fees import tier_parse, tiers_check
from motcua.organizations.constants import AgencyKind, Role

procedure_code_validator = RegexValidator(
    CODE_PATTERN,
    _("Mã thủ tục có dạng N.NNNNNN, ví dụ 1.001193."),
    code="procedure_code_format",
)


class ImmutableVersionError(ValidationError):
    """Raised when something tries to change the content of a published or retired version."""


def _validate_choice_list(values: Any, allowed: set[Any], label: str) -> None:
    if not isinstance(values, list) or not values:
        raise ValidationError(_("Chọn ít nhất một %(label)s.") % {"label": label})
    bad = [v for v in values if v not in allowed]
    if bad:
        raise ValidationError(
            _("Giá trị không hợp lệ: %(bad)s.") % {"bad": ", ".join(map(str, bad))}
        )
    if len(set(values)) != len(values):
        raise ValidationError(_("Có giá trị bị lặp."))


def validate_channels(values: Any) -> None:
    _validate_choice_list(values, set(Channel.values), str(_("cách thức nộp")))


def validate_applicant_types(values: Any) -> None:
    _validate_choice_list(values, set(ApplicantType.values), str(_("đối tượng thực hiện")))


def validate_eform(text: str) -> None:
    _schema, errors = eform_parse(text)
    if errors:
        raise ValidationError(errors)


def validate_tiers(text: str) -> None:
    if not text.strip():
        return
    try:
        tiers = tier_parse(text)
    except ValueError as exc:
        raise ValidationError(
            _("Bậc tính theo trang viết dạng '1-2:2000; 3-:1000' (trang đầu-trang cuối:mức thu).")
        ) from exc
    problem = tiers_check(tiers)
    if problem:
        raise ValidationError(problem)


class Field(models.Model):
    """A field (lĩnh vực) of procedures, e.g. civil status, certification, land."""

    code = models.CharField(
        _("mã lĩnh vực"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[A-Za-z0-9._-]+$", _("Mã lĩnh vực gồm chữ, số, . _ -."))],
        help_text=_("Stable code, e.g. 'ho-tich'."),
    )
    name = models.CharField(_("tên lĩnh vực"), max_length=255, help_text=_("Name as published."))

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(models.Model):
    """A procedure's stable identity: its national code. Content lives in versions."""

    code = models.CharField(
        _("mã thủ tục"),
        max_length=8,
        unique=True,
        validators=[procedure_code_validator],
        help_text=_("National procedures database code, N.NNNNNN."),
    )
    synthetic = models.BooleanField(
        _("dữ liệu tổng hợp"),
        default=False,
        help_text=_("Generated for benchmarks (catalog_synthesize); never a real procedure."),
    )
    created_at = models.DateTimeField(
        _("tạo lúc"), auto_now_add=True, help_text=_("When the procedure was first recorded.")
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class VersionQuerySet(models.QuerySet["ProcedureVersion"]):
    def in_force(self, day: dt.date) -> VersionQuerySet:
        """Versions that were published and whose validity covers ``day``."""
        return self.filter(
            Q(status__in=[VersionStatus.PUBLISHED, VersionStatus.RETIRED]),
            Q(effective_from__lte=day),
            Q(effective_to__isnull=True) | Q(effective_to__gte=day),
        )


class ProcedureVersion(models.Model):
    """Everything the national database publishes about a procedure, as of one version."""

    # Lifecycle fields may change after publishing; everything else is frozen.
    LIFECYCLE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {
            "status",
            "effective_to",
            "published_at",
            "published_by",
            "retired_at",
            "budget_override_reason",
            "budget_override_by",
        }
    )

    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("thủ tục"),
        help_text=_("The procedure this is a version of."),
    )
    number = models.PositiveIntegerField(
        _("phiên bản số"), help_text=_("1, 2, 3… in the order versions were created.")
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=VersionStatus.choices,
        default=VersionStatus.DRAFT,
        help_text=_("Draft (editable) → published (frozen) → retired."),
    )
    effective_from = models.DateField(
        _("hiệu lực từ"), help_text=_("First day the version applies to new dossiers.")
    )
    effective_to = models.DateField(
        _("hiệu lực đến"),
        null=True,
        blank=True,
        help_text=_("Last day; set when a newer version takes over or the procedure is retired."),
    )
    name = models.CharField(_("tên thủ tục"), max_length=500, help_text=_("Official name."))
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        related_name="versions",
        verbose_name=_("lĩnh vực"),
        help_text=_("Field (lĩnh vực) the procedure belongs to."),
    )
    level = models.CharField(
        _("cấp thực hiện"),
        max_length=16,
        choices=Level.choices,
        help_text=_("Level of government."),
    )
    applicant_types = models.JSONField(
        _("đối tượng thực hiện"),
        default=list,
        validators=[validate_applicant_types],
        help_text=_("List of 'citizen' and/or 'organisation'."),
    )
    decision_number = models.CharField(
        _("số quyết định công bố"),
        max_length=100,
        blank=True,
        help_text=_("Decision that published the procedure, e.g. '1023/QĐ-BTP'."),
    )
    decision_date = models.DateField(
        _("ngày quyết định công bố"), null=True, blank=True, help_text=_("Date of that decision.")
    )
    steps_text = models.TextField(
        _("trình tự thực hiện"), blank=True, help_text=_("Published sequence of steps.")
    )
    channels = models.JSONField(
        _("cách thức thực hiện"),
        default=list,
        validators=[validate_channels],
        help_text=_("DVCQG channel codes: 1 in person, 2 online, 3 public postal service."),
    )
    time_limit = models.PositiveIntegerField(
        _("thời hạn giải quyết"),
        help_text=_("Legal time limit, a whole number in the unit below (same day: 0 or 1)."),
    )
    time_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=16, choices=TimeUnit.choices, help_text=_("Unit.")
    )
    time_limit_note = models.CharField(
        _("ghi chú thời hạn"),
        max_length=500,
        blank=True,
        help_text=_("Special cases, e.g. 'many pages: up to 2 working days'."),
    )
    committed_limit = models.PositiveIntegerField(
        _("thời hạn cam kết"),
        null=True,
        blank=True,
        help_text=_("Shorter limit the agency registered, in the committed unit."),
    )
    committed_unit = models.CharField(
        _("đơn vị thời hạn cam kết"),
        max_length=16,
        choices=TimeUnit.choices,
        blank=True,
        help_text=_("Unit of the committed limit."),
    )
    committed_decision = models.CharField(
        _("quyết định cam kết"),
        max_length=200,
        blank=True,
        help_text=_("Decision that registered the shorter limit."),
    )
    implementing_agency = models.CharField(
        _("cơ quan thực hiện"), max_length=500, blank=True, help_text=_("Who receives and handles.")
    )
    competent_agency = models.CharField(
        _("cơ quan có thẩm quyền"), max_length=500, blank=True, help_text=_("Who decides.")
    )
    coordinating_agencies = models.CharField(
        _("cơ quan phối hợp"), max_length=500, blank=True, help_text=_("Who coordinates.")
    )
    result_type = models.CharField(
        _("kết quả thực hiện"), max_length=500, blank=True, help_text=_("Document issued.")
    )
    legal_basis = models.TextField(_("căn cứ pháp lý"), blank=True, help_text=_("Legal texts."))
    conditions = models.TextField(
        _("yêu cầu, điều kiện"), blank=True, help_text=_("Conditions to be met, if any.")
    )
    online_level = models.CharField(
        _("mức độ dịch vụ công trực tuyến"),
        max_length=16,
        choices=OnlineLevel.choices,
        default=OnlineLevel.NONE,
        help_text=_("Decree 42/2022: full process, partial, or none."),
    )
    full_process_eligible = models.BooleanField(
        _("đủ điều kiện toàn trình"),
        default=False,
        help_text=_("Eligible for a full-process online service (index denominator)."),
    )
    eform_schema = models.TextField(
        _("biểu mẫu điện tử (JSON Schema)"),
        blank=True,
        validators=[validate_eform],
        help_text=_("Declaration e-form as JSON text in the supported JSON Schema subset."),
    )
    note = models.TextField(
        _("ghi chú"),
        blank=True,
        help_text=_("Remarks, e.g. that the data is a demo to verify against the national DB."),
    )
    search_text = models.TextField(
        _("chuỗi tìm kiếm"),
        editable=False,
        default="",
        help_text=_("Code, name and field, lowercase without diacritics (đ → d)."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, help_text=_("Created."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
        help_text=_("Who created the version."),
    )
    published_at = models.DateTimeField(
        _("công bố lúc"), null=True, blank=True, help_text=_("When it was published.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
        help_text=_("Who published it."),
    )
    retired_at = models.DateTimeField(
        _("hết hiệu lực lúc"), null=True, blank=True, help_text=_("When it was retired.")
    )
    budget_override_reason = models.TextField(
        _("lý do chấp nhận vượt thời hạn"),
        blank=True,
        help_text=_("Administrator's reason for publishing a process over its time limit."),
    )
    budget_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người chấp nhận vượt"),
        help_text=_("Administrator who accepted the over-budget process."),
    )

    objects = VersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="version_number_unique"),
            models.UniqueConstraint(
                fields=["procedure"],
                condition=Q(status="draft"),
                name="one_draft_per_procedure",
            ),
        ]
        indexes = [models.Index(fields=["status", "effective_from"])]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number} – {self.name}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored is not None and stored != VersionStatus.DRAFT:
                update_fields = kwargs.get("update_fields")
                if update_fields is None or not set(update_fields) <= self.LIFECYCLE_FIELDS:
                    raise ImmutableVersionError(
                        _("Phiên bản đã công bố không sửa được; hãy tạo phiên bản nháp mới.")
                    )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status != VersionStatus.DRAFT:
            raise ImmutableVersionError(_("Không xóa được phiên bản đã công bố."))
        return super().delete(*args, **kwargs)

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @staticmethod
    def limit_text(limit: int | None, unit: str) -> str:
        if limit is None or not unit:
            return ""
        if unit == TimeUnit.SAME_DAY:
            return str(_("Trong ngày"))
        return f"{limit} {TimeUnit(unit).label}"

    @property
    def time_limit_display(self) -> str:
        return self.limit_text(self.time_limit, self.time_unit)

    @property
    def committed_display(self) -> str:
        return self.limit_text(self.committed_limit, self.committed_unit)

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels or []]

    @property
    def applicant_labels(self) -> list[str]:
        return [str(ApplicantType(a).label) for a in self.applicant_types or []]

    @property
    def offers_online(self) -> bool:
        return self.online_level in (OnlineLevel.FULL, OnlineLevel.PARTIAL)

    def eform(self) -> dict[str, Any]:
        schema, _errors = eform_parse(self.eform_schema)
        return schema or {}

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.time_unit == TimeUnit.SAME_DAY and self.time_limit not in (0, 1):
            errors["time_limit"] = _("Thời hạn 'trong ngày' ghi 0 hoặc 1.")
        elif self.time_unit and self.time_unit != TimeUnit.SAME_DAY and self.time_limit == 0:
            errors["time_limit"] = _("Thời hạn phải lớn hơn 0 (trừ thời hạn 'trong ngày').")
        if (self.committed_limit is None) != (not self.committed_unit):
            errors["committed_unit"] = _(
                "Thời hạn cam kết cần cả số và đơn vị (hoặc bỏ trống cả hai)."
            )
        if self.effective_to and self.effective_to < self.effective_from - dt.timedelta(days=1):
            errors["effective_to"] = _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")
        if self.online_level == OnlineLevel.FULL and Channel.ONLINE not in (self.channels or []):
            errors["channels"] = _("Dịch vụ toàn trình phải có cách thức 'Trực tuyến'.")
        if errors:
            raise ValidationError(errors)


class VersionPart(models.Model):
    """Base of a version's rows (components, fees, steps): frozen with their version."""

    version: Any
    order = models.PositiveIntegerField(_("thứ tự"), help_text=_("Position in the list, from 1."))

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._check_draft()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._check_draft()
        return super().delete(*args, **kwargs)

    def _check_draft(self) -> None:
        status = (
            ProcedureVersion.objects.filter(pk=self.version_id)  # type: ignore[attr-defined]
            .values_list("status", flat=True)
            .first()
        )
        if status is not None and status != VersionStatus.DRAFT:
            raise ImmutableVersionError(
                _("Phiên bản đã công bố không sửa được; hãy tạo phiên bản nháp mới.")
            )


class Component(VersionPart):
    """A document of the dossier (thành phần hồ sơ)."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="components",
        verbose_name=_("phiên bản"),
        help_text=_("Version the component belongs to."),
    )
    name = models.CharField(_("tên giấy tờ"), max_length=500, help_text=_("Document name."))
    copy_kind = models.CharField(
        _("loại bản"),
        max_length=24,
        choices=CopyKind.choices,
        default=CopyKind.ORIGINAL,
        help_text=_("Original, copy, certified copy…"),
    )
    quantity = models.PositiveIntegerField(
        _("số lượng"), default=1, validators=[MinValueValidator(1)], help_text=_("How many.")
    )
    mandatory = models.BooleanField(_("bắt buộc"), default=True, help_text=_("Required or not."))
    form_code = models.CharField(
        _("mẫu đơn, tờ khai"),
        max_length=200,
        blank=True,
        help_text=_(
            "Form template name or code, e.g. 'Tờ khai đăng ký khai sinh (TP/HT-2020-KS.1)'."
        ),
    )
    form_file = models.CharField(
        _("tệp mẫu"),
        max_length=255,
        blank=True,
        help_text=_(
            "Name of the template file in storage (catalog/forms/…), offered for download."
        ),
    )
    reusable_from = models.CharField(
        _("tái sử dụng từ"),
        max_length=255,
        blank=True,
        help_text=_("Registry or e-data store the document can be taken from instead."),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["version_id", "order"]

    def __str__(self) -> str:
        return self.name


class FeeRule(VersionPart):
    """A fee or charge (phí, lệ phí), in integer đồng."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="fees",
        verbose_name=_("phiên bản"),
        help_text=_("Version the fee belongs to."),
    )
    label = models.CharField(_("khoản thu"), max_length=255, help_text=_("Name of the fee."))
    kind = models.CharField(
        _("cách tính"), max_length=16, choices=FeeKind.choices, help_text=_("How it is computed.")
    )
    amount = models.PositiveIntegerField(
        _("mức thu (đồng)"),
        default=0,
        help_text=_("Fixed amount, or per copy, or per page when there are no tiers."),
    )
    tiers = models.CharField(
        _("bậc theo trang"),
        max_length=255,
        blank=True,
        validators=[validate_tiers],
        help_text=_("Per-page tiers '1-2:2000; 3-:1000' (first-last:amount)."),
    )
    cap_per_copy = models.PositiveIntegerField(
        _("tối đa mỗi bản (đồng)"), null=True, blank=True, help_text=_("Cap for one copy.")
    )
    note = models.CharField(
        _("ghi chú, miễn giảm"),
        max_length=500,
        blank=True,
        help_text=_("Exemptions and conditions, e.g. 'free when registered on time'."),
    )

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["version_id", "order"]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if self.kind == FeeKind.EXEMPT and (self.amount or self.tiers or self.cap_per_copy):
            raise ValidationError({"amount": _("Khoản miễn thu không ghi mức thu.")})
        if self.tiers and self.kind != FeeKind.PER_PAGE:
            raise ValidationError({"tiers": _("Chỉ cách tính theo trang mới có bậc.")})
        if self.cap_per_copy is not None and self.kind != FeeKind.PER_PAGE:
            raise ValidationError(
                {"cap_per_copy": _("Mức tối đa chỉ dùng cho cách tính theo trang.")}
            )

    @property
    def tiers_display(self) -> str:
        """'1-2:2000; 3-:1000' -> 'trang 1–2: 2.000 đ/trang; từ trang 3: 1.000 đ/trang'."""
        from motcua.catalog.templatetags.catalog import dong

        parts = []
        for t in tier_parse(self.tiers):
            if t.last is None:
                where = _("từ trang %(n)s") % {"n": t.first}
            elif t.first == t.last:
                where = _("trang %(n)s") % {"n": t.first}
            else:
                where = _("trang %(a)s–%(b)s") % {"a": t.first, "b": t.last}
            parts.append(f"{where}: {dong(t.amount)}/{_('trang')}")
        return "; ".join(parts)

    def spec(self) -> Any:
        from motcua.catalog.fees import FeeRuleSpec

        return FeeRuleSpec(
            kind=self.kind,
            amount=self.amount,
            tiers=tier_parse(self.tiers),
            cap_per_copy=self.cap_per_copy,
            label=self.label,
        )


class ProcessStep(VersionPart):
    """A step of the internal process, with its responsible role/unit and time budget."""

    version = models.ForeignKey(
        ProcedureVersion,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("phiên bản"),
        help_text=_("Version the step belongs to."),
    )
    name = models.CharField(_("tên bước"), max_length=255, help_text=_("What is done."))
    role = models.CharField(
        _("vai trò thực hiện"), max_length=24, choices=Role.choices, help_text=_("Who does it.")
    )
    agency_kind = models.CharField(
        _("loại cơ quan"),
        max_length=24,
        choices=AgencyKind.choices,
        help_text=_("Kind of agency in which the role acts (the same for every ward)."),
    )
    unit_code = models.CharField(
        _("mã đơn vị"),
        max_length=40,
        blank=True,
        help_text=_("Optional unit code, resolved inside the agency handling the dossier."),
    )
    budget = models.DecimalField(
        _("thời gian"),
        max_digits=6,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("Time budget, e.g. 0.25 or 1.5."),
    )
    budget_unit = models.CharField(
        _("đơn vị thời gian"),
        max_length=16,
        choices=BudgetUnit.choices,
        default=BudgetUnit.WORKING_DAYS,
        help_text=_("Working days or working hours."),
    )
    parallel_group = models.CharField(
        _("nhóm song song"),
        max_length=20,
        blank=True,
        help_text=_("Consecutive steps with the same group run in parallel (longest counts)."),
    )
    description = models.CharField(
        _("mô tả"), max_length=500, blank=True, help_text=_("Details of the step.")
    )

    class Meta:
        verbose_name = _("bước quy trình nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["version_id", "order"]

    def __str__(self) -> str:
        return self.name


class ProcedureAssignment(models.Model):
    """An agency applies a procedure between two dates, through some channels."""

    procedure = models.ForeignKey(
        Procedure,
        on_delete=models.CASCADE,
        related_name="assignments",
        verbose_name=_("thủ tục"),
        help_text=_("Procedure applied."),
    )
    agency = models.ForeignKey(
        "organizations.Agency",
        on_delete=models.CASCADE,
        related_name="procedure_assignments",
        verbose_name=_("cơ quan"),
        help_text=_("Agency at whose desk the procedure is received."),
    )
    valid_from = models.DateField(_("áp dụng từ"), help_text=_("First day."))
    valid_to = models.DateField(
        _("áp dụng đến"), null=True, blank=True, help_text=_("Last day; empty: still applied.")
    )
    channels = models.JSONField(
        _("kênh tiếp nhận"),
        default=list,
        validators=[validate_channels],
        help_text=_("Channels offered at this agency (1 in person, 2 online, 3 postal)."),
    )

    class Meta:
        verbose_name = _("cơ quan áp dụng thủ tục")
        verbose_name_plural = _("cơ quan áp dụng thủ tục")
        ordering = ["procedure_id", "agency_id", "valid_from"]
        indexes = [models.Index(fields=["agency", "valid_from"])]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "agency", "valid_from"], name="assignment_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="assignment_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.procedure_id} @ {self.agency_id}"

    @property
    def channel_labels(self) -> list[str]:
        return [str(Channel(c).label) for c in self.channels or []]

    def clean(self) -> None:
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("Ngày kết thúc phải sau ngày bắt đầu.")})


class SearchWord(models.Model):
    """A word of the normalised search texts: the vocabulary that corrects typing mistakes.

    Kept by the services whenever a version is written (never pruned: a word that no longer
    occurs only leads to no result). PostgreSQL indexes it with pg_trgm (migration 0003).
    """

    word = models.CharField(
        _("từ"), max_length=64, unique=True, help_text=_("Lowercase, without diacritics.")
    )

    class Meta:
        verbose_name = _("từ tìm kiếm")
        verbose_name_plural = _("từ tìm kiếm")

    def __str__(self) -> str:
        return self.word


class ImportJob(models.Model):
    """One catalogue import: the uploaded file, its progress and its row-by-row report."""

    file = models.FileField(
        _("tệp"), upload_to="catalog/imports/", help_text=_("Uploaded .xlsx or .json file.")
    )
    original_name = models.CharField(
        _("tên tệp"), max_length=255, help_text=_("Name of the file as uploaded.")
    )
    valid_only = models.BooleanField(
        _("chỉ nhập dòng hợp lệ"),
        default=False,
        help_text=_("Import the valid procedures and skip the invalid ones."),
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=ImportStatus.choices,
        default=ImportStatus.PENDING,
        help_text=_("Pending, running, done or failed."),
    )
    total = models.PositiveIntegerField(_("tổng số thủ tục"), default=0, help_text=_("In file."))
    processed = models.PositiveIntegerField(
        _("đã xử lý"), default=0, help_text=_("Procedures checked so far (progress).")
    )
    created_count = models.PositiveIntegerField(
        _("tạo mới"), default=0, help_text=_("New versions written.")
    )
    unchanged_count = models.PositiveIntegerField(
        _("không đổi"), default=0, help_text=_("Procedures identical to what is stored.")
    )
    skipped_count = models.PositiveIntegerField(
        _("bỏ qua"), default=0, help_text=_("Invalid procedures skipped (valid-only mode).")
    )
    errors = models.JSONField(
        _("lỗi"),
        default=list,
        help_text=_("List of {sheet, row, column, message}."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người nhập"),
        help_text=_("Who started the import."),
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True, help_text=_("Started."))
    finished_at = models.DateTimeField(
        _("xong lúc"), null=True, blank=True, help_text=_("When it finished.")
    )

    class Meta:
        verbose_name = _("lần nhập danh mục")
        verbose_name_plural = _("các lần nhập danh mục")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
