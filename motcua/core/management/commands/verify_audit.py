from typing import Any

from django.core.management.base import BaseCommand, CommandError

from motcua.core.audit import CHAIN_VERIFIERS, audit_verify
from motcua.core.models import AuditEvent


class Command(BaseCommand):
    help = (
        "Re-compute the audit hash chain (and every registered chain, such as each dossier's "
        "event log) and report any event that was altered or removed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        breaks = list(audit_verify())
        for verifier in CHAIN_VERIFIERS.values():
            breaks.extend(verifier())
        for b in breaks:
            prefix = "" if b.chain == "audit" else f"{b.chain} "
            self.stderr.write(f"{prefix}event {b.event_id}: {b.reason}")
        total = AuditEvent.objects.count()
        if breaks:
            raise CommandError(f"audit chain broken at {len(breaks)} place(s) of {total} events")
        self.stdout.write(f"audit chain intact: {total} events")
        for name in CHAIN_VERIFIERS:
            self.stdout.write(f"{name} chains intact")
