"""The sandbox (test) gateway under /cong-thanh-toan-thu-nghiem/."""

from django.urls import path

from motcua.payments.views import sandbox

app_name = "payments_sandbox"
urlpatterns = [
    path("thanh-toan/", sandbox.pay, name="pay"),
    path("giao-dich/<str:txn_no>/", sandbox.transaction_page, name="transaction"),
    path("giao-dich/<str:txn_no>/gui-lai-ipn/", sandbox.ipn_resend, name="ipn-resend"),
    path("truy-van/", sandbox.query, name="query"),
]
