"""Staff pages of the reform workspace, under /can-bo/cai-cach/."""

from django.urls import path

from motcua.reform.views import dashboard, index, recommendations, records, reports, transitions

app_name = "reform"

A = "<str:code>/"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path(A, dashboard.dashboard, name="dashboard"),
    # Recommendations
    path(A + "kien-nghi/them/", recommendations.recommendation_issue, name="recommendation-issue"),
    path(
        A + "kien-nghi/<int:pk>/",
        recommendations.recommendation_detail,
        name="recommendation-detail",
    ),
    path(
        A + "kien-nghi/<int:pk>/tien-do/",
        recommendations.recommendation_progress,
        name="recommendation-progress",
    ),
    path(
        A + "kien-nghi/<int:pk>/dong/",
        recommendations.recommendation_close,
        name="recommendation-close",
    ),
    path(
        A + "kien-nghi/<int:pk>/mo-lai/",
        recommendations.recommendation_reopen,
        name="recommendation-reopen",
    ),
    path(
        A + "kien-nghi/<int:pk>/thoi-han/",
        recommendations.recommendation_deadline,
        name="recommendation-deadline",
    ),
    # Reform index
    path(A + "bo-chi-so/<int:pk>/", index.framework_detail, name="framework-detail"),
    path(A + "danh-gia-chi-so/them/", index.assessment_start, name="assessment-start"),
    path(A + "danh-gia-chi-so/<int:pk>/", index.assessment_detail, name="assessment-detail"),
    path(
        A + "danh-gia-chi-so/<int:pk>/cham-diem/", index.assessment_scores, name="assessment-scores"
    ),
    # Supervision reports
    path(A + "bao-cao/", reports.report_list, name="reports"),
    path(A + "bao-cao/<int:pk>/", reports.report_detail, name="report-detail"),
    path(A + "bao-cao/<int:pk>/tien-do/", reports.report_progress, name="report-progress"),
    path(A + "bao-cao/<int:pk>/tai/<str:fmt>/", reports.report_file, name="report-file"),
    # Lifecycle buttons and files
    path(A + "nhiem-vu/<int:pk>/trang-thai/", transitions.task_status, name="task-status"),
    path(
        A + "kiem-tra/<int:pk>/trang-thai/", transitions.inspection_status, name="inspection-status"
    ),
    path(A + "kiem-tra/<int:pk>/tep/", transitions.inspection_attach, name="inspection-attach"),
    path(
        A + "khac-phuc/<int:pk>/trang-thai/", transitions.follow_up_status, name="follow-up-status"
    ),
    path(
        A + "de-xuat-rut-ngan/<int:pk>/quyet-dinh/",
        transitions.proposal_decide,
        name="proposal-decide",
    ),
    path(A + "tep/<int:pk>/", transitions.attachment_download, name="attachment"),
    # Registers
    path(A + "<slug:slug>/", records.record_list, name="record-list"),
    path(A + "<slug:slug>/xuat.<str:fmt>", records.record_export, name="record-export"),
    path(A + "<slug:slug>/them/", records.record_create, name="record-create"),
    path(A + "<slug:slug>/<int:pk>/", records.record_detail, name="record-detail"),
    path(A + "<slug:slug>/<int:pk>/sua/", records.record_edit, name="record-edit"),
]
