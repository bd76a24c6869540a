from django.urls import path

from motcua.feedback.api import public_views, staff_views

urlpatterns = [
    path("", public_views.SubmitView.as_view(), name="feedback-submit"),
    path("published/", public_views.PublishedListView.as_view(), name="feedback-published"),
    path(
        "published/<str:code>/",
        public_views.PublishedDetailView.as_view(),
        name="feedback-published-detail",
    ),
    path("track/", public_views.TrackView.as_view(), name="feedback-track"),
    path(
        "track/<str:code>/information/",
        public_views.ProvideInfoView.as_view(),
        name="feedback-track-information",
    ),
    path("track/<str:code>/rating/", public_views.RateView.as_view(), name="feedback-track-rating"),
    path(
        "track/<str:code>/repeat/", public_views.RepeatView.as_view(), name="feedback-track-repeat"
    ),
    path("mine/", public_views.MyFeedbackView.as_view(), name="feedback-mine"),
    path("indicators/", staff_views.IndicatorsView.as_view(), name="feedback-indicators"),
    path("cases/", staff_views.CaseListView.as_view(), name="feedback-cases"),
    path("cases/counts/", staff_views.CaseCountsView.as_view(), name="feedback-cases-counts"),
    path("cases/<str:code>/", staff_views.CaseDetailView.as_view(), name="feedback-case"),
    path(
        "cases/<str:code>/contact/", staff_views.ContactView.as_view(), name="feedback-case-contact"
    ),
    path(
        "cases/<str:code>/attachments/<uuid:file_id>/",
        staff_views.AttachmentView.as_view(),
        name="feedback-case-attachment",
    ),
    path("cases/<str:code>/assign/", staff_views.AssignView.as_view(), name="feedback-case-assign"),
    path(
        "cases/<str:code>/transfer/",
        staff_views.TransferView.as_view(),
        name="feedback-case-transfer",
    ),
    path(
        "cases/<str:code>/request-information/",
        staff_views.RequestInfoView.as_view(),
        name="feedback-case-request-information",
    ),
    path("cases/<str:code>/refuse/", staff_views.RefuseView.as_view(), name="feedback-case-refuse"),
    path("cases/<str:code>/answer/", staff_views.AnswerView.as_view(), name="feedback-case-answer"),
    path(
        "cases/<str:code>/publish/", staff_views.PublishView.as_view(), name="feedback-case-publish"
    ),
    path(
        "cases/<str:code>/reclassify/",
        staff_views.ReclassifyView.as_view(),
        name="feedback-case-reclassify",
    ),
]
