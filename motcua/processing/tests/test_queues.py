"""Queues: who sees which step, counts, at risk / overdue, scope, and a bounded number of
queries whatever the number of rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from motcua.dossiers import services as dossier_services
from motcua.dossiers.services import SupplementItem
from motcua.processing import selectors, services
from motcua.processing.constants import Queue
from motcua.processing.tests.helpers import BUILDING, local, started, step, user

pytestmark = pytest.mark.django_db


def test_queues_follow_the_step(world):
    # Given a birth registration transferred at Bạch Đằng at 09:00
    dossier = started(at=local(2026, 3, 9, 9))
    now = local(2026, 3, 9, 9, 30)
    specialist = user("tuphap.bachdang")
    # Then its first step waits in the civil-status unit's queue, not in anyone's own
    unit = selectors.queue_steps(user=specialist, queue=Queue.UNIT, now=now)
    assert [s.dossier_id for s in unit] == [dossier.pk]
    assert not selectors.queue_steps(user=specialist, queue=Queue.MINE, now=now).exists()
    # And an officer of another ward sees nothing
    assert not selectors.queue_steps(user=user("motcua.minhkhai"), queue=Queue.UNIT).exists()
    # When the specialist claims it, it moves to "mine"
    services.step_claim(actor=specialist, step=step(dossier, 2), at=now)
    assert selectors.queue_steps(user=specialist, queue=Queue.MINE, now=now).count() == 1
    # And it is at risk (due today 12:00 within one working day), not overdue
    counts = selectors.queue_counts(user=specialist, now=now)
    assert counts["mine"] == 1
    assert counts["unit"] == 0
    assert counts["at_risk"] == 1
    assert counts["overdue"] == 0
    # After its due instant it is overdue
    later = local(2026, 3, 9, 15)
    assert selectors.queue_counts(user=specialist, now=later)["overdue"] == 1
    # When approval is asked, the ward's chairwoman sees it waiting for her
    services.step_request_approval(actor=specialist, step=step(dossier, 2))
    leader = user("chutich.bachdang")
    assert selectors.queue_counts(user=leader, now=now)["approval"] == 1
    # And her agency view lists the open dossier
    assert [p.dossier_id for p in selectors.agency_processes(user=leader)] == [dossier.pk]


def test_a_dossier_paused_for_a_supplement_leaves_the_queues_until_it_arrives(world):
    # Given a building permit whose appraisal step the district's specialist is working,
    # next to another one nobody has taken yet
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    other = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 10))
    specialist = user("chuyenvien.qldt")
    services.step_claim(actor=specialist, step=step(dossier, 2), at=local(2026, 3, 3, 9))
    now = local(2026, 3, 4, 9)
    assert selectors.queue_counts(user=specialist, now=now)["mine"] == 1
    leader = user("lanhdao.hbt")
    far = local(2026, 6, 1, 9)
    # When the district's leader asks for a supplement
    item = SupplementItem(reason="Bản vẽ mặt bằng thiếu kích thước", name="Bản vẽ thiết kế")
    services.processing_request_supplement(
        actor=leader, dossier=dossier, items=[item], at=local(2026, 3, 4, 10)
    )
    # Then the step is nobody's work meanwhile: gone from "mine" and the counts, and from
    # the leader's overdue steps, while the other dossier stays; the leader's view still
    # lists both open dossiers
    later = local(2026, 3, 4, 11)
    assert not selectors.queue_steps(user=specialist, queue=Queue.MINE, now=later).exists()
    assert selectors.queue_counts(user=specialist, now=later)["mine"] == 0
    overdue = selectors.queue_steps(user=leader, queue=Queue.OVERDUE, now=far)
    assert {s.dossier_id for s in overdue} == {other.pk}
    counts = selectors.queue_counts(user=leader, now=far)
    assert (counts["overdue"], counts["agency"]) == (len(overdue), 2)
    # When the supplement arrives, the step is back with the specialist
    dossier_services.dossier_supplement_complete(
        actor=user("motcua.hbt"), dossier=dossier, at=local(2026, 3, 10, 14)
    )
    back = selectors.queue_steps(user=specialist, queue=Queue.MINE, now=local(2026, 3, 10, 15))
    assert [s.dossier_id for s in back] == [dossier.pk]


def test_filters_by_procedure_and_due_range(world):
    started(at=local(2026, 3, 9, 9))
    specialist = user("tuphap.bachdang")
    f = selectors.QueueFilters(procedure="1.001193")
    assert selectors.queue_steps(user=specialist, queue=Queue.UNIT, filters=f).count() == 1
    f = selectors.QueueFilters(procedure="9.999999")
    assert selectors.queue_steps(user=specialist, queue=Queue.UNIT, filters=f).count() == 0
    day = local(2026, 3, 9).date()
    f = selectors.QueueFilters(due_from=day, due_to=day)
    assert selectors.queue_steps(user=specialist, queue=Queue.UNIT, filters=f).count() == 1
    f = selectors.QueueFilters(due_from=local(2026, 3, 10).date())
    assert selectors.queue_steps(user=specialist, queue=Queue.UNIT, filters=f).count() == 0


def test_another_wards_officer_gets_404_for_the_dossier(world):
    dossier = started()
    with pytest.raises(Http404):
        selectors.process_get_for_user(user=user("motcua.minhkhai"), dossier_id=dossier.pk)
    assert selectors.process_get_for_user(user=user("tuphap.bachdang"), dossier_id=dossier.pk)
    # the district above sees its wards
    assert selectors.process_get_for_user(user=user("lanhdao.hbt"), dossier_id=dossier.pk)


def test_queue_reads_take_a_bounded_number_of_queries(world):
    # Given several dossiers in the unit's queue
    for hour in (8, 9, 10):
        started(at=local(2026, 3, 9, hour))
    specialist = user("tuphap.bachdang")
    # When the queue and its counts are read
    with CaptureQueriesContext(connection) as few:
        rows = list(selectors.queue_steps(user=specialist, queue=Queue.UNIT)[:20])
        selectors.queue_counts(user=specialist)
    assert len(rows) == 3
    # Then a couple more dossiers do not add queries
    for hour in (11, 13):
        started(at=local(2026, 3, 9, hour))
    with CaptureQueriesContext(connection) as more:
        rows = list(selectors.queue_steps(user=specialist, queue=Queue.UNIT)[:20])
        selectors.queue_counts(user=specialist)
    assert len(rows) == 5
    assert len(more.captured_queries) == len(few.captured_queries) <= 10
