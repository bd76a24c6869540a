"""Forms of the verification page and the staff certificate and result pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from motcua.organizations.models import Agency

#: Largest certificate bundle accepted (real ones are a few KiB).
P12_MAX_BYTES = 256 * 1024


class VerifyUploadForm(forms.Form):
    pdf = forms.FileField(
        label=_("Tệp PDF cần kiểm tra"),
        help_text=_("Tệp kết quả điện tử (.pdf) mà bạn nhận được hoặc tải về."),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", "class": "form-control"}),
    )

    def clean_pdf(self) -> Any:
        upload = self.cleaned_data["pdf"]
        limit = settings.MOTCUA_UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("Tệp lớn quá %(mib)s MiB. Hãy chọn đúng tệp PDF kết quả.")
                % {"mib": limit // (1024 * 1024)}
            )
        return upload


class VerifyCodeForm(forms.Form):
    ma = forms.CharField(
        label=_("Mã xác thực in trên văn bản"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        help_text=_("10 ký tự, in cạnh mã QR ở cuối văn bản, ví dụ 7KQ2MX9PTA."),
    )


class CertificateUploadForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label=_("Cơ quan"),
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text=_("Cơ quan sẽ ký kết quả bằng chứng thư này."),
    )
    p12_file = forms.FileField(
        label=_("Tệp chứng thư số (.p12, .pfx)"),
        help_text=_("Gói PKCS#12 gồm chứng thư, khóa bí mật và chuỗi chứng thư của CA."),
        widget=forms.FileInput(
            attrs={"accept": ".p12,.pfx,application/x-pkcs12", "class": "form-control"}
        ),
    )
    passphrase = forms.CharField(
        label=_("Mật khẩu của tệp"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "class": "form-control"}),
        help_text=_("Mật khẩu được cấp kèm tệp .p12; được lưu mã hóa."),
    )

    def __init__(self, *args: Any, agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agency"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 - declared above
        field.queryset = agencies

    def clean_p12_file(self) -> Any:
        upload = self.cleaned_data["p12_file"]
        if upload.size > P12_MAX_BYTES:
            raise forms.ValidationError(
                _("Tệp quá lớn để là một gói chứng thư .p12. Hãy chọn đúng tệp chứng thư.")
            )
        return upload


class NumberForm(forms.Form):
    number = forms.CharField(
        label=_("Số văn bản"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
        help_text=_("Để trống để lấy số tiếp theo của sổ, ví dụ 124/KQ-UBND."),
    )
