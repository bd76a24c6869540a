from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from motcua.documents.models import AgencyCertificate
from motcua.documents.signing_pki import InvalidToken, reseal


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored PKCS#12 bundle and passphrase with the first secret of "
        "MOTCUA_SIGNING_KEY (or SECRET_KEY). Run after putting a new secret first; then the "
        "old secret can be removed. Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = 0
        with transaction.atomic():
            rows = AgencyCertificate.objects.select_for_update().exclude(bundle_encrypted=None)
            for row in rows:
                try:
                    row.bundle_encrypted = reseal(row.bundle_encrypted)
                    row.passphrase_encrypted = reseal(row.passphrase_encrypted)
                except InvalidToken as exc:
                    raise CommandError(
                        f"Certificate {row.pk} ({row.subject_common_name}) cannot be decrypted "
                        "with any configured secret: add the old secret to MOTCUA_SIGNING_KEY "
                        "(after the new one) and run again. Nothing was changed."
                    ) from exc
                row.save(update_fields=["bundle_encrypted", "passphrase_encrypted"])
                done += 1
        self.stdout.write(self.style.SUCCESS(f"re-encrypted {done} certificate bundle(s)"))
