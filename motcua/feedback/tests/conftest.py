from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from motcua.feedback.tests import factories


@pytest.fixture(autouse=True)
def _isolated_media(settings: Any, tmp_path: Path) -> None:
    """Attachments are written under a temporary media folder, not the checkout's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


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
