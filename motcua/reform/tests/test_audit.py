"""Every state change of the reform workspace leaves an event in the audit chain."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.core.audit import audit_verify
from motcua.core.models import AuditEvent
from motcua.reform import services
from motcua.reform.constants import DeadlineMode, RecommendationSource
from motcua.reform.demo import DEMO_PDF
from motcua.reform.models import (
    FollowUpAction,
    IndexAssessment,
    IndexCriterion,
    Inspection,
    ReformPlan,
    ReformTask,
    SupportTeam,
)

pytestmark = pytest.mark.django_db


def test_every_state_change_is_audited(reform_demo, user_named):
    officer, supervisor = user_named("caicach.hbt"), user_named("giamsat.hdnd")
    hbt = reform_demo["hbt"]
    start = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
    plan = services.record_create(
        actor=officer,
        model=ReformPlan,
        data={"agency": hbt, "year": 2024, "title": "Kế hoạch CCHC năm 2024"},
    )
    services.record_update(actor=officer, obj=plan, changes={"decision_number": "7/KH-UBND"})
    task = services.record_create(
        actor=officer,
        model=ReformTask,
        data={
            "plan": plan,
            "title": "Rà soát thủ tục",
            "area": "procedures",
            "deadline": dt.date(2024, 6, 30),
        },
    )
    services.task_set_status(actor=officer, task=task, status="in_progress")
    inspection = Inspection.objects.filter(status="planned").first()
    services.inspection_set_status(
        actor=officer, inspection=inspection, status="done", conducted_on=dt.date(2023, 9, 12)
    )
    services.inspection_attach(
        actor=officer, inspection=inspection, upload=SimpleUploadedFile("bb.pdf", DEMO_PDF)
    )
    follow_up = FollowUpAction.objects.filter(status="open").first()
    services.follow_up_set_status(actor=officer, action=follow_up, status="done")
    rec = services.recommendation_issue(
        actor=supervisor,
        agency=hbt,
        title="Số hóa",
        text="Số hóa 100% hồ sơ.",
        source=RecommendationSource.SUPERVISION,
        issued_on=dt.date(2024, 3, 1),
        deadline_mode=DeadlineMode.DATE,
        due_on=dt.date(2024, 6, 30),
    )
    services.recommendation_report_progress(
        actor=officer, recommendation=rec, note="Đã làm", done=True
    )
    services.recommendation_set_deadline(
        actor=supervisor,
        recommendation=rec,
        deadline_mode=DeadlineMode.WORKING_DAYS,
        limit_working_days=30,
    )
    services.recommendation_close(actor=supervisor, recommendation=rec, note="Đạt")
    services.recommendation_reopen(actor=supervisor, recommendation=rec, note="Chưa đủ")
    services.record_create(
        actor=user_named("caicach.bachdang"),
        model=SupportTeam,
        data={"agency": reform_demo["hbt-bach-dang"], "name": "Tổ mới"},
    )
    services.report_request(
        actor=supervisor,
        agency=hbt,
        period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2023, 12, 31),
    )
    actions = set(AuditEvent.objects.filter(id__gt=start).values_list("action", flat=True))
    assert actions >= {
        "reform.reformplan.create",
        "reform.reformplan.update",
        "reform.reformtask.create",
        "reform.reformtask.status",
        "reform.inspection.status",
        "reform.attachment.create",
        "reform.followupaction.status",
        "reform.recommendation.issue",
        "reform.recommendation.progress",
        "reform.recommendation.deadline",
        "reform.recommendation.close",
        "reform.recommendation.reopen",
        "reform.supportteam.create",
        "reform.supervisionreport.request",
    }
    # Who did it and what changed are recorded, and the chain still holds
    event = AuditEvent.objects.filter(action="reform.reformplan.update").latest("id")
    assert event.actor == officer
    assert event.data == {
        "before": {"decision_number": ""},
        "after": {"decision_number": "7/KH-UBND"},
    }
    assert list(audit_verify()) == []


def test_index_and_review_changes_are_audited(reform_demo, user_named):
    leader = user_named("lanhdao.hbt")
    assessment = IndexAssessment.objects.get(agency=reform_demo["hbt"], framework__year=2022)
    framework = assessment.framework
    from motcua.reform.models import IndexFramework

    new = IndexFramework.objects.create(
        agency=reform_demo["hn"], year=2023, name="Chỉ số 2023", peer_kind=framework.peer_kind
    )
    leaf = IndexCriterion.objects.create(
        framework=new, code="1", title="Một", max_points=Decimal(5)
    )
    a = services.assessment_start(actor=leader, framework=new, agency=reform_demo["hbt"])
    services.score_set(actor=leader, assessment=a, criterion=leaf, self_score=Decimal(4))
    services.assessment_submit(actor=leader, assessment=a)
    for action in (
        "reform.indexassessment.start",
        "reform.indexscore.self_score",
        "reform.indexassessment.submit",
    ):
        assert AuditEvent.objects.filter(action=action).exists(), action
    assert AuditEvent.objects.filter(action="reform.limitproposal.decide").count() >= 8
