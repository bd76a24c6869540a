from django.urls import include, path
from rest_framework.routers import SimpleRouter

from motcua.notifications.api.views import NotificationViewSet

router = SimpleRouter()
router.register("", NotificationViewSet, basename="notification")

urlpatterns = [path("", include(router.urls))]
