from django.urls import path

from motcua.feedback.views import public

app_name = "feedback"
urlpatterns = [
    path("", public.index, name="index"),
    path("gui/", public.send, name="send"),
    path("da-gui/", public.sent, name="sent"),
    path("theo-doi/", public.track, name="track"),
    path("theo-doi/<str:code>/", public.track_detail, name="track-detail"),
    path("theo-doi/<str:code>/bo-sung/", public.track_info, name="track-info"),
    path("theo-doi/<str:code>/danh-gia/", public.track_rate, name="track-rate"),
    path("theo-doi/<str:code>/phan-anh-lai/", public.track_repeat, name="track-repeat"),
    path(
        "theo-doi/<str:code>/tep/<uuid:file_id>/",
        public.track_attachment,
        name="track-attachment",
    ),
    path("cua-toi/", public.mine, name="mine"),
    path("<str:code>/", public.published_detail, name="published"),
]
