"""Sign-in, sign-up and the resident's own profile pages (they call services only)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.accounts import selectors, services
from motcua.accounts.constants import ConsentPurpose
from motcua.accounts.forms import OrganisationForm, ProfileForm, SignInForm, SignUpForm
from motcua.accounts.oidc import OidcError, oidc_begin, oidc_complete, oidc_enabled
from motcua.core.http import request_user

_MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def _apply_errors(form: Any, error: ValidationError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's field errors on the form fields (unknown fields: form-wide)."""
    aliases = aliases or {}
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            name = aliases.get(field, field)
            form.add_error(name if name in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)
    _mark_invalid(form)  # errors added after cleaning: tie them to the inputs too


def _mark_invalid(form: Any) -> None:
    for name in form.errors:
        if name not in form.fields:
            continue
        bound = form[name]
        attrs = form.fields[name].widget.attrs
        attrs["aria-invalid"] = "true"
        if "is-invalid" not in attrs.get("class", ""):
            attrs["class"] = attrs.get("class", "") + " is-invalid"
        described = attrs.get("aria-describedby", "").split()
        if f"{bound.auto_id}-error" not in described:
            described.append(f"{bound.auto_id}-error")
        attrs["aria-describedby"] = " ".join(described)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_enabled()
        return context

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if getattr(user, "is_resident", False):
            return reverse("accounts:profile")
        return super().get_default_redirect_url()


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.resident_register(
                full_name=form.cleaned_data["full_name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                personal_id=form.cleaned_data["personal_id"],
                password=form.cleaned_data["password1"],
                consents=form.consents(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc, {"password": "password1", "consents": "consent_email"})
        else:
            login(request, user, backend=_MODEL_BACKEND)
            messages.success(
                request,
                _(
                    "Đã tạo tài khoản. Từ nay bạn đăng nhập bằng thư điện tử hoặc số điện "
                    "thoại đã khai."
                ),
            )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/signup.html",
        {"form": form, "oidc_enabled": oidc_enabled()},
        status=400 if form.is_bound and form.errors else 200,
    )


def _profile_page(
    request: HttpRequest,
    *,
    form: ProfileForm | None = None,
    org_form: OrganisationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request_user(request)
    if form is None:
        form = ProfileForm(
            initial={
                "full_name": user.full_name,
                "email": user.email,
                "phone": user.phone,
                "address": user.address,
                "personal_id": user.personal_id or "",
            }
        )
    consents = {c.purpose: c for c in selectors.consent_list_for_user(user=user) if c.active}
    context = {
        "form": form,
        "org_form": org_form or OrganisationForm(prefix="org"),
        "representations": selectors.representation_list_for_user(user=user),
        "consent_rows": [
            {"purpose": value, "label": label, "consent": consents.get(value)}
            for value, label in ConsentPurpose.choices
        ],
        "missing": selectors.resident_profile_missing(user),
        "profile_complete": selectors.resident_profile_complete(user),
    }
    return render(request, "accounts/profile.html", context, status=status)


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    user = request_user(request)
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            services.resident_profile_update(actor=user, user=user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ cá nhân."))
            return redirect("accounts:profile")
    return _profile_page(request, form=form, status=400)


@login_required
@require_POST
def organisation_add(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    org_form = OrganisationForm(request.POST, prefix="org")
    if org_form.is_valid():
        try:
            services.representation_add(actor=user, **org_form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(org_form, exc)
        else:
            messages.success(
                request,
                _("Đã thêm tổ chức %(name)s.") % {"name": org_form.cleaned_data["name"]},
            )
            return redirect(reverse("accounts:profile") + "#to-chuc")
    return _profile_page(request, org_form=org_form, status=400)


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    representation = selectors.representation_get_for_user(user=user, pk=pk)
    organisation = representation.organisation
    initial = {
        "name": organisation.name,
        "tax_code": organisation.tax_code,
        "address": organisation.address,
        "role": representation.role,
    }
    form = OrganisationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.representation_update(
                actor=user, representation=representation, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu thông tin tổ chức."))
            return redirect(reverse("accounts:profile") + "#to-chuc")
    return render(
        request,
        "accounts/organisation_edit.html",
        {
            "form": form,
            "representation": representation,
            "can_edit_details": organisation.created_by_id == user.pk,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def organisation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    representation = selectors.representation_get_for_user(user=user, pk=pk)
    name = representation.organisation.name
    services.representation_remove(actor=user, representation=representation)
    messages.success(request, _("Đã bỏ tổ chức %(name)s khỏi danh sách.") % {"name": name})
    return redirect(reverse("accounts:profile") + "#to-chuc")


@login_required
@require_POST
def consent_change(request: HttpRequest, purpose: str) -> HttpResponse:
    user = request_user(request)
    if purpose not in ConsentPurpose.values:
        raise Http404("purpose")
    label = ConsentPurpose(purpose).label
    if request.POST.get("action") == "give":
        services.consent_give(actor=user, purpose=purpose)
        messages.success(request, _("Đã ghi nhận sự đồng ý: %(p)s.") % {"p": label})
    else:
        services.consent_withdraw(actor=user, purpose=purpose)
        messages.success(request, _("Đã rút lại sự đồng ý: %(p)s.") % {"p": label})
    return redirect(reverse("accounts:profile") + "#dong-y")


def oidc_start(request: HttpRequest) -> HttpResponse:
    if not oidc_enabled():
        raise Http404("oidc")
    try:
        url = oidc_begin(request, next_url=_safe_next(request, request.GET.get("next")))
    except OidcError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:login")
    return HttpResponseRedirect(url)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc_enabled():
        raise Http404("oidc")
    try:
        user, next_url = oidc_complete(request)
    except OidcError as exc:
        messages.error(
            request,
            _("Đăng nhập bằng tài khoản định danh điện tử không thành công: %(reason)s")
            % {"reason": exc},
        )
        return redirect("accounts:login")
    if not user.is_active:
        messages.error(request, _("Tài khoản này đã bị khóa. Liên hệ quản trị cơ quan."))
        return redirect("accounts:login")
    login(request, user, backend=_MODEL_BACKEND)
    return redirect(_safe_next(request, next_url) or reverse("accounts:profile"))
