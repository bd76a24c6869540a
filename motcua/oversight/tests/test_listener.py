"""Counters move with the real intake services, in the same transaction as each event."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction

from motcua.dossiers import services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import Channel
from motcua.dossiers.tests.helpers import BIRTH, agency, local, version
from motcua.oversight import selectors
from motcua.oversight.constants import Measure
from motcua.oversight.models import DossierFact
from motcua.oversight.periods import month

pytestmark = pytest.mark.django_db


def _walk_in(officer: Any, at: Any, channel: str = Channel.IN_PERSON) -> Any:
    dossier = services.dossier_receive_at_desk(
        actor=officer,
        version=version(BIRTH),
        receiving_agency=agency("hbt-bach-dang"),
        competent_agency=agency("hbt-bach-dang"),
        channel=channel,
        applicant=Applicant(name="Nguyễn Văn An", id_number="001090012345", phone="0912345678"),
        at=at,
    )
    services.dossier_checklist_save(
        actor=officer,
        dossier=dossier,
        checks=[
            services.ComponentCheck(
                row.pk,
                received=True,
                original_seen=True,
                copy_kind="present_original",
                quantity=1,
            )
            for row in dossier.components.all()
        ],
    )
    return dossier


def test_desk_answers_move_the_counters_and_a_rebuild_agrees(catalogue, user_named):
    # Given three walk-ins at Bạch Đằng on Tuesday 10 March 2026
    officer = user_named("motcua.bachdang")
    first = _walk_in(officer, local(2026, 3, 10, 8, 15))
    second = _walk_in(officer, local(2026, 3, 10, 8, 30), Channel.POSTAL)
    third = _walk_in(officer, local(2026, 3, 10, 8, 45))
    # When the desk accepts the first, refuses the second and the applicant withdraws the third
    services.dossier_accept(actor=officer, dossier=first, at=local(2026, 3, 10, 9))
    services.dossier_refuse(
        actor=officer, dossier=second, reason="Không thuộc thẩm quyền", at=local(2026, 3, 10, 9)
    )
    services.dossier_accept(actor=officer, dossier=third, at=local(2026, 3, 10, 9, 5))
    services.dossier_withdraw(
        actor=user_named("dan.nguyenvanan"), dossier=third, at=local(2026, 3, 11, 9)
    )
    # Then the March counters of the ward and of the district show it
    for code in ("hbt-bach-dang", "hbt"):
        flows = selectors.flows_for(agency=agency(code), period=month(2026, 3))
        assert flows.n(Measure.RECEIVED) == 2
        assert flows.n(Measure.RECEIVED, Channel.IN_PERSON) == 2
        assert flows.n(Measure.REFUSED) == 1
        assert flows.n(Measure.WITHDRAWN) == 1
    # And the accepted dossier is open with the appointment the desk gave
    fact = DossierFact.objects.get(pk=first.pk)
    first.refresh_from_db()
    assert fact.due_at == first.due_at
    assert fact.outcome == ""
    # And a rebuild from the event log finds nothing to repair
    out = StringIO()
    call_command("oversight_rebuild", "--check", stdout=out)
    assert "khớp" in out.getvalue()


def test_a_change_that_fails_leaves_no_counter_behind(catalogue, user_named):
    # Given a walk-in waiting for the desk
    officer = user_named("motcua.bachdang")
    dossier = _walk_in(officer, local(2026, 3, 10, 8, 15))

    # When the acceptance's transaction is rolled back after the event was written
    def accept_then_fail() -> None:
        with transaction.atomic():
            services.dossier_accept(actor=officer, dossier=dossier, at=local(2026, 3, 10, 9))
            raise RuntimeError("rolled back")

    with pytest.raises(RuntimeError):
        accept_then_fail()
    # Then no dossier was counted as received
    flows = selectors.flows_for(agency=agency("hbt"), period=month(2026, 3))
    assert flows.n(Measure.RECEIVED) == 0


def test_an_online_submission_costs_oversight_one_statement(
    catalogue, user_named, settings, tmp_path
):
    # Given a resident's complete draft at Bạch Đằng (files stored in a temporary folder)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers.events import _LISTENERS
    from motcua.dossiers.tests.helpers import draft_with_files
    from motcua.oversight.rollups import on_dossier_event

    settings.MEDIA_ROOT = str(tmp_path)
    resident = user_named("dan.nguyenvanan")
    draft = draft_with_files(resident, at=local(2026, 3, 10, 8))
    assert not DossierFact.objects.filter(pk=draft.pk).exists()
    # When it is submitted (the day's code counter is held until commit)
    assert on_dossier_event in _LISTENERS
    with CaptureQueriesContext(connection) as queries:
        dossier = services.dossier_submit(
            actor=resident, dossier=draft, idempotency_key="k-one", at=local(2026, 3, 10, 8, 5)
        )
    # Then oversight wrote the dossier's fact row in one statement, counting nothing yet
    ours = [q["sql"] for q in queries.captured_queries if "oversight_" in q["sql"]]
    assert len(ours) == 1
    assert ours[0].startswith("INSERT INTO oversight_dossierfact")
    fact = DossierFact.objects.get(pk=dossier.pk)
    assert fact.code == dossier.code
    assert fact.agency_path == dossier.competent_agency.path
    assert fact.received_at is None
    assert fact.last_seq == dossier.event_seq
    # And once received, counters and a rebuild from the log agree
    services.dossier_accept(
        actor=user_named("motcua.bachdang"), dossier=dossier, at=local(2026, 3, 10, 9)
    )
    flows = selectors.flows_for(agency=agency("hbt-bach-dang"), period=month(2026, 3))
    assert flows.n(Measure.RECEIVED, Channel.ONLINE) == 1
    out = StringIO()
    call_command("oversight_rebuild", "--check", stdout=out)
    assert "khớp" in out.getvalue()
