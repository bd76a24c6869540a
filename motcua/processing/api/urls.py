"""Routes of the processing API, included from motcua/api/urls.py under processing/."""

from django.urls import path

from motcua.processing.api import views

urlpatterns = [
    path("queues/<str:queue>/", views.QueueView.as_view(), name="processing-queue"),
    path("agency/", views.AgencyView.as_view(), name="processing-agency"),
    path("counts/", views.CountsView.as_view(), name="processing-counts"),
    path(
        "dossiers/<int:dossier_id>/", views.DossierProcessView.as_view(), name="processing-dossier"
    ),
    path("dossiers/<int:dossier_id>/start/", views.StartView.as_view(), name="processing-start"),
    path(
        "dossiers/<int:dossier_id>/supplement/",
        views.SupplementView.as_view(),
        name="processing-supplement",
    ),
    path("dossiers/<int:dossier_id>/stop/", views.StopView.as_view(), name="processing-stop"),
    path(
        "dossiers/<int:dossier_id>/delay-notice/",
        views.DelayNoticeView.as_view(),
        name="processing-delay-notice",
    ),
    path("dossiers/<int:dossier_id>/result/", views.ResultView.as_view(), name="processing-result"),
    path(
        "dossiers/<int:dossier_id>/result/sign/",
        views.ResultSignView.as_view(),
        name="processing-result-sign",
    ),
    path(
        "dossiers/<int:dossier_id>/result/issue/",
        views.ResultIssueView.as_view(),
        name="processing-result-issue",
    ),
    path(
        "dossiers/<int:dossier_id>/form-05.pdf",
        views.Form05View.as_view(),
        name="processing-form-05",
    ),
    *[
        path(
            f"steps/<int:step_id>/{action}/",
            view.as_view(),
            name=f"processing-step-{action}",
        )
        for action, view in views.STEP_VIEWS.items()
    ],
]
