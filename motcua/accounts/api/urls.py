from django.urls import include, path
from rest_framework.routers import SimpleRouter

from motcua.accounts.api import views

router = SimpleRouter(trailing_slash=False)
router.register("me/organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("register", views.RegisterView.as_view(), name="accounts-register"),
    path("me/profile", views.ProfileView.as_view(), name="accounts-profile"),
    path("me/consents", views.ConsentListView.as_view(), name="accounts-consents"),
    path(
        "me/consents/<str:purpose>/give",
        views.ConsentGiveView.as_view(),
        name="accounts-consent-give",
    ),
    path(
        "me/consents/<str:purpose>/withdraw",
        views.ConsentWithdrawView.as_view(),
        name="accounts-consent-withdraw",
    ),
    path("", include(router.urls)),
]
