from importlib import import_module
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand

from motcua.organizations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, seed_accounts, seed_organisation


class Command(BaseCommand):
    help = (
        "Load the demo data (Hà Nội → quận Hai Bà Trưng, 18 wards, offices, accounts for every "
        "role, then each app's own demo data). Idempotent: running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        agencies = seed_organisation()
        seed_accounts(agencies)
        self.stdout.write(f"organisation: {len(agencies)} agencies, {len(DEMO_ACCOUNTS)} accounts")
        # Every other app may ship `<app>/demo.py` with `seed_demo_data(agencies, stdout)`;
        # they run in INSTALLED_APPS order, so an app's demo can rely on earlier apps' data.
        for config in apps.get_app_configs():
            if not config.name.startswith("motcua.") or config.name == "motcua.organizations":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            loader = getattr(module, "seed_demo_data", None)
            if loader is not None:
                loader(agencies=agencies, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS("demo data ready"))

    @staticmethod
    def logins() -> list[str]:
        rows = [f"  {'admin':<20} Quản trị hệ thống (superuser)"]
        for acc in DEMO_ACCOUNTS:
            who = acc.role or "người dân"
            rows.append(f"  {acc.username:<20} {acc.full_name} – {who} @ {acc.agency}")
        rows.append(f"  password for all: {DEMO_PASSWORD}")
        return rows
