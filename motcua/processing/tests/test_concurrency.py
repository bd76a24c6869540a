"""Under real concurrency (PostgreSQL): of officers acting on one step at once, exactly one
wins and the others get DossierConflict."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections

from motcua.dossiers.lifecycle import DossierConflict
from motcua.processing import services
from motcua.processing.constants import StepState
from motcua.processing.models import Handover, StepTask
from motcua.processing.tests.helpers import local, started, step, user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


def _at_once(jobs: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(jobs))

    def run(job: Any) -> str:
        try:
            barrier.wait(timeout=30)
            job()
            return "ok"
        except DossierConflict:
            return "conflict"
        except PermissionDenied:
            return "denied"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_two_officers_claim_the_same_step_exactly_one_wins(world):
    # Given an open step of the ward's civil-status unit
    dossier = started(at=local(2026, 3, 9, 9))
    target = step(dossier, 2)
    officers = [user("tuphap.bachdang"), user("chutich.bachdang")]
    # When both claim it at the same instant, eight times over
    outcomes = _at_once(
        [lambda o=o: services.step_claim(actor=o, step=target) for o in officers * 4]
    )
    # Then exactly one claim succeeded, the others were told it was taken
    assert outcomes.count("ok") == 1
    assert outcomes.count("conflict") == 7
    row = StepTask.objects.get(pk=target.pk)
    assert row.state == StepState.IN_PROGRESS
    assert row.assignee in officers


def test_two_completions_of_one_step_finish_it_once(world):
    # Given a step in progress
    dossier = started(at=local(2026, 3, 9, 9))
    target = step(dossier, 2)
    specialist = user("tuphap.bachdang")
    services.step_claim(actor=specialist, step=target)
    # When the officer and the leader complete it at the same instant
    outcomes = _at_once(
        [
            lambda: services.step_complete(actor=specialist, step=target, note="Xong, trình ký"),
            lambda: services.step_complete(
                actor=user("chutich.bachdang"), step=target, note="Xong"
            ),
        ]
    )
    # Then one completion counts; the next step opened once, with one hand-over
    assert sorted(outcomes) == ["conflict", "ok"]
    assert step(dossier, 3).state == StepState.OPEN
    assert Handover.objects.filter(dossier=dossier, to_step=step(dossier, 3)).count() == 1
