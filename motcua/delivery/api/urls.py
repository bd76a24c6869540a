"""Routes of the delivery API (included under /api/v1/delivery/)."""

from django.urls import path

from motcua.delivery.api import views

urlpatterns = [
    path("returns/", views.ReturnQueueView.as_view(), name="delivery-returns"),
    path("dossiers/<int:pk>/", views.ReturnStateView.as_view(), name="delivery-dossier"),
    path(
        "dossiers/<int:pk>/return-desk/",
        views.ReturnDeskView.as_view(),
        name="delivery-return-desk",
    ),
    path("dossiers/<int:pk>/post/", views.ReturnPostView.as_view(), name="delivery-return-post"),
    path("dossiers/<int:pk>/delivered/", views.DeliveredView.as_view(), name="delivery-delivered"),
    path(
        "dossiers/<int:pk>/result/",
        views.StaffResultFileView.as_view(),
        name="delivery-result-staff",
    ),
    path("my/<int:pk>/result/", views.MyResultFileView.as_view(), name="delivery-result-mine"),
    path("my/<int:pk>/rating/", views.MyRatingView.as_view(), name="delivery-rating-mine"),
    path("tracking/rating/", views.TrackingRatingView.as_view(), name="delivery-rating-tracking"),
    path("tracking-book/", views.BookView.as_view(), name="delivery-book"),
    path("ratings/counts/", views.RatingCountsView.as_view(), name="delivery-rating-counts"),
]
