"""The demo's news categories (with the seed news filed under them), footer text and contact
details, in every language that has them."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale

from cms.models import Category, ContactDetails, FooterText, NewsArticlePage

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


def ensure_categories() -> None:
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
        article.save_revision().publish()


def ensure_snippets() -> None:
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
