"""Audit trail shared by every app: an append-only, hash-chained log of state changes."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """One state change: who did what to which object, chained to the previous event.

    The chain is global: ``hash`` covers this row's content and the previous row's hash, so
    editing or deleting any row breaks every later link and ``manage.py verify_audit``
    reports it.
    """

    at = models.DateTimeField(_("thời điểm"), db_index=True, help_text=_("When it happened."))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
        help_text=_("Who did it; empty for the system itself."),
    )
    action = models.CharField(
        _("hành động"), max_length=64, help_text=_("Verb, e.g. 'agency.grant_role'.")
    )
    object_type = models.CharField(
        _("loại đối tượng"), max_length=64, help_text=_("Model label of the changed object.")
    )
    object_id = models.CharField(
        _("mã đối tượng"), max_length=64, help_text=_("Primary key of the changed object.")
    )
    agency_id = models.BigIntegerField(
        _("cơ quan"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Agency in whose scope the change happened, for scoped reading."),
    )
    data = models.JSONField(
        _("dữ liệu"),
        default=dict,
        encoder=DjangoJSONEncoder,
        help_text=_("Before/after values and anything else needed to understand the change."),
    )
    prev_hash = models.CharField(
        _("mã băm trước"), max_length=64, help_text=_("Hash of the previous event in the chain.")
    )
    hash = models.CharField(
        _("mã băm"), max_length=64, unique=True, help_text=_("SHA-256 of this event and prev.")
    )

    class Meta:
        verbose_name = _("sự kiện nhật ký")
        verbose_name_plural = _("nhật ký thao tác")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"

    def compute_hash(self) -> str:
        return event_hash(
            prev_hash=self.prev_hash,
            at=self.at.isoformat(),
            actor_id=self.actor_id,
            action=self.action,
            object_type=self.object_type,
            object_id=self.object_id,
            agency_id=self.agency_id,
            data=self.data,
        )


def event_hash(**fields: Any) -> str:
    """Canonical SHA-256 over the event's fields (sorted keys, no whitespace variance)."""
    payload = json.dumps(fields, sort_keys=True, cls=DjangoJSONEncoder, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()
