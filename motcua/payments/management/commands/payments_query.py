from __future__ import annotations

from collections import Counter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.payments.gateways import gateway_get
from motcua.payments.services import payments_query


class Command(BaseCommand):
    help = (
        "Ask the gateways about payments still pending (or expired in the last day) and apply "
        "their answers once, like a notice: for notices that were lost. Prints one line per "
        "payment and a summary. Uses MOTCUA_PUBLIC_URL to reach the gateway's query address."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        base = settings.MOTCUA_PUBLIC_URL

        reports = payments_query(gateway_factory=lambda name: gateway_get(name, base_url=base))
        for report in reports:
            self.stdout.write(f"{report.reference} {report.state} {report.detail}".rstrip())
        counts = Counter(r.state for r in reports)
        self.stdout.write(
            " ".join(
                f"{k}={counts.get(k, 0)}"
                for k in ("paid", "failed", "pending", "not_found", "error")
            )
        )
