"""Staff pages under /can-bo/thu-phi/."""

from django.urls import path

from motcua.payments.views import staff

app_name = "payments_staff"
urlpatterns = [
    path("", staff.home, name="home"),
    path("ho-so/<str:code>/", staff.dossier_desk, name="dossier"),
    path("ho-so/<str:code>/hoan-tra/<int:payment_id>/", staff.refund, name="refund"),
    path("bien-lai/<int:receipt_id>/", staff.receipt_download, name="receipt"),
    path("tong-hop/", staff.collections, name="collections"),
    path("tong-hop/xlsx/", staff.collections_export, name="collections-xlsx"),
    path("doi-soat/", staff.statements, name="statements"),
    path("doi-soat/<int:pk>/", staff.statement, name="statement"),
    path("doi-soat/dong/<int:line_id>/hoan-tra/", staff.line_refund, name="line-refund"),
    path("tai-khoan/", staff.bank_accounts, name="accounts"),
    path("tai-khoan/<str:agency_code>/", staff.bank_account_edit, name="account-edit"),
    path("yeu-cau/", staff.requirements, name="requirements"),
    path("nhat-ky-cong/", staff.callback_logs, name="logs"),
]
