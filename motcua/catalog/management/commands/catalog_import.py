from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.catalog.exchange.engine import catalog_import
from motcua.catalog.exchange.files import read_file


class Command(BaseCommand):
    help = (
        "Import procedures from a catalogue file in the national layout (.xlsx or .json). "
        "Nothing is imported when a row is invalid, unless --valid-only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Path of the .xlsx or .json file.")
        parser.add_argument(
            "--valid-only",
            action="store_true",
            help="Import the valid procedures and skip the invalid ones.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        with path.open("rb") as stream:
            parsed = read_file(path.name, stream)

        def progress(done: int, total: int) -> None:
            if total >= 500:
                self.stderr.write(f"  đã kiểm tra {done}/{total}", ending="\r")

        report = catalog_import(parsed, valid_only=options["valid_only"], progress=progress)
        for error in report.errors[:200]:
            self.stderr.write(str(error))
        if len(report.errors) > 200:
            self.stderr.write(f"… và {len(report.errors) - 200} lỗi khác.")
        summary = (
            f"{report.total} thủ tục: {report.created} phiên bản mới, "
            f"{report.unchanged} không đổi, {report.skipped} bỏ qua"
        )
        if not report.written:
            raise CommandError(f"Không nhập gì vì có {len(report.errors)} lỗi. {summary}.")
        self.stdout.write(self.style.SUCCESS(f"Đã nhập. {summary}."))
