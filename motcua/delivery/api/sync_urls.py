"""Routes of the national-portal sync export (included under /api/v1/sync/)."""

from django.urls import path

from motcua.delivery.api import views

urlpatterns = [
    path("dossiers/", views.SyncListView.as_view(), name="sync-dossiers"),
    path("dossiers/<str:code>/", views.SyncDetailView.as_view(), name="sync-dossier"),
]
