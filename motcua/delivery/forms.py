"""Forms of the return pages, the tracking-book filter and the rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.delivery.constants import RatingValue, RecipientRelation
from motcua.dossiers.forms import AccessibleForm

#: The longest period of one book or one sync batch.
PERIOD_MAX_DAYS = 366


class DeskReturnForm(AccessibleForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    recipient_relation = forms.ChoiceField(
        label=_("Người đến nhận"),
        choices=RecipientRelation.choices,
        initial=RecipientRelation.SELF,
    )
    recipient_name = forms.CharField(label=_("Họ tên người nhận"), max_length=150, required=False)
    recipient_id_number = forms.CharField(
        label=_("Số định danh cá nhân người nhận"),
        max_length=14,
        required=False,
        help_text=_("12 chữ số, theo căn cước người nhận xuất trình."),
    )
    authorisation = forms.CharField(
        label=_("Giấy ủy quyền (nếu người khác nhận thay)"),
        max_length=255,
        required=False,
        help_text=_("Số, ngày và nơi chứng thực giấy ủy quyền."),
    )
    papers = forms.CharField(
        label=_("Giấy tờ đã giao"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Mỗi dòng một giấy tờ: kết quả, bản chính trả lại, biên lai…"),
    )


class PostForm(AccessibleForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    postal_service = forms.CharField(
        label=_("Đơn vị bưu chính"), max_length=100, required=False, initial="Bưu điện Việt Nam"
    )
    tracking_number = forms.CharField(label=_("Số hiệu bưu gửi"), max_length=40, required=False)
    sent_at = forms.DateTimeField(
        label=_("Gửi lúc"),
        required=False,
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Để trống nếu vừa gửi."),
    )


class DeliveryForm(AccessibleForm):
    delivered_at = forms.DateTimeField(
        label=_("Phát thành công lúc"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={"required": _("Nhập thời điểm phát theo xác nhận của bưu chính.")},
    )
    note = forms.CharField(label=_("Ghi chú phát"), max_length=255, required=False)


class PeriodForm(AccessibleForm):
    """Agency and local days [start, end] of a register or a sync batch."""

    co_quan = forms.ChoiceField(label=_("Bộ phận Một cửa"))
    tu = forms.DateField(
        label=_("Từ ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Chọn ngày bắt đầu."), "invalid": _("Ngày không hợp lệ.")},
    )
    den = forms.DateField(
        label=_("Đến ngày"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Chọn ngày kết thúc."), "invalid": _("Ngày không hợp lệ.")},
    )

    def __init__(self, *args: Any, agencies: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["co_quan"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
        field.choices = [(a.code, a.name) for a in agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if end < start:
                self.add_error("den", _("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."))
            elif (end - start).days >= PERIOD_MAX_DAYS:
                self.add_error("den", _("Mỗi lần xem tối đa 366 ngày; chọn khoảng ngắn hơn."))
        return data


def this_month() -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    start = today.replace(day=1)
    return start, today


class RatingForm(AccessibleForm):
    value = forms.ChoiceField(
        label=_("Mức độ hài lòng"),
        choices=RatingValue.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Chọn một mức đánh giá.")},
    )
    comment = forms.CharField(
        label=_("Nhận xét (không bắt buộc)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    complaint = forms.BooleanField(
        label=_("Gửi phản ánh về việc giải quyết hồ sơ này"),
        required=False,
        help_text=_("Chỉ khi chọn “Không hài lòng”: cơ quan sẽ xem xét và trả lời bạn."),
    )
    complaint_text = forms.CharField(
        label=_("Nội dung phản ánh"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ít nhất 20 ký tự: điều gì chưa đúng, khi nào, ở đâu."),
    )
