"""Processing queues at volume: the officer's queues and the leader's overview on a million
dossiers, against a Python filter over every open row.

    .venv/bin/python bench/queues.py            # 1,000,000 dossiers, 4,000,000 step tasks
    .venv/bin/python bench/queues.py --quick    # 25,000 dossiers, 100,000 step tasks (< 1 min)
    .venv/bin/python bench/queues.py --dossiers 250000 --rounds 40

Runs in a child process on a fresh PostgreSQL database created (and dropped) on the server of
``DATABASE_URL`` (default postgres://postgres@127.0.0.1:5432). The organisation, accounts and
demo catalogue are loaded through the services; the volume is written with
``INSERT … SELECT … FROM generate_series`` straight into the tables (the column list is read
from the models, so every NOT NULL column gets its model default and a new field without
one makes the run stop with its name): per dossier its process and four step tasks
(reception, specialist, leader, clerk). 5% of the dossiers are open (in processing), spread
over the district and its 18 wards, due from two days ago to a week ahead; the rest are
finished. Each ward gets a specialist account.

Each round does, for real users through ``motcua.processing.selectors``, what the pages do
(``motcua.processing.views``): the user's scope, the tab counts of a queue page (or the open
dossiers counted by the overview), the first page's 25 ids and those rows, rendered to the
fields the page prints: the specialist's "mine", "unit" and "overdue" pages, the ward chair's
and the district leader's "overdue" page and overview. The baseline answers the same with no
help from the indexes: every open row loaded and filtered, counted and sorted in Python; the
counts and the first page of both must agree or the run stops. Queries per page are counted
(target ≤ 10) and every page's p95 is checked against 100 ms. After loading, ``VACUUM
ANALYZE`` does what autovacuum does after a bulk insert (the counts are index-only scans).

The last line is ``ratio=<baseline p95 / selectors p95> …``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
OPEN_EVERY = 20  # one dossier in 20 is open
DAY = "interval '1 day'"
#: Procedures the synthetic dossiers are filed under (birth, extract copy, certified copy,
#: temporary residence, building permit).
PROCEDURES = ("1.001193", "2.000635", "2.000815", "1.004194", "1.009999")


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


# --- Bulk loading ---------------------------------------------------------------------------


def _literal(field: Any) -> str:
    """SQL for a column the bench does not set: NULL, or the model's default."""
    import datetime as dt
    import json as _json

    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return "now()"
    if field.has_default():
        value = field.get_default()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, (dict, list)):
            return "'" + _json.dumps(value).replace("'", "''") + "'::jsonb"
        if isinstance(value, str):
            return "'" + value.replace("'", "''") + "'"
        if isinstance(value, (dt.date, dt.datetime)):
            return f"'{value.isoformat()}'"
    if field.null:
        return "NULL"
    if field.empty_strings_allowed and field.get_internal_type() in ("CharField", "TextField"):
        return "''"
    raise SystemExit(f"bench/queues.py: no value for {field.model.__name__}.{field.name}")


def _insert(model: Any, source: str, values: dict[str, str]) -> int:
    """INSERT INTO <model's table> (every concrete column) SELECT <values or defaults> FROM
    <source>; returns the rows written."""
    from django.db import connection

    columns, exprs = [], []
    for field in model._meta.concrete_fields:
        columns.append(connection.ops.quote_name(field.column))
        exprs.append(values.pop(field.column) if field.column in values else _literal(field))
    if values:
        raise SystemExit(f"bench/queues.py: unknown columns {sorted(values)} for {model.__name__}")
    # Built from the model's metadata and the bench's own expressions, no outside input.
    sql = (
        f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} "  # noqa: S608
        f"({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return int(cursor.rowcount)


def _reset_sequence(model: Any) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
            f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
        )


def _array(values: list[int]) -> str:
    return "ARRAY[" + ",".join(str(v) for v in values) + "]::bigint[]"


def load(dossiers: int) -> dict[str, Any]:
    """The organisation, accounts, catalogue, one specialist per ward, then the volume."""
    import io

    from django.db import connection, transaction

    from motcua.accounts.models import User
    from motcua.catalog.demo import demo_payloads
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_json, write_json
    from motcua.catalog.models import ProcedureVersion
    from motcua.dossiers.models import Dossier
    from motcua.organizations import services as org_services
    from motcua.organizations.constants import AgencyKind, Role
    from motcua.organizations.demo import seed_accounts, seed_organisation
    from motcua.processing.accounts import seed_processing_accounts
    from motcua.processing.models import DossierProcess, StepTask

    agencies = seed_organisation()
    seed_accounts(agencies)
    seed_processing_accounts(agencies)
    # A slice of the demo catalogue is enough: the queues read only the version's name.
    buffer = io.BytesIO()
    write_json([p for p in demo_payloads() if p["code"] in PROCEDURES], buffer)
    assert catalog_import(read_json(io.BytesIO(buffer.getvalue()))).written
    wards = [a for a in agencies.values() if a.kind == AgencyKind.COMMUNE]
    places = [agencies["hbt"], *wards]
    specialists: list[int] = []
    for ward in places:
        name = "tuphap.bachdang" if ward.code == "hbt-bach-dang" else f"bench.cv.{ward.pk}"
        user = User.objects.filter(username=name).first()
        if user is None:
            user = User.objects.create_user(name, f"{name}@motcua.invalid", None, full_name=name)
            org_services.role_grant(actor=None, user=user, role=Role.SPECIALIST, agency=ward)
        specialists.append(user.pk)
    desk = User.objects.get(username="motcua.bachdang")
    versions = list(
        ProcedureVersion.objects.filter(status__in=["published", "retired"])
        .order_by("id")
        .values_list("id", flat=True)[:40]
    )
    agency_ids = [a.pk for a in places]
    n = len(places)
    started = time.perf_counter()
    with transaction.atomic():
        # i = 1..N; agency = places[i % n]; open when i % OPEN_EVERY == 0.
        is_open = f"(i % {OPEN_EVERY} = 0)"
        received = "(now() - make_interval(hours => (i % 8760)))"
        open_due = f"(now() + make_interval(hours => ((i / {OPEN_EVERY}) % 216) - 48))"
        due = f"(CASE WHEN {is_open} THEN {open_due} ELSE {received} + interval '3 days' END)"
        agency = f"({_array(agency_ids)})[1 + i % {n}]"
        written = _insert(
            Dossier,
            f"generate_series(1, {dossiers}) AS s(i)",
            {
                "id": "i",
                "code": "'BENCH-' || i",
                "procedure_version_id": f"({_array(versions)})[1 + i % {len(versions)}]",
                "receiving_agency_id": agency,
                "competent_agency_id": agency,
                "channel": "CASE WHEN i % 3 = 0 THEN '1' ELSE '2' END",
                "status": f"CASE WHEN {is_open} THEN 'processing' ELSE 'result_returned' END",
                "applicant_name": "'Người nộp ' || i",
                "submitted_by_id": str(desk.pk),
                "submitted_at": received,
                "received_at": received,
                "due_at": due,
                "returned_at": f"CASE WHEN {is_open} THEN NULL ELSE {received} + {DAY} * 2 END",
                "return_mode": f"CASE WHEN {is_open} THEN '' ELSE 'desk' END",
                "tracking_secret": "'BENCHSECRET'",
            },
        )
        _insert(
            DossierProcess,
            f"generate_series(1, {dossiers}) AS s(i)",
            {
                "id": "i",
                "dossier_id": "i",
                "agency_id": agency,
                "state": f"CASE WHEN {is_open} THEN 'active' ELSE 'finished' END",
                "started_at": received,
                "started_by_id": str(desk.pk),
                "original_due_at": due,
                "due_at": due,
                "appointment_at": "NULL",
                "finished_at": f"CASE WHEN {is_open} THEN NULL ELSE {received} + {DAY} END",
                "timeliness": f"CASE WHEN {is_open} THEN '' ELSE 'on_time' END",
            },
        )
        # Step k of dossier i: 1 reception (done), 2 specialist, 3 leader, 4 clerk.
        roles = "(ARRAY['desk_officer','specialist','leader','clerk'])[k]"
        state = (
            f"CASE WHEN NOT {is_open} OR k = 1 THEN 'done' "
            f"WHEN k = 2 AND i % 3 = 0 THEN 'in_progress' WHEN k = 2 THEN 'open' "
            "ELSE 'waiting' END"
        )
        series = (
            f"(SELECT (j - 1) / 4 + 1 AS i, (j - 1) % 4 + 1 AS k "  # noqa: S608
            f"FROM generate_series(1, {dossiers * 4}) AS g(j)) AS s"
        )
        steps = _insert(
            StepTask,
            series,
            {
                "id": "(i - 1) * 4 + k",
                "process_id": "i",
                "dossier_id": "i",
                "process_step_id": "NULL",
                "order": "k",
                "stage": "k",
                "name": roles,
                "role": roles,
                "agency_id": agency,
                "unit_id": "NULL",
                "budget": "0.5",
                "budget_unit": "'working_days'",
                "state": state,
                "assignee_id": f"CASE WHEN {is_open} AND k = 2 AND i % 3 = 0 "
                f"THEN ({_array(specialists)})[1 + i % {n}] ELSE NULL END",
                "started_at": f"CASE WHEN k <= 2 OR NOT {is_open} THEN {received} ELSE NULL END",
                "due_at": f"{due} - make_interval(hours => (4 - k) * 4)",
                "planned_due_at": f"{due} - make_interval(hours => (4 - k) * 4)",
                "finished_at": f"CASE WHEN NOT {is_open} OR k = 1 THEN {received} ELSE NULL END",
            },
        )
    for model in (Dossier, DossierProcess, StepTask):
        _reset_sequence(model)
    # What autovacuum does after a bulk insert: statistics and the visibility map (the
    # queue counts are index-only scans; without the map they would visit the heap).
    vacuum_started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    vacuum_seconds = time.perf_counter() - vacuum_started
    return {
        "dossiers": written,
        "steps": steps,
        "open": written // OPEN_EVERY,
        "agencies": n,
        "load_seconds": round(time.perf_counter() - started - vacuum_seconds, 1),
        "vacuum_seconds": round(vacuum_seconds, 1),
    }


# --- The questions ----------------------------------------------------------------------------


def questions() -> dict[str, Any]:
    """name → (engine callable, baseline callable), each returning ({count name: n}, first
    page). The engine does what the page does (``motcua.processing.views``): the user's
    scope, the tab counts (queue pages) or the dossier count (overview), the first page of
    ids and those rows, rendered to the fields the page prints."""
    from django.utils import timezone

    from motcua.accounts.models import User
    from motcua.processing import selectors
    from motcua.processing.constants import ACTIVE_STEP_STATES, OPEN_PROCESS_STATES, StepState
    from motcua.processing.models import DossierProcess, StepTask
    from motcua.processing.views import PAGE_SIZE

    specialist = User.objects.get(username="tuphap.bachdang")
    ward_leader = User.objects.get(username="chutich.bachdang")
    district_leader = User.objects.get(username="lanhdao.hbt")

    def shown(rows: list[Any]) -> None:
        _ = [(r.dossier.code, r.due_at, r.agency.name) for r in rows]

    def queue_page(user: User, queue: str) -> Any:
        def run() -> tuple[dict[str, int], list[Any]]:
            now = timezone.now()
            scope = selectors.scope_for(user)
            counts = selectors.queue_counts(user=user, now=now, scope=scope)
            qs = selectors.queue_steps(user=user, queue=queue, now=now, scope=scope)
            rows = selectors.page_rows(qs, 0, PAGE_SIZE) if counts[queue] else []
            selectors.at_risk_threshold(scope, now)
            shown(rows)
            return {k: counts[k] for k in ("mine", "unit", "overdue", "agency")}, rows

        return run

    def overview_page(user: User) -> Any:
        def run() -> tuple[dict[str, int], list[Any]]:
            scope = selectors.scope_for(user)
            qs = selectors.agency_processes(user=user, scope=scope)
            total = qs.count()
            rows = selectors.page_rows(qs, 0, PAGE_SIZE) if total else []
            shown(rows)
            return {"agency": total}, rows

        return run

    # Baseline: every open row loaded and filtered, counted and sorted in Python (what the
    # page costs without the indexes).
    def naive_queue(user: User, queue: str) -> Any:
        def run() -> tuple[dict[str, int], list[Any]]:
            scope = selectors.scope_for(user)
            paths = scope.any_paths
            leads = scope.leader_paths
            roles = {(g.agency.path, g.role) for g in scope.grants}
            now = timezone.now()
            rows = StepTask.objects.filter(
                at_desk=False, state__in=ACTIVE_STEP_STATES, dossier__status="processing"
            ).values_list("id", "assignee_id", "state", "role", "agency__path", "due_at")
            hits: dict[str, list[Any]] = {"mine": [], "unit": [], "overdue": []}
            for row in rows:
                _id, assignee, state, role, path, due = row
                if not any(path.startswith(p) for p in paths):
                    continue
                mine = assignee == user.pk and state in (
                    StepState.IN_PROGRESS,
                    StepState.AWAITING_APPROVAL,
                )
                unit = state == StepState.OPEN and any(
                    path.startswith(p) and role == r for p, r in roles
                )
                work = mine or unit or any(path.startswith(p) for p in leads)
                for name, ok in (
                    ("mine", mine),
                    ("unit", unit),
                    ("overdue", work and due is not None and due < now),
                ):
                    if ok:
                        hits[name].append(row)
            counts = {k: len(v) for k, v in hits.items()}
            counts["agency"] = len(_naive_open(leads)) if leads else 0
            page = sorted(hits[queue], key=lambda r: (r[5], r[0]))[:PAGE_SIZE]
            return counts, page

        return run

    def _naive_open(paths: list[str]) -> list[Any]:
        rows = DossierProcess.objects.filter(state__in=OPEN_PROCESS_STATES).values_list(
            "id", "agency__path", "due_at", "dossier__code"
        )
        return [r for r in rows if any(r[1].startswith(p) for p in paths)]

    def naive_overview(user: User) -> Any:
        def run() -> tuple[dict[str, int], list[Any]]:
            hits = _naive_open(selectors.scope_for(user).leader_paths)
            hits.sort(key=lambda r: (r[2], r[0]))
            return {"agency": len(hits)}, hits[:PAGE_SIZE]

        return run

    return {
        "specialist mine": (queue_page(specialist, "mine"), naive_queue(specialist, "mine")),
        "specialist unit": (queue_page(specialist, "unit"), naive_queue(specialist, "unit")),
        "specialist overdue": (
            queue_page(specialist, "overdue"),
            naive_queue(specialist, "overdue"),
        ),
        "ward chair overdue": (
            queue_page(ward_leader, "overdue"),
            naive_queue(ward_leader, "overdue"),
        ),
        "ward chair overview": (overview_page(ward_leader), naive_overview(ward_leader)),
        "district leader overdue": (
            queue_page(district_leader, "overdue"),
            naive_queue(district_leader, "overdue"),
        ),
        "district leader overview": (
            overview_page(district_leader),
            naive_overview(district_leader),
        ),
    }


def child(dossiers: int, rounds: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql":
        raise SystemExit("bench/queues.py needs PostgreSQL")
    facts = load(dossiers)
    asked = questions()
    results: dict[str, Any] = {"facts": facts, "questions": {}}
    engine_all: list[float] = []
    naive_all: list[float] = []
    for name, (engine, naive) in asked.items():
        with CaptureQueriesContext(connection) as captured:
            counts, rows = engine()
        queries = len(captured.captured_queries)
        naive_counts, naive_rows = naive()
        if naive_counts != counts or [r.pk for r in rows] != [r[0] for r in naive_rows]:
            raise SystemExit(
                f"{name}: selectors found {counts} {[r.pk for r in rows]}, "
                f"the Python filter {naive_counts} {[r[0] for r in naive_rows]}"
            )
        engine_samples, naive_samples = [], []
        naive_rounds = max(3, rounds // 5)
        for _round in range(rounds):
            t0 = time.perf_counter()
            engine()
            engine_samples.append((time.perf_counter() - t0) * 1000)
        for _round in range(naive_rounds):
            t0 = time.perf_counter()
            naive()
            naive_samples.append((time.perf_counter() - t0) * 1000)
        engine_all += engine_samples
        naive_all += naive_samples
        results["questions"][name] = {
            "counts": counts,
            "queries": queries,
            "engine_p50": _percentile(engine_samples, 0.5),
            "engine_p95": _percentile(engine_samples, 0.95),
            "naive_p50": _percentile(naive_samples, 0.5),
            "naive_p95": _percentile(naive_samples, 0.95),
        }
    results["engine_p95"] = _percentile(engine_all, 0.95)
    results["engine_p50"] = _percentile(engine_all, 0.5)
    results["engine_mean"] = statistics.fmean(engine_all)
    results["naive_p95"] = _percentile(naive_all, 0.95)
    results["naive_p50"] = _percentile(naive_all, 0.5)
    return results


def _pg_urls(server: str) -> tuple[str, str, str]:
    parsed = urlparse(server)
    name = f"motcua_bench_queues_{os.getpid()}"
    admin = urlunparse(parsed._replace(path="/postgres"))
    return admin, urlunparse(parsed._replace(path=f"/{name}")), name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--quick", action="store_true", help="25,000 dossiers (100,000 step tasks), 20 rounds."
    )
    parser.add_argument("--dossiers", type=int, default=None, help="Dossiers (1,000,000).")
    parser.add_argument("--rounds", type=int, default=None, help="Rounds per question (60).")
    parser.add_argument("--postgres", default=None, help="PostgreSQL server URL.")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    dossiers = args.dossiers or (25_000 if args.quick else 1_000_000)
    rounds = args.rounds or (20 if args.quick else 60)
    if args.child:
        print(json.dumps(child(dossiers, rounds), default=str))
        return

    import tempfile

    import psycopg

    server = args.postgres or os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432"
    admin_url, bench_url, name = _pg_urls(server)
    print(
        f"processing queues bench: {dossiers:,} dossiers ({dossiers * 4:,} step tasks, "
        f"1 in {OPEN_EVERY} open), {rounds} rounds per question; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", LOG_LEVEL="WARNING", TASKS_IMMEDIATE="1")
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            with tempfile.TemporaryDirectory() as tmp:
                out = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        "--dossiers",
                        str(dossiers),
                        "--rounds",
                        str(rounds),
                    ],
                    env={**env, "MOTCUA_VAR_DIR": tmp, "DATABASE_URL": bench_url},
                    capture_output=True,
                    text=True,
                    check=False,
                    cwd=ROOT,
                )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    if out.returncode != 0:
        print(out.stderr[-4000:], file=sys.stderr)
        raise SystemExit(out.returncode)
    r = json.loads(out.stdout.strip().splitlines()[-1])
    facts = r["facts"]
    print(
        f"loaded {facts['dossiers']:,} dossiers, {facts['steps']:,} step tasks, "
        f"{facts['open']:,} open, {facts['agencies']} agencies in {facts['load_seconds']} s "
        f"(then VACUUM ANALYZE {facts['vacuum_seconds']} s)"
    )
    worst_queries = 0
    worst_p95 = 0.0
    for qname, q in r["questions"].items():
        worst_queries = max(worst_queries, q["queries"])
        worst_p95 = max(worst_p95, q["engine_p95"])
        counted = " ".join(f"{k}={v:,}" for k, v in q["counts"].items())
        print(
            f"{qname:<25} queries={q['queries']:>2}  "
            f"page p50={q['engine_p50']:6.1f} p95={q['engine_p95']:6.1f} ms  "
            f"Python filter p50={q['naive_p50']:7.1f} p95={q['naive_p95']:7.1f} ms  ({counted})"
        )
    verdict = "met" if worst_queries <= 10 else "MISSED"
    print(f"queries per page at most {worst_queries}: target <= 10 {verdict}")
    verdict = "met" if worst_p95 <= 100 else "MISSED"
    print(f"slowest page p95 {worst_p95:.1f} ms: target <= 100 ms {verdict}")
    print(
        f"all questions: pages p50={r['engine_p50']:.1f} p95={r['engine_p95']:.1f} ms; "
        f"Python filter p50={r['naive_p50']:.1f} p95={r['naive_p95']:.1f} ms"
    )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(
        f"ratio={r['naive_p95'] / r['engine_p95']:.1f} queue pages and leader overview "
        "(counts + first page through the selectors) vs Python filter over all open rows, p95"
    )


if __name__ == "__main__":
    main()
