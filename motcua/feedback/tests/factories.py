"""Builders of feedback cases in a given state, at known instants of the 2026 calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, hm: str = "09:00") -> dt.datetime:
    """A local instant: at("2026-03-02", "09:00")."""
    return dt.datetime.fromisoformat(f"{day}T{hm}").replace(tzinfo=HCM)


def conduct_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "kind": "report",
        "category": "conduct",
        "subject": "conduct",
        "agency": "hbt-bach-dang",
        "title": "Cán bộ một cửa hẹn lại nhiều lần",
        "content": (
            "Tôi là Trần Văn Bình, số điện thoại 0912 345 678, đã đến nộp hồ sơ ba lần "
            "nhưng lần nào cũng được hẹn quay lại mà không nói rõ thiếu giấy tờ gì."
        ),
        "sender_name": "Trần Văn Bình",
        "sender_email": "binh.tran@example.vn",
        "sender_phone": "0912 345 678",
        "sender_personal_id": "001090012399",
    }
    data.update(overrides)
    return data


def submitted(received: dt.datetime | None = None, **overrides: Any) -> Any:
    from motcua.feedback.services import feedback_submit

    return feedback_submit(
        actor=None, data=conduct_data(**overrides), at=received or at("2026-03-02")
    )


def answered(received: dt.datetime, answered_at: dt.datetime, **overrides: Any) -> Any:
    from motcua.feedback.services import feedback_answer

    sub = submitted(received, **overrides)
    return feedback_answer(
        actor=None,
        feedback=sub.feedback,
        answer="Phường đã kiểm tra, nhắc nhở cán bộ và hướng dẫn đầy đủ giấy tờ cần nộp.",
        at=answered_at,
    )
