from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from motcua.payments.services import payments_expire


class Command(BaseCommand):
    help = (
        "Mark online payments still pending after their validity as expired "
        "(MOTCUA_PAYMENT_GATEWAY_TIMEOUT_MINUTES, MOTCUA_PAYMENT_QR_VALID_HOURS). Safe to run "
        "as often as you like (cron every few minutes)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = payments_expire()
        self.stdout.write(f"expired={count}")
