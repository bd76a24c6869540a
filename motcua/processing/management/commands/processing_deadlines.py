from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from motcua.processing.deadlines import processing_check_deadlines


class Command(BaseCommand):
    help = (
        "Flag processing steps and dossiers at risk (due within "
        "MOTCUA_PROCESSING_AT_RISK_WORKING_DAYS working days) or overdue, and remind the "
        "officers working them (once a day per dossier). Safe to run as often as you like."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at", help="Run as of this instant (ISO 8601 with offset), e.g. to replay a day."
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
        report = processing_check_deadlines(now=now)
        self.stdout.write(
            f"steps at risk: {report.steps_at_risk}, overdue: {report.steps_overdue}; "
            f"dossiers at risk: {report.dossiers_at_risk}, overdue: {report.dossiers_overdue}; "
            f"reminded: {len(report.reminded)}"
        )
