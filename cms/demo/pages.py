"""Demo content for the page types beyond news: the section index pages in every language,
DEMO investment projects, charity programmes and events (Vietnamese, with English translations),
news categories, footer text and contact details.

Everything is marked as demo data in its title, and idempotent like `content.py`: what exists is
left alone, what is missing is created. Pictures are landscapes drawn here (cms.demo.photos:
nothing is downloaded), saved once as Wagtail images with a focal point and alt text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.demo import photos
from cms.models import (
    Category,
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    ContactDetails,
    ContactPage,
    EventIndexPage,
    EventPage,
    FooterText,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
    NewsArticlePage,
    ProvinceProfilePage,
    SiteLinks,
    StandardPage,
)
from registry.models import Sector

# Slug and title per language of each section under the home page.
SECTIONS: dict[type[Page], tuple[str, dict[str, str]]] = {
    InvestmentProjectIndexPage: (
        "du-an-dau-tu",
        {
            "vi": "Dự án đầu tư",
            "en": "Investment projects",
            "fr": "Projets d'investissement",
            "ru": "Инвестиционные проекты",
            "ja": "投資プロジェクト",
            "ko": "투자 프로젝트",
            "zh-hans": "投资项目",
        },
    ),
    CharityProgrammeIndexPage: (
        "thien-nguyen",
        {
            "vi": "Thiện nguyện",
            "en": "Charity programmes",
            "fr": "Programmes caritatifs",
            "ru": "Благотворительные программы",
            "ja": "慈善プログラム",
            "ko": "자선 프로그램",
            "zh-hans": "慈善项目",
        },
    ),
    EventIndexPage: (
        "su-kien",
        {
            "vi": "Sự kiện",
            "en": "Events",
            "fr": "Événements",
            "ru": "События",
            "ja": "イベント",
            "ko": "행사",
            "zh-hans": "活动",
        },
    ),
    ProvinceProfilePage: (
        "ho-so-tinh",
        {
            "vi": "Giới thiệu tỉnh {province}",
            "en": "{province} province at a glance",
            "fr": "La province de {province} en bref",
            "ru": "Провинция {province} вкратце",
            "ja": "{province}省の概要",
            "ko": "{province}성 소개",
            "zh-hans": "{province}省概况",
        },
    ),
    ContactPage: (
        "lien-he",
        {
            "vi": "Liên hệ",
            "en": "Contact",
            "fr": "Contact",
            "ru": "Контакты",
            "ja": "お問い合わせ",
            "ko": "연락처",
            "zh-hans": "联系我们",
        },
    ),
}

# Slug: name per language. Seed news is filed under them by slug (SEED_CATEGORIES).
CATEGORIES = {
    "doi-ngoai": {
        "vi": "Đối ngoại",
        "en": "Foreign affairs",
        "fr": "Affaires étrangères",
        "ru": "Внешние связи",
        "ja": "対外関係",
        "ko": "대외 관계",
        "zh-hans": "外事",
    },
    "xuc-tien-dau-tu": {
        "vi": "Xúc tiến đầu tư",
        "en": "Investment promotion",
        "fr": "Promotion des investissements",
        "ru": "Продвижение инвестиций",
        "ja": "投資促進",
        "ko": "투자 유치",
        "zh-hans": "投资促进",
    },
    "kieu-bao": {
        "vi": "Kiều bào",
        "en": "Overseas Vietnamese",
        "fr": "Vietnamiens de l'étranger",
        "ru": "Вьетнамцы за рубежом",
        "ja": "在外ベトナム人",
        "ko": "해외 베트남인",
        "zh-hans": "海外越南人",
    },
}
SEED_CATEGORIES = {
    "binh-duong-foreign-affairs-plan-2025": ["doi-ngoai", "xuc-tien-dau-tu"],
    "binh-dinh-foreign-affairs-review-2024": ["doi-ngoai"],
    "kon-tum-economic-diplomacy-action-plan": ["xuc-tien-dau-tu"],
    "ha-tinh-people-to-people-diplomacy": ["kieu-bao", "doi-ngoai"],
    "local-diplomacy-emulation-cluster-2": ["doi-ngoai"],
}

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
            },
            {
                "title": f"Flood-proof homes for poor households {DEMO_EN}",
                "summary": "Illustrative programme: flood-proof homes for poor households in "
                "low-lying areas.",
                "goal": "Build 40 homes with a flood loft before the storm season.",
                "beneficiaries": "Poor households in areas that flood every year.",
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
                "registration_open": False,
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


# --- Pages ---------------------------------------------------------------------------------------


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_child(parent: Page, model: type[Page], slug: str, **fields: Any) -> Page:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return page


def _ensure_translation(page: Page, code: str, **fields: Any) -> Page | None:
    try:
        locale = Locale.objects.get(language_code=code)
    except Locale.DoesNotExist:  # that language is switched off in settings
        return None
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    _publish(translation)
    return translation.specific


def _section_texts(model: type[Page], province: str) -> dict[str, dict[str, Any]]:
    """The province profile's and contact page's own text, in every language."""
    if model is ProvinceProfilePage:
        profile = {
            "vi": (
                f"Tỉnh {province}: vị trí, con người và tiềm năng {DEMO_VI}.",
                "Ghi chú",
                "Trang mẫu: điền số liệu chính thức",
            ),
            "en": (
                f"{province} province: its place, people and potential {DEMO_EN}.",
                "Note",
                "Demo page: fill in official figures",
            ),
            "fr": (
                f"La province de {province} : son territoire, ses habitants, son potentiel "
                "(démonstration).",
                "Remarque",
                "Page de démonstration : chiffres officiels à compléter",
            ),
            "ru": (
                f"Провинция {province}: расположение, люди и потенциал (демо).",
                "Примечание",
                "Демонстрационная страница: внесите официальные данные",
            ),
            "ja": (
                f"{province}省：位置、人々、可能性（デモ）。",
                "注記",
                "デモページ：公式の数値を入力してください",
            ),
            "ko": (
                f"{province}성: 위치, 사람, 잠재력 (데모).",
                "참고",
                "데모 페이지: 공식 수치를 입력하세요",
            ),
            "zh-hans": (
                f"{province}省：地理位置、人民与发展潜力（演示）。",
                "说明",
                "演示页面：请填写官方数据",
            ),
        }
        return {
            code: {"intro": intro, "key_facts": [("fact", {"label": label, "value": value})]}
            for code, (intro, label, value) in profile.items()
        }
    if model is ContactPage:
        hours = {
            "vi": "Thứ Hai – Thứ Sáu: 7:30 – 11:30 và 13:30 – 17:00",
            "en": "Monday to Friday: 7:30–11:30 and 13:30–17:00",
            "fr": "Du lundi au vendredi : 7 h 30 – 11 h 30 et 13 h 30 – 17 h 00",
            "ru": "Понедельник – пятница: 7:30–11:30 и 13:30–17:00",
            "ja": "月曜日～金曜日：7:30～11:30、13:30～17:00",
            "ko": "월요일~금요일: 7:30~11:30, 13:30~17:00",
            "zh-hans": "周一至周五：7:30–11:30，13:30–17:00",
        }
        return {code: {"office_hours": text} for code, text in hours.items()}
    return {}


def _ensure_sections(home: HomePage) -> dict[type[Page], Page]:
    province = settings.PROVINCE_NAME
    sections: dict[type[Page], Page] = {}
    for model, (slug, titles) in SECTIONS.items():
        texts = _section_texts(model, province)
        page = _ensure_child(
            home,
            model,
            slug,
            title=titles["vi"].format(province=province),
            show_in_menus=True,
            **texts.get("vi", {}),
        )
        sections[model] = page
        for code, _name in settings.LANGUAGES:
            if code != "vi":
                title = titles.get(code, titles["en"]).format(province=province)
                # Languages without a text here keep the Vietnamese one until translated.
                _ensure_translation(page, code, title=title, **texts.get(code, {}))
    return sections


def _ensure_demo_pages(index: Page, model: type[Page], demos: list[DemoPage]) -> int:
    created = 0
    for demo in demos:
        if model.objects.child_of(index).filter(slug=demo.slug).exists():
            continue
        shared = dict(demo.shared)
        if "sector" in shared:
            shared["sector"] = Sector.objects.get(slug=shared["sector"])
        image = photos.demo_photo(demo.slug)
        page = model(
            slug=demo.slug,
            hero_image=image,
            hero_alt=photos.ALT["vi"],
            **shared,
            **demo.vi,
        )
        index.add_child(instance=page)
        _publish(page)
        _ensure_translation(page, "en", hero_alt=photos.ALT["en"], **demo.en)
        created += 1
    return created


def _ensure_categories() -> None:
    locales = {locale.language_code: locale for locale in Locale.objects.all()}
    for slug, names in CATEGORIES.items():
        original = Category.objects.filter(slug=slug, locale=locales["vi"]).first()
        if original is None:
            original = Category.objects.create(slug=slug, name=names["vi"], locale=locales["vi"])
        for code, _name in settings.LANGUAGES:
            if code == "vi" or code not in locales:
                continue
            if original.get_translation_or_none(locales[code]) is None:
                translation = original.copy_for_translation(locales[code])
                translation.name = names.get(code, names["en"])
                translation.save()
    for article in NewsArticlePage.objects.filter(slug__in=SEED_CATEGORIES):
        if article.categories.exists():
            continue
        article.categories.set(
            Category.objects.filter(slug__in=SEED_CATEGORIES[article.slug], locale=article.locale)
        )
        _publish(article)


def _ensure_snippets() -> None:
    province = settings.PROVINCE_NAME
    vi = Locale.objects.get(language_code="vi")
    contact = ContactDetails.objects.filter(locale=vi).first() or ContactDetails.objects.create(
        locale=vi,
        office_name=f"Sở Ngoại vụ tỉnh {province}",
        address=f"Địa chỉ minh họa, Thành phố {province}, Việt Nam",
        phone="+84 239 000 0000",
        email="songoaivu@example.org",
    )
    footer = FooterText.objects.filter(locale=vi).first() or FooterText.objects.create(
        locale=vi,
        text=f"<p>Cơ quan chủ quản: Sở Ngoại vụ tỉnh {province}. Nội dung mẫu để trình diễn.</p>",
    )
    en = Locale.objects.filter(language_code="en").first()
    if en is None:
        return
    if contact.get_translation_or_none(en) is None:
        translated = contact.copy_for_translation(en)
        translated.office_name = f"Department of Foreign Affairs of {province} province"
        translated.address = f"Demo address, {province} city, Vietnam"
        translated.save()
    if footer.get_translation_or_none(en) is None:
        translated_footer = footer.copy_for_translation(en)
        translated_footer.text = (
            f"<p>Run by the Department of Foreign Affairs of {province} province. Demo content.</p>"
        )
        translated_footer.save()


# The privacy notice the footer links to (SiteLinks), written for the demo: the department's
# lawyers replace it before going live.
PRIVACY: dict[str, dict[str, Any]] = {
    "vi": {
        "title": "Thông báo về xử lý dữ liệu cá nhân",
        "intro": "Sở Ngoại vụ tỉnh {province} xử lý dữ liệu cá nhân của kiều bào đăng ký trên "
        "cổng thông tin này như sau (văn bản mẫu, cần được pháp chế của Sở rà soát).",
        "body": [
            ("heading", "Ai xử lý dữ liệu của bạn"),
            (
                "paragraph",
                "<p>Bên kiểm soát dữ liệu là Sở Ngoại vụ tỉnh {province}. Chỉ cán bộ được giao "
                "nhiệm vụ mới xem được hồ sơ; mọi lần xem, sửa, xuất dữ liệu đều được ghi lại.</p>",
            ),
            ("heading", "Dữ liệu nào và để làm gì"),
            (
                "paragraph",
                "<p>Họ tên, năm sinh, quê quán, nơi ở, nghề nghiệp, kỹ năng, mối quan tâm và thông "
                "tin liên hệ bạn cung cấp. Mỗi mục đích (lưu hồ sơ, liên hệ của cán bộ, nhận tin, "
                "kết nối với dự án đầu tư hay chương trình thiện nguyện) cần sự đồng ý riêng của "
                "bạn, có thể rút lại bất cứ lúc nào tại trang Đồng ý của hồ sơ.</p>",
            ),
            ("heading", "Quyền của bạn"),
            (
                "paragraph",
                "<p>Bạn có thể xem, tải về, sửa hoặc xóa hồ sơ của mình bất cứ lúc nào. Dữ liệu "
                "được xử lý theo Luật Bảo vệ dữ liệu cá nhân của Việt Nam và, với người sống ở "
                "Liên minh châu Âu, theo GDPR.</p>",
            ),
        ],
    },
    "en": {
        "title": "Privacy notice",
        "intro": "How the Department of Foreign Affairs of {province} province processes the "
        "personal data of people who sign up on this portal (demo text, to be reviewed by the "
        "department's legal officers).",
        "body": [
            ("heading", "Who processes your data"),
            (
                "paragraph",
                "<p>The controller is the Department of Foreign Affairs of {province} province. "
                "Only the officers assigned to the registry can see records; every view, change "
                "and export is recorded.</p>",
            ),
            ("heading", "What data, and what for"),
            (
                "paragraph",
                "<p>Your name, year of birth, hometown, place of residence, occupation, skills, "
                "interests and the contact details you give. Each purpose (keeping your record, "
                "being contacted by staff, receiving news, being connected with investment "
                "projects or charity programmes) needs its own consent, which you can withdraw at "
                "any time on the Consents page of your profile.</p>",
            ),
            ("heading", "Your rights"),
            (
                "paragraph",
                "<p>You can see, download, correct or delete your record at any time. Your data "
                "is processed under Vietnam's Personal Data Protection Law and, for people living "
                "in the European Union, the GDPR.</p>",
            ),
        ],
    },
}


def _ensure_privacy_page(home: HomePage) -> None:
    province = settings.PROVINCE_NAME

    def fields(code: str) -> dict[str, Any]:
        text = PRIVACY[code]
        return {
            "title": text["title"],
            "intro": text["intro"].format(province=province),
            "body": [(kind, value.format(province=province)) for kind, value in text["body"]],
        }

    page = _ensure_child(home, StandardPage, "bao-ve-du-lieu-ca-nhan", **fields("vi"))
    _ensure_translation(page, "en", slug="privacy-notice", **fields("en"))
    site = Site.objects.get(is_default_site=True)
    links = SiteLinks.for_site(site)
    if links.privacy_page_id is None:
        links.privacy_page = page
        links.save()


def load_pages(home: HomePage) -> dict[str, int]:
    """Sections, demo projects, programmes and events, categories and snippets. Returns counts."""
    province = settings.PROVINCE_NAME
    sections = _ensure_sections(home)
    created = {
        "projects_created": _ensure_demo_pages(
            sections[InvestmentProjectIndexPage],
            InvestmentProjectPage,
            demo_projects(province),
        ),
        "programmes_created": _ensure_demo_pages(
            sections[CharityProgrammeIndexPage],
            CharityProgrammePage,
            demo_programmes(timezone.localdate()),
        ),
        "events_created": _ensure_demo_pages(
            sections[EventIndexPage], EventPage, demo_events(timezone.now(), province)
        ),
    }
    _ensure_categories()
    _ensure_snippets()
    _ensure_privacy_page(home)
    return created
