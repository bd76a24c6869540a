"""Forms of the reform pages. They only collect and check input; services change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import Agency
from motcua.reform import access
from motcua.reform.constants import (
    DeadlineMode,
    FollowUpStatus,
    InspectionStatus,
    RecommendationSource,
    TaskStatus,
)
from motcua.reform.models import Inspection, ReformRecord
from motcua.reform.specs import Spec

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BootstrapMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"


def _agency_choices(user: Any, context: Agency, *, writable: bool) -> Any:
    from motcua.reform.constants import WRITE_ROLES

    roles = WRITE_ROLES if writable else None
    agencies = (
        access.reform_agencies(user=user, roles=roles)
        if roles
        else access.reform_agencies(user=user)
    )
    if getattr(user, "is_superuser", False):
        agencies = Agency.objects.all()
    return agencies.filter(path__startswith=context.path).order_by("path")


class RecordForm(BootstrapMixin, forms.ModelForm[ReformRecord]):
    """A register's fields, with every choice of agency or record limited to what the
    user may use inside the agency whose workspace is open."""

    def __init__(self, *args: Any, user: Any, context: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            model_field = self._meta.model._meta.get_field(name)
            if not isinstance(model_field, models.ForeignKey):
                if isinstance(model_field, models.DateField):
                    field.widget = DATE
                    field.widget.attrs["class"] = "form-control"
                continue
            related = model_field.related_model
            if related is Agency:
                field.queryset = _agency_choices(user, context, writable=name == "agency")  # type: ignore[attr-defined]
                field.label_from_instance = lambda a: a.label  # type: ignore[attr-defined]
            elif isinstance(related, type) and issubclass(related, ReformRecord):
                from motcua.reform.selectors import record_list

                field.queryset = record_list(user=user, model=related, agency=context)  # type: ignore[attr-defined]
        if "agency" in self.fields and not self.initial.get("agency") and not self.instance.pk:
            self.initial["agency"] = context.pk


def record_form_class(spec: Spec) -> type[RecordForm]:
    return forms.modelform_factory(spec.model, form=RecordForm, fields=list(spec.fields))  # type: ignore[return-value]


class FilterForm(BootstrapMixin, forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False)
    nam = forms.IntegerField(label=_("Năm"), required=False, min_value=1990, max_value=2100)
    trang_thai = forms.ChoiceField(label=_("Trạng thái"), required=False)

    def __init__(self, *args: Any, spec: Spec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not spec.search:
            del self.fields["q"]
        if not spec.year_lookup:
            del self.fields["nam"]
        if spec.status_field:
            status = spec.model._meta.get_field(spec.status_field)
            choices = list(getattr(status, "choices", None) or [])
            self.fields["trang_thai"].choices = [("", _("Tất cả")), *choices]  # type: ignore[attr-defined]
        else:
            del self.fields["trang_thai"]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx,.xlsx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


FILES_HELP = _(
    "Có thể chọn nhiều tệp PDF, JPEG, PNG, DOCX, XLSX; nội dung tệp được kiểm tra, "
    "không dựa vào đuôi tên tệp."
)


class RecommendationIssueForm(BootstrapMixin, forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Cơ quan được kiến nghị"),
        queryset=Agency.objects.none(),
        help_text=_("Cơ quan phải thực hiện và báo cáo tiến độ."),
    )
    title = forms.CharField(label=_("Tóm tắt"), max_length=255)
    text = forms.CharField(label=_("Nội dung kiến nghị"), widget=forms.Textarea(attrs={"rows": 4}))
    source = forms.ChoiceField(label=_("Nguồn kiến nghị"), choices=RecommendationSource.choices)
    source_reference = forms.CharField(
        label=_("Căn cứ"),
        max_length=255,
        required=False,
        help_text=_("Ví dụ: Buổi làm việc của Đoàn giám sát ngày 19/5/2023."),
    )
    inspection = forms.ModelChoiceField(
        label=_("Cuộc kiểm tra"), queryset=Inspection.objects.none(), required=False
    )
    issued_on = forms.DateField(label=_("Ngày kiến nghị"), widget=DATE)
    deadline_mode = forms.ChoiceField(
        label=_("Cách tính thời hạn"),
        choices=DeadlineMode.choices,
        initial=DeadlineMode.WORKING_DAYS,
    )
    limit_working_days = forms.IntegerField(
        label=_("Số ngày làm việc"),
        required=False,
        min_value=1,
        max_value=3650,
        help_text=_("Tính theo lịch làm việc của cơ quan được kiến nghị."),
    )
    due_on = forms.DateField(
        label=_("Hạn thực hiện (ngày cụ thể)"),
        required=False,
        widget=DATE,
        help_text=_("Chỉ nhập khi chọn cách tính 'Ngày cụ thể'."),
    )
    owner_name = forms.CharField(label=_("Người phụ trách"), max_length=150, required=False)

    def __init__(self, *args: Any, user: Any, context: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agency_choices(user, context, writable=False)  # type: ignore[attr-defined]
        self.fields["agency"].label_from_instance = lambda a: a.label  # type: ignore[attr-defined]
        from motcua.reform.selectors import record_list

        self.fields["inspection"].queryset = record_list(  # type: ignore[attr-defined]
            user=user, model=Inspection, agency=context
        ).select_related("inspected_agency")
        self.initial.setdefault("agency", context.pk)
        self.initial.setdefault("issued_on", timezone.localdate())
        self.initial.setdefault("source", RecommendationSource.SUPERVISION)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("deadline_mode")
        if mode == DeadlineMode.WORKING_DAYS and not data.get("limit_working_days"):
            self.add_error("limit_working_days", _("Nhập số ngày làm việc để tính hạn."))
        if mode == DeadlineMode.DATE and not data.get("due_on"):
            self.add_error("due_on", _("Nhập hạn thực hiện (ngày cụ thể)."))
        return data


class ProgressForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Kết quả thực hiện"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Việc đã làm, văn bản đã ban hành, số liệu kiểm chứng."),
    )
    done = forms.BooleanField(label=_("Báo cáo đã hoàn thành kiến nghị"), required=False)
    attachments = MultipleFileField(
        label=_("Tài liệu kiểm chứng"), required=False, help_text=FILES_HELP
    )


class CloseForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Ý kiến khi đóng kiến nghị"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Căn cứ đánh giá kiến nghị đã được thực hiện."),
    )
    attachments = MultipleFileField(
        label=_("Tài liệu kèm theo"), required=False, help_text=FILES_HELP
    )


class ReopenForm(BootstrapMixin, forms.Form):
    note = forms.CharField(
        label=_("Lý do mở lại"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Vì sao kết quả chưa đạt yêu cầu."),
    )


class DeadlineForm(BootstrapMixin, forms.Form):
    deadline_mode = forms.ChoiceField(label=_("Cách tính thời hạn"), choices=DeadlineMode.choices)
    limit_working_days = forms.IntegerField(
        label=_("Số ngày làm việc"), required=False, min_value=1, max_value=3650
    )
    due_on = forms.DateField(label=_("Hạn thực hiện (ngày cụ thể)"), required=False, widget=DATE)


class TaskStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=TaskStatus.choices)
    completed_on = forms.DateField(
        label=_("Ngày hoàn thành"),
        required=False,
        widget=DATE,
        help_text=_("Bỏ trống: hôm nay."),
    )
    result = forms.CharField(
        label=_("Kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InspectionStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=InspectionStatus.choices)
    conducted_on = forms.DateField(label=_("Ngày kiểm tra"), required=False, widget=DATE)
    conclusion = forms.CharField(
        label=_("Kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FollowUpStatusForm(BootstrapMixin, forms.Form):
    status = forms.ChoiceField(label=_("Trạng thái mới"), choices=FollowUpStatus.choices)
    done_on = forms.DateField(label=_("Ngày khắc phục xong"), required=False, widget=DATE)
    result = forms.CharField(
        label=_("Kết quả khắc phục"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class AttachmentForm(BootstrapMixin, forms.Form):
    file = forms.FileField(label=_("Tệp biên bản, hình ảnh, bảng tính"), help_text=FILES_HELP)


class DecisionForm(BootstrapMixin, forms.Form):
    approved = forms.TypedChoiceField(
        label=_("Quyết định"),
        coerce=lambda v: v == "1",
        choices=[("1", _("Phê duyệt")), ("0", _("Không phê duyệt"))],
    )
    decided_on = forms.DateField(label=_("Ngày quyết định"), required=False, widget=DATE)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)


class ScoreForm(BootstrapMixin, forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(
        label=_("Điểm"), min_value=0, max_digits=6, decimal_places=2, required=False
    )
    evidence = forms.CharField(
        label=_("Tài liệu kiểm chứng"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )


class ReportRequestForm(BootstrapMixin, forms.Form):
    period_start = forms.DateField(label=_("Từ ngày"), widget=DATE)
    period_end = forms.DateField(label=_("Đến ngày"), widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc phải sau ngày bắt đầu kỳ báo cáo."))
        return data
