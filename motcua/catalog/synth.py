"""Large synthetic catalogues for benchmarks: realistic Vietnamese names, every one marked.

Codes start with 9 (9.NNNNNN), a range the national database does not use, and every
procedure has ``synthetic=True`` and a note saying so.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

ACTIONS = [
    "Cấp",
    "Cấp lại",
    "Cấp đổi",
    "Gia hạn",
    "Điều chỉnh",
    "Đăng ký",
    "Đăng ký thay đổi",
    "Xác nhận",
    "Thẩm định",
    "Phê duyệt",
    "Công nhận",
    "Thu hồi",
    "Chứng thực",
    "Thông báo",
    "Cho phép",
    "Xóa đăng ký",
    "Hỗ trợ",
    "Giải quyết",
]
OBJECTS = [
    "giấy phép xây dựng",
    "giấy chứng nhận quyền sử dụng đất",
    "giấy phép kinh doanh",
    "giấy chứng nhận đăng ký hộ kinh doanh",
    "bản sao trích lục hộ tịch",
    "giấy khai sinh",
    "hợp đồng chuyển nhượng",
    "chứng chỉ hành nghề",
    "giấy phép lái xe",
    "thẻ bảo hiểm y tế",
    "trợ cấp xã hội hàng tháng",
    "danh hiệu gia đình văn hóa",
    "giấy phép biểu diễn",
    "hồ sơ địa chính",
    "giấy phép khai thác nước",
    "giấy chứng nhận an toàn thực phẩm",
    "quyết định thành lập trường",
    "giấy phép quảng cáo",
    "giấy tờ cư trú",
    "văn bằng",
    "giấy xác nhận tình trạng hôn nhân",
    "chữ ký trong giấy tờ",
    "hộ nghèo, hộ cận nghèo",
    "giấy phép karaoke",
    "giấy chứng nhận đủ điều kiện phòng cháy",
]
QUALIFIERS = [
    "",
    "đối với nhà ở riêng lẻ",
    "cho tổ chức",
    "cho cá nhân",
    "có yếu tố nước ngoài",
    "trong khu công nghiệp",
    "do bị mất, hư hỏng",
    "khi thay đổi thông tin",
    "cấp huyện",
    "cấp xã",
    "đối với doanh nghiệp nhỏ và vừa",
    "lưu động",
    "trực tuyến",
]
FIELDS = [
    ("tong-hop-ho-tich", "Hộ tịch (tổng hợp)"),
    ("tong-hop-dat-dai", "Đất đai (tổng hợp)"),
    ("tong-hop-xay-dung", "Xây dựng (tổng hợp)"),
    ("tong-hop-kinh-doanh", "Kinh doanh"),
    ("tong-hop-y-te", "Y tế"),
    ("tong-hop-giao-duc", "Giáo dục"),
    ("tong-hop-van-hoa", "Văn hóa"),
    ("tong-hop-lao-dong", "Lao động"),
]
NOTE = "Thủ tục tổng hợp sinh tự động để đo hiệu năng (catalog_synthesize); không có thật."


def synthetic_payloads(count: int, *, seed: int = 7, start: int = 1) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
    for i in range(start, start + count):
        name = " ".join(
            part
            for part in (rng.choice(ACTIONS), rng.choice(OBJECTS), rng.choice(QUALIFIERS))
            if part
        )
        field_code, field_name = rng.choice(FIELDS)
        days = rng.choice([1, 3, 5, 7, 10, 15, 20])
        yield {
            "code": f"9.{i:06d}",
            "name": name[0].upper() + name[1:],
            "field_code": field_code,
            "field_name": field_name,
            "level": rng.choice(["commune", "district", "province", "department"]),
            "applicant_types": ["citizen"],
            "channels": [1, 2],
            "time_limit": days,
            "time_unit": "working_days",
            "online_level": "partial",
            "status": "published",
            "effective_from": dt.date(2023, 1, 1),
            "note": NOTE,
            "synthetic": True,
            "components": [
                {
                    "order": 1,
                    "name": "Đơn đề nghị theo mẫu",
                    "copy_kind": "original",
                    "quantity": 1,
                    "mandatory": True,
                },
                {
                    "order": 2,
                    "name": "Giấy tờ tùy thân",
                    "copy_kind": "present_original",
                    "quantity": 1,
                    "mandatory": True,
                },
            ],
            "fees": [
                {
                    "order": 1,
                    "label": "Lệ phí",
                    "kind": "fixed",
                    "amount": rng.choice([0, 10000, 50000, 100000]),
                }
            ],
            "process": [
                {
                    "order": 1,
                    "name": "Tiếp nhận",
                    "role": "desk_officer",
                    "agency_kind": "commune",
                    "budget": Decimal("0.5"),
                    "budget_unit": "working_days",
                },
                {
                    "order": 2,
                    "name": "Thẩm định",
                    "role": "specialist",
                    "agency_kind": "commune",
                    "budget": Decimal(days) - Decimal("0.5"),
                    "budget_unit": "working_days",
                },
            ],
        }
