"""Routes of the signing and verification API (included from motcua/api/urls.py)."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from motcua.documents.api.views import (
    CertificateViewSet,
    SignedResultViewSet,
    VerificationCodeView,
    VerificationUploadView,
)

router = SimpleRouter(trailing_slash=False)
router.register("signing/certificates", CertificateViewSet, basename="signing-certificate")
router.register("signing/results", SignedResultViewSet, basename="signing-result")

urlpatterns = [
    path("verification", VerificationUploadView.as_view(), name="verification-upload"),
    path("verification/<str:code>", VerificationCodeView.as_view(), name="verification-code"),
    path("", include(router.urls)),
]
