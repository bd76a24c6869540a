from django.urls import path

from motcua.feedback.views import staff

app_name = "feedback_staff"
urlpatterns = [
    path("", staff.queue, name="queue"),
    path("chi-so/", staff.indicators, name="indicators"),
    path("<str:code>/", staff.case_detail, name="case"),
    path("<str:code>/lien-he/", staff.contact, name="contact"),
    path("<str:code>/tep/<uuid:file_id>/", staff.attachment, name="attachment"),
    path("<str:code>/nhan-xu-ly/", staff.assign, name="assign"),
    path("<str:code>/chuyen/", staff.transfer, name="transfer"),
    path("<str:code>/yeu-cau-bo-sung/", staff.request_info, name="request-info"),
    path("<str:code>/tu-choi/", staff.refuse, name="refuse"),
    path("<str:code>/tra-loi/", staff.answer, name="answer"),
    path("<str:code>/cong-khai/", staff.publish, name="publish"),
    path("<str:code>/phan-loai/", staff.reclassify, name="reclassify"),
]
