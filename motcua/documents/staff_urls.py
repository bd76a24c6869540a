from django.urls import path

from motcua.documents import views

app_name = "documents-staff"
urlpatterns = [
    path("", views.certificate_list, name="certificates"),
    path("<int:pk>/ngung-dung/", views.certificate_deactivate, name="certificate-deactivate"),
    path("ket-qua/", views.result_list, name="results"),
    path("ket-qua/<uuid:pk>/vao-so/", views.result_number, name="result-number"),
    path("ket-qua/<uuid:pk>/tai-ve/", views.result_download, name="result-download"),
]
