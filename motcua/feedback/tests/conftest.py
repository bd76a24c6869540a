from __future__ import annotations

from typing import Any

import pytest

from motcua.feedback.tests import factories


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """The demo accounts are created for every test; real password hashing would dominate."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def submitted(demo_org: Any) -> Any:
    """An anonymous resident's feedback to ward Bạch Đằng, received Mon 2 March 2026 09:00."""
    return factories.submitted()


@pytest.fixture
def known_dossiers(demo_org: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """Dossier codes resolve to their ward without depending on the dossiers app's data."""
    from motcua.feedback import integrations

    known: dict[str, Any] = {}

    def lookup(code: str) -> integrations.DossierRef | None:
        agency = known.get(code)
        return integrations.DossierRef(code=code, pk=None, agency=agency) if agency else None

    monkeypatch.setattr(integrations, "dossier_lookup", lookup)
    return known
