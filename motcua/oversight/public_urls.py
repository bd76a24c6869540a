from django.urls import path

from motcua.oversight import views

app_name = "oversight_public"

urlpatterns = [path("", views.public_index, name="index")]
