from django.urls import path

from motcua.catalog import staff_views as views

app_name = "catalog-staff"
urlpatterns = [
    path("", views.staff_list, name="list"),
    path("moi/", views.staff_create, name="create"),
    path("phien-ban/<int:pk>/", views.staff_version, name="version"),
    path("phien-ban/<int:pk>/cong-bo/", views.staff_publish, name="publish"),
    path("phien-ban/<int:pk>/het-hieu-luc/", views.staff_retire, name="retire"),
    path("phien-ban/<int:pk>/huy-nhap/", views.staff_discard, name="discard"),
    path("phien-ban/<int:pk>/cam-ket/", views.staff_commitment, name="commitment"),
    path("xem-truoc-bieu-mau/", views.eform_preview, name="eform-preview"),
    path("qua-thoi-han/", views.over_budget_report, name="over-budget"),
    path("nhap/", views.import_start, name="import"),
    path("nhap/<int:pk>/", views.import_job, name="import-job"),
    path("xuat.xlsx", views.export_xlsx, name="export"),
    path("ap-dung/<int:pk>/ket-thuc/", views.staff_assignment_end, name="assignment-end"),
    path("<str:code>/sua/", views.staff_start_draft, name="start-draft"),
    path("<str:code>/co-quan/", views.staff_assignments, name="assignments"),
]
