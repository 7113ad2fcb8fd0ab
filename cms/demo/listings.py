"""The DEMO investment projects, charity programmes and events, in Vietnamese and English.

Everything is marked as demo data in its title (DEMO_VI, DEMO_EN); cms.demo.pages files them
under their sections.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cms.models import InvestmentProjectPage

DEMO_VI = "(dữ liệu mẫu)"
DEMO_EN = "(demo)"


@dataclass(frozen=True)
class DemoPage:
    """One demo page: its slug, Vietnamese and English texts, and the fields shared by both."""

    slug: str
    vi: dict[str, str]
    en: dict[str, str]
    shared: dict[str, Any] = field(default_factory=dict)


def demo_projects(province: str) -> list[DemoPage]:
    return [
        DemoPage(
            "dien-gio-ven-bien",
            {
                "title": f"Nhà máy điện gió ven biển {province} {DEMO_VI}",
                "summary": "Dự án minh họa: trang trại điện gió 200 MW trên dải cát ven biển.",
                "location": f"Xã ven biển phía nam tỉnh {province}",
                "incentives": "<p>Miễn tiền thuê đất 11 năm; ưu đãi thuế thu nhập "
                "doanh nghiệp.</p>",
                "contact_name": "Trung tâm Xúc tiến đầu tư tỉnh (mẫu)",
            },
            {
                "title": f"{province} coastal wind farm {DEMO_EN}",
                "summary": "Illustrative project: a 200 MW wind farm on the coastal sand strip.",
                "location": f"A coastal commune in the south of {province}",
                "incentives": "<p>No land rent for 11 years; corporate income tax incentives.</p>",
                "contact_name": "Provincial Investment Promotion Centre (demo)",
            },
            {
                "sector": "energy",
                "status": InvestmentProjectPage.Status.CALLING,
                "total_capital": Decimal("8500000000000"),
                "currency": "VND",
                "land_area_ha": Decimal("320"),
                "contact_email": "xuctiendautu@example.org",
                "contact_phone": "+84 239 000 0001",
            },
        ),
        DemoPage(
            "kho-lanh-nong-san",
            {
                "title": f"Trung tâm kho lạnh nông sản {DEMO_VI}",
                "summary": "Dự án minh họa: kho lạnh và sơ chế nông sản, thủy sản cho xuất khẩu.",
                "location": "Cụm công nghiệp gần quốc lộ 1",
                "incentives": "<p>Hỗ trợ hạ tầng và đào tạo lao động.</p>",
                "contact_name": "Sở Nông nghiệp và Môi trường (mẫu)",
            },
            {
                "title": f"Cold-storage centre for farm produce {DEMO_EN}",
                "summary": "Illustrative project: cold storage and processing of farm and fish "
                "products for export.",
                "location": "Industrial cluster near National Highway 1",
                "incentives": "<p>Support for infrastructure and staff training.</p>",
                "contact_name": "Department of Agriculture and Environment (demo)",
            },
            {
                "sector": "agriculture",
                "status": InvestmentProjectPage.Status.PROPOSED,
                "total_capital": Decimal("12000000"),
                "currency": "USD",
                "land_area_ha": Decimal("6.5"),
                "contact_email": "nongnghiep@example.org",
            },
        ),
        DemoPage(
            "khu-du-lich-sinh-thai",
            {
                "title": f"Khu du lịch sinh thái hồ núi {DEMO_VI}",
                "summary": "Dự án minh họa: khu nghỉ dưỡng sinh thái quanh hồ chứa nước.",
                "location": f"Huyện miền núi phía tây tỉnh {province}",
                "incentives": "<p>Ưu đãi tiền thuê đất theo danh mục địa bàn khó khăn.</p>",
                "contact_name": "Sở Văn hóa, Thể thao và Du lịch (mẫu)",
            },
            {
                "title": f"Lake and mountain eco-tourism area {DEMO_EN}",
                "summary": "Illustrative project: an eco-resort around a reservoir.",
                "location": f"A mountain district in the west of {province}",
                "incentives": "<p>Land rent incentives for disadvantaged areas.</p>",
                "contact_name": "Department of Culture, Sports and Tourism (demo)",
            },
            {
                "sector": "hospitality",
                "status": InvestmentProjectPage.Status.LICENSED,
                "total_capital": Decimal("1500000000000"),
                "currency": "VND",
                "land_area_ha": Decimal("85"),
            },
        ),
        DemoPage(
            "trung-tam-logistics-cang",
            {
                "title": f"Trung tâm logistics cảng biển {DEMO_VI}",
                "summary": "Dự án minh họa: kho bãi và dịch vụ logistics sau cảng.",
                "location": "Khu kinh tế ven biển",
                "incentives": "<p>Miễn thuế nhập khẩu thiết bị tạo tài sản cố định.</p>",
                "contact_name": "Ban Quản lý Khu kinh tế tỉnh (mẫu)",
            },
            {
                "title": f"Seaport logistics centre {DEMO_EN}",
                "summary": "Illustrative project: warehousing and logistics services behind the "
                "port.",
                "location": "Coastal economic zone",
                "incentives": "<p>No import duty on equipment forming fixed assets.</p>",
                "contact_name": "Provincial Economic Zone Authority (demo)",
            },
            {
                "sector": "logistics",
                "status": InvestmentProjectPage.Status.UNDER_CONSTRUCTION,
                "total_capital": Decimal("95000000"),
                "currency": "USD",
                "land_area_ha": Decimal("48.2"),
            },
        ),
    ]


def demo_programmes(today: datetime.date) -> list[DemoPage]:
    return [
        DemoPage(
            "nha-chong-lu",
            {
                "title": f"Nhà chống lũ cho hộ nghèo {DEMO_VI}",
                "summary": "Chương trình minh họa: xây nhà chống lũ cho các hộ nghèo vùng trũng.",
                "goal": "Xây 40 ngôi nhà có gác chống lũ trước mùa mưa bão.",
                "beneficiaries": "Các hộ nghèo ở vùng thường xuyên ngập lụt.",
                "transfer_instructions": "Chuyển khoản (tài khoản minh họa): Quỹ Vì người nghèo "
                "tỉnh, số tài khoản 0000 0000 0000, nội dung: NHA CHONG LU – họ và tên.",
            },
            {
                "title": f"Flood-proof homes for poor households {DEMO_EN}",
                "summary": "Illustrative programme: flood-proof homes for poor households in "
                "low-lying areas.",
                "goal": "Build 40 homes with a flood loft before the storm season.",
                "beneficiaries": "Poor households in areas that flood every year.",
                "transfer_instructions": "Bank transfer (illustrative account): the province's "
                "Fund for the Poor, account 0000 0000 0000, reference: NHA CHONG LU – your name.",
            },
            {
                "amount_sought": Decimal("4000000000"),
                "amount_pledged": Decimal("1450000000"),
                "deadline": today + datetime.timedelta(days=90),
            },
        ),
        DemoPage(
            "hoc-bong-tiep-suc",
            {
                "title": f"Học bổng tiếp sức đến trường {DEMO_VI}",
                "summary": "Chương trình minh họa: học bổng cho học sinh nghèo vượt khó.",
                "goal": "Trao 200 suất học bổng mỗi năm học.",
                "beneficiaries": "Học sinh nghèo học giỏi ở các xã miền núi.",
            },
            {
                "title": f"Back-to-school scholarships {DEMO_EN}",
                "summary": "Illustrative programme: scholarships for pupils from poor families.",
                "goal": "Award 200 scholarships every school year.",
                "beneficiaries": "Gifted pupils from poor families in mountain communes.",
            },
            {
                "amount_sought": Decimal("20000"),
                "amount_pledged": Decimal("16500"),
                "currency": "USD",
                "deadline": today + datetime.timedelta(days=30),
            },
        ),
        DemoPage(
            "tu-sach-tieng-viet",
            {
                "title": f"Tủ sách tiếng Việt cho cộng đồng {DEMO_VI}",
                "summary": "Chương trình minh họa (đã kết thúc): gửi sách tiếng Việt cho các "
                "hội kiều bào.",
                "goal": "Gửi 5.000 cuốn sách tiếng Việt cho con em kiều bào.",
                "beneficiaries": "Các lớp dạy tiếng Việt của cộng đồng ở nước ngoài.",
            },
            {
                "title": f"Vietnamese bookshelves for the community {DEMO_EN}",
                "summary": "Illustrative programme (closed): Vietnamese books for overseas "
                "associations.",
                "goal": "Send 5,000 Vietnamese books to children of overseas Vietnamese.",
                "beneficiaries": "Community Vietnamese classes abroad.",
            },
            {
                "amount_sought": Decimal("300000000"),
                "amount_pledged": Decimal("300000000"),
                "deadline": today - datetime.timedelta(days=20),
            },
        ),
    ]


def demo_events(now: datetime.datetime, province: str) -> list[DemoPage]:
    day = now.replace(hour=2, minute=0, second=0, microsecond=0)  # 09:00 in Vietnam
    return [
        DemoPage(
            "gap-mat-kieu-bao-tet",
            {
                "title": f"Gặp mặt kiều bào về quê đón Tết {DEMO_VI}",
                "summary": "Sự kiện minh họa: lãnh đạo tỉnh gặp mặt kiều bào về quê ăn Tết.",
                "place": f"Trung tâm Hội nghị tỉnh {province}",
            },
            {
                "title": f"New Year meeting with overseas Vietnamese {DEMO_EN}",
                "summary": "Illustrative event: the province's leaders meet overseas "
                "Vietnamese home for Tết.",
                "place": f"{province} Provincial Conference Centre",
            },
            {
                "start_at": day + datetime.timedelta(days=45),
                "end_at": day + datetime.timedelta(days=45, hours=4),
                "capacity": 300,
                "registration_open": True,
            },
        ),
        DemoPage(
            "dien-dan-doanh-nhan-chau-au",
            {
                "title": f"Diễn đàn doanh nhân kiều bào tại châu Âu {DEMO_VI}",
                "summary": "Sự kiện minh họa: giới thiệu dự án đầu tư của tỉnh với doanh nhân "
                "kiều bào.",
                "place": "Budapest, Hungary",
            },
            {
                "title": f"Overseas Vietnamese business forum in Europe {DEMO_EN}",
                "summary": "Illustrative event: the province's investment projects presented "
                "to overseas Vietnamese business people.",
                "place": "Budapest, Hungary",
            },
            {
                "start_at": day + datetime.timedelta(days=75, hours=6),
                "end_at": day + datetime.timedelta(days=76, hours=14),
                "capacity": 800,
                "registration_open": True,
                "time_zone": "Europe/Budapest",
            },
        ),
        DemoPage(
            "hoi-nghi-xuc-tien-dau-tu",
            {
                "title": f"Hội nghị xúc tiến đầu tư {DEMO_VI}",
                "summary": "Sự kiện minh họa (đã diễn ra): hội nghị xúc tiến đầu tư của tỉnh.",
                "place": f"Thành phố {province}",
            },
            {
                "title": f"Investment promotion conference {DEMO_EN}",
                "summary": "Illustrative event (past): the province's investment promotion "
                "conference.",
                "place": f"{province} city",
            },
            {
                "start_at": day - datetime.timedelta(days=40),
                "end_at": day - datetime.timedelta(days=40) + datetime.timedelta(hours=5),
                "capacity": 500,
                "registration_open": False,
            },
        ),
    ]
