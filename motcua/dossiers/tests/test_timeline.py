"""The staff timeline of a dossier says what each piece of work inside processing did: which
step was taken or completed and which steps it handed the dossier over to."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from motcua.dossiers.tests.conftest import catalogue_slice

pytestmark = pytest.mark.django_db


def test_desk_timeline_names_each_step_and_its_hand_over(demo_org: dict[str, Any]) -> None:
    from motcua.processing import services
    from motcua.processing.accounts import seed_processing_accounts
    from motcua.processing.tests.helpers import local, started, step, user

    seed_processing_accounts(demo_org)
    catalogue_slice()
    # Given a birth registration transferred at the ward, whose civil-status officer took the
    # examination step and completed it
    dossier = started(at=local(2026, 3, 9, 9))
    officer = user("tuphap.bachdang")
    services.step_claim(actor=officer, step=step(dossier, 2), at=local(2026, 3, 9, 10))
    services.step_complete(
        actor=officer, step=step(dossier, 2), note="Đủ điều kiện", at=local(2026, 3, 9, 11)
    )
    # When the desk officer opens the dossier
    client = Client()
    client.force_login(user("motcua.bachdang"))
    page = client.get(f"/can-bo/ho-so/{dossier.pk}/").content.decode()
    # Then the log says who took which step, and that completing it opened the leader's step
    assert "Xử lý bước quy trình: nhận xử lý bước 2 “Thẩm định, trình ký”" in page
    assert "Xử lý bước quy trình: hoàn thành bước 2 “Thẩm định, trình ký” → bước 3" in page
