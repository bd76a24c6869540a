from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.organizations.deadlines import DeadlineInputError, deadline_compute


class Command(BaseCommand):
    help = (
        "Compute a statutory due instant. The last line printed is the due instant in ISO 8601 "
        "with its offset. Exit code 2 on bad input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--start", required=True, help="Reception instant, ISO 8601.")
        parser.add_argument("--limit", required=True, help="Time limit, a whole number ≥ 0.")
        parser.add_argument(
            "--unit",
            required=True,
            help="working_days, working_hours, same_day, days or months.",
        )
        parser.add_argument(
            "--pause",
            action="append",
            default=[],
            metavar="START/END",
            help="A clock stop (supplement request), two ISO instants joined by '/'. Repeatable.",
        )
        parser.add_argument("--agency", help="Agency code or electronic id whose calendar counts.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            answer = deadline_compute(
                start=options["start"],
                limit=options["limit"],
                unit=options["unit"],
                pauses=options["pause"],
                agency_code=options["agency"],
            )
        except DeadlineInputError as exc:
            lines = [f"{field}: {msg}" for field, msgs in exc.errors.items() for msg in msgs]
            raise CommandError("\n".join(lines), returncode=2) from exc
        agency = answer.agency.name if answer.agency else "lịch quốc gia"
        self.stdout.write(f"calendar: {agency}")
        self.stdout.write(f"effective start: {answer.effective_start.isoformat()}")
        for p in answer.pauses:
            self.stdout.write(f"pause: {p.start.isoformat()}/{p.end.isoformat()}")
        self.stdout.write(answer.due.isoformat())
