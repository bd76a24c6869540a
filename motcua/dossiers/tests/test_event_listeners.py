"""Listeners registered on the event log run inside the change's transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction

from motcua.dossiers.events import event_listener_register, event_listener_unregister
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.helpers import draft_with_files

pytestmark = pytest.mark.django_db


def test_a_listener_sees_every_appended_event_with_its_dossier(intake_catalogue, user_named):
    # Given a listener that records what it is called with
    seen: list[tuple[str, str, int]] = []

    def listener(event: DossierEvent, dossier: Dossier) -> None:
        seen.append((event.action, event.to_status, dossier.event_seq))

    event_listener_register(listener)
    event_listener_register(listener)  # registering twice calls it once
    try:
        # When a resident creates and fills a draft
        dossier = draft_with_files(user_named("dan.nguyenvanan"))
    finally:
        event_listener_unregister(listener)
    # Then the listener saw the creation event, once, with the chain already moved
    assert seen[0] == ("create", "draft", 1)
    assert len(seen) == dossier.event_seq


def test_a_failing_listener_rolls_the_change_back(intake_catalogue, user_named):
    # Given a listener that refuses every event
    def listener(event: Any, dossier: Any) -> None:
        raise RuntimeError("roll-up failed")

    event_listener_register(listener)
    try:
        # When a draft is created
        with pytest.raises(RuntimeError), transaction.atomic():
            draft_with_files(user_named("dan.nguyenvanan"))
    finally:
        event_listener_unregister(listener)
    # Then nothing was written
    assert not Dossier.objects.exists()
    assert not DossierEvent.objects.exists()
