from django.contrib.auth import views as auth_views
from django.urls import path

from motcua.accounts import views

app_name = "accounts"
urlpatterns = [
    path("dang-nhap/", views.SignInView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("dang-ky/", views.signup, name="signup"),
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/to-chuc/them/", views.organisation_add, name="organisation_add"),
    path("ho-so/to-chuc/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("ho-so/to-chuc/<int:pk>/xoa/", views.organisation_remove, name="organisation_remove"),
    path("ho-so/dong-y/<str:purpose>/", views.consent_change, name="consent_change"),
    path("dinh-danh/bat-dau/", views.oidc_start, name="oidc_start"),
    path("dinh-danh/ve/", views.oidc_callback, name="oidc_callback"),
]
