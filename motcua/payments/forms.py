"""Forms of the staff pages. They only clean input; services decide and change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.payments.constants import Method


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, and the help and error texts tied to the input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = css
            described = []
            if field.help_text:
                described.append(f"id_{name}_helptext")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)

    def _mark_invalid(self, name: str) -> None:
        widget = self.fields[name].widget
        if "is-invalid" not in widget.attrs.get("class", ""):
            widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()
        widget.attrs["aria-invalid"] = "true"
        ids = widget.attrs.get("aria-describedby", "")
        if f"id_{name}-error" not in ids:
            widget.attrs["aria-describedby"] = f"{ids} id_{name}-error".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        names = [field] if field else list(getattr(error, "error_dict", {}) or [])
        for name in names:
            if name in self.fields:
                self._mark_invalid(name)


class ServiceErrorsMixin:
    """Put a service's ValidationError on the form fields it names (others on the form)."""

    def add_service_errors(self, exc: ValidationError) -> None:
        form: Any = self
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            for error in exc.messages:
                form.add_error(None, error)


class DeskPaymentForm(ServiceErrorsMixin, StyledForm):
    method = forms.ChoiceField(
        label=_("Hình thức"),
        choices=[(Method.CASH.value, Method.CASH.label), (Method.CARD.value, Method.CARD.label)],
        initial=Method.CASH.value,
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(
        label=_("Số tiền (đồng)"),
        min_value=1,
        required=False,
        help_text=_("Để trống: thu toàn bộ số còn phải nộp."),
        error_messages={"invalid": _("Số tiền là số nguyên đồng, không có dấu chấm hay phẩy.")},
    )
    card_reference = forms.CharField(
        label=_("Số tham chiếu máy POS"),
        max_length=40,
        required=False,
        help_text=_("Bắt buộc khi thu bằng thẻ: mã in trên hóa đơn của máy POS."),
    )
    payer_name = forms.CharField(
        label=_("Người nộp tiền"),
        max_length=150,
        required=False,
        help_text=_("Để trống: người nộp hồ sơ."),
    )


class RefundForm(ServiceErrorsMixin, StyledForm):
    amount = forms.IntegerField(label=_("Số tiền hoàn trả (đồng)"), min_value=1)
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    bank_reference = forms.CharField(label=_("Số chứng từ hoàn trả"), max_length=80, required=False)


class LineRefundForm(ServiceErrorsMixin, StyledForm):
    reason = forms.CharField(label=_("Lý do"), max_length=500)
    bank_reference = forms.CharField(label=_("Số chứng từ hoàn trả"), max_length=80, required=False)


class StatementForm(ServiceErrorsMixin, StyledForm):
    agency = forms.ChoiceField(label=_("Tài khoản của cơ quan"))
    file = forms.FileField(
        label=_("Tệp sao kê (.csv hoặc .xlsx)"),
        help_text=_("Các cột: ngày, số tiền, nội dung (diễn giải), mã giao dịch ngân hàng."),
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


class BankAccountForm(ServiceErrorsMixin, StyledForm):
    bank_bin = forms.CharField(
        label=_("Mã BIN ngân hàng"),
        max_length=6,
        help_text=_("6 chữ số theo NAPAS, ví dụ 970436 (Vietcombank), 970415 (VietinBank)."),
    )
    bank_name = forms.CharField(label=_("Tên ngân hàng"), max_length=120)
    account_number = forms.CharField(label=_("Số tài khoản"), max_length=19)
    account_name = forms.CharField(
        label=_("Tên chủ tài khoản"),
        max_length=70,
        help_text=_("Viết in hoa không dấu như ngân hàng ghi, ví dụ UBND PHUONG BACH DANG."),
    )
    active = forms.BooleanField(
        label=_("Nhận chuyển khoản VietQR vào tài khoản này"), required=False, initial=True
    )


class RequirementForm(ServiceErrorsMixin, StyledForm):
    procedure = forms.CharField(
        label=_("Mã thủ tục"), max_length=8, help_text=_("Dạng N.NNNNNN, ví dụ 2.000815.")
    )
    before_step = forms.CharField(
        label=_("Phải nộp phí trước"),
        max_length=16,
        initial="accept",
        help_text=_(
            "accept: trước khi tiếp nhận; return: trước khi trả kết quả; hoặc số thứ "
            "tự bước quy trình nội bộ, ví dụ 3."
        ),
    )
    online_payment_enabled = forms.BooleanField(
        label=_("Nhận thanh toán trực tuyến"), required=False, initial=True
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)


class CollectionsForm(StyledForm):
    agency = forms.ChoiceField(label=_("Cơ quan (gồm đơn vị trực thuộc)"))
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    group = forms.ChoiceField(
        label=_("Nhóm theo"), choices=[("day", _("Ngày")), ("month", _("Tháng"))], initial="day"
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]

    @staticmethod
    def defaults(agency_code: str) -> dict[str, Any]:
        today = timezone.localdate()
        return {"agency": agency_code, "start": today.replace(day=1), "end": today, "group": "day"}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", _("“Đến ngày” phải sau hoặc bằng “Từ ngày”."))
            elif (end - start).days > 366 * 3:
                self.add_error("end", _("Chọn khoảng thời gian tối đa 3 năm."))
        return data
