"""Decision 766 index from the oversight roll-ups vs a direct SQL aggregate over the dossiers.

Usage: .venv/bin/python bench/dashboard.py [--quick | --big] [--count N] [--sqlite]
                                           [--postgres URL] [--keep]

The bench creates its own database (PostgreSQL at 127.0.0.1:5432 by default, a database made
for the run and dropped afterwards; ``--sqlite``: a file in a temporary folder), migrates it,
and writes:

* 150 agencies: one province, 10 districts, 139 communes (materialised paths as the
  organisation services keep them);
* N dossiers over three years (2023–2025; default 1,000,000, ``--quick`` 100,000, ``--big``
  10,000,000 on PostgreSQL) as oversight's per-dossier facts (``oversight_dossierfact``, the
  row the event-log listener keeps for every dossier: channel, procedure, field, receipt,
  due instant, pauses, supplements, ending and its class, processing seconds, digitised,
  reused, fee and online payment, return and rating), loaded with COPY (PostgreSQL) or
  executemany (SQLite) in chunks;
* the roll-up rows exactly as the listener produces them: every fact goes through
  ``motcua.oversight.facts.contributions`` and ``motcua.oversight.rollups._keys`` (daily
  counters per agency/procedure/field/channel/day/measure, monthly counters per ancestor),
  summed per chunk into a staging table and then grouped into the two counter tables.

Then it times, p50 and p95 over repeated runs, ``selectors.index_for`` (the whole index with
every indicator of §9) for the province over 2025 and for one commune over one month, and
the same figures computed by one direct SQL aggregate over the dossier facts of the
subtree; it checks that every indicator's numerator and denominator are equal both ways.

Last line: ``ratio=<direct p95 / index p95, province-year> index from roll-ups vs direct
aggregate, p95``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 200_000
PROCEDURES = 40
FIELDS = 8


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _setup(db_url: str | None, var_dir: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.pop("DATABASE_URL", None)
    if db_url:
        os.environ["DATABASE_URL"] = db_url
    os.environ["MOTCUA_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def _agencies() -> tuple[Any, list[Any]]:
    from motcua.organizations.models import Agency

    def make(code: str, name: str, kind: str, parent: Any) -> Any:
        agency = Agency.objects.create(code=code, name=name, kind=kind, parent=parent)
        agency.path = (parent.path if parent else "/") + f"{agency.pk}/"
        agency.save(update_fields=["path"])
        return agency

    province = make("bench-p", "Tỉnh thử nghiệm", "province", None)
    districts = [make(f"bench-d{i}", f"Huyện {i}", "district", province) for i in range(10)]
    communes = [make(f"bench-c{i}", f"Xã {i}", "commune", districts[i % 10]) for i in range(139)]
    return province, [*districts, *communes]


FACT_COLUMNS = [
    "dossier_id",
    "code",
    "agency_id",
    "agency_path",
    "receiving_agency_id",
    "procedure_id",
    "field_id",
    "channel",
    "received_at",
    "limit_value",
    "limit_unit",
    "due_at",
    "pauses",
    "pause_open_at",
    "supplements",
    "intake_supplements",
    "finished_at",
    "outcome",
    "processing_seconds",
    "full_process_eligible",
    "full_process",
    "digitised",
    "reused",
    "fee_bearing",
    "paid_online_at",
    "returned_at",
    "returned_electronic",
    "rating",
    "rated_at",
    "last_seq",
]
ZONE = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2023, 1, 1, tzinfo=ZONE)
END = dt.datetime(2026, 1, 1, tzinfo=ZONE)
NOW = dt.datetime(2026, 1, 10, 12, tzinfo=ZONE)


def _fact(i: int, rng: random.Random, agencies: list[Any]) -> SimpleNamespace:
    agency = (
        agencies[rng.randrange(len(agencies))]
        if rng.random() < 0.1
        else agencies[10 + rng.randrange(len(agencies) - 10)]
    )
    span = (END - START).total_seconds()
    received = START + dt.timedelta(seconds=int(rng.random() * span))
    received = received.replace(hour=rng.choice([8, 9, 10, 11, 13, 14, 15, 16]))
    procedure = rng.randrange(1, PROCEDURES + 1)
    channel = rng.choices("123", weights=[55, 35, 10])[0]
    eligible = procedure % 3 != 0
    due = (received + dt.timedelta(days=rng.choice([3, 4, 5, 7, 12]))).replace(
        hour=17, minute=0, second=0
    )
    f = SimpleNamespace(
        dossier_id=i,
        code=f"B-{i}",
        agency_id=agency.pk,
        agency_path=agency.path,
        receiving_agency_id=agency.pk,
        procedure_id=procedure,
        field_id=1 + procedure % FIELDS,
        channel=channel,
        received_at=received,
        limit_value=3,
        limit_unit="working_days",
        due_at=due,
        pauses=[],
        pause_open_at=None,
        supplements=0,
        intake_supplements=rng.choice([0, 0, 0, 1]),
        finished_at=None,
        outcome="",
        processing_seconds=None,
        full_process_eligible=eligible,
        full_process=eligible and channel == "2" and rng.random() < 0.7,
        digitised=rng.random() < 0.7,
        reused=rng.random() < 0.3,
        fee_bearing=procedure % 4 == 0,
        paid_online_at=None,
        returned_at=None,
        returned_electronic=False,
        rating="",
        rated_at=None,
        last_seq=6,
    )
    if f.fee_bearing and rng.random() < 0.4:
        f.paid_online_at = received + dt.timedelta(hours=1)
    r = rng.random()
    if r < 0.02:
        f.supplements = 1
        if received > NOW - dt.timedelta(days=20):
            f.pause_open_at = received + dt.timedelta(days=1)
    if r > 0.995:
        f.supplements = 2
    finish = received + dt.timedelta(days=rng.choice([1, 2, 3, 3, 4, 5, 6, 8]), hours=1)
    if finish.replace(hour=17, minute=0) == due and rng.random() < 0.2:
        finish = due
    # 0.5% never finish (stuck dossiers, overdue for ever); the rest finish unless recent.
    if finish < NOW and f.pause_open_at is None and rng.random() < 0.995:
        ending = rng.random()
        f.finished_at = finish
        if ending < 0.03:
            f.outcome = "withdrawn"
        elif ending < 0.05:
            f.outcome = "refused"
        else:
            if f.supplements > 1 or finish > due:
                f.outcome = "late"
            elif finish == due:
                f.outcome = "on_time"
            else:
                f.outcome = "early"
            f.processing_seconds = rng.randrange(3600, 8 * 3600 * 10)
            if rng.random() < 0.8:
                f.returned_at = finish + dt.timedelta(hours=2)
                f.returned_electronic = rng.random() < 0.4
                if rng.random() < 0.3:
                    f.rating = rng.choice(["very_satisfied", "satisfied", "dissatisfied"])
                    f.rated_at = f.returned_at + dt.timedelta(days=1)
    return f


def _load(count: int, agencies: list[Any], seed: int = 11) -> float:
    from django.db import connection

    from motcua.oversight.facts import contributions
    from motcua.oversight.rollups import _keys

    rng = random.Random(seed)
    pg = connection.vendor == "postgresql"
    ops = connection.ops
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE bench_day (agency_id bigint, day date, procedure_id bigint, "
            "field_id bigint, channel varchar(1), measure varchar(24), n bigint, total bigint)"
        )
        cursor.execute(
            "CREATE TABLE bench_month (agency_id bigint, month date, channel varchar(1), "
            "measure varchar(24), n bigint, total bigint)"
        )
    done = 0
    while done < count:
        size = min(CHUNK, count - done)
        facts = [_fact(done + k + 1, rng, agencies) for k in range(size)]
        days: dict[tuple[Any, ...], list[int]] = {}
        months: dict[tuple[Any, ...], list[int]] = {}
        for f in facts:
            d, m = _keys(f, contributions(f))  # type: ignore[arg-type]
            for key, v in d.items():
                row = days.setdefault(key, [0, 0])
                row[0] += v[0]
                row[1] += v[1]
            for key, v in m.items():
                row = months.setdefault(key, [0, 0])
                row[0] += v[0]
                row[1] += v[1]
        rows = [[getattr(f, c) for c in FACT_COLUMNS] for f in facts]
        json_at = FACT_COLUMNS.index("pauses")
        for row in rows:
            row[json_at] = "[]"
        with connection.cursor() as cursor:
            if pg:
                raw = cursor.cursor
                cols = ", ".join(FACT_COLUMNS)
                with raw.copy(f"COPY oversight_dossierfact ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                with raw.copy("COPY bench_day FROM STDIN") as copy:
                    for key, v in days.items():
                        copy.write_row((*key, v[0], v[1]))
                with raw.copy("COPY bench_month FROM STDIN") as copy:
                    for key, v in months.items():
                        copy.write_row((*key, v[0], v[1]))
            else:
                dt_cols = {i for i, c in enumerate(FACT_COLUMNS) if c.endswith("_at")}
                for row in rows:
                    for i in dt_cols:
                        if row[i] is not None:
                            row[i] = ops.adapt_datetimefield_value(row[i])
                marks = ", ".join(["%s"] * len(FACT_COLUMNS))
                cursor.executemany(
                    f"INSERT INTO oversight_dossierfact ({', '.join(FACT_COLUMNS)}) "  # noqa: S608
                    f"VALUES ({marks})",
                    rows,
                )
                cursor.executemany(
                    "INSERT INTO bench_day VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    [(k[0], k[1].isoformat(), *k[2:], v[0], v[1]) for k, v in days.items()],
                )
                cursor.executemany(
                    "INSERT INTO bench_month VALUES (%s, %s, %s, %s, %s, %s)",
                    [(k[0], k[1].isoformat(), *k[2:], v[0], v[1]) for k, v in months.items()],
                )
        done += size
        print(f"  {done:,} dossiers written ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO oversight_rollup (agency_id, day, procedure_id, field_id, channel, "
            "measure, n, total) SELECT agency_id, day, procedure_id, field_id, channel, measure, "
            "SUM(n), SUM(total) FROM bench_day GROUP BY agency_id, day, procedure_id, field_id, "
            "channel, measure"
        )
        cursor.execute(
            "INSERT INTO oversight_rollupmonth (agency_id, month, channel, measure, n, total) "
            "SELECT agency_id, month, channel, measure, SUM(n), SUM(total) FROM bench_month "
            "GROUP BY agency_id, month, channel, measure"
        )
        cursor.execute("DROP TABLE bench_day")
        cursor.execute("DROP TABLE bench_month")
    # As autovacuum would leave a live database: statistics and the visibility map.
    with connection.cursor() as cursor:  # autocommit: VACUUM runs outside a transaction
        cursor.execute("VACUUM ANALYZE" if pg else "ANALYZE")
    return time.perf_counter() - started


IN_PERIOD = "{c} >= %(lo)s AND {c} < %(hi)s"
RECEIVED = IN_PERIOD.format(c="received_at")
FINISHED = IN_PERIOD.format(c="finished_at")
RETURNED = IN_PERIOD.format(c="returned_at")
OPEN_AT = "received_at < %(at)s AND (finished_at IS NULL OR finished_at >= %(at)s)"
OVERDUE_AT = (
    "((due_at < %(at)s AND NOT (pause_open_at IS NOT NULL AND pause_open_at < %(at)s"
    " AND finished_at IS NULL)) OR supplements > 1)"
)
GOOD = "outcome IN ('early', 'on_time')"
SUMS = [
    (RECEIVED, "1"),
    (f"{RECEIVED} AND channel = '2'", "1"),
    (f"{RECEIVED} AND full_process_eligible", "1"),
    (f"{RECEIVED} AND full_process", "1"),
    (f"{RECEIVED} AND digitised", "1"),
    (f"{RECEIVED} AND reused", "1"),
    (f"{RECEIVED} AND fee_bearing", "1"),
    (f"{RECEIVED} AND fee_bearing AND paid_online_at IS NOT NULL", "1"),
    (f"{FINISHED} AND {GOOD}", "1"),
    (f"{FINISHED} AND outcome = 'late'", "1"),
    (f"{FINISHED} AND processing_seconds IS NOT NULL", "processing_seconds"),
    (f"{FINISHED} AND processing_seconds IS NOT NULL", "1"),
    (RETURNED, "1"),
    (f"{RETURNED} AND returned_electronic", "1"),
    (OPEN_AT, "1"),
    (f"{OPEN_AT} AND {OVERDUE_AT}", "1"),
    (
        "rating = 'dissatisfied' AND " + IN_PERIOD.format(c="rated_at"),
        "1",
    ),
]
DIRECT_SQL = (  # our own fixed fragments, no input
    "SELECT "  # noqa: S608
    + ", ".join(f"SUM(CASE WHEN {cond} THEN {value} ELSE 0 END)" for cond, value in SUMS)
    + " FROM oversight_dossierfact WHERE agency_id IN ({ids})"
)


def direct(agency: Any, period: Any) -> dict[str, tuple[int, int]]:
    """The indicators' numerators and denominators by one scan of the subtree's dossiers."""
    from django.db import connection

    from motcua.organizations.models import Agency
    from motcua.oversight.selectors import period_end_instant

    ids = Agency.objects.filter(path__startswith=agency.path).values_list("pk", flat=True)
    sql = DIRECT_SQL.replace("{ids}", ", ".join(str(int(i)) for i in ids))
    lo, hi = period.bounds()
    at = period_end_instant(period, NOW)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {"lo": adapt(lo), "hi": adapt(hi), "at": adapt(at)},
        )
        (
            received,
            online,
            eligible,
            full,
            digitised,
            reused,
            fee,
            paid,
            good,
            late,
            seconds,
            timed,
            returned,
            electronic,
            open_,
            overdue,
            unhappy,
        ) = [int(v or 0) for v in cursor.fetchone()]
    resolved = good + late
    return {
        "progress": (good + open_ - overdue, resolved + open_),
        "avg_days": (seconds, timed),
        "full_process": (full, eligible),
        "online_share": (online, received),
        "paid_online": (paid, fee),
        "dossier_satisfaction": (max(0, resolved - late - unhappy), resolved),
        "electronic_result": (electronic, returned),
        "digitised": (digitised, received),
        "reused": (reused, received),
    }


def from_rollups(agency: Any, period: Any) -> dict[str, tuple[int, int]]:
    from motcua.oversight.selectors import index_for

    result = index_for(agency=agency, period=period, now=NOW)
    return {
        code: (result.get(code).numerator or 0, result.get(code).denominator or 0)
        for code in (
            "progress",
            "avg_days",
            "full_process",
            "online_share",
            "paid_online",
            "dossier_satisfaction",
            "electronic_result",
            "digitised",
            "reused",
        )
    }


def _profile(fn: Any) -> None:
    """Print each query of one index run with its time (BENCH_PROFILE=1)."""
    from django.db import connection

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            print(f"    {(time.perf_counter() - started) * 1000:7.1f} ms  {sql[:110]}")

    started = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        fn()
    print(f"    total {(time.perf_counter() - started) * 1000:.1f} ms")


def _time(fn: Any, runs: int) -> tuple[list[float], Any]:
    samples = []
    out = None
    for _ in range(runs):
        started = time.perf_counter()
        out = fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, out


def run(count: int, db_url: str | None, rounds: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        _setup(db_url, tmp)
        from django.core.management import call_command
        from django.db import connection

        from motcua.oversight.periods import month, year_period

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(
            f"database: {connection.vendor}; migrated in {time.perf_counter() - started:.0f} s",
            flush=True,
        )
        province, agencies = _agencies()
        load_seconds = _load(count, agencies)
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM oversight_rollup")
            day_rows = cursor.fetchone()[0]
            cursor.execute("SELECT COUNT(*) FROM oversight_rollupmonth")
            month_rows = cursor.fetchone()[0]
        print(
            f"loaded {count:,} dossiers, {day_rows:,} daily and {month_rows:,} monthly "
            f"counter rows in {load_seconds:.0f} s",
            flush=True,
        )
        commune = agencies[10 + 7]
        cases = {
            "province-year": (province, year_period(2025)),
            "commune-month": (commune, month(2025, 11)),
        }
        out: dict[str, Any] = {
            "count": count,
            "vendor": connection.vendor,
            "day_rows": day_rows,
            "month_rows": month_rows,
            "load_seconds": load_seconds,
        }
        for name, (agency, period) in cases.items():
            from_rollups(agency, period)  # warm caches (calendar, plans)
            direct(agency, period)
            if os.environ.get("BENCH_PROFILE"):
                _profile(lambda: from_rollups(agency, period))  # noqa: B023
            fast, a = _time(lambda: from_rollups(agency, period), rounds)  # noqa: B023
            slow, b = _time(lambda: direct(agency, period), max(3, rounds // 4))  # noqa: B023
            if a != b:
                raise SystemExit(f"MISMATCH {name}: roll-ups {a} vs direct {b}")
            out[name] = {
                "index_p50": statistics.median(fast),
                "index_p95": _percentile(fast, 0.95),
                "direct_p50": statistics.median(slow),
                "direct_p95": _percentile(slow, 0.95),
                "figures": {k: list(v) for k, v in a.items()},
            }
            print(
                f"{name}: index p50 {out[name]['index_p50']:.1f} ms p95 "
                f"{out[name]['index_p95']:.1f} ms; direct aggregate p50 "
                f"{out[name]['direct_p50']:.1f} ms p95 {out[name]['direct_p95']:.1f} ms; "
                f"figures equal: {json.dumps(out[name]['figures'])}",
                flush=True,
            )
        return out


def _pg_urls(server: str) -> tuple[str, str]:
    parts = urlparse(server)
    name = f"bench_dashboard_{os.getpid()}"
    return (
        urlunparse(parts._replace(path="/postgres")),
        urlunparse(parts._replace(path=f"/{name}")),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--quick", action="store_true", help="100,000 dossiers (under a minute).")
    size.add_argument("--big", action="store_true", help="10,000,000 dossiers (PostgreSQL).")
    parser.add_argument("--count", type=int, default=None, help="Dossiers (default 1,000,000).")
    parser.add_argument("--rounds", type=int, default=None, help="Timed runs of the index.")
    parser.add_argument("--sqlite", action="store_true", help="SQLite in a temporary folder.")
    parser.add_argument(
        "--postgres",
        default="postgres://postgres@127.0.0.1:5432",
        help="PostgreSQL server (a database is created and dropped).",
    )
    args = parser.parse_args()
    count = args.count or (100_000 if args.quick else 10_000_000 if args.big else 1_000_000)
    rounds = args.rounds or (12 if args.quick else 40)
    print(
        f"dashboard bench: {count:,} dossiers, 150 agencies, 2023–2025; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores",
        flush=True,
    )
    if args.sqlite:
        if args.big:
            raise SystemExit("--big needs PostgreSQL")
        result = run(count, None, rounds)
    else:
        import psycopg

        admin_url, bench_url = _pg_urls(args.postgres)
        name = urlparse(bench_url).path.lstrip("/")
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
            try:
                result = run(count, bench_url, rounds)
            finally:
                from django.db import connections

                connections.close_all()
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    big = result["province-year"]
    small = result["commune-month"]
    ratio = big["direct_p95"] / big["index_p95"]
    worst = max(big["index_p95"], small["index_p95"])
    verdict = "met" if worst <= 200 and ratio >= 50 else "MISSED"
    print(
        f"target p95 <= 200 ms and >= 50x at 1,000,000: {verdict} (worst index p95 "
        f"{worst:.1f} ms, province-year {ratio:.0f}x, commune-month "
        f"{small['direct_p95'] / small['index_p95']:.0f}x)"
    )
    print(f"ratio={ratio:.1f} index from roll-ups vs direct aggregate, p95")


if __name__ == "__main__":
    main()
