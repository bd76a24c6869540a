from django.urls import path

from motcua.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("chi-so/", views.index_page, name="index"),
    path("chi-so/<slug:indicator>/ho-so/", views.drill, name="drill"),
    path("ho-so/<int:pk>/danh-gia/", views.evaluation, name="evaluation"),
    path("bao-cao/", views.reports, name="reports"),
    path("bao-cao/<int:pk>/", views.report_status, name="report-status"),
    path("bao-cao/<int:pk>/<str:fmt>/", views.report_download, name="report-download"),
]
