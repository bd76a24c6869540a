"""Resident pages: filing online, my dossiers, public tracking."""

from django.urls import path

from motcua.dossiers import views

app_name = "dossiers"
urlpatterns = [
    path("nop-ho-so/", views.start_pick, name="start-pick"),
    path("nop-ho-so/<str:code>/", views.start, name="start"),
    path("ho-so-cua-toi/", views.mine, name="mine"),
    path("ho-so-cua-toi/<int:pk>/", views.mine_detail, name="mine-detail"),
    path("ho-so-cua-toi/<int:pk>/to-khai/", views.draft_form, name="draft-form"),
    path("ho-so-cua-toi/<int:pk>/giay-to/", views.draft_files, name="draft-files"),
    path(
        "ho-so-cua-toi/<int:pk>/giay-to/<int:attachment>/xoa/",
        views.draft_file_remove,
        name="draft-file-remove",
    ),
    path("ho-so-cua-toi/<int:pk>/xem-lai/", views.draft_review, name="draft-review"),
    path("ho-so-cua-toi/<int:pk>/da-bo-sung/", views.mine_supplement_done, name="mine-supplement"),
    path("ho-so-cua-toi/<int:pk>/rut/", views.mine_withdraw, name="mine-withdraw"),
    path("ho-so-cua-toi/<int:pk>/phieu/<str:form>/", views.mine_slip, name="mine-slip"),
    path("ho-so-cua-toi/<int:pk>/tep/<int:attachment>/", views.mine_file, name="mine-file"),
    path("tra-cuu/", views.track, name="track"),
]
