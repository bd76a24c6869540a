from django.urls import path

from motcua.feedback.api import views

urlpatterns = [
    path("", views.SubmitView.as_view(), name="feedback-submit"),
    path("published/", views.PublishedListView.as_view(), name="feedback-published"),
    path(
        "published/<str:code>/",
        views.PublishedDetailView.as_view(),
        name="feedback-published-detail",
    ),
    path("track/", views.TrackView.as_view(), name="feedback-track"),
    path(
        "track/<str:code>/information/",
        views.ProvideInfoView.as_view(),
        name="feedback-track-information",
    ),
    path("track/<str:code>/rating/", views.RateView.as_view(), name="feedback-track-rating"),
    path("track/<str:code>/repeat/", views.RepeatView.as_view(), name="feedback-track-repeat"),
    path("mine/", views.MyFeedbackView.as_view(), name="feedback-mine"),
    path("indicators/", views.IndicatorsView.as_view(), name="feedback-indicators"),
    path("cases/", views.CaseListView.as_view(), name="feedback-cases"),
    path("cases/counts/", views.CaseCountsView.as_view(), name="feedback-cases-counts"),
    path("cases/<str:code>/", views.CaseDetailView.as_view(), name="feedback-case"),
    path("cases/<str:code>/contact/", views.ContactView.as_view(), name="feedback-case-contact"),
    path(
        "cases/<str:code>/attachments/<uuid:file_id>/",
        views.AttachmentView.as_view(),
        name="feedback-case-attachment",
    ),
    path("cases/<str:code>/assign/", views.AssignView.as_view(), name="feedback-case-assign"),
    path("cases/<str:code>/transfer/", views.TransferView.as_view(), name="feedback-case-transfer"),
    path(
        "cases/<str:code>/request-information/",
        views.RequestInfoView.as_view(),
        name="feedback-case-request-information",
    ),
    path("cases/<str:code>/refuse/", views.RefuseView.as_view(), name="feedback-case-refuse"),
    path("cases/<str:code>/answer/", views.AnswerView.as_view(), name="feedback-case-answer"),
    path("cases/<str:code>/publish/", views.PublishView.as_view(), name="feedback-case-publish"),
    path(
        "cases/<str:code>/reclassify/",
        views.ReclassifyView.as_view(),
        name="feedback-case-reclassify",
    ),
]
