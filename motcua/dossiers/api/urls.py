"""Routes of the dossier API, included from motcua/api/urls.py."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from motcua.dossiers.api.views import (
    DeskDossierViewSet,
    DeskQueueView,
    DossierViewSet,
    TrackingView,
)

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("dossiers", DossierViewSet, basename="dossier")
router.register("desk/dossiers", DeskDossierViewSet, basename="desk-dossier")

urlpatterns = [
    path("tracking/", TrackingView.as_view(), name="dossier-tracking"),
    path("desk/queue/", DeskQueueView.as_view(), name="desk-queue"),
    path("", include(router.urls)),
]
