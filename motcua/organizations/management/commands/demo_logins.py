from typing import Any

from django.core.management.base import BaseCommand

from motcua.organizations.management.commands.seed_demo import Command as SeedCommand


class Command(BaseCommand):
    help = "Print the demo accounts and their password."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("Demo logins (http://127.0.0.1:8000/tai-khoan/dang-nhap/):")
        for row in SeedCommand.logins():
            self.stdout.write(row)
