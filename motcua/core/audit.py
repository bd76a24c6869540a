"""Writing and checking the audit chain."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from motcua.core.models import AuditEvent

GENESIS = "0" * 64
_CHAIN_LOCK_KEY = 7_202_501  # any constant: the advisory lock that serialises appends


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    # Round-trip through JSON so the hash covers exactly what the database will hand back.
    return dict(json.loads(json.dumps(data, cls=DjangoJSONEncoder)))


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    agency_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Caller is inside the transaction of the change."""
    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
            agency_id=agency_id,
            data=_normalise(data or {}),
            prev_hash=last or GENESIS,
        )
        event.hash = event.compute_hash()
        event.save()
    return event


@dataclass(frozen=True)
class ChainBreak:
    event_id: int
    reason: str
    chain: str = "audit"


def audit_verify(*, batch: int = 5000) -> Iterator[ChainBreak]:
    """Re-compute the chain and yield every place where it does not hold."""
    prev = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=batch):
        if event.prev_hash != prev:
            yield ChainBreak(event.id, "liên kết với sự kiện trước bị đứt (prev_hash)")
        if event.compute_hash() != event.hash:
            yield ChainBreak(event.id, "nội dung không khớp mã băm")
        prev = event.hash


# Other hash chains (e.g. each dossier's event log) register a checker here; `verify_audit`
# runs them after the global chain. A checker yields ChainBreak for every problem it finds.
ChainVerifier = Callable[[], Iterator[ChainBreak]]
CHAIN_VERIFIERS: dict[str, ChainVerifier] = {}


def chain_verifier_register(name: str, verifier: ChainVerifier) -> None:
    CHAIN_VERIFIERS[name] = verifier
