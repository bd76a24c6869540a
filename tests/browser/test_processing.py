"""Processing in the browser: the specialist's queues, taking and completing a step, the
leader's view; every page checked with axe (WCAG 2.1 AA) and photographed."""

from __future__ import annotations

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_specialist_takes_and_completes_a_step(page, demo_org, settings, tmp_path):
    from motcua.dossiers.tests.conftest import catalogue_slice
    from motcua.processing.accounts import seed_processing_accounts
    from motcua.processing.tests.helpers import local, started

    settings.MEDIA_ROOT = tmp_path / "media"
    seed_processing_accounts(demo_org)
    catalogue_slice(("1.001193", "2.000635", "1.009999"))
    dossier = started(at=local(2026, 3, 9, 9))
    # Given the ward's civil-status specialist on the queue of their unit
    sign_in(page, "tuphap.bachdang")
    page.goto("/can-bo/xu-ly/?hang=unit")
    assert dossier.code in page.get_by_test_id("queue").inner_text()
    assert_accessible(page)
    screenshot(page, "processing-queue")
    # When they open the dossier and take the step
    page.get_by_role("link", name=dossier.code).click()
    page.get_by_test_id("claim-2").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_test_id("step-2-state").inner_text() == "Đang xử lý"
    assert_accessible(page)
    screenshot(page, "processing-dossier")
    # And complete it with a note
    page.get_by_text("Hoàn thành bước", exact=True).click()
    page.get_by_label("Ý kiến xử lý").fill("Hồ sơ đầy đủ, trình lãnh đạo ký")
    page.get_by_test_id("complete-2").click()
    page.wait_for_load_state("networkidle")
    # Then the step is done and the leader's step is waiting for her
    assert page.get_by_test_id("step-2-state").inner_text() == "Đã xong"
    assert page.get_by_test_id("step-3-state").inner_text() == "Chờ nhận xử lý"
    # And the chairwoman sees the dossier in her agency view
    page.context.clear_cookies()
    sign_in(page, "chutich.bachdang")
    page.goto("/can-bo/xu-ly/co-quan/")
    assert dossier.code in page.get_by_test_id("agency-queue").inner_text()
    assert_accessible(page)
    screenshot(page, "processing-agency")
