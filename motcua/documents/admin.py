from django.contrib import admin

from motcua.documents.models import SlipCounter, StoredFile


@admin.register(StoredFile)
class StoredFileAdmin(admin.ModelAdmin[StoredFile]):
    """Read-only: files enter only through ``file_store`` (the content checks)."""

    list_display = ("original_name", "kind", "size", "pages", "created_at", "created_by")
    list_filter = ("kind",)
    search_fields = ("original_name", "sha256")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(SlipCounter)
class SlipCounterAdmin(admin.ModelAdmin[SlipCounter]):
    list_display = ("agency", "form", "year", "last_number")
    list_filter = ("form", "year")

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
