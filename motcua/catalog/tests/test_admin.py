"""The Django admin shows the catalogue for reading only: changes go through the services."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.catalog.models import ProcedureVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_signed_in(demo_catalogue):
    from motcua.accounts.models import User

    user = User.objects.create_superuser("quantri.hethong", "qt@motcua.invalid", "x-Secret-123")
    client = Client()
    client.force_login(user)
    return client


def test_the_admin_lists_and_shows_versions_without_any_way_to_change_them(
    admin_client_signed_in,
):
    client = admin_client_signed_in
    version = ProcedureVersion.objects.filter(procedure__code="2.000815").first()
    # Given the catalogue, when a superuser opens the admin list of versions
    listing = client.get("/quan-tri-he-thong/catalog/procedureversion/", {"q": "2.000815"})
    # Then the procedure is listed, with no "add" button
    assert listing.status_code == 200
    page = listing.content.decode()
    assert version.name in page
    assert "/quan-tri-he-thong/catalog/procedureversion/add/" not in page
    # And its detail shows the fee rules and documents read-only, with no save button
    detail = client.get(f"/quan-tri-he-thong/catalog/procedureversion/{version.pk}/change/")
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "tối đa" in text or "200000" in text or "200.000" in text
    assert 'name="_save"' not in text
    # And adding, changing or deleting is refused
    assert client.get("/quan-tri-he-thong/catalog/procedureversion/add/").status_code == 403
    assert (
        client.post(
            f"/quan-tri-he-thong/catalog/procedureversion/{version.pk}/change/", {}
        ).status_code
        == 403
    )
    assert (
        client.get(f"/quan-tri-he-thong/catalog/procedureversion/{version.pk}/delete/").status_code
        == 403
    )
    for model in ("field", "procedure", "procedureassignment", "importjob", "searchword"):
        assert client.get(f"/quan-tri-he-thong/catalog/{model}/").status_code == 200, model
