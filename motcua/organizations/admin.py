"""Django admin for superusers. Every save goes through the services, so it is audited and
keeps the tree path and the calendar revision right."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.core.http import request_user
from motcua.organizations import services
from motcua.organizations.models import Agency, CalendarDay, OfficeHours, RoleGrant, Unit


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = (
        "name",
        "code",
        "kind",
        "electronic_id",
        "admin_unit_code",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind",)
    search_fields = ("name", "code", "electronic_id", "admin_unit_code")
    readonly_fields = ("path",)
    raw_id_fields = ("parent", "successor")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Moving an agency in the tree is a reorganisation, not an edit.
        return ("path", "parent", "code", "kind") if obj else ("path",)

    def save_model(self, request: HttpRequest, obj: Agency, form: Any, change: bool) -> None:
        if change:
            changes = {
                f: form.cleaned_data[f] for f in form.changed_data if f in services._AGENCY_EDITABLE
            }
            services.agency_update(actor=request_user(request), agency=obj, **changes)
        else:
            fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "parent"}
            created = services.agency_create(
                actor=request_user(request),
                parent=form.cleaned_data.get("parent"),
                **fields,
            )
            obj.pk = created.pk


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin[Unit]):
    list_display = ("name", "code", "agency", "kind")
    search_fields = ("name", "code")
    raw_id_fields = ("agency",)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin[RoleGrant]):
    list_display = ("user", "role", "agency", "unit", "valid_from", "valid_to", "revoked_at")
    list_filter = ("role",)
    raw_id_fields = ("user", "agency", "unit", "granted_by")
    readonly_fields = ("revoked_at", "granted_by")


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin[CalendarDay]):
    list_display = ("date", "kind", "agency", "reason")
    list_filter = ("kind",)
    raw_id_fields = ("agency",)

    def save_model(self, request: HttpRequest, obj: CalendarDay, form: Any, change: bool) -> None:
        saved = services.calendar_day_set(
            actor=request_user(request),
            agency=obj.agency,
            date=obj.date,
            kind=obj.kind,
            reason=obj.reason,
        )
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: CalendarDay) -> None:
        services.calendar_day_remove(actor=request_user(request), day=obj)


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin[OfficeHours]):
    list_display = ("agency", "valid_from", "__str__", "same_day_cutoff", "saturday_working")
    raw_id_fields = ("agency",)

    def save_model(self, request: HttpRequest, obj: OfficeHours, form: Any, change: bool) -> None:
        fields = (
            "morning_start",
            "morning_end",
            "afternoon_start",
            "afternoon_end",
            "same_day_cutoff",
            "saturday_working",
        )
        saved = services.office_hours_set(
            actor=request_user(request),
            agency=obj.agency,
            valid_from=obj.valid_from,
            **{f: getattr(obj, f) for f in fields},
        )
        obj.pk = saved.pk
