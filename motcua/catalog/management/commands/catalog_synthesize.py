from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.exchange.engine import catalog_import
from motcua.catalog.exchange.files import ParsedFile, ParsedProcedure
from motcua.catalog.models import Procedure
from motcua.catalog.synth import synthetic_payloads


class Command(BaseCommand):
    help = (
        "Add N synthetic procedures (codes 9.NNNNNN, marked synthetic) for benchmarks. "
        "Runs through the importer, so they are checked like real data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, default=6000, help="How many (default 6000).")
        parser.add_argument("--seed", type=int, default=7, help="Random seed.")

    def handle(self, *args: Any, **options: Any) -> None:
        start = Procedure.objects.filter(synthetic=True, code__startswith="9.").count() + 1
        parsed = ParsedFile(
            procedures=[
                ParsedProcedure(raw=p, rows={("procedure", None): ("synthetic", i)}, by_key=True)
                for i, p in enumerate(
                    synthetic_payloads(options["count"], seed=options["seed"], start=start), start=1
                )
            ]
        )
        report = catalog_import(parsed)
        if not report.written:
            raise CommandError("; ".join(str(e) for e in report.errors[:5]))
        self.stdout.write(self.style.SUCCESS(f"{report.created} synthetic procedures added."))
