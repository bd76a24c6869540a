"""Helpers shared by the reform pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.organizations.models import Agency
from motcua.organizations.selectors import agency_ancestors
from motcua.reform import access, specs


def workspace(request: HttpRequest, code: str) -> Agency:
    """The agency whose workspace the URL opens, if the user may open it (404 otherwise)."""
    return access.reform_agency_get(user=request.user, code=code)


def base_context(request: HttpRequest, agency: Agency, **extra: Any) -> dict[str, Any]:
    user = request.user
    ancestors = agency_ancestors(agency=agency)[:-1]
    visible = set(access.reform_agencies(user=user).values_list("pk", flat=True))
    return {
        "agency": agency,
        "ancestors": [a for a in ancestors if a.pk in visible],
        "menu": specs.menu(),
        "can_write": access.can_write(user=user, agency_id=agency.pk),
        "can_supervise": access.can_supervise(user=user, agency_id=agency.pk),
        "today": timezone.localdate(),
        **extra,
    }


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field where it can."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                if target is None and field not in ("__all__", "non_field_errors"):
                    message = f"{field}: {message}"
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def flash_errors(request: HttpRequest, exc: ValidationError, labels: dict[str, str]) -> None:
    """A failed transition posted from a detail page: say which field and why."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            label = labels.get(field, "")
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else message)
    else:
        for message in exc.messages:
            messages.error(request, message)


def form_errors(request: HttpRequest, form: forms.BaseForm) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for message in errors:
            messages.error(request, f"{label}: {message}" if label else str(message))


def denied(request: HttpRequest, agency: Agency, exc: PermissionDenied) -> HttpResponse:
    return render(
        request,
        "reform/denied.html",
        base_context(
            request, agency, reason=str(exc) or _("Bạn không có quyền thực hiện việc này.")
        ),
        status=403,
    )
