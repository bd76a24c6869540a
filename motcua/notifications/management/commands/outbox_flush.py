from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from motcua.notifications.services import outbox_flush


class Command(BaseCommand):
    help = (
        "Send every due outbox message now, retrying failed ones whose retry time has come "
        "(run from cron every minute where no task worker runs)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=None, help="At most this many.")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = outbox_flush(limit=options["limit"])
        self.stdout.write(
            "sent={sent} retry={retry} failed={failed} skipped={skipped}".format(**counts)
        )
