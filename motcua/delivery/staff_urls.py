"""Staff pages: returning results (/can-bo/tra-ket-qua/)."""

from django.urls import path

from motcua.delivery import staff_views

app_name = "delivery_staff"
urlpatterns = [
    path("", staff_views.queue, name="queue"),
    path("<int:pk>/", staff_views.detail, name="detail"),
    path("<int:pk>/tai-quay/", staff_views.return_desk, name="return-desk"),
    path("<int:pk>/buu-chinh/", staff_views.return_post, name="return-post"),
    path("<int:pk>/da-phat/", staff_views.delivered, name="delivered"),
    path("<int:pk>/ket-qua/", staff_views.result_file, name="result-file"),
]
