from typing import Any

from django.core.management.base import BaseCommand

from motcua.organizations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_accounts, seed_organisation


class Command(BaseCommand):
    help = (
        "Load the demo data (Hà Nội → quận Hai Bà Trưng, 18 wards, offices, accounts for every "
        "role). Idempotent: running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = seed_organisation()
        seed_accounts(agencies)
        self.stdout.write(self.style.SUCCESS(f"demo data ready: {len(agencies)} agencies"))

    @staticmethod
    def logins() -> list[str]:
        rows = [f"  {'admin':<20} Quản trị hệ thống (superuser)"]
        for acc in DEMO_ACCOUNTS:
            rows.append(f"  {acc.username:<20} {acc.full_name} – {acc.role or 'người dân'} @ {acc.agency}")
        rows.append(f"  password for all: {DEMO_PASSWORD}")
        return rows
