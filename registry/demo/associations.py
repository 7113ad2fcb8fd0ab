"""Demo associations for the public directory, each marked as demo data in its description.

Made-up groups in cities where the province's people live (the synthetic members' countries);
their contact addresses are on example.org, so nobody real is written to.
"""

from __future__ import annotations

from registry.models import Association

DEMO_NOTE = "(Dữ liệu mẫu / demo data)"

# (name, country, city, description)
ASSOCIATIONS = [
    ("Hội đồng hương Hà Tĩnh tại Nhật Bản", "JP", "Osaka", "Kết nối người Hà Tĩnh ở vùng Kansai."),
    (
        "Hội đồng hương Hà Tĩnh tại Hàn Quốc",
        "KR",
        "Seoul",
        "Sinh hoạt hằng tháng, hỗ trợ lao động mới sang.",
    ),
    ("Hội người Hà Tĩnh tại Hungary", "HU", "Budapest", "Lớp tiếng Việt cuối tuần cho con em."),
    ("Hội đồng hương Hà Tĩnh tại Đài Loan", "TW", "Đài Trung", "Tư vấn pháp lý cho lao động."),
    ("Hội người Hà Tĩnh tại Cộng hòa Séc", "CZ", "Praha", "Chợ Sapa, văn hóa và thể thao."),
    (
        "Hội đồng hương Hà Tĩnh tại Pháp",
        "FR",
        "Paris",
        "Giao lưu văn hóa, học bổng cho học sinh quê nhà.",
    ),
]


def ensure_demo_associations() -> int:
    """Create the demo associations not there yet, listed publicly. Returns how many were made."""
    created = 0
    for number, (name, country, city, description) in enumerate(ASSOCIATIONS, start=1):
        _association, made = Association.objects.get_or_create(
            name=name,
            country=country,
            defaults={
                "city": city,
                "description": f"{description} {DEMO_NOTE}",
                "contact_email": f"hoi{number}@example.org",
                "listed_publicly": True,
            },
        )
        created += made
    return created
