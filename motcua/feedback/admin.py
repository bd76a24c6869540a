"""Django admin for superusers: read-only. Cases change only through the services (pages and
API), so that every change is checked, timed by the clock and audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.feedback.models import Feedback, FeedbackEvent, FeedbackReminder


class _ReadOnly:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventInline(_ReadOnly, admin.TabularInline[FeedbackEvent, Feedback]):
    model = FeedbackEvent
    extra = 0
    fields = ("at", "kind", "actor", "by_sender", "agency", "from_status", "to_status", "note")
    readonly_fields = fields


@admin.register(Feedback)
class FeedbackAdmin(_ReadOnly, admin.ModelAdmin[Feedback]):
    list_display = ("code", "title", "status", "agency", "received_at", "current_due", "rating")
    list_filter = ("status", "kind", "category", "subject")
    search_fields = ("code", "title", "dossier_code", "procedure_code")
    date_hierarchy = "received_at"
    # The sender's contact stays on the staff pages, where every view is audited.
    exclude = ("secret_digest", "sender_email", "sender_phone", "sender_personal_id")
    inlines = [EventInline]


@admin.register(FeedbackReminder)
class FeedbackReminderAdmin(_ReadOnly, admin.ModelAdmin[FeedbackReminder]):
    list_display = ("feedback", "state", "due_kind", "day", "due", "recipients", "created_at")
    list_filter = ("state", "due_kind")
