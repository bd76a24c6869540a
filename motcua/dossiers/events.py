"""The dossier event log: appending one hash-chained event, and checking every chain."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from motcua.accounts.models import User
from motcua.core.audit import ChainBreak
from motcua.dossiers.models import GENESIS, Dossier, DossierEvent

#: Callables ``(event, dossier)`` run at the end of every :func:`event_append`, inside the
#: change's transaction (roll-ups kept in step with the log). Apps register in ``ready()``.
EventListener = Callable[[DossierEvent, Dossier], None]
_LISTENERS: list[EventListener] = []


def event_listener_register(listener: EventListener) -> None:
    """Call ``listener(event, dossier)`` after each appended event (once per callable)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def event_listener_unregister(listener: EventListener) -> None:
    if listener in _LISTENERS:
        _LISTENERS.remove(listener)


def _normalise(data: dict[str, Any]) -> dict[str, Any]:
    # The hash must cover exactly what the database hands back (dates as ISO strings…).
    return dict(json.loads(json.dumps(data, cls=DjangoJSONEncoder)))


def event_append(
    *,
    dossier: Dossier,
    actor: User | None,
    action: str,
    from_status: str,
    to_status: str,
    at: dt.datetime,
    agency_id: int | None = None,
    data: dict[str, Any] | None = None,
) -> DossierEvent:
    """Append the dossier's next event and move its chain head.

    Caller holds the dossier's row lock (or has just created the row) inside the transaction
    of the change, and saves the dossier afterwards (``event_seq`` and ``event_head`` are set
    here on the instance and must be in its ``update_fields``). Registered listeners run last,
    in the same transaction: one that raises rolls the whole change back.
    """
    event = DossierEvent(
        dossier=dossier,
        seq=dossier.event_seq + 1,
        at=at.astimezone(dt.UTC),
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        agency_id_at=agency_id,
        data=_normalise(data or {}),
        prev_hash=dossier.event_head,
    )
    event.hash = event.compute_hash()
    event.save()
    dossier.event_seq = event.seq
    dossier.event_head = event.hash
    for listener in _LISTENERS:
        listener(event, dossier)
    return event


def dossier_events_verify(*, batch: int = 5000) -> Iterator[ChainBreak]:
    """Recompute every dossier's chain; yield each altered, removed or reordered event."""
    heads = dict(Dossier.objects.values_list("pk", "event_head"))
    counts = dict(Dossier.objects.values_list("pk", "event_seq"))
    current: int | None = None
    prev = GENESIS
    expected_seq = 1

    def _close(dossier_id: int | None, last_hash: str, last_seq: int) -> Iterator[ChainBreak]:
        if dossier_id is None:
            return
        head = heads.pop(dossier_id, None)
        if head != last_hash or counts.get(dossier_id) != last_seq:
            yield ChainBreak(
                0,
                f"hồ sơ {dossier_id}: sự kiện cuối không khớp với hồ sơ (bị xóa hoặc thêm)",
                chain="dossier",
            )

    for event in DossierEvent.objects.order_by("dossier_id", "seq").iterator(chunk_size=batch):
        if event.dossier_id != current:
            yield from _close(current, prev, expected_seq - 1)
            current = event.dossier_id
            prev = GENESIS
            expected_seq = 1
        if event.seq != expected_seq:
            yield ChainBreak(
                event.id,
                f"hồ sơ {event.dossier_id}: thiếu sự kiện trước số {event.seq}",
                chain="dossier",
            )
        if event.prev_hash != prev:
            yield ChainBreak(
                event.id,
                f"hồ sơ {event.dossier_id}: liên kết với sự kiện trước bị đứt (prev_hash)",
                chain="dossier",
            )
        if event.compute_hash() != event.hash:
            yield ChainBreak(
                event.id,
                f"hồ sơ {event.dossier_id}: nội dung sự kiện số {event.seq} không khớp mã băm",
                chain="dossier",
            )
        prev = event.hash
        expected_seq = event.seq + 1
    yield from _close(current, prev, expected_seq - 1)
    # Dossiers whose log claims events although none are left.
    for dossier_id, head in heads.items():
        if head != GENESIS or counts.get(dossier_id):
            yield ChainBreak(0, f"hồ sơ {dossier_id}: mọi sự kiện đã bị xóa", chain="dossier")


def dossier_event_count() -> int:
    return DossierEvent.objects.count()
