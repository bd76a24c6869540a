"""Staff pages: queues (bounded queries), the dossier page and its actions, scope."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.dossiers.constants import Status
from motcua.dossiers.models import Dossier
from motcua.processing.constants import StepState
from motcua.processing.tests.helpers import BUILDING, accepted, local, started, step, user

pytestmark = pytest.mark.django_db


def _client(username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def test_queue_page_lists_steps_with_counts_in_few_queries(world, django_assert_max_num_queries):
    # Given three dossiers waiting for the ward's civil-status unit
    for hour in (8, 9, 10):
        started(at=local(2026, 3, 9, hour))
    client = _client("tuphap.bachdang")
    # When the specialist opens the unit queue
    with django_assert_max_num_queries(10):
        r = client.get("/can-bo/xu-ly/?hang=unit")
    # Then the three dossiers are listed, overdue ones flagged, the tab counts shown
    assert r.status_code == 200
    page = r.content.decode()
    assert page.count("Thẩm định, trình ký") == 3
    assert "Quá hạn" in page
    assert 'data-testid="queue-unit"' in page
    # And many more rows do not cost more queries
    for hour in (11, 13, 14, 15):
        started(at=local(2026, 3, 9, hour))
    with django_assert_max_num_queries(10):
        r = client.get("/can-bo/xu-ly/?hang=unit&thu_tuc=1.001193")
    assert r.content.decode().count("Thẩm định, trình ký") == 7


def test_leader_view_and_other_pages_render(world, django_assert_max_num_queries):
    started(at=local(2026, 3, 9, 9))
    leader = _client("chutich.bachdang")
    with django_assert_max_num_queries(10):
        r = leader.get("/can-bo/xu-ly/co-quan/")
    assert r.status_code == 200
    assert "Thủ tục đăng ký khai sinh" in r.content.decode()
    # a specialist has no leader's view
    assert _client("tuphap.bachdang").get("/can-bo/xu-ly/co-quan/").status_code == 404
    assert _client("vanthu.bachdang").get("/can-bo/xu-ly/ket-qua-cho-vao-so/").status_code == 200


def test_claim_on_the_page_and_a_stale_second_claim_gets_a_message(world):
    # Given a transferred dossier open on two officers' screens
    dossier = started(at=local(2026, 3, 9, 9))
    target = step(dossier, 2)
    revision = Dossier.objects.get(pk=dossier.pk).revision
    specialist, leader = _client("tuphap.bachdang"), _client("chutich.bachdang")
    page = specialist.get(f"/can-bo/xu-ly/ho-so/{dossier.pk}/").content.decode()
    assert 'data-testid="claim-2"' in page
    # When both press "Nhận xử lý"
    r = specialist.post(
        f"/can-bo/xu-ly/buoc/{target.pk}/nhan/", {"revision": revision}, follow=True
    )
    assert "Đã nhận xử lý bước." in r.content.decode()
    r = leader.post(f"/can-bo/xu-ly/buoc/{target.pk}/nhan/", {"revision": revision}, follow=True)
    # Then the second sees in Vietnamese that someone acted first
    assert "Tải lại trang" in r.content.decode()
    assert step(dossier, 2).assignee.username == "tuphap.bachdang"
    # When the specialist completes without a note, the message names the field
    r = specialist.post(f"/can-bo/xu-ly/buoc/{target.pk}/hoan-thanh/", {}, follow=True)
    assert "Ý kiến xử lý" in r.content.decode()
    assert step(dossier, 2).state == StepState.IN_PROGRESS
    r = specialist.post(
        f"/can-bo/xu-ly/buoc/{target.pk}/hoan-thanh/", {"note": "Đủ điều kiện"}, follow=True
    )
    assert step(dossier, 2).state == StepState.DONE
    assert "Đã hoàn thành bước" in r.content.decode()


def test_officer_of_another_ward_gets_404(world):
    dossier = started()
    other = _client("motcua.minhkhai")
    assert other.get(f"/can-bo/xu-ly/ho-so/{dossier.pk}/").status_code == 404
    assert other.post(f"/can-bo/xu-ly/buoc/{step(dossier, 2).pk}/nhan/").status_code == 404
    assert other.get(f"/can-bo/xu-ly/ho-so/{dossier.pk}/phieu-05.pdf").status_code == 404


def test_desk_transfers_from_its_list(world):
    dossier = accepted()
    desk = _client("motcua.bachdang")
    page = desk.get("/can-bo/xu-ly/chuyen-xu-ly/").content.decode()
    assert dossier.code in page
    r = desk.post(
        f"/can-bo/xu-ly/ho-so/{dossier.pk}/chuyen-xu-ly/",
        {"revision": Dossier.objects.get(pk=dossier.pk).revision},
        follow=True,
    )
    assert "Đã chuyển hồ sơ" in r.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).status == Status.PROCESSING


def test_form_05_and_form_04_from_the_page(world):
    dossier = started(code=BUILDING, desk="motcua.hbt", receiving="hbt", at=local(2026, 3, 2, 9))
    leader = _client("lanhdao.hbt")
    r = leader.get(f"/can-bo/xu-ly/ho-so/{dossier.pk}/phieu-05.pdf")
    assert r["Content-Type"] == "application/pdf"
    r = leader.post(
        f"/can-bo/xu-ly/ho-so/{dossier.pk}/phieu-04/",
        {"reason": "Chờ ý kiến Sở Xây dựng", "new_appointment_at": "2099-03-20T17:00"},
        follow=True,
    )
    body = r.content.decode()
    assert "Đã lập Phiếu xin lỗi" in body
    assert 'data-testid="appointment"' in body
    r = leader.post(
        f"/can-bo/xu-ly/ho-so/{dossier.pk}/phieu-04/",
        {"reason": "Chờ", "new_appointment_at": ""},
        follow=True,
    )
    assert "Ngày hẹn mới" in r.content.decode() or "Lý do" in r.content.decode()
