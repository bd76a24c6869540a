"""Recommendations: issued from above with a deadline on the agency's calendar, followed
until closed with evidence; files are checked by content; every step is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.models import AuditEvent
from motcua.reform import services
from motcua.reform.constants import DeadlineMode, RecommendationSource, RecommendationStatus
from motcua.reform.models import Attachment, Recommendation, RecommendationUpdate
from motcua.reform.tests.conftest import pdf_upload, png_upload

pytestmark = pytest.mark.django_db


def _issue(user, agency, **extra) -> Recommendation:
    fields = {
        "title": "Niêm yết đủ thủ tục hành chính",
        "text": "Niêm yết lại theo quyết định mới.",
        "source": RecommendationSource.SUPERVISION,
        "issued_on": dt.date(2026, 2, 13),
        "deadline_mode": DeadlineMode.WORKING_DAYS,
        "limit_working_days": 3,
    }
    fields.update(extra)
    return services.recommendation_issue(actor=user, agency=agency, **fields)


def test_working_day_deadline_skips_tet_on_the_agencys_calendar(reform_demo, user_named):
    # Given a recommendation issued on Friday 13/2/2026 with 3 working days, Tết 16–20/2
    rec = _issue(user_named("giamsat.hdnd"), reform_demo["hbt"])
    # Then it is due on Wednesday 25/2/2026
    assert rec.due_on == dt.date(2026, 2, 25)


def test_a_given_date_is_kept_and_a_date_before_the_issue_is_refused(reform_demo, user_named):
    supervisor = user_named("giamsat.hdnd")
    rec = _issue(
        supervisor,
        reform_demo["hbt"],
        deadline_mode=DeadlineMode.DATE,
        limit_working_days=None,
        due_on=dt.date(2026, 6, 30),
    )
    assert rec.due_on == dt.date(2026, 6, 30)
    with pytest.raises(ValidationError) as err:
        _issue(
            supervisor,
            reform_demo["hbt"],
            deadline_mode=DeadlineMode.DATE,
            limit_working_days=None,
            due_on=dt.date(2026, 1, 1),
        )
    assert "due_on" in err.value.message_dict


def test_lifecycle_issue_progress_with_evidence_close_reopen(reform_demo, user_named):
    # Given the supervisor issues a recommendation to the district
    supervisor, officer = user_named("giamsat.hdnd"), user_named("caicach.hbt")
    rec = _issue(supervisor, reform_demo["hbt"])
    assert rec.status == RecommendationStatus.OPEN
    # When the district's reform officer reports it done, with a signed record as evidence
    rec = services.recommendation_report_progress(
        actor=officer,
        recommendation=rec,
        note="Đã niêm yết 239 thủ tục.",
        done=True,
        uploads=[pdf_upload("bien-ban-niem-yet.pdf"), png_upload("anh-bang-niem-yet.png")],
    )
    # Then it awaits the supervisor, with the evidence in its history
    assert rec.status == RecommendationStatus.REPORTED_DONE
    entry = rec.updates.order_by("-id").first()
    assert sorted(entry.attachments.values_list("kind", flat=True)) == ["pdf", "png"]
    # And the officer may not close it themselves
    with pytest.raises(PermissionDenied):
        services.recommendation_close(actor=officer, recommendation=rec, note="Xong")
    # When the supervisor closes it
    rec = services.recommendation_close(actor=supervisor, recommendation=rec, note="Đạt yêu cầu.")
    assert rec.status == RecommendationStatus.CLOSED
    assert rec.closed_on is not None
    # Then no more progress can be reported until it is reopened
    with pytest.raises(ValidationError) as err:
        services.recommendation_report_progress(actor=officer, recommendation=rec, note="Thêm")
    assert "đã đóng" in str(err.value)
    rec = services.recommendation_reopen(
        actor=supervisor, recommendation=rec, note="Chưa niêm yết tại phường."
    )
    assert rec.status == RecommendationStatus.IN_PROGRESS
    assert rec.closed_on is None
    # And every step is in the audit trail
    actions = list(
        AuditEvent.objects.filter(
            object_type="reform.recommendation", object_id=str(rec.pk)
        ).values_list("action", flat=True)
    )
    assert actions == [
        "reform.recommendation.issue",
        "reform.recommendation.progress",
        "reform.recommendation.close",
        "reform.recommendation.reopen",
    ]


def test_a_file_is_judged_by_its_content_and_a_refused_file_writes_nothing(
    reform_demo, user_named, settings
):
    # Given an open recommendation and a text file named like a PDF
    rec = _issue(user_named("giamsat.hdnd"), reform_demo["hbt"])
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    entries, files = RecommendationUpdate.objects.count(), Attachment.objects.count()
    # When the district sends it as evidence
    with pytest.raises(ValidationError) as err:
        services.recommendation_report_progress(
            actor=user_named("caicach.hbt"),
            recommendation=rec,
            note="Kèm báo cáo",
            uploads=[pdf_upload(), fake],
        )
    # Then it is refused with the file named and the accepted formats listed
    message = " ".join(err.value.message_dict["files"])
    assert "bao-cao.pdf" in message
    assert "PDF, JPEG, PNG, DOCX, XLSX" in message
    # And nothing was written: no history entry, no attachment, no file on disk
    rec.refresh_from_db()
    assert rec.status == RecommendationStatus.OPEN
    assert (RecommendationUpdate.objects.count(), Attachment.objects.count()) == (entries, files)
    media = settings.MEDIA_ROOT
    assert not any(p.is_file() for p in media.rglob("*")) if media.exists() else True


def test_a_too_large_file_is_refused(reform_demo, user_named, settings):
    settings.MOTCUA_REFORM_MAX_ATTACHMENT_BYTES = 100
    rec = _issue(user_named("giamsat.hdnd"), reform_demo["hbt"])
    big = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 500)
    with pytest.raises(ValidationError) as err:
        services.recommendation_report_progress(
            actor=user_named("caicach.hbt"), recommendation=rec, note="Ảnh", uploads=[big]
        )
    assert "vượt giới hạn" in " ".join(err.value.message_dict["files"])


def test_a_district_follows_its_wards_but_a_ward_cannot_issue_to_another(reform_demo, user_named):
    # The district's reform officer issues to a ward after an inspection and may close it
    district = user_named("caicach.hbt")
    rec = _issue(district, reform_demo["hbt-bach-dang"], source=RecommendationSource.INSPECTION)
    services.recommendation_report_progress(
        actor=user_named("caicach.bachdang"), recommendation=rec, note="Đã làm", done=True
    )
    assert (
        services.recommendation_close(actor=district, recommendation=rec, note="Đạt").status
        == RecommendationStatus.CLOSED
    )
    # A ward's officer can neither issue to another ward nor report for it
    with pytest.raises(PermissionDenied):
        _issue(user_named("caicach.bachdang"), reform_demo["hbt-minh-khai"])
    other = _issue(district, reform_demo["hbt-minh-khai"])
    with pytest.raises(PermissionDenied):
        services.recommendation_report_progress(
            actor=user_named("caicach.bachdang"), recommendation=other, note="Không phải việc"
        )


def test_extending_a_deadline_recounts_working_days(reform_demo, user_named):
    supervisor = user_named("giamsat.hdnd")
    rec = _issue(supervisor, reform_demo["hbt"])
    rec = services.recommendation_set_deadline(
        actor=supervisor,
        recommendation=rec,
        deadline_mode=DeadlineMode.WORKING_DAYS,
        limit_working_days=8,
    )
    assert rec.due_on == dt.date(2026, 3, 4)
    assert AuditEvent.objects.filter(
        action="reform.recommendation.deadline", object_id=str(rec.pk)
    ).exists()
