"""Figures and names of the demo: quận Hai Bà Trưng as the HĐND delegation found it on
19 May 2023 (shared seed report), plus the city's other districts for the index ranking.

Headline figures come from that report: 10th of 30 in the 2022 reform index; 462
inspections in 2016–2020; 5 district and 15 ward office projects worth 323.386 billion
đồng with 192.462 billion allocated in 2016–2020; 48 rotations in 2022; 250 support teams
in 18 of 18 wards; 1 + 2 + 3 + 1 procedures with shorter committed limits; the
recommendations of the visit. Everything else (names, dates, per-year splits, scores of
other years, procedure codes of the reviewed procedures) is illustrative.
"""

from __future__ import annotations

import datetime as dt

# Hà Nội's other 29 districts, towns and rural districts in 2022 (statistical codes).
HN_PEER_DISTRICTS: list[tuple[str, str, str]] = [
    ("ba-dinh", "Quận Ba Đình", "001"),
    ("hoan-kiem", "Quận Hoàn Kiếm", "002"),
    ("tay-ho", "Quận Tây Hồ", "003"),
    ("long-bien", "Quận Long Biên", "004"),
    ("cau-giay", "Quận Cầu Giấy", "005"),
    ("dong-da", "Quận Đống Đa", "006"),
    ("hoang-mai", "Quận Hoàng Mai", "008"),
    ("thanh-xuan", "Quận Thanh Xuân", "009"),
    ("soc-son", "Huyện Sóc Sơn", "016"),
    ("dong-anh", "Huyện Đông Anh", "017"),
    ("gia-lam", "Huyện Gia Lâm", "018"),
    ("nam-tu-liem", "Quận Nam Từ Liêm", "019"),
    ("thanh-tri", "Huyện Thanh Trì", "020"),
    ("bac-tu-liem", "Quận Bắc Từ Liêm", "021"),
    ("me-linh", "Huyện Mê Linh", "250"),
    ("ha-dong", "Quận Hà Đông", "268"),
    ("son-tay", "Thị xã Sơn Tây", "269"),
    ("ba-vi", "Huyện Ba Vì", "271"),
    ("phuc-tho", "Huyện Phúc Thọ", "272"),
    ("dan-phuong", "Huyện Đan Phượng", "273"),
    ("hoai-duc", "Huyện Hoài Đức", "274"),
    ("quoc-oai", "Huyện Quốc Oai", "275"),
    ("thach-that", "Huyện Thạch Thất", "276"),
    ("chuong-my", "Huyện Chương Mỹ", "277"),
    ("thanh-oai", "Huyện Thanh Oai", "278"),
    ("thuong-tin", "Huyện Thường Tín", "279"),
    ("phu-xuyen", "Huyện Phú Xuyên", "280"),
    ("ung-hoa", "Huyện Ứng Hòa", "281"),
    ("my-duc", "Huyện Mỹ Đức", "282"),
]

# City departments the 2023 recommendations were addressed to.
HN_DEPARTMENTS: list[tuple[str, str, str]] = [
    ("hn-so-noi-vu", "Sở Nội vụ thành phố Hà Nội", "Sở Nội vụ"),
    ("hn-so-tu-phap", "Sở Tư pháp thành phố Hà Nội", "Sở Tư pháp"),
    ("hn-so-tai-chinh", "Sở Tài chính thành phố Hà Nội", "Sở Tài chính"),
    ("hn-so-tttt", "Sở Thông tin và Truyền thông thành phố Hà Nội", "Sở Thông tin và Truyền thông"),
]

# Inspections carried out per year: (scheduled, without notice). 2016–2020 add up to 462.
INSPECTIONS_PER_YEAR: dict[int, tuple[int, int]] = {
    2016: (70, 16),
    2017: (72, 18),
    2018: (74, 20),
    2019: (76, 20),
    2020: (70, 26),
    2021: (44, 14),
    2022: (62, 20),
    2023: (24, 7),
}

ROTATIONS_PER_YEAR: dict[int, int] = {2021: 41, 2022: 48, 2023: 12}

# Support teams per ward, in the order of organizations.demo.HBT_WARDS: 250 in 18 wards.
SUPPORT_TEAMS_PER_WARD = [14] * 16 + [13, 13]

# Office projects, money in million đồng: (name, beneficiary suffix, kind, start, end,
# total, share of the total allocated in 2016–2020, progress %).
DISTRICT_PROJECTS: list[tuple[str, str, str, int, int, int, float, int]] = [
    (
        "Cải tạo, nâng cấp trụ sở Phòng Tài chính - Kế hoạch và Phòng Tài nguyên và Môi trường",
        "tckh",
        "upgrade",
        2016,
        2018,
        28_640,
        1.0,
        100,
    ),
    (
        "Xây mới khu nhà làm việc các phòng chuyên môn thuộc UBND quận",
        "vp",
        "new",
        2018,
        2022,
        96_520,
        0.45,
        70,
    ),
    (
        "Cải tạo trụ sở Bộ phận Tiếp nhận và Trả kết quả quận",
        "vp",
        "upgrade",
        2017,
        2018,
        12_380,
        1.0,
        100,
    ),
    ("Sửa chữa trụ sở Phòng Quản lý đô thị", "qldt", "repair", 2019, 2019, 8_915, 1.0, 100),
    ("Nâng cấp trụ sở Phòng Giáo dục và Đào tạo", "gddt", "upgrade", 2019, 2021, 14_270, 0.8, 90),
]
WARD_PROJECTS: list[tuple[str, int]] = [
    ("nguyen-du", 9_850),
    ("bach-dang", 12_460),
    ("pham-dinh-ho", 8_730),
    ("le-dai-hanh", 11_240),
    ("dong-nhan", 10_380),
    ("pho-hue", 9_120),
    ("dong-mac", 13_650),
    ("thanh-luong", 12_870),
    ("thanh-nhan", 10_940),
    ("cau-den", 8_460),
    ("bach-khoa", 11_520),
    ("vinh-tuy", 14_310),
    ("quynh-mai", 9_860),
    ("minh-khai", 10_290),
    ("truong-dinh", 8_981),
]
INVESTMENT_TOTAL = 323_386_000_000
INVESTMENT_ALLOCATED_2016_2020 = 192_462_000_000

# Reviewed procedures: (office, code, name, field, legal limit, committed limit or None,
# decision: "approved" | "rejected" | "proposed" | None).
REVIEWS: list[tuple[str, str, str, str, int, int | None, str | None]] = [
    (
        "qldt",
        "1.009994",
        "Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ",
        "Quản lý đô thị",
        15,
        12,
        "approved",
    ),
    (
        "gddt",
        "1.004439",
        "Cho phép trường mẫu giáo, trường mầm non, nhà trẻ hoạt động giáo dục",
        "Giáo dục - Đào tạo",
        20,
        15,
        "approved",
    ),
    (
        "gddt",
        "1.004555",
        "Cho phép trường tiểu học hoạt động giáo dục",
        "Giáo dục - Đào tạo",
        20,
        15,
        "approved",
    ),
    ("noi-vu", "1.003807", "Công nhận ban vận động thành lập hội", "Nội vụ", 30, 20, "approved"),
    (
        "noi-vu",
        "1.003858",
        "Thẩm định thành lập đơn vị sự nghiệp công lập",
        "Nội vụ",
        30,
        25,
        "approved",
    ),
    (
        "noi-vu",
        "1.000748",
        "Tặng Giấy khen của Chủ tịch UBND cấp huyện về thực hiện nhiệm vụ chính trị",
        "Nội vụ",
        20,
        15,
        "approved",
    ),
    ("tnmt", "1.010733", "Đăng ký môi trường", "Tài nguyên - Môi trường", 10, 7, "approved"),
    (
        "tu-phap",
        "2.000815",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Tư pháp",
        2,
        1,
        "rejected",
    ),
    (
        "ldtbxh",
        "1.001776",
        "Thực hiện trợ cấp xã hội hằng tháng",
        "Lao động - Thương binh và Xã hội",
        20,
        15,
        "proposed",
    ),
    ("tu-phap", "1.001193", "Đăng ký khai sinh", "Tư pháp", 1, None, None),
    ("tu-phap", "2.000635", "Cấp bản sao trích lục hộ tịch", "Tư pháp", 1, None, None),
    ("kinh-te", "2.000575", "Đăng ký thành lập hộ kinh doanh", "Kinh tế", 3, None, None),
    ("vhtt", "1.001029", "Đăng ký tổ chức lễ hội", "Văn hóa", 20, None, None),
    (
        "y-te",
        "1.004616",
        "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        "Y tế",
        20,
        None,
        None,
    ),
    (
        "tnmt",
        "1.004227",
        "Đăng ký biến động quyền sử dụng đất",
        "Tài nguyên - Môi trường",
        10,
        None,
        None,
    ),
]

# Index criteria of the city's district-level reform index (illustrative, 100 points).
# (code, title, max points, evidence required)
INDEX_CRITERIA: list[tuple[str, str, str, bool]] = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", "9", False),
    ("1.1", "Kế hoạch cải cách hành chính năm", "2.5", False),
    ("1.1.1", "Ban hành kế hoạch kịp thời", "1", True),
    ("1.1.2", "Mức độ hoàn thành kế hoạch", "1.5", True),
    ("1.2", "Báo cáo cải cách hành chính đúng quy định", "1", True),
    ("1.3", "Kiểm tra công tác cải cách hành chính", "2", False),
    ("1.3.1", "Tỷ lệ cơ quan, đơn vị được kiểm tra trong năm", "1", True),
    ("1.3.2", "Xử lý vấn đề phát hiện qua kiểm tra", "1", True),
    ("1.4", "Tuyên truyền cải cách hành chính", "1.5", False),
    ("1.5", "Sáng kiến, giải pháp mới trong cải cách hành chính", "2", True),
    ("2", "Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "7", False),
    ("2.1", "Ban hành văn bản theo thẩm quyền", "3", True),
    ("2.2", "Theo dõi thi hành pháp luật, rà soát văn bản", "4", True),
    ("3", "Cải cách thủ tục hành chính", "14", False),
    ("3.1", "Rà soát, đánh giá thủ tục hành chính", "3", True),
    ("3.2", "Công khai thủ tục hành chính", "3", True),
    ("3.3", "Thực hiện cơ chế một cửa, một cửa liên thông", "5", True),
    ("3.4", "Tiếp nhận, xử lý phản ánh, kiến nghị", "3", False),
    ("4", "Cải cách tổ chức bộ máy", "8", False),
    ("4.1", "Sắp xếp tổ chức bộ máy theo quy định", "4", True),
    ("4.2", "Thực hiện phân cấp, ủy quyền", "4", True),
    ("5", "Xây dựng, nâng cao chất lượng đội ngũ cán bộ, công chức, viên chức", "12", False),
    ("5.1", "Vị trí việc làm và cơ cấu ngạch", "3", True),
    ("5.2", "Tuyển dụng, sử dụng công chức, viên chức", "2", False),
    ("5.3", "Chuyển đổi vị trí công tác", "3", True),
    ("5.4", "Đào tạo, bồi dưỡng", "4", False),
    ("6", "Cải cách tài chính công", "8", False),
    ("6.1", "Thực hiện cơ chế tự chủ của đơn vị sự nghiệp", "4", True),
    ("6.2", "Quản lý, sử dụng tài sản công", "4", False),
    ("7", "Xây dựng chính quyền điện tử, chính quyền số", "12", False),
    ("7.1", "Ứng dụng công nghệ thông tin trong nội bộ", "4", False),
    ("7.2", "Cung cấp dịch vụ công trực tuyến", "4", True),
    ("7.3", "Chuyển đổi số", "4", False),
    ("7.3.1", "Tổ công nghệ số cộng đồng", "2", True),
    ("7.3.2", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "2", True),
    ("8", "Tác động của cải cách hành chính (điều tra xã hội học)", "30", False),
    ("8.1", "Mức độ hài lòng của người dân, tổ chức", "15", False),
    ("8.2", "Đánh giá của đại biểu HĐND, cán bộ, công chức", "15", False),
]
# Rank of quận Hai Bà Trưng among the 30 (2022 from the seed report).
HBT_INDEX_RANK = {2020: 14, 2021: 12, 2022: 10}

CORE_DATABASES: list[tuple[str, str, str, int | None]] = [
    ("land", "Cơ sở dữ liệu đất đai", "Sở Tài nguyên và Môi trường", 96_450),
    ("population", "Cơ sở dữ liệu quốc gia về dân cư", "Bộ Công an", 278_300),
    ("civil_servants", "Cơ sở dữ liệu cán bộ, công chức, viên chức", "Sở Nội vụ", 4_180),
    ("finance", "Hệ thống thông tin quản lý ngân sách và kho bạc (TABMIS)", "Sở Tài chính", None),
    ("civil_status", "Cơ sở dữ liệu hộ tịch điện tử", "Bộ Tư pháp", 152_700),
    (
        "social_security",
        "Cơ sở dữ liệu an sinh xã hội",
        "Sở Lao động - Thương binh và Xã hội",
        21_640,
    ),
]

VISIT_DAY = dt.date(2023, 5, 19)
VISIT_REFERENCE = (
    "Buổi làm việc của Đoàn giám sát HĐND thành phố với UBND quận Hai Bà Trưng ngày 19/5/2023"
)

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Phan",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
]
MIDDLES = ["Văn", "Thị", "Minh", "Thu", "Đức", "Thanh", "Ngọc", "Quang", "Hải", "Hồng"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Khánh",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Nam",
    "Nga",
    "Phương",
    "Quân",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trang",
    "Tuấn",
    "Vân",
    "Yến",
]
