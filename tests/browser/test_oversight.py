"""A ward's leader reads the dashboard and the Decision 766 index of March 2026, follows a
score to the dossiers behind it, and anyone reads the public index on a phone."""

from __future__ import annotations

import pytest

from conftest import assert_accessible, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MARCH = "kind=month&year=2026&number=3"


@pytest.fixture
def march(demo_org, settings, tmp_path):
    from django.core.cache import cache

    from motcua.accounts.models import User
    from motcua.dossiers.tests.conftest import catalogue_slice
    from motcua.oversight.tests.fixture import build_all

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the public index is cached per period
    catalogue_slice()
    return build_all(agencies=demo_org, actor=User.objects.get(username="motcua.bachdang"))


def test_leader_reads_dashboard_and_index_and_drills_down(page, march):
    # Given the chairwoman of ward Bạch Đằng, signed in
    sign_in(page, "chutich.bachdang")
    # When she opens the dashboard for March 2026
    page.goto(f"/can-bo/giam-sat/?agency=hbt-bach-dang&{MARCH}")
    # Then she sees the month's figures, the charts and the tables behind them
    assert page.get_by_test_id("received").inner_text() == "46"
    assert page.get_by_test_id("resolved").inner_text() == "38"
    assert page.locator("#trend-chart").is_visible()
    assert "73,33%" in page.get_by_test_id("trend").inner_text()
    assert march["C"][0].code in page.get_by_test_id("late").inner_text()
    assert_accessible(page)
    screenshot(page, "oversight-dashboard")
    # When she opens the index
    page.get_by_role("link", name="Chỉ số phục vụ (QĐ 766)").click()
    # Then the total and each group are shown
    assert "33,30" in page.get_by_test_id("total").inner_text()
    assert "73,33%" in page.get_by_test_id("ind-progress").inner_text()
    assert_accessible(page)
    screenshot(page, "oversight-index")
    # When she follows the progress score to the dossiers that miss it
    page.get_by_test_id("ind-progress").get_by_role("link", name="Chưa đạt").click()
    # Then the 12 late or overdue dossiers are listed, with their evaluation
    assert "12 hồ sơ" in page.get_by_test_id("count").inner_text()
    assert march["E"][0].code in page.get_by_test_id("dossiers").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=f"Thông tư 01/2018 {march['E'][0].code}").click()
    assert "2 lần yêu cầu bổ sung" in page.get_by_test_id("criteria").inner_text()


def test_public_index_on_a_phone(mobile_page, march):
    # Given anyone on a phone
    # When they open the public index for March 2026
    mobile_page.goto(f"/chi-so-phuc-vu/?{MARCH}")
    # Then every agency with dossiers is listed with its scores
    table = mobile_page.get_by_test_id("public-index").inner_text()
    assert "Bạch Đằng" in table
    assert "Minh Khai" in table
    assert_accessible(mobile_page)
    screenshot(mobile_page, "oversight-public")
