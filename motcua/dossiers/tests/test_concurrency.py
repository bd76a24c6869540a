"""Under real concurrency (PostgreSQL): one key gives one dossier; codes never collide."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections

from motcua.dossiers import services
from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.files import png_bytes
from motcua.dossiers.tests.helpers import BIRTH, BIRTH_FORM, agency, version

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")


def _in_threads(count: int, workers: int, job: Any) -> list[Any]:
    barrier = threading.Barrier(min(count, workers))

    def run(i: int) -> Any:
        try:
            if i < workers:
                barrier.wait(timeout=30)  # start the first wave together
            return job(i)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run, range(count)))


def _file(resident: Any, version_: Any, ward: Any, key: str) -> Dossier:
    dossier, _created = services.dossier_file_online(
        actor=resident,
        version=version_,
        agency=ward,
        applicant=None,
        eform_data=BIRTH_FORM,
        uploads={1: [ContentFile(PDF, "a.png")], 2: [ContentFile(PDF, "b.png")]},
        idempotency_key=key,
    )
    return dossier


PDF = png_bytes()  # small and quick to check: the test is about the database


def test_200_concurrent_submits_with_one_key_make_one_dossier(user_named, intake_catalogue):
    # Given a resident and 200 simultaneous submissions carrying the same Idempotency-Key
    resident = user_named("dan.nguyenvanan")
    version_, ward = version(BIRTH), agency("hbt-bach-dang")
    # When they all run at once
    results = _in_threads(200, 24, lambda i: _file(resident, version_, ward, "one-key").pk)
    # Then every caller got the same dossier and only one exists, with one submit event
    assert len(set(results)) == 1
    assert Dossier.objects.count() == 1
    assert DossierEvent.objects.filter(action="submit").count() == 1


def test_200_concurrent_submits_of_one_draft_submit_it_once(user_named, intake_catalogue):
    from motcua.dossiers.tests.helpers import draft_with_files

    resident = user_named("dan.nguyenvanan")
    draft = draft_with_files(resident)
    results = _in_threads(
        200,
        24,
        lambda i: services.dossier_submit(actor=resident, dossier=draft, idempotency_key="k").code,
    )
    assert len(set(results)) == 1
    assert Dossier.objects.get().status == Status.SUBMITTED
    assert DossierEvent.objects.filter(action="submit").count() == 1


def test_2000_concurrent_distinct_submissions_get_2000_distinct_codes(user_named, intake_catalogue):
    # Given 2,000 different submissions to the same ward on the same day
    resident = user_named("dan.nguyenvanan")
    version_, ward = version(BIRTH), agency("hbt-bach-dang")
    # When 24 workers file them at once
    codes = _in_threads(2000, 24, lambda i: _file(resident, version_, ward, f"key-{i}").code)
    # Then there are 2,000 dossiers with 2,000 distinct, well-formed codes numbered 1…2000
    assert Dossier.objects.count() == 2000
    assert len(set(codes)) == 2000
    numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
    assert numbers == list(range(1, 2001))
