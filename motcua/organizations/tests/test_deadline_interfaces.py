"""The command and the API answer the same question the same way, and refuse bad input."""

from __future__ import annotations

import datetime as dt
import random
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from rest_framework.test import APIClient

from motcua.organizations.deadlines import deadline_compute

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
URL = "/api/v1/calendar/deadline"


def run_command(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "limit", "unit", "due"),
    [
        ("2026-02-13T10:00+07:00", "3", "working_days", "2026-02-25T17:00:00+07:00"),
        ("2026-08-21T11:00+07:00", "1", "working_days", "2026-08-22T17:00:00+07:00"),
        ("2026-03-06T15:00+07:00", "4", "working_hours", "2026-03-09T10:00:00+07:00"),
        ("2026-03-09T15:01+07:00", "1", "same_day", "2026-03-10T17:00:00+07:00"),
    ],
)
def test_worked_examples_through_command_and_api(start, limit, unit, due):
    # Given the worked examples of the deadline policy
    # When asked through the command and through the API
    line = run_command("--start", start, "--limit", limit, "--unit", unit)
    body = APIClient().get(URL, {"start": start, "limit": limit, "unit": unit}).json()
    # Then both print the statutory due instant with its offset
    assert line == due
    assert body["due"] == due


@pytest.mark.django_db
def test_command_and_api_agree_on_thousands_of_random_cases(demo_org):
    # Given a seeded random mix of starts, units, limits, pauses and agencies
    rng = random.Random(20260306)
    client = APIClient()
    units = ["working_days", "working_hours", "same_day", "days", "months"]
    agencies = [None, "hbt", "hbt-bach-dang"]
    base = dt.datetime(2025, 1, 1, tzinfo=TZ)
    cases = 2000
    for _ in range(cases):
        start = base + dt.timedelta(minutes=rng.randrange(0, 3 * 365 * 24 * 60))
        unit = rng.choice(units)
        limit = 1 if unit == "same_day" else rng.randint(1, 60 if unit != "months" else 6)
        args = ["--start", start.isoformat(), "--limit", str(limit), "--unit", unit]
        params: dict[str, object] = {"start": start.isoformat(), "limit": limit, "unit": unit}
        pauses = []
        if rng.random() < 0.3:
            p = start + dt.timedelta(hours=rng.randint(1, 100))
            r = p + dt.timedelta(hours=rng.randint(1, 200))
            pauses.append(f"{p.isoformat()}/{r.isoformat()}")
            args += ["--pause", pauses[0]]
            params["pause"] = pauses
        agency = rng.choice(agencies)
        if agency:
            args += ["--agency", agency]
            params["agency"] = agency
        # When both interfaces answer
        line = run_command(*args)
        response = client.get(URL, params)
        # Then they give the same instant
        assert response.status_code == 200, response.content
        assert response.json()["due"] == line, (args, response.json())


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"start": "2026-03-06T15:00+07:00", "limit": "4", "unit": "fortnights"}, "unit"),
        ({"start": "2026-03-06T15:00+07:00", "limit": "-1", "unit": "working_days"}, "limit"),
        ({"start": "6/3/2026 15h", "limit": "4", "unit": "working_days"}, "start"),
        (
            {
                "start": "2026-03-06T15:00+07:00",
                "limit": "4",
                "unit": "working_days",
                "pause": "2026-03-09T10:00+07:00/2026-03-09T09:00+07:00",
            },
            "pause",
        ),
        (
            {
                "start": "2026-03-06T15:00+07:00",
                "limit": "4",
                "unit": "working_days",
                "agency": "khong-co",
            },
            "agency",
        ),
    ],
)
def test_bad_input_is_refused_with_the_field_named(params, field):
    # Given one bad parameter
    # When the API is asked
    response = APIClient().get(URL, params)
    # Then it answers 400 with detail and the field's error
    assert response.status_code == 400
    body = response.json()
    assert set(body) >= {"detail", "errors"}
    assert field in body["errors"]
    # And the command exits with code 2 and names the field
    args = []
    for key, value in params.items():
        args += [f"--{key}", value]
    with pytest.raises(CommandError) as excinfo:
        run_command(*args)
    assert excinfo.value.returncode == 2
    assert str(excinfo.value).startswith(field) or f"\n{field}:" in str(excinfo.value)


@pytest.mark.django_db
def test_missing_parameters_are_named():
    response = APIClient().get(URL, {"limit": "3"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"start", "unit"}


@pytest.mark.django_db
def test_agency_day_off_moves_the_due_date(demo_org, user_named):
    # Given the ward declares Monday 2 March 2026 a day off (its own decision)
    from motcua.organizations.services import calendar_day_set

    ward = demo_org["hbt-bach-dang"]
    calendar_day_set(
        actor=user_named("quantri.bachdang"),
        agency=ward,
        date=dt.date(2026, 3, 2),
        kind="day_off",
        reason="QĐ nghỉ bù",
    )
    # When a 1-working-day dossier is received on Friday 27 February
    national = deadline_compute(start="2026-02-27T09:00+07:00", limit=1, unit="working_days")
    at_ward = deadline_compute(
        start="2026-02-27T09:00+07:00", limit=1, unit="working_days", agency_code=ward.code
    )
    sibling = deadline_compute(
        start="2026-02-27T09:00+07:00", limit=1, unit="working_days", agency_code="hbt-minh-khai"
    )
    # Then only the ward's appointment moves to Tuesday
    assert national.due.date() == dt.date(2026, 3, 2)
    assert at_ward.due.date() == dt.date(2026, 3, 3)
    assert sibling.due.date() == dt.date(2026, 3, 2)
