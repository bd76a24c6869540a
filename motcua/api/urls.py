from django.urls import include, path
from rest_framework.routers import DefaultRouter

from motcua.catalog.api.urls import register as register_catalog
from motcua.organizations.api.views import AgencyViewSet, DeadlineView, MeView

router = DefaultRouter()
router.register("agencies", AgencyViewSet, basename="agency")
register_catalog(router)

app_name = "api"
urlpatterns = [
    path("calendar/deadline", DeadlineView.as_view(), name="calendar-deadline"),
    path("me/", MeView.as_view(), name="me"),
    path("feedback/", include("motcua.feedback.api.urls")),
    path("processing/", include("motcua.processing.api.urls")),
    path("oversight/", include("motcua.oversight.api.urls")),
    path("reform/", include("motcua.reform.api.urls")),
    path("payments/", include("motcua.payments.api.urls")),
    path("accounts/", include("motcua.accounts.api.urls")),
    path("notifications/", include("motcua.notifications.api.urls")),
    path("delivery/", include("motcua.delivery.api.urls")),
    path("sync/", include("motcua.delivery.api.sync_urls")),
    path("", include("motcua.dossiers.api.urls")),
    path("", include("motcua.documents.api.urls")),
    path("", include(router.urls)),
]
