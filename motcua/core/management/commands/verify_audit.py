from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.audit import audit_verify
from motcua.core.models import AuditEvent


class Command(BaseCommand):
    help = "Re-compute the audit hash chain and report any event that was altered or removed."

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = list(audit_verify())
        for b in breaks:
            self.stderr.write(f"event {b.event_id}: {b.reason}")
        total = AuditEvent.objects.count()
        if breaks:
            raise CommandError(f"audit chain broken at {len(breaks)} place(s) of {total} events")
        self.stdout.write(f"audit chain intact: {total} events")
