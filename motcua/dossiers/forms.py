"""Forms of the dossier pages: they only read and check input; services change state."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.catalog.constants import CopyKind
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import ApplicantKind, Channel


class AccessibleForm(forms.Form):
    """Bootstrap classes on every widget; a field in error points at its message
    (``aria-describedby``) and says it is invalid."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                bound = self[name]
                attrs = self.fields[name].widget.attrs
                attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                attrs["aria-invalid"] = "true"
                described = [f"{bound.auto_id}-error"]
                if self.fields[name].help_text:
                    described.insert(0, f"{bound.auto_id}_helptext")
                attrs["aria-describedby"] = " ".join(described)

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        """Errors raised by a service, on the matching field or at the top of the form."""
        for key, messages in errors.items():
            name = key.removeprefix("applicant_") if key.startswith("applicant_") else key
            target = name if name in self.fields else (key if key in self.fields else None)
            for message in messages:
                self.add_error(target, message)


class ApplicantForm(AccessibleForm):
    kind = forms.ChoiceField(
        label=_("Người nộp là"), choices=ApplicantKind.choices, initial=ApplicantKind.CITIZEN
    )
    name = forms.CharField(
        label=_("Họ và tên người nộp"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        label=_("Số định danh cá nhân / mã số thuế"),
        max_length=20,
        required=False,
        help_text=_("Công dân: 12 chữ số trên thẻ căn cước. Tổ chức: mã số thuế."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    organisation = forms.CharField(
        label=_("Tên tổ chức (nếu nộp cho tổ chức)"), max_length=255, required=False
    )
    address = forms.CharField(
        label=_("Địa chỉ liên hệ"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        max_length=254,
        required=False,
        help_text=_("Thông báo tiếp nhận, bổ sung, kết quả được gửi về địa chỉ này."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def applicant(self) -> Applicant:
        return Applicant.from_mapping(self.cleaned_data)

    @staticmethod
    def initial_from(applicant: Applicant) -> dict[str, str]:
        return {
            "kind": applicant.kind,
            "name": applicant.name,
            "id_number": applicant.id_number,
            "organisation": applicant.organisation,
            "address": applicant.address,
            "phone": applicant.phone,
            "email": applicant.email,
        }


class StartForm(AccessibleForm):
    """Choose where to file (and, for a support member, for whom)."""

    agency = forms.ChoiceField(label=_("Nơi nộp hồ sơ (cơ quan giải quyết)"))

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = agencies  # type: ignore[attr-defined]


class UploadForm(AccessibleForm):
    component = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(
        label=_("Chọn tệp"),
        help_text=_("PDF, JPEG, PNG hoặc DOCX."),
        error_messages={
            "required": _("Chọn một tệp để tải lên."),
            "empty": _("Tệp rỗng: chọn lại tệp có nội dung."),
        },
    )


class DeskReceiveForm(AccessibleForm):
    """A walk-in (or postal) dossier at the desk: where, how, who."""

    competent_agency = forms.ChoiceField(label=_("Cơ quan giải quyết"))
    channel = forms.ChoiceField(
        label=_("Hình thức nhận"),
        choices=[
            (Channel.IN_PERSON.value, Channel.IN_PERSON.label),
            (Channel.POSTAL.value, Channel.POSTAL.label),
        ],
        initial=Channel.IN_PERSON,
    )

    def __init__(self, *args: Any, agencies: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competent_agency"].choices = agencies  # type: ignore[attr-defined]


class ChecklistRowForm(AccessibleForm):
    received = forms.BooleanField(label=_("Đã nhận"), required=False)
    original_seen = forms.BooleanField(label=_("Đã xem bản chính"), required=False)
    copy_kind = forms.ChoiceField(label=_("Loại bản"), choices=CopyKind.choices)
    quantity = forms.IntegerField(label=_("Số lượng"), min_value=1, max_value=100)


class RefuseForm(AccessibleForm):
    reason = forms.CharField(
        label=_("Lý do từ chối"),
        min_length=10,
        max_length=2000,
        help_text=_("Ghi rõ căn cứ; lý do được in trên phiếu từ chối (mẫu 03) gửi người nộp."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Lý do từ chối: không được để trống."),
            "min_length": _("Lý do từ chối: ghi rõ căn cứ, tối thiểu 10 ký tự."),
        },
    )
