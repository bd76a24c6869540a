"""Read-only admin of the catalogue: lists and details for support staff.

Every change goes through :mod:`motcua.catalog.services` (versions are immutable once published,
budgets are checked, assignments must not overlap, every change is audited), so the admin
offers no add, change or delete.
"""

from typing import Any

from django.contrib import admin

from motcua.catalog.models import (
    Component,
    FeeRule,
    Field,
    ImportJob,
    Procedure,
    ProcedureAssignment,
    ProcedureVersion,
    ProcessStep,
    SearchWord,
)


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


class ComponentInline(ReadOnlyInline):
    model = Component
    fields = ("order", "name", "copy_kind", "quantity", "mandatory", "reusable_from")


class FeeRuleInline(ReadOnlyInline):
    model = FeeRule
    fields = ("order", "label", "kind", "amount", "tiers", "cap_per_copy")


class ProcessStepInline(ReadOnlyInline):
    model = ProcessStep
    fields = ("order", "name", "role", "agency_kind", "budget", "budget_unit", "parallel_group")


@admin.register(Field)
class FieldAdmin(ReadOnlyAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyAdmin):
    list_display = ("code", "synthetic", "created_at")
    list_filter = ("synthetic",)
    search_fields = ("code",)


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyAdmin):
    list_display = (
        "procedure",
        "number",
        "name",
        "level",
        "status",
        "effective_from",
        "effective_to",
        "online_level",
    )
    list_filter = ("status", "level", "online_level", "field")
    search_fields = ("procedure__code", "search_text")
    list_select_related = ("procedure",)
    inlines = (ComponentInline, FeeRuleInline, ProcessStepInline)


@admin.register(ProcedureAssignment)
class ProcedureAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("procedure", "agency", "valid_from", "valid_to")
    list_filter = ("valid_to",)
    search_fields = ("procedure__code", "agency__code", "agency__name")
    list_select_related = ("procedure", "agency")


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = (
        "original_name",
        "status",
        "total",
        "created_count",
        "unchanged_count",
        "skipped_count",
        "created_at",
    )
    list_filter = ("status",)


@admin.register(SearchWord)
class SearchWordAdmin(ReadOnlyAdmin):
    list_display = ("word",)
    search_fields = ("word",)
