"""Supervision report cost: computing the figures vs printing them (DOCX, PDF).

Usage: .venv/bin/python bench/reform_report.py [--quick] [--rounds R]

Loads the demo (quận Hai Bà Trưng, 2016–2023) into a throwaway SQLite database, then times,
best of R rounds each: the dashboard's figures, the report's content (every figure with its
source), the DOCX and the PDF. It tells whether a report can be made inside a request
(under about 2 s) or belongs in a background task, as it is.

The last line is machine-readable:
ratio=<whole report seconds / figures seconds> report (figures+DOCX+PDF) vs figures alone
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def best(fn: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2 rounds instead of 5")
    parser.add_argument("--rounds", type=int, default=None)
    args = parser.parse_args()
    rounds = args.rounds or (2 if args.quick else 5)

    workdir = tempfile.mkdtemp(prefix="bench-reform-")
    os.environ["MOTCUA_VAR_DIR"] = workdir
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    from django.core.management import call_command
    from django.test import override_settings

    call_command("migrate", verbosity=0)
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        from motcua.organizations.demo import seed_accounts, seed_organisation
        from motcua.reform.demo import seed_demo_data

        agencies = seed_organisation()
        seed_accounts(agencies)
        seed_demo_data(agencies=agencies, stdout=io.StringIO())

    from motcua.reform import selectors
    from motcua.reform.report.content import report_content
    from motcua.reform.report.docx import render_docx
    from motcua.reform.report.pdf import render_pdf
    from motcua.reform.selectors import Period

    hbt = agencies["hbt"]
    today = dt.date(2023, 5, 19)
    period = Period(dt.date(2016, 1, 1), today)

    def dashboard() -> None:
        selectors.inspection_counts_by_year(agency=hbt)
        selectors.recommendation_counts(agency=hbt, today=today)
        selectors.investment_summary(agency=hbt)
        selectors.support_summary(agency=hbt, period=period)
        selectors.index_results(agency=hbt)

    content = report_content(agency=hbt, period=period, today=today)
    render_pdf(content)  # warm fonts once; the first PDF pays font discovery
    t_dashboard = best(dashboard, rounds)
    t_content = best(lambda: report_content(agency=hbt, period=period, today=today), rounds)
    t_docx = best(lambda: render_docx(content), rounds)
    t_pdf = best(lambda: render_pdf(content), rounds)
    total = t_content + t_docx + t_pdf
    print(f"figures: {len(content.figures)}, sections: {len(content.sections)}")
    print(f"dashboard figures {t_dashboard * 1000:8.1f} ms")
    print(f"report content    {t_content * 1000:8.1f} ms")
    print(f"DOCX              {t_docx * 1000:8.1f} ms")
    print(f"PDF               {t_pdf * 1000:8.1f} ms")
    print(f"whole report      {total * 1000:8.1f} ms (background task when above ~2000 ms)")
    print(f"ratio={total / t_content:.1f} report (figures+DOCX+PDF) vs figures alone")


if __name__ == "__main__":
    main()
