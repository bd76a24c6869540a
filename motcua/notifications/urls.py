from django.urls import path

from motcua.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/gui-lai/", views.resend, name="resend"),
]
