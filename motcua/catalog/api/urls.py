"""Routes of the catalogue API, registered on the project router (motcua/api/urls.py)."""

from rest_framework.routers import BaseRouter

from motcua.catalog.api.views import CatalogImportViewSet, ProcedureViewSet


def register(router: BaseRouter) -> None:
    router.register("procedures", ProcedureViewSet, basename="procedure")
    router.register("catalog-imports", CatalogImportViewSet, basename="catalog-import")
