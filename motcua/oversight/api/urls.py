from django.urls import path

from motcua.oversight.api import views

urlpatterns = [
    path("metrics/", views.MetricsView.as_view(), name="oversight-metrics"),
    path("index/", views.IndexView.as_view(), name="oversight-index"),
    path(
        "index/<slug:indicator>/dossiers/",
        views.IndexDossiersView.as_view(),
        name="oversight-index-dossiers",
    ),
    path("ranking/", views.RankingView.as_view(), name="oversight-ranking"),
    path("trend/", views.TrendView.as_view(), name="oversight-trend"),
    path("backlog/", views.BacklogView.as_view(), name="oversight-backlog"),
    path("heatmap/", views.HeatmapView.as_view(), name="oversight-heatmap"),
    path("late/", views.LateView.as_view(), name="oversight-late"),
    path(
        "dossiers/<int:pk>/evaluation/", views.EvaluationView.as_view(), name="oversight-evaluation"
    ),
    path("reports/", views.ReportListView.as_view(), name="oversight-reports"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="oversight-report"),
    path("public/index/", views.PublicIndexView.as_view(), name="oversight-public-index"),
]
