"""Demo content for the page types beyond news: the section index pages in every language, the
DEMO investment projects, charity programmes and events (cms.demo.listings) under them, with
English translations, the privacy notice, and the news categories, footer text and contact
details (cms.demo.snippets).

Everything is marked as demo data in its title, and idempotent like `content.py`: what exists is
left alone, what is missing is created. Pictures are landscapes drawn here (cms.demo.photos:
nothing is downloaded), saved once as Wagtail images with a focal point and alt text.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from cms.demo import photos
from cms.demo.listings import (
    DEMO_EN,
    DEMO_VI,
    DemoPage,
    demo_events,
    demo_programmes,
    demo_projects,
)
from cms.demo.snippets import ensure_categories, ensure_snippets
from cms.models import (
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    ContactPage,
    EventIndexPage,
    EventPage,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
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
    ensure_categories()
    ensure_snippets()
    _ensure_privacy_page(home)
    return created
