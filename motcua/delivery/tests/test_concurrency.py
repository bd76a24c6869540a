"""Under real concurrency (PostgreSQL): a result is returned once, a dossier is rated once."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection, connections

from motcua.delivery import services
from motcua.delivery.constants import RecipientRelation
from motcua.delivery.models import Rating, ResultReturn
from motcua.delivery.tests.helpers import processed_dossier
from motcua.dossiers.constants import Action
from motcua.dossiers.lifecycle import DossierConflict
from motcua.dossiers.models import DossierEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


def _together(jobs: list[Any]) -> list[str]:
    barrier = threading.Barrier(len(jobs))

    def run(job: Any) -> str:
        try:
            barrier.wait(timeout=30)
            job()
            return "ok"
        except DossierConflict:
            return "conflict"
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        return list(pool.map(run, jobs))


def test_desk_post_and_download_race_one_return(user_named, world):
    # Given a processed dossier
    dossier = processed_dossier(user_named)
    officer = user_named("motcua.bachdang")
    owner = user_named("dan.nguyenvanan")
    # When the desk hands it over, another officer posts it and the owner downloads it at once
    outcomes = _together(
        [
            lambda: services.result_return_at_desk(
                actor=officer,
                dossier=dossier,
                recipient_name="Nguyễn Văn An",
                recipient_relation=RecipientRelation.SELF,
                recipient_id_number="001090012345",
            ),
            lambda: services.result_send_by_post(
                actor=officer, dossier=dossier, postal_service="VNPost", tracking_number="EB1VN"
            ),
            lambda: services.result_download(user=owner, dossier=dossier),
        ]
    )
    # Then exactly one return is recorded, with one event
    assert ResultReturn.objects.filter(dossier=dossier).count() == 1
    assert DossierEvent.objects.filter(dossier=dossier, action=Action.RETURN_RESULT).count() == 1
    assert outcomes.count("conflict") in (1, 2)  # a download after the return is still served


def test_two_ratings_at_once_keep_one(user_named, world):
    dossier = processed_dossier(user_named)
    owner = user_named("dan.nguyenvanan")
    services.result_download(user=owner, dossier=dossier)
    outcomes = _together(
        [
            lambda: services.rating_submit(dossier=dossier, actor=owner, value="satisfied"),
            lambda: services.rating_submit(
                dossier=dossier, secret=dossier.tracking_secret, value="dissatisfied"
            ),
        ]
    )
    assert sorted(outcomes) == ["conflict", "ok"]
    assert Rating.objects.filter(dossier=dossier).count() == 1
