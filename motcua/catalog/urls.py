from django.urls import path

from motcua.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.search, name="search"),
    path("theo-co-quan/", views.counts, name="counts"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/tinh-phi/", views.fee_quote, name="fee-quote"),
    path("<str:code>/mau/<int:order>/", views.form_download, name="form"),
]
