from django.urls import path

from motcua.desk import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("co-quan/<str:code>/", views.agency_detail, name="agency"),
    path("co-quan/<str:code>/phan-quyen/", views.grant_add, name="grant-add"),
    path(
        "co-quan/<str:code>/phan-quyen/<int:grant_id>/thu-hoi/",
        views.grant_revoke,
        name="grant-revoke",
    ),
    path("co-quan/<str:code>/lich/", views.calendar_day_add, name="calendar-day-add"),
    path(
        "co-quan/<str:code>/lich/<int:day_id>/xoa/",
        views.calendar_day_remove,
        name="calendar-day-remove",
    ),
    path("co-quan/<str:code>/gio-lam-viec/", views.office_hours_save, name="office-hours"),
]
