from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("", include("motcua.portal.urls")),
    path("", include("motcua.dossiers.urls")),
    path("", include("motcua.delivery.urls")),
    path("tai-khoan/", include("motcua.accounts.urls")),
    path("thu-tuc/", include("motcua.catalog.urls")),
    path("can-bo/thu-tuc/", include("motcua.catalog.staff_urls")),
    path("can-bo/thong-bao/", include("motcua.notifications.urls")),
    path("can-bo/cai-cach/", include("motcua.reform.urls")),
    path("xac-thuc/", include("motcua.documents.urls")),
    path("can-bo/chung-thu/", include("motcua.documents.staff_urls")),
    path("phan-anh-kien-nghi/", include("motcua.feedback.urls")),
    path("can-bo/phan-anh/", include("motcua.feedback.staff_urls")),
    path("can-bo/xu-ly/", include("motcua.processing.urls")),
    path("can-bo/ho-so/", include("motcua.dossiers.desk_urls")),
    path("can-bo/tra-ket-qua/", include("motcua.delivery.staff_urls")),
    path("can-bo/so-theo-doi/", include("motcua.delivery.book_urls")),
    path("thanh-toan/", include("motcua.payments.urls")),
    path("can-bo/thu-phi/", include("motcua.payments.staff_urls")),
    path("cong-thanh-toan-thu-nghiem/", include("motcua.payments.sandbox_urls")),
    path("can-bo/giam-sat/", include("motcua.oversight.urls")),
    path("chi-so-phuc-vu/", include("motcua.oversight.public_urls")),
    path("can-bo/", include("motcua.desk.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("quan-tri-he-thong/", admin.site.urls),
    path("api/v1/", include("motcua.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
