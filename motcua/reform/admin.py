"""Django admin for superusers: every save goes through the reform services (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from motcua.reform import services, specs
from motcua.reform.models import (
    Attachment,
    IndexScore,
    RecommendationUpdate,
    ReformRecord,
    SupervisionReport,
)


class ReformAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Plain fields are edited through ``record_create``/``record_update``; lifecycle
    fields are read-only here and change through the workspace's transitions."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        model: type[ReformRecord] = self.model
        fixed = set(model.STATE_FIELDS) | {"created_at", "updated_at"}
        if obj is not None:
            fixed |= services.records.immutable_fields(model) - {"id"}
        return [f.name for f in model._meta.concrete_fields if f.name in fixed]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = {k: form.cleaned_data[k] for k in form.changed_data if k in form.cleaned_data}
        if change:
            services.record_update(actor=request.user, obj=obj, changes=data)
        else:
            saved = services.record_create(
                actor=request.user, model=type(obj), data=dict(form.cleaned_data)
            )
            obj.pk = saved.pk

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


for spec in specs.SPECS:
    admin.site.register(
        spec.model,
        type(
            f"{spec.model.__name__}Admin",
            (ReformAdmin,),
            {
                "list_display": ("__str__", *[c for c in spec.columns if "__" not in c][:5]),
                "raw_id_fields": tuple(
                    f.name
                    for f in spec.model._meta.concrete_fields
                    if f.is_relation and f.name not in ("created_at", "updated_at")
                ),
            },
        ),
    )


@admin.register(Attachment, RecommendationUpdate, IndexScore, SupervisionReport)
class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """History, files, scores and reports change only through the workspace."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
