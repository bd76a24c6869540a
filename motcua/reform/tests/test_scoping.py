"""A ward's reform officer sees and changes only their own ward: everything of another ward
answers "not found", in pages and in the API, and the services refuse whatever calls them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from motcua.reform import services
from motcua.reform.models import Recommendation, ReformPlan, SupportTeam

pytestmark = pytest.mark.django_db


def _minh_khai_records(demo):
    ward = demo["hbt-minh-khai"]
    return {
        "to-cong-nghe-so": SupportTeam.objects.filter(agency=ward).first(),
        "ke-hoach": ReformPlan.objects.filter(agency=ward).first(),
        "kien-nghi": Recommendation.objects.filter(agency=ward).first(),
    }


def test_ward_officer_cannot_see_another_wards_records_in_pages(reform_demo, user_named, client):
    # Given the reform officer of Bạch Đằng ward
    client.force_login(user_named("caicach.bachdang"))
    # When they open their own ward's support teams
    own = client.get("/can-bo/cai-cach/hbt-bach-dang/to-cong-nghe-so/")
    # Then they see their 14 teams
    assert own.status_code == 200
    assert "14 bản ghi" in own.content.decode()
    # And Minh Khai's workspace, lists and records do not exist for them
    assert client.get("/can-bo/cai-cach/hbt-minh-khai/").status_code == 404
    assert client.get("/can-bo/cai-cach/hbt-minh-khai/to-cong-nghe-so/").status_code == 404
    for slug, record in _minh_khai_records(reform_demo).items():
        assert record is not None
        url = (
            f"/can-bo/cai-cach/hbt-bach-dang/kien-nghi/{record.pk}/"
            if slug == "kien-nghi"
            else f"/can-bo/cai-cach/hbt-bach-dang/{slug}/{record.pk}/"
        )
        assert client.get(url).status_code == 404, slug
    # And the district-wide view is closed to them too
    assert client.get("/can-bo/cai-cach/hbt/").status_code == 404
    # And an export of their own list holds only their ward
    export = client.get("/can-bo/cai-cach/hbt-bach-dang/to-cong-nghe-so/xuat.csv")
    assert export.content.decode("utf-8-sig").count("\n") == 15  # header + 14 teams


def test_ward_officer_cannot_see_another_wards_records_in_the_api(reform_demo, api_client_for):
    api = api_client_for("caicach.bachdang")
    # Lists are scoped: no Minh Khai team among the 14 they see
    teams = api.get("/api/v1/reform/support-teams/").json()
    assert teams["count"] == 14
    assert {t["agency"] for t in teams["results"]} == {"hbt-bach-dang"}
    # Records of another ward look exactly like records that do not exist
    for slug, record in _minh_khai_records(reform_demo).items():
        api_name = {
            "to-cong-nghe-so": "support-teams",
            "ke-hoach": "plans",
            "kien-nghi": "recommendations",
        }[slug]
        response = api.get(f"/api/v1/reform/{api_name}/{record.pk}/")
        assert response.status_code == 404, api_name
        assert api.get(f"/api/v1/reform/{api_name}/99999999/").status_code == 404
        assert response.json().keys() == {"detail", "errors"}
    assert api.get("/api/v1/reform/support-teams/?agency=hbt-minh-khai").status_code == 404
    assert api.get("/api/v1/reform/overview/hbt-minh-khai/").status_code == 404
    # And writing into another ward is refused without a trace
    before = SupportTeam.objects.count()
    response = api.post(
        "/api/v1/reform/support-teams/",
        {"agency": "hbt-minh-khai", "name": "Tổ lạ", "kind": "shock"},
        format="json",
    )
    assert response.status_code == 400
    assert "agency" in response.json()["errors"]
    plan = _minh_khai_records(reform_demo)["ke-hoach"]
    response = api.patch(f"/api/v1/reform/plans/{plan.pk}/", {"title": "Sửa trộm"}, format="json")
    assert response.status_code == 404
    assert SupportTeam.objects.count() == before


def test_services_refuse_another_wards_records_whoever_calls_them(reform_demo, user_named):
    officer = user_named("caicach.bachdang")
    with pytest.raises(PermissionDenied):
        services.record_create(
            actor=officer,
            model=SupportTeam,
            data={
                "agency": reform_demo["hbt-minh-khai"],
                "name": "Tổ lạ",
                "decision_date": dt.date(2023, 1, 1),
            },
        )
    plan = _minh_khai_records(reform_demo)["ke-hoach"]
    with pytest.raises(PermissionDenied):
        services.record_update(actor=officer, obj=plan, changes={"title": "Sửa trộm"})


def test_supervisor_sees_the_whole_city(reform_demo, api_client_for):
    api = api_client_for("giamsat.hdnd")
    assert api.get("/api/v1/reform/support-teams/?agency=hbt").json()["count"] == 250
    assert api.get("/api/v1/reform/overview/hbt/").json()["support"]["teams"] == 250


def test_a_ward_sees_the_districts_inspection_of_it_but_cannot_change_it(
    reform_demo, user_named, client
):
    from motcua.reform.models import Inspection

    # Given the district's planned inspection of Minh Khai ward
    inspection = Inspection.objects.get(status="planned", inspected_agency__code="hbt-minh-khai")
    client.force_login(user_named("caicach.minhkhai"))
    # Then the ward sees it in its workspace
    url = f"/can-bo/cai-cach/hbt-minh-khai/kiem-tra/{inspection.pk}/"
    assert client.get(url).status_code == 200
    # But recording it as done is the district's: refused, with the reason in Vietnamese
    response = client.post(url + "trang-thai/", {"status": "done", "conducted_on": "2023-10-03"})
    assert response.status_code == 403
    assert "không có quyền" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == "planned"
