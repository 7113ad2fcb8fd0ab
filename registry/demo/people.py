"""Who the demo's made-up members are: Vietnamese names with their real frequencies, the countries
people from Hà Tĩnh live in, and what they do there.

Demos and load tests need a registry that looks like the real one: names with the real frequency
of Vietnamese surnames (Nguyễn about 38 %) and residences where people from Hà Tĩnh actually live
(many young workers and students in Japan, Korea and Taiwan; older communities in Germany,
Czechia, Poland and Russia; families in the US, Australia and Canada).
"""

from __future__ import annotations

from dataclasses import dataclass

from registry.models import ConsentPurpose, Member

# Plain strings, as stored: COPY writes values as they are.
MALE = Member.Gender.MALE.value
FEMALE = Member.Gender.FEMALE.value

# Per mille, after the frequencies usually quoted for Vietnam. Huỳnh and Võ are the southern
# forms of Hoàng and Vũ; in Hà Tĩnh Võ is common and Huỳnh rare.
SURNAMES: list[tuple[str, int]] = [
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 40), ("Huỳnh", 10),
    ("Phan", 45), ("Võ", 25), ("Vũ", 14), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13),
    ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Đinh", 12), ("Trương", 10), ("Trịnh", 10),
    ("Đào", 9), ("Đoàn", 9), ("Cao", 8), ("Thái", 7), ("Hà", 7), ("Lương", 7), ("Lưu", 6),
    ("Mai", 6), ("Chu", 5), ("Tạ", 5), ("Lâm", 5), ("Kiều", 3), ("Nghiêm", 3), ("Tôn", 3),
]  # fmt: skip

# Middle names with weights: Văn and Thị dominate among the older generations.
MIDDLE_NAMES: dict[str, list[tuple[str, int]]] = {
    MALE: [
        ("Văn", 40), ("Hữu", 8), ("Đức", 8), ("Minh", 8), ("Quốc", 6), ("Thanh", 5),
        ("Xuân", 5), ("Đình", 7), ("Công", 5), ("Ngọc", 3), ("Quang", 5),
    ],
    FEMALE: [
        ("Thị", 45), ("Ngọc", 8), ("Thu", 8), ("Minh", 4), ("Thanh", 6), ("Hồng", 6),
        ("Phương", 5), ("Kim", 4), ("Bảo", 3), ("Diệu", 2), ("Mai", 3),
    ],
}  # fmt: skip
# A second middle name ("Nguyễn Thị Hồng Nhung") for some.
SECOND_MIDDLE_NAMES: dict[str, list[str]] = {
    MALE: ["Minh", "Quốc", "Anh", "Gia", "Bảo", "Đức", "Hoàng"],
    FEMALE: ["Thu", "Hồng", "Ngọc", "Phương", "Bảo", "Kim", "Mai", "Thanh"],
}
GIVEN_NAMES: dict[str, list[str]] = {
    MALE: [
        "An", "Anh", "Bảo", "Bình", "Chiến", "Cường", "Dũng", "Duy", "Đạt", "Định", "Đức",
        "Giang", "Hải", "Hiếu", "Hiệp", "Hòa", "Hoàng", "Hùng", "Huy", "Hưng", "Khánh", "Khoa",
        "Kiên", "Lâm", "Lợi", "Long", "Lực", "Mạnh", "Minh", "Nam", "Nghĩa", "Nhân", "Phong",
        "Phúc", "Quang", "Quân", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Tiến", "Toàn",
        "Trung", "Trường", "Tú", "Tuấn", "Tùng", "Việt", "Vinh",
    ],
    FEMALE: [
        "An", "Anh", "Ánh", "Châu", "Chi", "Dung", "Diệp", "Duyên", "Giang", "Hà", "Hạnh",
        "Hằng", "Hiền", "Hoa", "Hồng", "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan",
        "Ly", "Mai", "My", "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Phượng", "Quyên",
        "Quỳnh", "Tâm", "Thảo", "Thanh", "Thúy", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên",
        "Vân", "Vy", "Xuân", "Yến",
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Destination:
    """A country people from the province live in, and what life there typically looks like."""

    country: str  # ISO 3166-1 alpha-2
    weight: float  # share of the diaspora, roughly
    languages: tuple[str, ...]  # codes from the profile form's list, besides Vietnamese
    profile: str  # a key of OCCUPATIONS and BIRTH_YEARS
    men: tuple[str, ...] = ()  # first names taken in the host country
    women: tuple[str, ...] = ()
    married_names: tuple[str, ...] = ()  # where women commonly take their husband's name


_EN_MEN = ("Kevin", "Peter", "David", "Tony", "Jimmy", "Michael")
_EN_WOMEN = ("Anna", "Linda", "Jenny", "Tina", "Vicky", "Lily")
_CE_MEN = ("Martin", "Thomas", "Lukas", "Peter")
_CE_WOMEN = ("Anna", "Eva", "Jana", "Petra")

# Hà Tĩnh's diaspora: labour migration to East Asia dominates since the 2000s; the communities in
# the former socialist countries go back to the guest workers and students of the 1980s.
DESTINATIONS: list[Destination] = [
    Destination("JP", 24, ("ja",), "east-asia", ("Ken", "Sho"), ("Yuki", "Hana"), ("Sato",)),
    Destination("KR", 14, ("ko",), "east-asia", ("Minho", "Jun"), ("Jiyeon", "Sora")),
    Destination("TW", 13, ("zh-hant",), "east-asia", ("Kevin", "Jack"), ("Mei", "Amy")),
    Destination("MY", 2.5, ("ms", "en"), "east-asia", ("Jack",), ("Amy", "Lily")),
    Destination("DE", 6, ("de",), "europe", _CE_MEN, _CE_WOMEN, ("Schmidt", "Müller", "Weber")),
    Destination("CZ", 4, ("cs",), "europe", _CE_MEN, _CE_WOMEN, ("Nováková", "Svobodová")),
    Destination("PL", 3, ("pl",), "europe", ("Tomasz", "Piotr"), ("Anna", "Kasia"), ("Nowak",)),
    Destination("HU", 2, ("hu",), "europe", ("Péter", "Tamás"), ("Anna", "Eszter"), ("Nagy",)),
    Destination("SK", 1.5, ("sk",), "europe", _CE_MEN, _CE_WOMEN, ("Horváthová", "Kováčová")),
    Destination("RU", 4, ("ru",), "europe", ("Sasha", "Ivan"), ("Anna", "Natasha"), ("Ivanova",)),
    Destination("UA", 0.5, ("uk", "ru"), "europe", ("Oleh",), ("Anna", "Olena"), ("Shevchenko",)),
    Destination("FR", 1.5, ("fr",), "west", ("Julien", "Pierre"), ("Marie", "Sophie"), ("Martin",)),
    Destination("GB", 2.5, ("en",), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Jones", "Taylor")),
    Destination("US", 5, ("en",), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Johnson", "Brown")),
    Destination("CA", 2, ("en", "fr"), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Tremblay")),
    Destination("AU", 3, ("en",), "west", _EN_MEN, _EN_WOMEN, ("Smith", "Wilson")),
    Destination("LA", 5, ("th",), "neighbours"),
    Destination("TH", 3, ("th",), "neighbours"),
]  # fmt: skip

# (occupation as a member would type it, sector slug, weight), by kind of destination.
OCCUPATIONS: dict[str, list[tuple[str, str, int]]] = {
    "east-asia": [
        ("Thực tập sinh kỹ năng", "manufacturing", 20), ("Công nhân nhà máy", "manufacturing", 18),
        ("Kỹ sư cơ khí", "manufacturing", 6), ("Kỹ sư phần mềm", "it", 4),
        ("Du học sinh", "student", 14), ("Điều dưỡng, chăm sóc người cao tuổi", "health", 6),
        ("Thuyền viên tàu cá", "agriculture", 5), ("Lao động nông nghiệp", "agriculture", 6),
        ("Thợ xây dựng", "construction", 6), ("Nhân viên nhà hàng", "hospitality", 5),
        ("Phiên dịch viên", "other", 3), ("Nghiên cứu sinh", "research", 2),
        ("Kinh doanh tự do", "trade-retail", 3), ("Nhân viên văn phòng", "other", 2),
    ],
    "europe": [
        ("Kinh doanh tự do", "trade-retail", 18), ("Chủ cửa hàng tạp hóa", "trade-retail", 14),
        ("Buôn bán ở chợ", "trade-retail", 8), ("Chủ nhà hàng", "hospitality", 8),
        ("Đầu bếp", "hospitality", 6), ("Thợ làm móng", "beauty-services", 8),
        ("Du học sinh", "student", 6), ("Kỹ sư phần mềm", "it", 4), ("Bác sĩ", "health", 2),
        ("Kế toán", "finance", 3), ("Xuất nhập khẩu", "trade-retail", 5),
        ("Giảng viên đại học", "education", 2), ("Công nhân xây dựng", "construction", 4),
        ("Nghỉ hưu", "other", 4),
    ],
    "west": [
        ("Thợ làm móng", "beauty-services", 14), ("Chủ nhà hàng", "hospitality", 8),
        ("Kỹ sư phần mềm", "it", 10), ("Du học sinh", "student", 14), ("Bác sĩ", "health", 4),
        ("Điều dưỡng", "health", 6), ("Dược sĩ", "health", 3), ("Kế toán", "finance", 5),
        ("Chuyên viên ngân hàng", "finance", 3), ("Giảng viên đại học", "education", 3),
        ("Nghiên cứu sinh", "research", 4), ("Kỹ sư năng lượng", "energy", 2),
        ("Kinh doanh bất động sản", "other", 3), ("Nhân viên tổ chức quốc tế", "public-service", 1),
        ("Nghỉ hưu", "other", 4),
    ],
    "neighbours": [
        ("Thợ xây dựng", "construction", 20), ("Buôn bán nhỏ", "trade-retail", 20),
        ("Thợ may", "manufacturing", 10), ("Sửa chữa xe máy", "other", 8),
        ("Chủ nhà hàng", "hospitality", 6), ("Lao động khai thác gỗ", "agriculture", 5),
        ("Kỹ sư thủy điện", "energy", 3), ("Du học sinh", "student", 3),
    ],
}  # fmt: skip
# Birth years as (earliest, latest, most common): migrant workers and students are young, the
# communities in Europe older.
BIRTH_YEARS: dict[str, tuple[int, int, int]] = {
    "east-asia": (1960, 2006, 1998),
    "europe": (1950, 2006, 1972),
    "west": (1950, 2006, 1988),
    "neighbours": (1955, 2006, 1988),
}
SKILLS: dict[str, list[str]] = {
    "manufacturing": ["hàn, tiện CNC", "vận hành máy", "kiểm tra chất lượng", "điện công nghiệp"],
    "agriculture": ["trồng rau nhà kính", "chăn nuôi", "đánh bắt xa bờ", "chế biến thủy sản"],
    "construction": ["lát gạch", "cốt thép", "giám sát công trình", "đọc bản vẽ"],
    "trade-retail": ["xuất nhập khẩu", "bán hàng", "quản lý cửa hàng", "thương mại điện tử"],
    "hospitality": ["nấu ăn", "phở và món Việt", "quản lý nhà hàng", "pha chế"],
    "logistics": ["lái xe tải", "kho vận", "khai báo hải quan"],
    "it": ["phát triển web", "Python", "Java", "quản trị hệ thống", "dữ liệu"],
    "finance": ["kế toán doanh nghiệp", "thuế", "kiểm toán", "phân tích tài chính"],
    "health": ["điều dưỡng lão khoa", "chăm sóc người bệnh", "sơ cứu", "y học cổ truyền"],
    "education": ["giảng dạy tiếng Việt", "giảng dạy đại học", "biên soạn giáo trình"],
    "research": ["nghiên cứu vật liệu", "công nghệ sinh học", "khoa học dữ liệu"],
    "energy": ["điện mặt trời", "thủy điện", "điện gió"],
    "beauty-services": ["làm móng", "chăm sóc da", "quản lý tiệm"],
    "public-service": ["quan hệ quốc tế", "quản lý dự án ODA"],
    "student": ["tiếng Anh", "tin học văn phòng", "thiết kế đồ họa"],
    "other": ["phiên dịch", "quản lý dự án", "marketing", "tổ chức sự kiện"],
}
# Names of the province's mountains, rivers and beaches that people give their businesses.
HOME_PLACES = [
    "Hồng Lĩnh", "Sông La", "Thiên Cầm", "Ngàn Phố", "Hương Sơn", "Quê Hương", "Lam Hồng",
]  # fmt: skip
ORGANISATIONS: dict[str, list[str]] = {
    "hospitality": ["Nhà hàng Phở {home}", "Nhà hàng {home}", "Quán ăn Việt {city}"],
    "trade-retail": ["Cửa hàng tạp hóa {home}", "Công ty TNHH {home}", "Asia Markt {city}"],
    "beauty-services": ["Tiệm nail {home}", "{home} Nails"],
    "construction": ["Công ty xây dựng {home}"],
    "it": ["Công ty phần mềm {home}", "{home} Tech"],
    "student": ["Hội sinh viên Việt Nam tại {city}"],
}
VILLAGE_NAMES = [
    "Trung Tiến", "Đông Hà", "Tân Phúc", "Bắc Sơn", "Hòa Bình", "Phú Mỹ", "Thượng Phú",
    "Yên Thịnh", "Xuân Hòa", "Minh Tiến", "Đồng Tâm", "Quyết Thắng", "Tiền Phong", "Kim Quang",
]  # fmt: skip
VERIFICATION_METHODS = [
    (Member.Verification.ASSOCIATION.value, 40),
    (Member.Verification.CALL.value, 30),
    (Member.Verification.DOCUMENT.value, 20),
    (Member.Verification.IN_PERSON.value, 10),
]
# Share of members who agreed to each optional purpose; everyone agreed to the registry itself.
OPTIONAL_CONSENTS = {
    ConsentPurpose.STAFF_CONTACT: 0.5,
    ConsentPurpose.NEWSLETTER: 0.4,
    ConsentPurpose.ASSOCIATIONS: 0.3,
    ConsentPurpose.MATCHING: 0.4,
}
RETIRED = ("Nghỉ hưu", "other")
