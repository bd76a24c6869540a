"""Resident pages under /thanh-toan/."""

from django.urls import path

from motcua.payments.views import resident

app_name = "payments"
urlpatterns = [
    path("", resident.mine, name="mine"),
    path("<str:code>/", resident.dossier_page, name="dossier"),
    path("<str:code>/trang-thai/", resident.status_fragment, name="status"),
    path("<str:code>/cong-thanh-toan/", resident.gateway_start, name="gateway-start"),
    path("<str:code>/chuyen-khoan/", resident.qr_start, name="qr-start"),
    path("<str:code>/chuyen-khoan/<str:reference>/", resident.qr_page, name="qr"),
    path("<str:code>/ket-qua/", resident.gateway_return, name="return"),
    path("<str:code>/bien-lai/<int:receipt_id>/", resident.receipt_download, name="receipt"),
]
