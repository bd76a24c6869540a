"""Staff pages of processing, mounted at /can-bo/xu-ly/."""

from django.urls import path

from motcua.processing import views

app_name = "processing"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("co-quan/", views.agency, name="agency"),
    path("chuyen-xu-ly/", views.transfers, name="transfers"),
    path("ket-qua-cho-vao-so/", views.results, name="results"),
    path("ho-so/<int:dossier_id>/", views.detail, name="detail"),
    path("ho-so/<int:dossier_id>/phieu-05.pdf", views.form05, name="form05"),
    path("ho-so/<int:dossier_id>/phieu-04/<int:notice_id>.pdf", views.form04, name="form04"),
    path("ho-so/<int:dossier_id>/ket-qua.pdf", views.result_file, name="result-file"),
    path("ho-so/<int:dossier_id>/tep/<uuid:file_id>/", views.step_file, name="step-file"),
    path("ho-so/<int:dossier_id>/<str:action>/", views.dossier_action, name="dossier-action"),
    path("buoc/<int:step_id>/<str:action>/", views.step_action, name="step-action"),
]
