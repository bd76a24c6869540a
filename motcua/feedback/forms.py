"""Forms of the feedback pages. They carry input only; the services decide what is valid and
their messages are put back on the fields (:func:`errors_to_form`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.feedback.constants import Category, Kind, Rating, RefusalReason, Subject
from motcua.organizations.models import Agency


def errors_to_form(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's field errors on the form's fields (others at the top)."""
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the services check each (kind, size, content)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.docx"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def _attachments_field(help_text: Any) -> MultipleFileField:
    return MultipleFileField(
        label=_("Tệp đính kèm (không bắt buộc)"), required=False, help_text=help_text
    )


def _agency_choices(agencies: QuerySet[Agency]) -> list[tuple[str, Any]]:
    return [("", _("— Chọn cơ quan —"))] + [(a.code, a.name) for a in agencies]


class SubmitForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Bạn muốn"),
        choices=Kind.choices,
        initial=Kind.REPORT,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(
        label=_("Phân loại"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn phân loại của phản ánh.")},
    )
    subject = forms.ChoiceField(
        label=_("Phản ánh về"),
        choices=Subject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Hãy chọn phản ánh về thủ tục, hồ sơ hay cán bộ.")},
    )
    agency = forms.ChoiceField(
        label=_("Cơ quan"),
        required=False,
        help_text=_("Cơ quan thực hiện thủ tục hoặc nơi cán bộ công tác; với hồ sơ, để trống."),
    )
    procedure_code = forms.CharField(
        label=_("Mã thủ tục"),
        required=False,
        max_length=8,
        help_text=_("Khi phản ánh về thủ tục, ví dụ 1.001193 (đăng ký khai sinh)."),
    )
    dossier_code = forms.CharField(
        label=_("Mã hồ sơ"),
        required=False,
        max_length=40,
        help_text=_("Khi phản ánh về hồ sơ: mã trên phiếu hẹn, ví dụ 000.22.07.H26-260302-0001."),
    )
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=200,
        error_messages={"required": _("Hãy nhập tiêu đề ngắn gọn.")},
    )
    content = forms.CharField(
        label=_("Nội dung"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Sự việc, thời gian, địa điểm và điều bạn đề nghị; tối đa 5.000 ký tự."),
        error_messages={"required": _("Hãy nhập nội dung phản ánh.")},
    )
    attachments = _attachments_field(
        _("Tối đa 5 tệp PDF, JPG, PNG hoặc DOCX, mỗi tệp đến 10 MB: ảnh chụp giấy hẹn, giấy tờ.")
    )
    sender_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=150)
    sender_email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    sender_phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Để lại thư điện tử hoặc số điện thoại để nhận trả lời."),
    )
    sender_personal_id = forms.CharField(
        label=_("Số định danh cá nhân (không bắt buộc)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("12 chữ số trên căn cước; chỉ hiện dạng che (*********345)."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], user: User | None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        agency_field: forms.ChoiceField = self.fields["agency"]  # type: ignore[assignment]
        agency_field.choices = _agency_choices(agencies)
        self.fields["sender_name"].widget.attrs["autocomplete"] = "name"
        if user is not None and user.is_authenticated:
            for name in ("sender_name", "sender_email", "sender_phone"):
                self.fields[name].help_text = _("Lấy từ tài khoản của bạn nếu để trống.")


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Mã phản ánh"),
        max_length=20,
        help_text=_("Ví dụ PA-260302-0001."),
        error_messages={"required": _("Hãy nhập mã phản ánh.")},
    )
    secret = forms.CharField(
        label=_("Mã bí mật"),
        max_length=20,
        help_text=_("Tám ký tự nhận được khi gửi, ví dụ ABCD-EF23."),
        widget=forms.PasswordInput(render_value=True, attrs={"autocomplete": "off"}),
        error_messages={"required": _("Hãy nhập mã bí mật.")},
    )


class InfoForm(forms.Form):
    reply = forms.CharField(
        label=_("Thông tin bổ sung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Hãy nhập thông tin bổ sung.")},
    )
    attachments = _attachments_field(_("Giấy tờ cơ quan đề nghị, nếu có (PDF, JPG, PNG, DOCX)."))


class RateForm(forms.Form):
    rating = forms.ChoiceField(label=_("Đánh giá"), choices=Rating.choices)


class RepeatForm(forms.Form):
    content = forms.CharField(
        label=_("Vì sao bạn chưa hài lòng"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text=_("Phản ánh mới được gửi lại cơ quan, tính là phản ánh không hài lòng."),
        error_messages={"required": _("Hãy cho biết vì sao bạn chưa hài lòng.")},
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Tìm trong câu trả lời đã công khai"), required=False)
    agency = forms.ChoiceField(
        label=_("Cơ quan"), required=False, widget=forms.Select(attrs={"class": "form-select"})
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field: forms.ChoiceField = self.fields["agency"]  # type: ignore[assignment]
        agency_field.choices = [("", _("Tất cả cơ quan"))] + [(a.code, a.name) for a in agencies]


# --- staff ---------------------------------------------------------------------------------


class _Versioned(forms.Form):
    """A staff action form; several share the case page, so ids carry the form's name."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    id_prefix = "action"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)


class AssignForm(_Versioned):
    id_prefix = "assign"

    assignee = forms.ChoiceField(label=_("Cán bộ xử lý"), required=False)

    def __init__(self, *args: Any, officers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["assignee"]  # type: ignore[assignment]
        field.choices = [("", _("Tôi nhận xử lý"))] + [
            (u.username, u.display_name) for u in officers
        ]


class TransferForm(_Versioned):
    id_prefix = "transfer"

    agency = forms.ChoiceField(
        label=_("Chuyển đến cơ quan"),
        error_messages={"required": _("Hãy chọn cơ quan nhận.")},
    )
    reason = forms.CharField(
        label=_("Lý do chuyển"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Hãy nhập lý do chuyển.")},
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["agency"]  # type: ignore[assignment]
        field.choices = _agency_choices(agencies)


class RequestInfoForm(_Versioned):
    id_prefix = "info"

    question = forms.CharField(
        label=_("Thông tin cần người gửi bổ sung"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Chỉ yêu cầu một lần, trong 5 ngày làm việc; hạn trả lời tạm dừng."),
        error_messages={"required": _("Hãy nhập nội dung cần bổ sung.")},
    )


class RefuseForm(_Versioned):
    id_prefix = "refuse"

    reason = forms.ChoiceField(
        label=_("Lý do từ chối"),
        choices=[("", _("— Chọn lý do —")), *RefusalReason.choices],
        error_messages={"required": _("Hãy chọn lý do từ chối.")},
    )
    note = forms.CharField(
        label=_("Giải thích cho người gửi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Hãy giải thích cho người gửi.")},
    )


class AnswerForm(_Versioned):
    id_prefix = "answer"

    answer = forms.CharField(
        label=_("Câu trả lời"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Gửi đến người gửi; bản công khai được rà soát ở bước sau."),
        error_messages={"required": _("Hãy nhập câu trả lời.")},
    )


class PublishForm(_Versioned):
    id_prefix = "publish"

    public_title = forms.CharField(label=_("Tiêu đề công khai"), max_length=200)
    public_content = forms.CharField(
        label=_("Nội dung công khai"), widget=forms.Textarea(attrs={"rows": 5})
    )
    public_answer = forms.CharField(
        label=_("Câu trả lời công khai"), widget=forms.Textarea(attrs={"rows": 6})
    )


class ReclassifyForm(_Versioned):
    id_prefix = "reclassify"

    category = forms.ChoiceField(label=_("Phân loại mới"), choices=Category.choices)
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=500)


class IndicatorForm(forms.Form):
    agency = forms.ChoiceField(label=_("Cơ quan"))
    start = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args: Any, agencies: QuerySet[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["agency"]  # type: ignore[assignment]
        field.choices = [(a.code, a.name) for a in agencies]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


def default_period() -> tuple[dt.date, dt.date]:
    """The current quarter up to today."""
    today = timezone.localdate()
    first_month = 3 * ((today.month - 1) // 3) + 1
    return dt.date(today.year, first_month, 1), today
