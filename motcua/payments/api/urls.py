"""Routes of the payments API, included from motcua/api/urls.py under payments/."""

from django.urls import path

from motcua.payments.api import views

urlpatterns = [
    path("fee-quote/", views.FeeQuoteView.as_view(), name="payments-fee-quote"),
    path("dossiers/<str:code>/", views.DossierPaymentView.as_view(), name="payments-dossier"),
    path(
        "dossiers/<str:code>/gateway/",
        views.GatewayStartView.as_view(),
        name="payments-gateway-start",
    ),
    path("dossiers/<str:code>/qr/", views.QrStartView.as_view(), name="payments-qr-start"),
    path("dossiers/<str:code>/desk/", views.DeskPaymentView.as_view(), name="payments-desk"),
    path("<int:pk>/refund/", views.RefundView.as_view(), name="payments-refund"),
    path("receipts/<int:pk>/pdf/", views.ReceiptPdfView.as_view(), name="payments-receipt-pdf"),
    path("gateways/<str:gateway>/ipn/", views.IpnView.as_view(), name="payments-gateway-ipn"),
    path("collections/", views.CollectionsView.as_view(), name="payments-collections"),
    path("indicators/", views.IndicatorsView.as_view(), name="payments-indicators"),
    path("statements/", views.StatementListView.as_view(), name="payments-statements"),
    path("statements/<int:pk>/", views.StatementDetailView.as_view(), name="payments-statement"),
    path(
        "bank-accounts/<str:agency>/", views.BankAccountView.as_view(), name="payments-bank-account"
    ),
    path("requirements/", views.RequirementListView.as_view(), name="payments-requirements"),
    path("requirements/<str:code>/", views.RequirementView.as_view(), name="payments-requirement"),
]
