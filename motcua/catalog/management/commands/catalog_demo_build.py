from typing import Any

from django.core.management.base import BaseCommand

from motcua.catalog.demo import SOURCE, XLSX, demo_xlsx_write


class Command(BaseCommand):
    help = (
        "Rebuild motcua/catalog/demo_data/demo_catalogue.xlsx (national layout) from the "
        "readable source catalogue.yaml. Commit both files."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        count = demo_xlsx_write()
        self.stdout.write(self.style.SUCCESS(f"{SOURCE.name} -> {XLSX.name}: {count} thủ tục."))
