from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "motcua.dossiers"
    label = "dossiers"
    verbose_name = _("Hồ sơ")

    def ready(self) -> None:
        from motcua.core.audit import chain_verifier_register
        from motcua.dossiers.events import dossier_events_verify

        chain_verifier_register("dossier", dossier_events_verify)
