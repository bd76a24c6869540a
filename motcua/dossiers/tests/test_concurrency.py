"""Under real concurrency (PostgreSQL): one key gives one dossier; codes never collide."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections, transaction
from django.utils import timezone

from motcua.dossiers import services
from motcua.dossiers.applicants import Applicant
from motcua.dossiers.constants import Channel, Status
from motcua.dossiers.lifecycle import NEW
from motcua.dossiers.models import Dossier, DossierEvent, DossierFile
from motcua.dossiers.services.common import SUBMISSION_FIELDS, _finish_submission
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


def test_200_concurrent_distinct_filings_through_the_full_service(user_named, intake_catalogue):
    # Given 200 different filings (files checked and stored) to the same ward on the same day
    resident = user_named("dan.nguyenvanan")
    version_, ward = version(BIRTH), agency("hbt-bach-dang")
    # When 24 workers file them at once through the whole online-filing service
    codes = _in_threads(200, 24, lambda i: _file(resident, version_, ward, f"key-{i}").code)
    # Then there are 200 dossiers with distinct codes numbered 1…200, each with its files
    assert Dossier.objects.count() == 200
    assert sorted(int(c.rsplit("-", 1)[1]) for c in codes) == list(range(1, 201))
    assert DossierFile.objects.count() == 400


def _code_and_insert(resident: Any, version_: Any, ward: Any, key: str) -> str:
    """The part of a filing that races: insert the dossier, take its code, append its event
    (with the listeners of the event log), in one transaction, as the filing service does."""
    now = timezone.now()
    with transaction.atomic():
        dossier = Dossier.objects.create(
            procedure_version=version_,
            receiving_agency=ward,
            competent_agency=ward,
            channel=Channel.ONLINE,
            status=Status.DRAFT,
            applicant_user=resident,
            submitted_by=resident,
            eform_data=BIRTH_FORM,
            idempotency_key=key,
            **Applicant.from_user(resident).as_fields(),
        )
        _finish_submission(dossier, actor=resident, now=now, key=key, from_status=NEW)
        dossier.save(update_fields=SUBMISSION_FIELDS)
    return str(dossier.code)


def test_2000_concurrent_distinct_submissions_get_2000_distinct_codes(user_named, intake_catalogue):
    # Given 2,000 different submissions to the same ward on the same day
    resident = user_named("dan.nguyenvanan")
    version_, ward = version(BIRTH), agency("hbt-bach-dang")
    # When 24 workers insert them and take their codes at once (the service's own steps;
    # the files are left out, the full path is raced above with 200)
    codes = _in_threads(2000, 24, lambda i: _code_and_insert(resident, version_, ward, f"key-{i}"))
    # Then there are 2,000 dossiers with 2,000 distinct, well-formed codes numbered 1…2000
    assert Dossier.objects.count() == 2000
    assert len(set(codes)) == 2000
    numbers = sorted(int(c.rsplit("-", 1)[1]) for c in codes)
    assert numbers == list(range(1, 2001))
    # And each has its one submit event, in an unbroken chain
    assert DossierEvent.objects.filter(action="submit").count() == 2000
    from motcua.dossiers.events import dossier_events_verify

    assert not list(dossier_events_verify())
