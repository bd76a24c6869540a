from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeliveryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "motcua.delivery"
    label = "delivery"
    verbose_name = _("Trả kết quả, đánh giá và đồng bộ")
