"""Dossiers in the admin are read-only: every change goes through the lifecycle services."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.dossiers.models import Dossier, DossierComponent, DossierEvent

_COMPONENT_FIELDS = (
    "order",
    "name",
    "mandatory",
    "received",
    "original_seen",
    "copy_kind",
    "quantity",
    "digitised",
    "reused",
)
_EVENT_FIELDS = ("seq", "at", "actor", "action", "from_status", "to_status", "data")


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ComponentInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DossierComponent
    extra = 0
    can_delete = False
    fields = _COMPONENT_FIELDS
    readonly_fields = _COMPONENT_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(admin.TabularInline):  # type: ignore[type-arg]
    model = DossierEvent
    extra = 0
    can_delete = False
    fields = _EVENT_FIELDS
    readonly_fields = _EVENT_FIELDS

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Dossier)
class DossierAdmin(ReadOnlyAdmin):
    list_display = [
        "code",
        "status",
        "channel",
        "applicant_name",
        "receiving_agency",
        "submitted_at",
        "due_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["code", "applicant_name"]
    inlines = [ComponentInline, EventInline]
