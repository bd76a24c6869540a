from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcessingConfig(AppConfig):
    name = "motcua.processing"
    label = "processing"
    verbose_name = _("Giải quyết hồ sơ")
