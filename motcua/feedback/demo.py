"""Demo feedback for quận Hai Bà Trưng and its wards over the last four months.

Every case goes through the services with past instants, so its limits come from the clock
and its history from the same events as live work: answered on time and published, liked and
disliked, answered late, overdue, refused, waiting for information, at risk, awaiting
publication, transferred to a district office, and a repeat complaint about a dossier.
Idempotent: a case whose title is already there is skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from motcua.accounts.models import User
from motcua.core.clock import LimitUnit
from motcua.feedback import integrations, services
from motcua.feedback.models import Feedback
from motcua.organizations.calendars import calendar_for_agency
from motcua.organizations.models import Agency

Step = tuple[str, int, dict[str, Any]]  # (action, working days after reception, arguments)


@dataclass
class DemoCase:
    agency: str
    days_ago: int
    title: str
    content: str
    sender: tuple[str, str, str]  # name, e-mail, phone
    category: str = "regulation"
    subject: str = "conduct"
    kind: str = "report"
    procedure: str = ""
    dossier: bool = False
    account: str = ""
    officer: str = ""
    steps: list[Step] = field(default_factory=list)
    #: Received so that the answer is due by the close of the next working day.
    at_risk: bool = False


ANSWER_GUIDE = (
    "UBND phường đã tiếp thu phản ánh, kiểm tra quy trình tại Bộ phận Một cửa và yêu cầu "
    "cán bộ hướng dẫn đầy đủ một lần bằng phiếu hướng dẫn. Đề nghị ông/bà liên hệ trực tiếp "
    "Bộ phận Một cửa vào giờ hành chính để được hỗ trợ."
)

CASES: list[DemoCase] = [
    DemoCase(
        "hbt-bach-dang", 110, "Cán bộ một cửa hướng dẫn chưa rõ giấy tờ cần nộp",
        "Ngày tôi đến làm thủ tục, cán bộ chỉ nói thiếu giấy tờ mà không ghi rõ thiếu gì. "
        "Tôi là Phạm Thị Hoa, điện thoại 0983 112 233, đề nghị được hướng dẫn một lần.",
        ("Phạm Thị Hoa", "hoa.pham@example.vn", "0983112233"), category="conduct",
        officer="motcua.bachdang",
        steps=[("assign", 1, {}), ("answer", 6, {"answer": ANSWER_GUIDE}), ("publish", 7, {}),
               ("rate", 8, {"rating": "like"})],
    ),
    DemoCase(
        "hbt-bach-dang", 95, "Đề nghị nhận bản điện tử giấy chứng sinh khi đăng ký khai sinh",
        "Bệnh viện đã cấp giấy chứng sinh điện tử nhưng phường vẫn yêu cầu bản giấy. Đề nghị "
        "phường khai thác dữ liệu điện tử để người dân không phải nộp lại.",
        ("Lê Minh Tuấn", "tuan.le@example.vn", ""), kind="petition", subject="procedure",
        procedure="1.001193", officer="tuphap.bachdang",
        steps=[("assign", 1, {}),
               ("answer", 10, {"answer": "Từ tháng này phường tiếp nhận giấy chứng sinh điện tử "
                               "qua hệ thống liên thông; người dân không phải nộp bản giấy."}),
               ("publish", 11, {}), ("rate", 12, {"rating": "like"})],
    ),
    DemoCase(
        "hbt-bach-dang", 45, "Hồ sơ chứng thực bị trễ hẹn hai ngày",
        "Hồ sơ của tôi hẹn trả thứ Hai nhưng đến thứ Tư mới có kết quả, không ai báo trước. "
        "Đề nghị phường gửi thư xin lỗi và hẹn lại đúng quy định.",
        ("Nguyễn Văn An", "", ""), category="regulation", subject="dossier", kind="report",
        dossier=True, account="dan.nguyenvanan", officer="chutich.bachdang",
        steps=[("assign", 1, {}),
               ("answer", 12, {"answer": "Phường xin lỗi vì đã trả kết quả chậm; cán bộ đã được "
                               "nhắc nhở và quy trình báo trễ hẹn đã được bổ sung."}),
               ("publish", 13, {}), ("rate", 14, {"rating": "dislike"}),
               ("repeat", 24, {"content": "Tôi chưa hài lòng: phường chưa gửi thư xin lỗi theo "
                               "mẫu và chưa cho biết cán bộ nào chịu trách nhiệm."})],
    ),
    DemoCase(
        "hbt-minh-khai", 80, "Thái độ cán bộ tiếp dân thiếu tôn trọng",
        "Chiều thứ Năm, cán bộ tiếp nhận nói chuyện thiếu tôn trọng khi tôi hỏi lại. "
        "Số căn cước của tôi là 001085004321 nếu cần xác minh.",
        ("Hoàng Văn Đức", "duc.hoang@example.vn", "0912 000 111"), category="conduct",
        officer="motcua.minhkhai",
        steps=[("assign", 2, {}),
               ("answer", 18, {"answer": "Phường đã làm việc với cán bộ liên quan, cán bộ đã "
                               "nhận khuyết điểm và được phân công công việc khác."}),
               ("publish", 19, {}), ("rate", 20, {"rating": "dislike"})],
    ),
    DemoCase(
        "hbt-dong-nhan", 65, "Phí chứng thực bản sao thu chưa đúng",
        "Tôi chứng thực bản sao 5 trang nhưng bị thu 10.000 đồng mỗi trang. Đề nghị kiểm tra.",
        ("Trịnh Thu Hằng", "hang.trinh@example.vn", ""), subject="procedure",
        procedure="2.000815",
        steps=[("answer", 7, {"answer": "Phường đã kiểm tra: mức thu đúng là 2.000 đồng/trang "
                              "cho hai trang đầu, 1.000 đồng/trang từ trang thứ ba; số tiền thu "
                              "thừa đã được hoàn lại."}),
               ("publish", 8, {}), ("rate", 9, {"rating": "like"})],
    ),
    DemoCase(
        "hbt-vinh-tuy", 50, "Đề nghị niêm yết thủ tục đăng ký tạm trú rõ hơn",
        "Bảng niêm yết ở phường thiếu thành phần hồ sơ đăng ký tạm trú, người dân phải hỏi lại.",
        ("Vũ Quốc Bảo", "", "0904556677"), kind="petition", subject="procedure",
        procedure="1.004194",
        steps=[("answer", 5, {"answer": "Phường đã niêm yết lại đầy đủ thành phần hồ sơ và mẫu "
                              "tờ khai tại Bộ phận Một cửa và trên trang thông tin điện tử."}),
               ("publish", 6, {})],
    ),
    DemoCase(
        "hbt-bach-dang", 32, "Chưa được hẹn lại khi nộp hồ sơ đất đai",
        "Tôi nộp hồ sơ đăng ký biến động đất đai nhưng cán bộ giữ hồ sơ, không cấp phiếu hẹn.",
        ("Đào Thị Mai", "mai.dao@example.vn", ""), category="conduct", officer="motcua.bachdang",
        steps=[("assign", 2, {})],  # never answered: overdue
    ),
    DemoCase(
        "hbt-thanh-nhan", 28, "Đề nghị làm việc thứ Bảy cho người đi làm",
        "Người đi làm không thể đến phường trong giờ hành chính; đề nghị mở cửa sáng thứ Bảy.",
        ("Bùi Anh Khoa", "khoa.bui@example.vn", ""), kind="petition", category="other",
        steps=[],  # never taken up: overdue and still new
    ),
    DemoCase(
        "hbt-bach-dang", 20, "Nội dung xúc phạm cán bộ",
        "(Nội dung có lời lẽ xúc phạm, không nêu sự việc cụ thể.)",
        ("Không rõ", "", "0900000000"), category="other", officer="motcua.bachdang",
        steps=[("refuse", 1, {"reason": "anonymous_abuse",
                              "note": "Nội dung không nêu sự việc, có lời lẽ xúc phạm."})],
    ),
    DemoCase(
        "hbt-dong-nhan", 40, "Phí chứng thực thu sai (gửi lại)",
        "Tôi gửi lại phản ánh về phí chứng thực bản sao thu chưa đúng quy định.",
        ("Trịnh Thu Hằng", "hang.trinh@example.vn", ""), subject="procedure",
        procedure="2.000815",
        steps=[("refuse", 2, {"reason": "duplicate",
                              "note": "Trùng nội dung với phản ánh về phí chứng thực đã được "
                                      "trả lời và công khai."})],
    ),
    DemoCase(
        "hbt-bach-dang", 7, "Không nhận được tin nhắn báo kết quả",
        "Tôi đăng ký nhận tin nhắn khi có kết quả nhưng không nhận được tin nào.",
        ("Lý Văn Hùng", "hung.ly@example.vn", ""), officer="tuphap.bachdang",
        steps=[("request_info", 1, {"question": "Xin cho biết mã hồ sơ và số điện thoại đã "
                                                "đăng ký nhận tin nhắn."})],
    ),
    DemoCase(
        "hbt-bach-dang", 22, "Đường dây nóng của phường không ai nghe máy",
        "Tôi gọi đường dây nóng nhiều lần trong giờ hành chính nhưng không ai nghe máy.",
        ("Ngô Quang Vinh", "vinh.ngo@example.vn", ""), category="conduct",
        officer="chutich.bachdang", at_risk=True,
        steps=[("assign", 1, {})],
    ),
    DemoCase(
        "hbt-tu-phap", 12, "Thời hạn cấp bản sao trích lục hộ tịch",
        "Đề nghị rút ngắn thời hạn cấp bản sao trích lục hộ tịch cho người cao tuổi.",
        ("Đặng Thị Lan", "lan.dang@example.vn", ""), kind="petition", subject="procedure",
        procedure="2.000635", officer="chuyenvien.tuphap",
        steps=[("assign", 1, {}),
               ("answer", -1, {"answer": "Phòng Tư pháp ghi nhận kiến nghị và sẽ đề xuất thời "
                               "hạn ngắn hơn trong đợt rà soát thủ tục hành chính năm tới."})],
    ),
    DemoCase(
        "hbt-le-dai-hanh", 10, "Công trình xây dựng lấn chiếm vỉa hè",
        "Công trình ở ngõ 12 lấn chiếm vỉa hè nhiều tuần; đề nghị kiểm tra xử lý.",
        ("Phan Thanh Tâm", "", "0977 888 999"), category="other",
        steps=[("transfer", 1, {"to": "hbt-qldt",
                                "reason": "Thuộc thẩm quyền quản lý trật tự xây dựng của "
                                          "Phòng Quản lý đô thị quận."})],
    ),
    DemoCase(
        "hbt-bach-dang", 0, "Máy lấy số thứ tự tại Bộ phận Một cửa bị hỏng",
        "Sáng nay máy lấy số thứ tự bị hỏng, người dân phải chờ lâu và chen lấn.",
        ("Tạ Minh Châu", "chau.ta@example.vn", ""), category="other", steps=[],
    ),
]  # fmt: skip


def _local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), timezone.get_default_timezone())


def _dossier_code(agency: Agency, account: User | None) -> str | None:
    """A dossier of the ward from the dossiers demo, the sender's own if there is one."""
    model = integrations._dossier_model()
    if model is None:
        return None
    dossiers = model.objects.filter(competent_agency=agency, code__isnull=False).order_by("pk")
    mine = dossiers.filter(applicant_user=account).first() if account else None
    chosen = mine or dossiers.first()
    return str(chosen.code) if chosen is not None else None


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first() if username else None


def _seed_one(spec: DemoCase, agencies: dict[str, Agency], now: dt.datetime) -> bool:
    agency = agencies[spec.agency]
    if Feedback.objects.filter(title=spec.title, named_agency=agency).exists():
        return False
    calendar = calendar_for_agency(agency)
    received = _local(timezone.localtime(now).date() - dt.timedelta(days=spec.days_ago), 9, 15)
    if spec.at_risk:
        horizon = calendar.due(now, 1, LimitUnit.WORKING_DAYS)
        for days_ago in range(14, 30):
            received = _local(timezone.localtime(now).date() - dt.timedelta(days=days_ago), 9, 15)
            if calendar.due(received, 15, LimitUnit.WORKING_DAYS) <= horizon:
                break
    if received > now:
        received = now - dt.timedelta(minutes=30)
    subject, procedure, dossier_code = spec.subject, spec.procedure, ""
    if procedure and integrations.procedure_lookup(procedure) is None:
        subject, procedure = "conduct", ""
    name, email, phone = spec.sender
    account = _user(spec.account)
    if spec.dossier:
        dossier_code = _dossier_code(agency, account) or ""
        if not dossier_code:
            subject = "conduct"
    data = {
        "kind": spec.kind,
        "category": spec.category,
        "subject": subject,
        "agency": "" if dossier_code else agency.code,
        "procedure_code": procedure,
        "dossier_code": dossier_code,
        "title": spec.title,
        "content": spec.content,
        "sender_name": name,
        "sender_email": email,
        "sender_phone": phone,
    }
    sent = services.feedback_submit(actor=account, data=data, at=received)
    case, secret = sent.feedback, sent.secret
    officer = _user(spec.officer)
    for action, day, args in spec.steps:
        if day < 0:  # counted back from today
            when = now - dt.timedelta(hours=20)
        else:
            due = calendar.due(received, day, LimitUnit.WORKING_DAYS) if day else received
            when = _local(timezone.localtime(due).date(), 10, 30) if day else received
        if when > now:
            break
        case.refresh_from_db()
        _apply(action, case, secret=secret, officer=officer, agencies=agencies, args=args, at=when)
    return True


def _apply(
    action: str,
    case: Feedback,
    *,
    secret: str,
    officer: User | None,
    agencies: dict[str, Agency],
    args: dict[str, Any],
    at: dt.datetime,
) -> None:
    if action == "assign":
        services.feedback_assign(actor=officer, feedback=case, at=at)
    elif action == "answer":
        services.feedback_answer(actor=officer, feedback=case, answer=args["answer"], at=at)
    elif action == "publish":
        services.feedback_publish(
            actor=officer,
            feedback=case,
            public_title=case.public_title,
            public_content=case.public_content,
            public_answer=case.public_answer,
            at=at,
        )
    elif action == "rate":
        services.feedback_rate(feedback=case, rating=args["rating"], secret=secret, at=at)
    elif action == "repeat":
        services.feedback_repeat(feedback=case, content=args["content"], secret=secret, at=at)
    elif action == "refuse":
        services.feedback_refuse(
            actor=officer, feedback=case, reason=args["reason"], note=args["note"], at=at
        )
    elif action == "request_info":
        services.feedback_request_info(
            actor=officer, feedback=case, question=args["question"], at=at
        )
    elif action == "transfer":
        services.feedback_transfer(
            actor=None, feedback=case, to_agency=agencies[args["to"]], reason=args["reason"], at=at
        )
    else:
        raise ValueError(action)


@transaction.atomic
def seed_demo_data(*, agencies: dict[str, Agency], stdout: Any) -> None:
    now = timezone.now()
    created = sum(_seed_one(spec, agencies, now) for spec in CASES)
    stdout.write(f"feedback: {created} demo cases added, {Feedback.objects.count()} in total")
