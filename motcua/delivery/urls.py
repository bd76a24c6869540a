"""Resident pages of the result: download and rating (included at the site root)."""

from django.urls import path

from motcua.delivery import views

app_name = "delivery"
urlpatterns = [
    path("ho-so-cua-toi/<int:pk>/ket-qua/", views.mine_result, name="mine-result"),
    path("ho-so-cua-toi/<int:pk>/danh-gia/", views.mine_rate, name="mine-rate"),
    path("tra-cuu/danh-gia/", views.track_rate, name="track-rate"),
]
