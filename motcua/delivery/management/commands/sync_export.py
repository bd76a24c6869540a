"""Write the national-portal sync records of a period to a JSON file (or stdout)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from motcua.delivery.forms import PERIOD_MAX_DAYS
from motcua.delivery.selectors import sync_dossiers_all, sync_records
from motcua.organizations.models import Agency

BATCH = 500


def _day(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--{name}: expected a date YYYY-MM-DD, got {value!r}") from None


class Command(BaseCommand):
    help = (
        "Export the sync records (DVCQG fields) of every dossier with an event in the local days "
        "--from..--to, optionally under one agency, as JSON: "
        '{"from", "to", "agency", "generated_at", "count", "dossiers": [...]}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--agency", default="", help="Agency code (its whole subtree).")
        parser.add_argument("--out", default="-", help="Output file ('-' for stdout).")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day(options["start"], "from"), _day(options["end"], "to")
        if end < start:
            raise CommandError("--to must not be before --from")
        if (end - start).days >= PERIOD_MAX_DAYS:
            raise CommandError("at most 366 days per export")
        agency = None
        if options["agency"]:
            agency = Agency.objects.filter(code=options["agency"]).first()
            if agency is None:
                raise CommandError(f"--agency: no agency with code {options['agency']!r}")
        out = sys.stdout if options["out"] == "-" else open(options["out"], "w", encoding="utf-8")  # noqa: SIM115
        count = 0
        try:
            head = {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "agency": agency.code if agency else None,
                "generated_at": timezone.localtime().isoformat(),
            }
            out.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "dossiers": [\n')
            after = 0
            while True:
                dossiers = sync_dossiers_all(
                    start=start, end=end, agency=agency, after_id=after, limit=BATCH
                )
                if not dossiers:
                    break
                for record in sync_records(dossiers):
                    out.write(
                        (",\n" if count else "")
                        + json.dumps(record, ensure_ascii=False, cls=DjangoJSONEncoder)
                    )
                    count += 1
                after = dossiers[-1].pk
            out.write(f'\n], "count": {count}}}\n')
        finally:
            if out is not sys.stdout:
                out.close()
        if options["out"] != "-":
            self.stderr.write(f"{count} dossiers written to {options['out']}")
