from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.feedback.services import feedback_send_reminders


class Command(BaseCommand):
    help = (
        "Flag feedback cases at risk (MOTCUA_FEEDBACK_AT_RISK_WORKING_DAYS working days or less "
        "left) or overdue, and remind the officers of the handling agency. Safe to run as often "
        "as you like (cron, worker schedule): a case is reminded at most once per state, limit "
        "and day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at",
            help="Run as of this instant (ISO 8601 with offset), e.g. to replay a missed day.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        now = None
        if options.get("at"):
            try:
                now = dt.datetime.fromisoformat(options["at"])
            except ValueError as exc:
                raise CommandError("--at must be ISO 8601, e.g. 2026-03-20T08:00+07:00") from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = feedback_send_reminders(now=now)
        overdue = sum(1 for r in result.sent if r.state == "overdue")
        at_risk = len(result.sent) - overdue
        self.stdout.write(
            f"reminders sent: {len(result.sent)} (overdue {overdue}, at risk {at_risk}); "
            f"already reminded today: {result.skipped}"
        )
