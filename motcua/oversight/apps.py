from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "motcua.oversight"
    label = "oversight"
    verbose_name = _("Giám sát, đánh giá chất lượng phục vụ")

    def ready(self) -> None:
        from django.apps import apps
        from django.db.models.signals import post_save

        from motcua.dossiers.events import event_listener_register
        from motcua.oversight.rollups import on_dossier_event, on_rating_saved

        event_listener_register(on_dossier_event)
        if apps.is_installed("motcua.delivery"):
            # Ratings are rows of the delivery app, not dossier events: counted when saved,
            # inside the rating service's transaction.
            post_save.connect(on_rating_saved, sender="delivery.Rating", dispatch_uid="ov-rating")
