"""State changes of the reform workspace. Each is one transaction, one permission check
and one audit event; pages, API, admin and demo loaders call these and nothing else."""

from motcua.reform.services.index import (
    appraisal_score_set,
    assessment_appraise,
    assessment_start,
    assessment_submit,
    score_set,
)
from motcua.reform.services.recommendations import (
    recommendation_close,
    recommendation_due_on,
    recommendation_issue,
    recommendation_reopen,
    recommendation_report_progress,
    recommendation_set_deadline,
)
from motcua.reform.services.records import record_create, record_update
from motcua.reform.services.reports import report_request, report_run
from motcua.reform.services.reviews import review_create, review_decision_apply
from motcua.reform.services.workflow import (
    follow_up_set_status,
    inspection_attach,
    inspection_set_status,
    task_set_status,
)

__all__ = [
    "appraisal_score_set",
    "assessment_appraise",
    "assessment_start",
    "assessment_submit",
    "follow_up_set_status",
    "inspection_attach",
    "inspection_set_status",
    "recommendation_close",
    "recommendation_due_on",
    "recommendation_issue",
    "recommendation_reopen",
    "recommendation_report_progress",
    "recommendation_set_deadline",
    "record_create",
    "record_update",
    "report_request",
    "report_run",
    "review_create",
    "review_decision_apply",
    "score_set",
    "task_set_status",
]
