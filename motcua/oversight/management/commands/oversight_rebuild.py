"""``manage.py oversight_rebuild [--check]``: recompute the oversight counters from the
dossiers and their event logs; list the differences, and repair them unless ``--check``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.oversight.rollups import oversight_rebuild


class Command(BaseCommand):
    help = "Recompute oversight facts and roll-ups from dossiers and events (--check: report only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Only report differences; exit 1 if any."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        check = bool(options["check"])
        report = oversight_rebuild(repair=not check)
        out = self.stdout
        out.write(f"Hồ sơ có số liệu: {report.dossiers}")
        for pk in report.facts_wrong:
            out.write(f"  số liệu hồ sơ #{pk} khác với nhật ký")
        for key, got, want in report.day_rows_wrong:
            out.write(f"  bộ đếm ngày {key}: đang có {got}, đúng là {want}")
        for mkey, got, want in report.month_rows_wrong:
            out.write(f"  bộ đếm tháng {mkey}: đang có {got}, đúng là {want}")
        if report.ok:
            out.write(self.style.SUCCESS("Bộ đếm khớp với nhật ký hồ sơ."))
        elif report.repaired:
            out.write(self.style.SUCCESS("Đã tính lại và sửa các bộ đếm."))
        else:
            raise CommandError("Bộ đếm không khớp với nhật ký hồ sơ (chạy lại không có --check).")
