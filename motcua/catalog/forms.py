"""Forms of the catalogue pages. They read and check input; services change state."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import (
    ApplicantType,
    BudgetUnit,
    Channel,
    CopyKind,
    FeeKind,
    Level,
    OnlineLevel,
    TimeUnit,
)
from motcua.catalog.eform import eform_parse
from motcua.catalog.selectors import field_list
from motcua.organizations.constants import AgencyKind, Role
from motcua.organizations.selectors import agency_public_list


class BootstrapMixin:
    """Bootstrap classes on every widget (labels and errors come from the templates)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                css = widget.attrs.get("class", "")
                widget.attrs["class"] = f"form-control {css}".strip()


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm thủ tục"),
        required=False,
        max_length=200,
        help_text=_("Gõ tên hoặc mã thủ tục, có dấu hoặc không dấu, ví dụ: dang ky khai sinh."),
    )
    linh_vuc = forms.ChoiceField(label=_("Lĩnh vực"), required=False)
    cap = forms.ChoiceField(
        label=_("Cấp thực hiện"), required=False, choices=[("", _("Tất cả"))] + list(Level.choices)
    )
    co_quan = forms.ChoiceField(label=_("Cơ quan"), required=False)
    truc_tuyen = forms.ChoiceField(
        label=_("Dịch vụ trực tuyến"),
        required=False,
        choices=[("", _("Tất cả"))] + list(OnlineLevel.choices),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["linh_vuc"]).choices = [("", _("Tất cả"))] + [
            (f.code, f.name) for f in field_list()
        ]
        cast(forms.ChoiceField, self.fields["co_quan"]).choices = [("", _("Tất cả"))] + [
            (a.code, a.label) for a in agency_public_list().order_by("path")
        ]


class FeeQuoteForm(BootstrapMixin, forms.Form):
    copies = forms.IntegerField(label=_("Số bản"), min_value=1, max_value=10000, initial=1)
    pages = forms.IntegerField(
        label=_("Số trang mỗi bản"), min_value=1, max_value=100000, initial=1
    )


def _multi(choices: Any, label: Any, coerce: Any = str) -> forms.TypedMultipleChoiceField:
    return forms.TypedMultipleChoiceField(
        label=label, choices=choices, coerce=coerce, widget=forms.CheckboxSelectMultiple
    )


class VersionForm(BootstrapMixin, forms.Form):
    """The fields of a version (components, fees and steps come in formsets)."""

    code = forms.CharField(
        label=_("Mã thủ tục"), max_length=8, help_text=_("Dạng N.NNNNNN, ví dụ 1.001193.")
    )
    name = forms.CharField(label=_("Tên thủ tục"), max_length=500)
    field_code = forms.CharField(
        label=_("Mã lĩnh vực"),
        max_length=40,
        help_text=_("Ví dụ ho-tich; lĩnh vực mới sẽ được tạo."),
    )
    field_name = forms.CharField(label=_("Tên lĩnh vực"), max_length=255)
    level = forms.ChoiceField(label=_("Cấp thực hiện"), choices=Level.choices)
    applicant_types = _multi(ApplicantType.choices, _("Đối tượng thực hiện"))
    decision_number = forms.CharField(label=_("Số quyết định công bố"), required=False)
    decision_date = forms.DateField(
        label=_("Ngày quyết định công bố"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    steps_text = forms.CharField(
        label=_("Trình tự thực hiện"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    channels = _multi(Channel.choices, _("Cách thức thực hiện"), int)
    time_limit = forms.IntegerField(label=_("Thời hạn giải quyết"), min_value=0)
    time_unit = forms.ChoiceField(label=_("Đơn vị thời hạn"), choices=TimeUnit.choices)
    time_limit_note = forms.CharField(label=_("Ghi chú thời hạn"), required=False)
    committed_limit = forms.IntegerField(label=_("Thời hạn cam kết"), min_value=0, required=False)
    committed_unit = forms.ChoiceField(
        label=_("Đơn vị thời hạn cam kết"),
        required=False,
        choices=[("", "—")] + list(TimeUnit.choices),
    )
    committed_decision = forms.CharField(label=_("Quyết định đăng ký cam kết"), required=False)
    implementing_agency = forms.CharField(label=_("Cơ quan thực hiện"), required=False)
    competent_agency = forms.CharField(label=_("Cơ quan có thẩm quyền"), required=False)
    coordinating_agencies = forms.CharField(label=_("Cơ quan phối hợp"), required=False)
    result_type = forms.CharField(label=_("Kết quả thực hiện"), required=False)
    legal_basis = forms.CharField(
        label=_("Căn cứ pháp lý"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    conditions = forms.CharField(
        label=_("Yêu cầu, điều kiện"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    online_level = forms.ChoiceField(
        label=_("Mức độ dịch vụ công trực tuyến"), choices=OnlineLevel.choices
    )
    full_process_eligible = forms.BooleanField(label=_("Đủ điều kiện toàn trình"), required=False)
    effective_from = forms.DateField(
        label=_("Hiệu lực từ"), widget=forms.DateInput(attrs={"type": "date"})
    )
    eform_schema = forms.CharField(
        label=_("Biểu mẫu điện tử (JSON Schema)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "font-monospace", "spellcheck": "false"}),
        help_text=_(
            "Đối tượng với properties kiểu string/integer/number/boolean, format date, "
            "enum, required, title, description, maxLength, pattern."
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_eform_schema(self) -> str:
        text: str = self.cleaned_data.get("eform_schema", "")
        _schema, errors = eform_parse(text)
        if errors:
            raise forms.ValidationError(errors)
        return text


class RowForm(BootstrapMixin, forms.Form):
    """A formset row; a blank extra row (its name empty) is ignored whatever its selects say."""

    key_field = "name"

    def has_changed(self) -> bool:
        if self.empty_permitted and not self.initial:
            return bool(str(self.data.get(self.add_prefix(self.key_field), "")).strip())
        return super().has_changed()


class ComponentForm(RowForm):
    name = forms.CharField(label=_("Tên giấy tờ"), max_length=500)
    copy_kind = forms.ChoiceField(label=_("Loại bản"), choices=CopyKind.choices)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, initial=1)
    mandatory = forms.BooleanField(label=_("Bắt buộc"), required=False, initial=True)
    form_code = forms.CharField(label=_("Mẫu đơn, tờ khai"), required=False, max_length=200)
    reusable_from = forms.CharField(label=_("Tái sử dụng từ"), required=False, max_length=255)


class FeeForm(RowForm):
    key_field = "label"

    label = forms.CharField(label=_("Tên khoản thu"), max_length=255)
    kind = forms.ChoiceField(label=_("Cách tính"), choices=FeeKind.choices)
    amount = forms.IntegerField(label=_("Mức thu (đồng)"), min_value=0, initial=0)
    tiers = forms.CharField(
        label=_("Bậc theo trang"),
        required=False,
        max_length=255,
        help_text=_("Ví dụ 1-2:2000; 3-:1000"),
    )
    cap_per_copy = forms.IntegerField(label=_("Tối đa mỗi bản (đồng)"), min_value=0, required=False)
    note = forms.CharField(label=_("Ghi chú, miễn giảm"), required=False, max_length=500)


class StepForm(RowForm):
    name = forms.CharField(label=_("Tên bước"), max_length=255)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    agency_kind = forms.ChoiceField(label=_("Loại cơ quan"), choices=AgencyKind.choices)
    unit_code = forms.CharField(label=_("Mã đơn vị"), required=False, max_length=40)
    budget = forms.DecimalField(label=_("Thời gian"), min_value=0, max_digits=6, decimal_places=2)
    budget_unit = forms.ChoiceField(label=_("Đơn vị"), choices=BudgetUnit.choices)
    parallel_group = forms.CharField(label=_("Nhóm song song"), required=False, max_length=20)


ComponentFormSet = forms.formset_factory(ComponentForm, extra=1, can_delete=True)
FeeFormSet = forms.formset_factory(FeeForm, extra=1, can_delete=True)
StepFormSet = forms.formset_factory(StepForm, extra=1, can_delete=True)


class PublishForm(BootstrapMixin, forms.Form):
    effective_from = forms.DateField(
        label=_("Hiệu lực từ"), widget=forms.DateInput(attrs={"type": "date"})
    )
    override_reason = forms.CharField(
        label=_("Lý do chấp nhận vượt thời hạn (chỉ quản trị)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RetireForm(BootstrapMixin, forms.Form):
    on = forms.DateField(
        label=_("Áp dụng đến hết ngày"), widget=forms.DateInput(attrs={"type": "date"})
    )


class AssignmentForm(BootstrapMixin, forms.Form):
    agency = forms.ChoiceField(label=_("Cơ quan"))
    valid_from = forms.DateField(
        label=_("Áp dụng từ"), widget=forms.DateInput(attrs={"type": "date"})
    )
    valid_to = forms.DateField(
        label=_("Áp dụng đến"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    channels = _multi(Channel.choices, _("Kênh tiếp nhận"), int)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [
            (a.code, a.label) for a in agency_public_list().order_by("path")
        ]


class CommitmentForm(BootstrapMixin, forms.Form):
    """A shorter limit an agency committed to; recorded as a new published version."""

    agency = forms.ChoiceField(label=_("Cơ quan đăng ký cam kết"))
    committed_limit = forms.IntegerField(label=_("Thời hạn cam kết"), min_value=0)
    committed_unit = forms.ChoiceField(label=_("Đơn vị thời hạn cam kết"), choices=TimeUnit.choices)
    committed_decision = forms.CharField(
        label=_("Quyết định đăng ký cam kết"),
        max_length=200,
        help_text=_("Ví dụ 4521/QĐ-UBND ngày 15/6/2022."),
    )
    effective_from = forms.DateField(
        label=_("Hiệu lực từ"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Để trống: từ hôm nay (hoặc ngày sau ngày hiệu lực của phiên bản hiện hành)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [
            (a.code, a.label) for a in agency_public_list().order_by("path")
        ]


class ImportForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Tệp danh mục (.xlsx hoặc .json)"))
    valid_only = forms.BooleanField(
        label=_("Chỉ nhập các thủ tục hợp lệ, bỏ qua thủ tục có lỗi"), required=False
    )
