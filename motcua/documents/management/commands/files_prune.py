from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from motcua.documents.models import StoredFile


def _walk(folder: str) -> list[str]:
    directories, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for directory in directories:
        names.extend(_walk(f"{folder}/{directory}"))
    return names


class Command(BaseCommand):
    help = (
        "Delete stored blobs that no StoredFile row refers to (left behind when the "
        "transaction that stored them rolled back)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than-hours",
            type=int,
            default=24,
            help="Only blobs last changed before this many hours ago (default 24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not default_storage.exists("files"):
            self.stdout.write("removed=0")
            return
        cutoff = timezone.now() - dt.timedelta(hours=options["older_than_hours"])
        removed = 0
        for name in _walk("files"):
            if StoredFile.objects.filter(storage_name=name).exists():
                continue
            if default_storage.get_modified_time(name) > cutoff:
                continue  # may belong to a transaction still running
            if options["dry_run"]:
                self.stdout.write(name)
            else:
                default_storage.delete(name)
            removed += 1
        self.stdout.write(f"{'would remove' if options['dry_run'] else 'removed'}={removed}")
