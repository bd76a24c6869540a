"""Online dossier intake through the real HTTP stack vs raw INSERTs of the same rows.

Usage: .venv/bin/python bench/intake.py [--quick] [--seconds S] [--workers W] [--clients C]
                                        [--skip-postgres] [--skip-sqlite] [--nice]

For each database (SQLite in a temporary folder; PostgreSQL in a database created for the run
at 127.0.0.1:5432 and dropped afterwards) the bench:

1. migrates a fresh database and loads the demo organisation and the birth-registration
   procedure of the demo catalogue, with one resident account per client (signed in by a
   session created directly, so no password hashing is timed);
2. starts gunicorn (sync workers, default 3) on a free port of 127.0.0.1, with DEBUG off;
3. has C client threads (keep-alive HTTP/1.1) file online dossiers for S seconds after a
   warm-up: one multipart POST /api/v1/dossiers/online/ per dossier with an Idempotency-Key,
   the e-form, and two attachments of about 200 KB each (a valid PDF and a valid PNG, made
   unique per dossier so every file is really stored), counting only 201 answers;
4. stops gunicorn (by its pid) and times raw bulk INSERTs of the same rows per dossier on the
   same database (dossier, 4 components, 2 stored files, 2 file links, 1 event) in batches of
   200, in one transaction per batch;
5. checks that every dossier filed over HTTP has a distinct code.

The last line is machine-readable:
ratio=<HTTP dossiers/s on PostgreSQL / raw-insert dossiers/s on PostgreSQL> ...
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PROCEDURE = "1.001193"
AGENCY = "hbt-bach-dang"
FORM = {
    "ho_ten_tre": "Nguyễn Minh Khôi",
    "ngay_sinh": "2026-03-01",
    "gioi_tinh": "Nam",
    "noi_sinh": "Bệnh viện Phụ sản Hà Nội",
    "ho_ten_me": "Trần Thị Mai",
    "so_dinh_danh_nguoi_yeu_cau": "001090012345",
}


# --- Files: valid, ~200 KB, unique per dossier at almost no cost to the client ---------------


class UniquePdf:
    """A valid PDF with a 200 KB uncompressed image; 16 pixel bytes are rewritten per copy."""

    def __init__(self, size: int = 200_000) -> None:
        sys.path.insert(0, str(ROOT))
        from motcua.dossiers.tests.files import pdf_bytes

        self.data = bytearray(pdf_bytes("Giay chung sinh", pad_to=size))
        self.offset = self.data.index(b"stream\n", self.data.index(b"/Subtype /Image")) + 7 + 64

    def next(self) -> bytes:
        self.data[self.offset : self.offset + 16] = secrets.token_bytes(16)
        return bytes(self.data)


class UniquePng:
    """A valid ~200 KB noise PNG whose tEXt chunk carries a nonce (CRC recomputed per copy)."""

    def __init__(self, size: int = 200_000) -> None:
        import io

        from PIL import Image, PngImagePlugin

        side = int((size / 3) ** 0.5)
        info = PngImagePlugin.PngInfo()
        info.add_text("nonce", "0" * 32)
        image = Image.frombytes("RGB", (side, side), os.urandom(side * side * 3))
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", pnginfo=info, compress_level=1)
        self.data = bytearray(buffer.getvalue())
        chunk = self.data.index(b"tEXtnonce\x00")
        self.text = chunk + len(b"tEXtnonce\x00")
        self.type_at = chunk
        self.crc_at = self.text + 32

    def next(self) -> bytes:
        self.data[self.text : self.text + 32] = secrets.token_hex(16).encode()
        crc = zlib.crc32(bytes(self.data[self.type_at : self.crc_at])) & 0xFFFFFFFF
        self.data[self.crc_at : self.crc_at + 4] = crc.to_bytes(4, "big")
        return bytes(self.data)


def multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, str, str, bytes]]
) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    parts: list[bytes] = []
    for name, value in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, filename, ctype, content in files:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'.encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", b"".join(parts)


# --- Child: one database, end to end ---------------------------------------------------------


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process we can see."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, IndexError, ValueError):
            continue
        found.append((int(entry.name), ppid, cmd))
    return found


def cpu_snapshot(server_pid: int, db_name: str) -> tuple[float, float]:
    """CPU seconds used so far by the gunicorn master + workers, and by the PostgreSQL backends
    serving this run's database (0 for SQLite)."""
    procs = _processes()
    server = [pid for pid, ppid, _cmd in procs if pid == server_pid or ppid == server_pid]
    database = [
        pid
        for pid, _p, cmd in procs
        if db_name and cmd.startswith("postgres: ") and f" {db_name} " in cmd
    ]
    return sum(map(_cpu_seconds, server)), sum(map(_cpu_seconds, database))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def child(args: argparse.Namespace) -> None:
    """Runs with DATABASE_URL / MOTCUA_VAR_DIR already set by the parent."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    if os.environ.get("BENCH_NICE"):
        # Inherited by gunicorn and its workers; their database backends are reniced as they
        # connect (post_fork hook), and so is this process's own (raw inserts).
        from django.db.backends.signals import connection_created

        os.nice(-10)
        sys.path.insert(0, os.environ["MOTCUA_VAR_DIR"])
        Path(os.environ["MOTCUA_VAR_DIR"], "bench_nice.py").write_text(NICE_MODULE)
        from bench_nice import backend_renice

        connection_created.connect(backend_renice, weak=False)
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    sessions = seed(args.clients)
    setup_seconds = time.perf_counter() - t0

    port = free_port()
    env = dict(os.environ)
    hooks = Path(os.environ["MOTCUA_VAR_DIR"]) / "gunicorn_bench.py"
    hooks.write_text(GUNICORN_HOOKS)
    (hooks.parent / "bench_nice.py").write_text(NICE_MODULE)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(hooks.parent), env.get("PYTHONPATH")]))
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "config.wsgi:application",
            "--config",
            str(hooks),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "sync",
            "--backlog",
            "256",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        wait_ready(port, server)
        db_name = ""
        if os.environ.get("DATABASE_URL"):
            db_name = os.environ["DATABASE_URL"].rsplit("/", 1)[1]
        http_result = load(port, sessions, args, server.pid, db_name)
    finally:
        stop(server)
    from django.db import connections

    connections.close_all()
    raw = raw_inserts(args.raw_dossiers)
    check = distinct_codes()
    print(
        "RESULT "
        + json.dumps(
            {
                **http_result,
                "raw_dossiers_per_s": raw,
                "setup_s": round(setup_seconds, 1),
                "codes_distinct": check,
            }
        ),
        flush=True,
    )


#: Loaded into gunicorn: the app and everything a filing touches are imported once in the
#: master (``preload_app``) and shared by the forked workers, as a production deployment
#: would do, so the measured window is not spent importing PDF and image libraries.
GUNICORN_HOOKS = """
preload_app = True


def when_ready(server):
    import PIL.Image
    import PIL.PngImagePlugin
    import pypdf
    from django.db import connections
    from django.urls import resolve

    import motcua.documents.inspection
    import motcua.documents.services

    resolve("/api/v1/dossiers/online/")
    connections.close_all()


def post_fork(server, worker):
    import os

    if os.environ.get("BENCH_NICE"):
        from django.db.backends.signals import connection_created

        from bench_nice import backend_renice

        connection_created.connect(backend_renice, weak=False)
"""

#: With --nice (root): the measured processes run at nice -10 and so do the PostgreSQL
#: backends serving them, so a machine shared with other work disturbs the figures less.
NICE_MODULE = """
import os


def backend_renice(sender, connection, **kwargs):
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        os.setpriority(os.PRIO_PROCESS, cursor.fetchone()[0], -10)
"""


def seed(clients: int) -> list[str]:
    """Organisation, the birth-registration procedure, residents and their sessions."""
    import io

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from motcua.accounts.models import User
    from motcua.catalog.demo import demo_payloads
    from motcua.catalog.exchange.engine import catalog_import
    from motcua.catalog.exchange.files import read_json, write_json
    from motcua.organizations.demo import seed_organisation

    seed_organisation()
    buffer = io.BytesIO()
    write_json([p for p in demo_payloads() if p["code"] == PROCEDURE], buffer)
    report = catalog_import(read_json(io.BytesIO(buffer.getvalue())))
    assert report.written, report.errors
    keys = []
    for i in range(clients):
        user = User(
            username=f"bench{i}",
            full_name=f"Người dân thử nghiệm {i}",
            email=f"bench{i}@example.vn",
            personal_id=f"0010900{i:05d}",
            is_resident=True,
        )
        user.set_unusable_password()
        user.save()
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


def wait_ready(port: int, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/api/v1/tracking/?code=X&secret=Y")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.wait()


def load(
    port: int, sessions: list[str], args: argparse.Namespace, server_pid: int, db_name: str
) -> dict[str, Any]:
    pdf, png = UniquePdf(), UniquePng()
    lock = threading.Lock()
    stop_at = time.monotonic() + args.warmup + args.seconds
    measure_from = time.monotonic() + args.warmup
    latencies: list[float] = []
    counts = {"created": 0, "other": 0, "measured": 0}
    errors: list[str] = []

    def client(index: int) -> None:
        csrf = secrets.token_hex(16)
        cookie = f"sessionid={sessions[index]}; csrftoken={csrf}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        n = 0
        while time.monotonic() < stop_at:
            with lock:
                files = [
                    ("file", "giay-to-khai.pdf", "application/pdf", pdf.next()),
                    ("file", "giay-chung-sinh.png", "image/png", png.next()),
                ]
            ctype, body = multipart(
                [
                    ("procedure", PROCEDURE),
                    ("agency", AGENCY),
                    ("eform", json.dumps(FORM, ensure_ascii=False)),
                    ("component", "1"),
                    ("component", "2"),
                ],
                files,
            )
            n += 1
            headers = {
                "Content-Type": ctype,
                "Cookie": cookie,
                "X-CSRFToken": csrf,
                "Idempotency-Key": f"bench-{index}-{n}",
                "Host": "127.0.0.1",
            }
            started = time.monotonic()
            try:
                conn.request("POST", "/api/v1/dossiers/online/", body=body, headers=headers)
                response = conn.getresponse()
                payload = response.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                with lock:
                    counts["other"] += 1
                    errors.append(type(exc).__name__)
                continue
            ended = time.monotonic()
            with lock:
                if response.status == 201:
                    counts["created"] += 1
                    if started >= measure_from:
                        counts["measured"] += 1
                        latencies.append(ended - started)
                else:
                    counts["other"] += 1
                    if len(errors) < 5:
                        errors.append(f"{response.status} {payload[:300]!r}")
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
    for t in threads:
        t.start()
    time.sleep(max(0.0, measure_from - time.monotonic()))
    server_before, db_before = cpu_snapshot(server_pid, db_name)
    client_before = time.process_time()
    created_before = counts["created"]
    time.sleep(max(0.0, stop_at - time.monotonic()))
    server_after, db_after = cpu_snapshot(server_pid, db_name)
    client_after = time.process_time()
    created_in_window = max(1, counts["created"] - created_before)
    for t in threads:
        t.join()
    # Requests started in the window and finished: divided by the window's length.
    per_second = counts["measured"] / args.seconds
    latencies.sort()
    return {
        "http_dossiers_per_s": round(per_second, 1),
        "created": counts["created"],
        "failed": counts["other"],
        "errors": errors[:5],
        "server_cpu_ms": round(1000 * (server_after - server_before) / created_in_window, 1),
        "db_cpu_ms": round(1000 * (db_after - db_before) / created_in_window, 1),
        "client_cpu_ms": round(1000 * (client_after - client_before) / created_in_window, 1),
        "p50_ms": round(1000 * statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(1000 * latencies[int(len(latencies) * 0.95) - 1], 1) if latencies else None,
    }


def raw_inserts(count: int) -> float:
    """Dossiers per second when the same rows are written with bulk INSERTs, nothing else."""
    import datetime as dt

    from django.db import transaction
    from django.utils import timezone

    from motcua.documents.models import StoredFile
    from motcua.dossiers.models import (
        Dossier,
        DossierComponent,
        DossierEvent,
        DossierFile,
    )

    template = Dossier.objects.exclude(code=None).order_by("id").first()
    if template is None:
        raise RuntimeError("no dossier was filed over HTTP; nothing to copy")
    components = list(DossierComponent.objects.filter(dossier=template).order_by("order"))
    event = DossierEvent.objects.filter(dossier=template).order_by("seq").first()
    files = list(DossierFile.objects.filter(dossier_component__dossier=template))
    stored = {s.pk: s for s in StoredFile.objects.filter(pk__in=[f.stored_file_id for f in files])}
    assert event is not None
    batch = 200
    now = timezone.now()
    done = 0
    started = time.perf_counter()
    while done < count:
        size = min(batch, count - done)
        with transaction.atomic():
            dossiers = []
            for i in range(size):
                d = Dossier(
                    **{
                        f.attname: getattr(template, f.attname)
                        for f in Dossier._meta.concrete_fields
                        if f.attname not in ("id",)
                    }
                )
                d.code = f"RAW-{uuid.uuid4().hex[:20]}"
                d.idempotency_key = f"raw-{done + i}-{uuid.uuid4().hex[:8]}"
                d.created_at = d.updated_at = now
                dossiers.append(d)
            Dossier.objects.bulk_create(dossiers)
            rows, links, blobs, events = [], [], [], []
            for d in dossiers:
                made = {}
                for c in components:
                    row = DossierComponent(
                        **{
                            f.attname: getattr(c, f.attname)
                            for f in DossierComponent._meta.concrete_fields
                            if f.attname not in ("id", "dossier_id")
                        },
                        dossier_id=d.pk,
                    )
                    rows.append(row)
                    made[c.pk] = row
                for f in files:
                    s = stored[f.stored_file_id]
                    blob = StoredFile(
                        **{
                            x.attname: getattr(s, x.attname)
                            for x in StoredFile._meta.concrete_fields
                            if x.attname != "id"
                        }
                    )
                    blob.id = uuid.uuid4()
                    blobs.append(blob)
                    links.append((made[f.dossier_component_id], blob, f))
                events.append(
                    DossierEvent(
                        **{
                            x.attname: getattr(event, x.attname)
                            for x in DossierEvent._meta.concrete_fields
                            if x.attname not in ("id", "dossier_id")
                        },
                        dossier_id=d.pk,
                    )
                )
            DossierComponent.objects.bulk_create(rows)
            StoredFile.objects.bulk_create(blobs)
            DossierFile.objects.bulk_create(
                [
                    DossierFile(
                        dossier_component_id=row.pk,
                        stored_file_id=blob.pk,
                        source=f.source,
                        added_by_id=f.added_by_id,
                        added_at=now + dt.timedelta(microseconds=1),
                    )
                    for row, blob, f in links
                ]
            )
            DossierEvent.objects.bulk_create(events)
        done += size
    return round(count / (time.perf_counter() - started), 1)


def distinct_codes() -> bool:
    from django.db.models import Count

    from motcua.dossiers.models import Dossier

    filed = Dossier.objects.exclude(code=None).exclude(code__startswith="RAW-")
    return not filed.values("code").annotate(n=Count("id")).filter(n__gt=1).exists()


# --- Parent: throwaway databases, one child per database --------------------------------------


def run_child(kind: str, args: argparse.Namespace) -> dict[str, Any]:
    var = Path(tempfile.mkdtemp(prefix=f"motcua-bench-{kind}-"))
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "SECURE_COOKIES": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MOTCUA_VAR_DIR": str(var),
            "MEDIA_ROOT": str(var / "media"),
            "STATIC_ROOT": str(var / "static"),
            "LOG_LEVEL": "WARNING",
            "MOTCUA_PUBLIC_URL": "http://127.0.0.1",
        }
    )
    env.pop("TASKS_IMMEDIATE", None)
    db_name = ""
    if kind == "postgresql":
        db_name = f"motcua_bench_{os.getpid()}_{random.randint(1000, 9999)}"
        admin(f'CREATE DATABASE "{db_name}"')
        env["DATABASE_URL"] = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{db_name}"
    else:
        env.pop("DATABASE_URL", None)
    try:
        command = [
            PYTHON,
            __file__,
            "--child",
            "--seconds",
            str(args.seconds),
            "--warmup",
            str(args.warmup),
            "--workers",
            str(args.workers),
            "--clients",
            str(args.clients),
            "--raw-dossiers",
            str(args.raw_dossiers),
        ]
        done = subprocess.run(
            command, env=env, cwd=ROOT, capture_output=True, text=True, check=False
        )
        lines = [ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-5000:])
            raise RuntimeError(f"{kind} run failed ({done.returncode})")
        return dict(json.loads(lines[-1][len("RESULT ") :]))
    finally:
        if db_name:
            admin(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "  # noqa: S608 - our name
                f"WHERE datname = '{db_name}' AND pid <> pg_backend_pid()"
            )
            admin(f'DROP DATABASE IF EXISTS "{db_name}"')
        shutil.rmtree(var, ignore_errors=True)


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short windows (under a minute)")
    parser.add_argument("--seconds", type=float, default=None, help="measured window per database")
    parser.add_argument("--warmup", type=float, default=None, help="unmeasured start")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--clients", type=int, default=6, help="concurrent HTTP clients")
    parser.add_argument("--raw-dossiers", type=int, default=None, help="rows sets bulk-inserted")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument(
        "--nice",
        action="store_true",
        help="run the server, the clients and their PostgreSQL backends at nice -10 (root); "
        "for a machine shared with other work",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.nice:
        os.environ["BENCH_NICE"] = "1"
    if args.seconds is None:
        args.seconds = 5.0 if args.quick else 30.0
    if args.warmup is None:
        args.warmup = 1.5 if args.quick else 5.0
    if args.raw_dossiers is None:
        args.raw_dossiers = 500 if args.quick else 5000
    if args.child:
        child(args)
        return
    kinds = [
        k
        for k, skip in (("sqlite", args.skip_sqlite), ("postgresql", args.skip_postgres))
        if not skip
    ]
    print(
        f"intake bench: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        + (", measured at nice -10" if args.nice else ""),
        flush=True,
    )
    results = {}
    for kind in kinds:
        r = run_child(kind, args)
        results[kind] = r
        print(
            f"{kind}: HTTP {r['http_dossiers_per_s']} dossiers/s "
            f"(gunicorn {args.workers} workers, {args.clients} clients, 2 × 200 KB files each; "
            f"p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms; {r['created']} filed, "
            f"{r['failed']} failed{', ' + '; '.join(r['errors']) if r['errors'] else ''}; "
            f"codes distinct: {r['codes_distinct']}; setup {r['setup_s']} s; CPU per filing: "
            f"server {r['server_cpu_ms']} ms, database {r['db_cpu_ms']} ms, client "
            f"{r['client_cpu_ms']} ms) | raw bulk INSERT "
            "of the same rows "
            f"{r['raw_dossiers_per_s']} dossiers/s",
            flush=True,
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}", flush=True)
    base = results.get("postgresql") or results[kinds[-1]]
    where = "PostgreSQL" if "postgresql" in results else "SQLite"
    ratio = base["http_dossiers_per_s"] / base["raw_dossiers_per_s"]
    print(
        f"ratio={ratio:.4f} HTTP online filings/s on {where} (multipart POST with two ~200 KB "
        f"files, gunicorn {args.workers} workers) / raw bulk-INSERT dossiers/s of the same rows "
        f"on {where}"
    )


if __name__ == "__main__":
    main()
