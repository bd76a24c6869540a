"""Desk pages under /can-bo/ho-so/."""

from django.urls import path

from motcua.dossiers import desk_views

app_name = "dossier_desk"
urlpatterns = [
    path("", desk_views.queue, name="queue"),
    path("tiep-nhan/", desk_views.receive, name="receive"),
    path("tiep-nhan/tim-cong-dan/", desk_views.resident_lookup, name="resident-lookup"),
    path("<int:pk>/", desk_views.detail, name="detail"),
    path("<int:pk>/kiem-tra/", desk_views.checklist, name="checklist"),
    path("<int:pk>/so-hoa/", desk_views.scan, name="scan"),
    path("<int:pk>/tiep-nhan/", desk_views.accept, name="accept"),
    path("<int:pk>/yeu-cau-bo-sung/", desk_views.supplement, name="supplement"),
    path("<int:pk>/da-bo-sung/", desk_views.supplement_received, name="supplement-received"),
    path("<int:pk>/tu-choi/", desk_views.refuse, name="refuse"),
    path("<int:pk>/phieu/<str:form>/", desk_views.slip, name="slip"),
    path("<int:pk>/tep/<int:attachment>/", desk_views.file, name="file"),
]
