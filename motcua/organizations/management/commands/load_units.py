"""Load a province's current two-tier units (province → communes/wards) from vietnam-provinces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from vietnam_provinces import Province, ProvinceCode, Ward

from motcua.organizations import services
from motcua.organizations.constants import AgencyKind
from motcua.organizations.models import Agency

REFORM_DATE = dt.date(2025, 7, 1)  # Resolution 202/2025/QH15: two-tier local government


def _slug(codename: str) -> str:
    return codename.replace("_", "-")


class Command(BaseCommand):
    help = (
        "Create or update the agencies of one province and its communes/wards as they stand "
        "since 1 July 2025 (codes of Decision 19/2025/QĐ-TTg, from the vietnam-provinces "
        "package). Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="Two-digit province code, e.g. 01.")

    def handle(self, *args: Any, **options: Any) -> None:
        raw = str(options["province"]).strip()
        try:
            province = Province.from_code(ProvinceCode(int(raw)))
        except ValueError as exc:
            raise CommandError(
                f"province: '{raw}' is not a current province code (01–96, 34 provinces).",
                returncode=2,
            ) from exc
        created = updated = 0
        with transaction.atomic():
            code2 = f"{int(province.code):02d}"
            root = Agency.objects.filter(admin_unit_code=code2, kind=AgencyKind.PROVINCE).first()
            if root is None:
                root = services.agency_create(
                    actor=None,
                    parent=None,
                    code=f"p{code2}",
                    kind=AgencyKind.PROVINCE,
                    name=f"Ủy ban nhân dân {province.name[0].lower()}{province.name[1:]}",
                    short_name=province.name,
                    admin_unit_code=code2,
                )
                created += 1
            for ward in (w for w in Ward.iter_all() if w.province_code == province.code):
                code5 = f"{int(ward.code):05d}"
                existing = Agency.objects.filter(
                    admin_unit_code=code5, kind=AgencyKind.COMMUNE, valid_from=REFORM_DATE
                ).first()
                name = f"Ủy ban nhân dân {ward.name[0].lower()}{ward.name[1:]}"
                if existing is None:
                    services.agency_create(
                        actor=None,
                        parent=root,
                        code=f"{code2}-{_slug(ward.codename)}"[:40],
                        kind=AgencyKind.COMMUNE,
                        name=name,
                        short_name=ward.name,
                        admin_unit_code=code5,
                        valid_from=REFORM_DATE,
                    )
                    created += 1
                elif existing.short_name != ward.name:
                    services.agency_update(
                        actor=None, agency=existing, name=name, short_name=ward.name
                    )
                    updated += 1
        total = Agency.objects.filter(path__startswith=root.path).count() - 1
        self.stdout.write(
            f"{province.name}: {created} created, {updated} updated, {total} units under it"
        )
