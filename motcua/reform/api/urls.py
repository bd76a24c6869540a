"""Routes of the reform API, mounted at /api/v1/reform/."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from motcua.reform.api.views import VIEWSETS, OverviewView, ReportViewSet

router = SimpleRouter()
for api, viewset in VIEWSETS.items():
    router.register(api, viewset, basename=f"reform-{api}")
router.register("reports", ReportViewSet, basename="reform-reports")

urlpatterns = [
    path("overview/<str:code>/", OverviewView.as_view(), name="reform-overview"),
    path("", include(router.urls)),
]
