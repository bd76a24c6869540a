"""Under real concurrency (PostgreSQL): racing steps on one case, and codes of one day."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections

from motcua.feedback import services
from motcua.feedback.models import Feedback
from motcua.feedback.services import FeedbackConflict
from motcua.feedback.tests.factories import at, conduct_data

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


def _together(jobs: list[Any]) -> list[Any]:
    barrier = threading.Barrier(len(jobs))

    def run(job: Any) -> Any:
        try:
            barrier.wait(timeout=30)
            return job()
        except FeedbackConflict as exc:
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_answer_and_refusal_racing_give_one_result_and_one_conflict(user_named):
    # Given a new case and two officers acting on it at the same instant
    sent = services.feedback_submit(actor=None, data=conduct_data(), at=at("2026-03-02"))
    officer, leader = user_named("motcua.bachdang"), user_named("chutich.bachdang")
    case = sent.feedback
    results = _together(
        [
            lambda: services.feedback_answer(
                actor=officer, feedback=case, answer="Phường đã xử lý xong việc này."
            ),
            lambda: services.feedback_refuse(
                actor=leader, feedback=case, reason="duplicate", note="Trùng phản ánh khác."
            ),
        ]
    )
    # Then exactly one step happened and the other was told the case had moved on
    conflicts = [r for r in results if isinstance(r, FeedbackConflict)]
    assert len(conflicts) == 1
    final = Feedback.objects.get(pk=case.pk)
    assert final.status in {"answered", "refused"}
    assert final.events.exclude(kind="submitted").count() == 1


def test_twenty_senders_at_once_get_twenty_codes(demo_org):
    codes = _together(
        [
            lambda: (
                services.feedback_submit(
                    actor=None, data=conduct_data(), at=at("2026-03-02")
                ).feedback.code
            )
            for _ in range(20)
        ]
    )
    assert sorted(codes) == [f"PA-260302-{i:04d}" for i in range(1, 21)]
