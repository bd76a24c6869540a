from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Thông tin công dân"), {"fields": ("full_name", "phone", "personal_id", "is_resident")}),
    )
    list_display = ("username", "full_name", "email", "is_staff", "is_resident")
    search_fields = ("username", "full_name", "email", "phone")
