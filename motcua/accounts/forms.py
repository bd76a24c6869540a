from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from motcua.accounts.constants import CONSENT_STATEMENTS, ConsentPurpose
from motcua.accounts.validators import normalize_phone, validate_personal_id


class AccessibleFormMixin:
    """Bootstrap classes, and fields with errors tied to their message for screen readers.

    Each field's error text is rendered with id ``<field id>-error`` and its help text with
    ``<field id>-help`` (``accounts/_field.html``); the input points to both with
    ``aria-describedby`` and says ``aria-invalid`` when wrong.
    """

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

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        form: Any = self
        for name, bound in ((n, form[n]) for n in form.fields):
            described = []
            if form.fields[name].help_text:
                described.append(f"{bound.auto_id}-help")
            if name in form.errors:
                described.append(f"{bound.auto_id}-error")
                attrs = form.fields[name].widget.attrs
                attrs["aria-invalid"] = "true"
                attrs["class"] = attrs.get("class", "") + " is-invalid"
            if described:
                form.fields[name].widget.attrs["aria-describedby"] = " ".join(described)


def _client_ip(request: Any) -> str:
    return str(getattr(request, "META", {}).get("REMOTE_ADDR") or "-")


def _canonical_identifier(username: str) -> str:
    """One key per account whatever way it is written ("+84 912…" and "0912…" are one)."""
    value = username.strip().lower()
    if "@" not in value:
        try:
            return normalize_phone(value) or value
        except forms.ValidationError:
            pass
    return value


def signin_throttle_key(username: str, ip: str) -> str:
    digest = hashlib.sha256(f"{_canonical_identifier(username)}|{ip}".encode()).hexdigest()
    return f"motcua:signin-failures:{digest}"


class SignInForm(AuthenticationForm):
    """Username, e-mail address or phone number, and password; failed tries are rate-limited
    per identifier and client address (``MOTCUA_SIGNIN_MAX_FAILURES`` in
    ``MOTCUA_SIGNIN_WINDOW_MINUTES``)."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại (mật khẩu phân biệt chữ hoa, "
            "chữ thường)."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Liên hệ quản trị cơ quan."),
        "rate_limited": _(
            "Bạn đã nhập sai quá %(count)s lần. Để bảo vệ tài khoản, hãy thử lại sau %(minutes)s "
            "phút, hoặc dùng chức năng quên mật khẩu tại Bộ phận Một cửa."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập, thư điện tử hoặc số điện thoại")
        self.fields["password"].label = _("Mật khẩu")
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        key = signin_throttle_key(username, _client_ip(self.request))
        limit = settings.MOTCUA_SIGNIN_MAX_FAILURES
        window = settings.MOTCUA_SIGNIN_WINDOW_MINUTES
        if username and (cache.get(key) or 0) >= limit:
            raise forms.ValidationError(
                self.error_messages["rate_limited"],
                code="rate_limited",
                params={"count": limit, "minutes": window},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                cache.add(key, 0, timeout=window * 60)
                try:
                    cache.incr(key)
                except ValueError:  # expired between add and incr
                    cache.set(key, 1, timeout=window * 60)
            raise
        cache.delete(key)
        return cleaned


class ContactFieldsMixin:
    """Phone and personal ID checked on the form too, so every error shows at once."""

    cleaned_data: dict[str, Any]

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone"))

    def clean_personal_id(self) -> str:
        value = "".join((self.cleaned_data.get("personal_id") or "").split())
        if value:
            validate_personal_id(value)
        return value


class SignUpForm(ContactFieldsMixin, AccessibleFormMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=_("Như trên căn cước."),
    )
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Nhập thư điện tử hoặc số điện thoại, hoặc cả hai; dùng để đăng nhập."),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Ví dụ 0912 345 678 hoặc +84 912 345 678."),
    )
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12 chữ số. Có thể bổ sung sau, nhưng cần có trước khi nộp hồ sơ."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ít nhất 8 ký tự, không chỉ gồm chữ số, không quá dễ đoán."),
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent_email = forms.BooleanField(
        label=_("Đồng ý nhận thông báo về hồ sơ qua thư điện tử (không bắt buộc)"),
        required=False,
        help_text=CONSENT_STATEMENTS[ConsentPurpose.NOTIFY_EMAIL],
    )
    consent_sms = forms.BooleanField(
        label=_("Đồng ý nhận thông báo về hồ sơ qua tin nhắn SMS (không bắt buộc)"),
        required=False,
        help_text=CONSENT_STATEMENTS[ConsentPurpose.NOTIFY_SMS],
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("password1")
            and cleaned.get("password2")
            and cleaned["password1"] != cleaned["password2"]
        ):
            self.add_error("password2", _("Hai lần nhập mật khẩu không khớp. Hãy nhập lại."))
        return cleaned

    def consents(self) -> list[str]:
        chosen = []
        if self.cleaned_data.get("consent_email"):
            chosen.append(ConsentPurpose.NOTIFY_EMAIL.value)
        if self.cleaned_data.get("consent_sms"):
            chosen.append(ConsentPurpose.NOTIFY_SMS.value)
        return chosen


class ProfileForm(ContactFieldsMixin, AccessibleFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.CharField(
        label=_("Thư điện tử"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Số điện thoại"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        help_text=_("Ví dụ 0912 345 678 hoặc +84 912 345 678."),
    )
    address = forms.CharField(
        label=_("Địa chỉ"),
        required=False,
        max_length=255,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
        help_text=_("Nơi nhận kết quả qua bưu chính, nếu bạn chọn cách đó."),
    )
    personal_id = forms.CharField(
        label=_("Số định danh cá nhân (CCCD)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("12 chữ số, cần có trước khi nộp hồ sơ."),
    )


class OrganisationForm(AccessibleFormMixin, forms.Form):
    name = forms.CharField(label=_("Tên tổ chức"), max_length=255)
    tax_code = forms.CharField(
        label=_("Mã số thuế"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("10 chữ số, hoặc 10 chữ số, '-' và 3 chữ số của chi nhánh."),
    )
    address = forms.CharField(label=_("Địa chỉ trụ sở"), required=False, max_length=255)
    role = forms.CharField(
        label=_("Tư cách đại diện"),
        max_length=120,
        help_text=_("Ví dụ: Giám đốc, Người được ủy quyền."),
    )
