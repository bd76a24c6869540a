from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.organizations.constants import CalendarDayKind, Role
from motcua.organizations.models import Agency, OfficeHours


class BootstrapMixin:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)


class CalendarDayForm(BootstrapMixin, forms.Form):
    date = forms.DateField(label=_("Ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Loại"), choices=CalendarDayKind.choices)
    reason = forms.CharField(
        label=_("Lý do / căn cứ"),
        max_length=255,
        help_text=_("Ví dụ: Quyết định nghỉ bù số …/QĐ-UBND."),
    )


class GrantForm(BootstrapMixin, forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập của cán bộ"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    valid_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.agency = agency
        unit_field: forms.ChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.choices = [("", _("— cả cơ quan —"))] + [
            (u.code, u.name) for u in agency.units.all()
        ]

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        user = User.objects.filter(username=username, is_resident=False).first()
        if user is None:
            raise forms.ValidationError(
                _("Không có tài khoản cán bộ '%(u)s'. Kiểm tra lại tên đăng nhập."),
                params={"u": username},
            )
        return user


class OfficeHoursForm(BootstrapMixin, forms.ModelForm[OfficeHours]):
    class Meta:
        model = OfficeHours
        fields = [
            "valid_from",
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
            "same_day_cutoff",
            "saturday_working",
        ]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "morning_start": forms.TimeInput(attrs={"type": "time"}),
            "morning_end": forms.TimeInput(attrs={"type": "time"}),
            "afternoon_start": forms.TimeInput(attrs={"type": "time"}),
            "afternoon_end": forms.TimeInput(attrs={"type": "time"}),
            "same_day_cutoff": forms.TimeInput(attrs={"type": "time"}),
        }

    def validate_unique(self) -> None:
        # Saving the same start date again updates that row (the service upserts).
        return
