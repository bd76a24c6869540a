from django.urls import path

from motcua.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("tinh-han/", views.deadline_calculator, name="deadline"),
]
