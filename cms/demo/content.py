"""Demo content: the site tree in every language and the seed articles as news.

The seed articles are real provincial foreign-affairs news (copied into `cms/demo/seeds/` with a
manifest giving their title, language, date and source). Everything here is idempotent: running it
again updates nothing that exists and creates what is missing.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.html import escape
from django.utils.text import Truncator
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, Site

from cms.demo import photos
from cms.demo.pages import load_pages
from cms.editorial import ensure_locales
from cms.models import HomePage, NewsArticlePage, NewsIndexPage
from cms.permissions import ensure_editorial_permissions

SEEDS_DIR = Path(__file__).parent / "seeds"

# Titles and introductions of the shared pages, per language. {province} is the configured province.
HOME_TEXT = {
    "vi": (
        "Quê Hương {province}",
        "Cổng thông tin đối ngoại và kết nối người {province} ở nước ngoài "
        "với quê hương: tin tức, dự án đầu tư, chương trình thiện nguyện và sự kiện.",
    ),
    "en": (
        "Homeland {province}",
        "Foreign-information portal connecting {province} people abroad "
        "with their homeland: news, investment projects, charity programmes and events.",
    ),
    "fr": (
        "Terre natale {province}",
        "Portail d'information pour l'étranger reliant les natifs de "
        "{province} vivant à l'étranger à leur terre natale : actualités, projets "
        "d'investissement, programmes caritatifs et événements.",
    ),
    "ru": (
        "Родина {province}",
        "Портал внешней информации, связывающий уроженцев провинции "
        "{province}, живущих за рубежом, с родиной: новости, инвестиционные проекты, "
        "благотворительные программы и события.",
    ),
    "ja": (
        "故郷 {province}",
        "海外に住む{province}出身者と故郷をつなぐ対外情報ポータル：ニュース、投資"
        "プロジェクト、慈善プログラム、イベント。",
    ),
    "ko": (
        "고향 {province}",
        "해외에 사는 {province} 출신 동포와 고향을 잇는 대외 정보 포털: 뉴스, 투자 "
        "프로젝트, 자선 프로그램, 행사.",
    ),
    "zh-hans": (
        "故乡 {province}",
        "连接海外{province}同乡与故乡的对外信息门户：新闻、投资项目、慈善项目和活动。",
    ),
}
NEWS_TEXT = {
    "vi": "Tin tức",
    "en": "News",
    "fr": "Actualités",
    "ru": "Новости",
    "ja": "ニュース",
    "ko": "뉴스",
    "zh-hans": "新闻",
}


@dataclass(frozen=True)
class SeedArticle:
    slug: str
    language: str
    title: str
    date: date
    paragraphs: list[str]
    author: str
    source_name: str
    source_url: str

    @property
    def summary(self) -> str:
        return Truncator(self.paragraphs[0]).chars(300) if self.paragraphs else ""


def seed_articles() -> list[SeedArticle]:
    manifest = json.loads((SEEDS_DIR / "manifest.json").read_text(encoding="utf-8"))
    articles = []
    for item in manifest:
        text = unicodedata.normalize("NFC", (SEEDS_DIR / item["body"]).read_text(encoding="utf-8"))
        articles.append(
            SeedArticle(
                slug=item["slug"],
                language=item["language"],
                title=item["title"],
                date=date.fromisoformat(item["date"]),
                paragraphs=[p.strip() for p in text.split("\n\n") if p.strip()],
                author=item["author"],
                source_name=item["source_name"],
                source_url=item["source_url"],
            )
        )
    return articles


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _ensure_home() -> HomePage:
    """The Vietnamese home page at the root of the default site."""
    home = HomePage.objects.filter(locale__language_code="vi").first()
    province = settings.PROVINCE_NAME
    if home is None:
        # A flushed database (test runs) has no root page: make one as Wagtail's migration does.
        root = Page.get_first_root_node() or Page.add_root(
            title="Root", slug="root", locale=Locale.objects.get(language_code="vi")
        )
        title, intro = HOME_TEXT["vi"]
        home = HomePage(
            title=title.format(province=province),
            intro=intro.format(province=province),
            slug="trang-chu",
            locale=Locale.objects.get(language_code="vi"),
        )
        root.add_child(instance=home)
        _publish(home)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    old_root_id = site.root_page_id if site.pk else None
    site.hostname, site.port, site.site_name, site.root_page = (
        "localhost",
        80,
        settings.SITE_NAME,
        home,
    )
    site.save()
    if old_root_id and old_root_id != home.pk:
        # Wagtail's "Welcome to your new Wagtail site!" placeholder.
        Page.objects.filter(pk=old_root_id, depth=2).exclude(pk=home.pk).delete()
    return home


def _ensure_translation(page: Page, code: str, title: str, **fields: str) -> Page:
    locale = Locale.objects.get(language_code=code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale, copy_parents=True)
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.save()
    _publish(translation)
    return translation.specific


def _ensure_news_index(home: HomePage) -> NewsIndexPage:
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = NewsIndexPage(title=NEWS_TEXT["vi"], slug="tin-tuc", show_in_menus=True)
        home.add_child(instance=index)
        _publish(index)
    return index


# The seed news is in English, French and Russian. So that the Vietnamese site has news too, each
# gets a short Vietnamese summary page, linked to its original as a translation (same
# translation key): written for the demo, marked as such, and pointing readers to the original.
VIETNAMESE_SUMMARIES = {
    "binh-duong-foreign-affairs-plan-2025": (
        "Bình Dương ban hành Kế hoạch công tác đối ngoại năm 2025",
        "Kế hoạch số 1911/KH-UBND đẩy mạnh ngoại giao kinh tế, ngoại giao văn hóa và hợp tác "
        "song phương, đa phương; gắn thu hút đầu tư công nghệ cao, năng lượng xanh, kinh tế tuần "
        "hoàn, chuyển đổi số và đào tạo nguồn nhân lực với phát triển kinh tế – xã hội của tỉnh.",
    ),
    "binh-dinh-foreign-affairs-review-2024": (
        "Bình Định tổng kết công tác đối ngoại năm 2024, triển khai nhiệm vụ năm 2025",
        "Sở Ngoại vụ tổ chức hội nghị tổng kết công tác đối ngoại năm 2024 dưới sự chủ trì của "
        "Phó Chủ tịch UBND tỉnh Nguyễn Tự Công Hoàng; năm qua tỉnh tổ chức nhiều hoạt động đối "
        "ngoại quan trọng, thu hút sự quan tâm của đối tác và nhà đầu tư trong và ngoài nước.",
    ),
    "kon-tum-economic-diplomacy-action-plan": (
        "Kon Tum ban hành Kế hoạch hành động về ngoại giao kinh tế đến năm 2030",
        "Thực hiện Chỉ thị số 15-CT/TW của Ban Bí thư, tỉnh đặt mục tiêu tạo chuyển biến mạnh "
        "mẽ về nhận thức và hành động của các cấp, các ngành, doanh nghiệp và người dân đối với "
        "ngoại giao kinh tế, với 7 nhiệm vụ cụ thể.",
    ),
    "ha-tinh-people-to-people-diplomacy": (
        "Hà Tĩnh tăng cường sự lãnh đạo của Đảng, nâng cao hiệu quả công tác đối ngoại nhân dân",
        "UBND tỉnh nhấn mạnh việc phối hợp với các cơ quan đại diện Việt Nam ở nước ngoài và các "
        "cơ quan thông tấn, báo chí trong và ngoài nước để quảng bá hình ảnh, con người và tiềm "
        "năng, lợi thế của Hà Tĩnh tới bạn bè quốc tế.",
    ),
    "local-diplomacy-emulation-cluster-2": (
        "Đối ngoại địa phương đóng góp mạnh mẽ vào sự nghiệp phát triển chung",
        "Hội nghị của Cụm thi đua số II gồm Sở Ngoại vụ và các phòng đối ngoại của 17 tỉnh, thành "
        "phố phía Bắc, với sự tham dự của Thứ trưởng Bộ Ngoại giao Nguyễn Minh Hằng, đánh giá "
        "đóng góp của đối ngoại địa phương cho phát triển kinh tế – xã hội.",
    ),
}
ORIGINAL_LANGUAGE_VI = {"en": "tiếng Anh", "fr": "tiếng Pháp", "ru": "tiếng Nga"}


def _ensure_vietnamese_summaries(news: NewsIndexPage) -> int:
    """A Vietnamese summary of each seed article, as its translation. Returns how many were made."""
    vi = Locale.objects.get(language_code="vi")
    created = 0
    for original in NewsArticlePage.objects.filter(slug__in=VIETNAMESE_SUMMARIES).exclude(
        locale=vi
    ):
        if original.get_translation_or_none(vi) is not None:
            continue
        title, summary = VIETNAMESE_SUMMARIES[original.slug]
        language = ORIGINAL_LANGUAGE_VI.get(original.locale.language_code, "tiếng nước ngoài")
        # A plain address, not a page link: Wagtail shows a page link in the reader's language,
        # which would be this summary itself.
        note = (
            f'Bản tóm tắt tiếng Việt (dữ liệu mẫu). Đọc toàn văn <a href="{original.get_url()}" '
            f'hreflang="{original.locale.language_code}">bài gốc bằng {language}</a>.'
        )
        page = NewsArticlePage(
            title=title,
            slug=original.slug,
            hero_image=original.hero_image,
            hero_alt=photos.ALT["vi"],
            locale=vi,
            translation_key=original.translation_key,
            date=original.date,
            summary=summary,
            author=original.author,
            source_name=original.source_name,
            source_url=original.source_url,
            body=[("paragraph", f"<p>{escape(summary)}</p>"), ("paragraph", f"<p>{note}</p>")],
        )
        news.add_child(instance=page)
        _publish(page)
        created += 1
    return created


@transaction.atomic
def load_site() -> dict[str, int]:
    """Create the site tree in every configured language and the seed news. Returns counts."""
    ensure_locales()
    # Translations made here take their own addresses from their titles as they are saved; the
    # redirects Wagtail makes from the copies' first addresses lead from nowhere anybody saw.
    # (Deleted after Wagtail's own commit callbacks have made them: registered last, run last.)
    before = Redirect.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    home = _ensure_home()
    ensure_editorial_permissions()
    news = _ensure_news_index(home)
    province = settings.PROVINCE_NAME
    indexes: dict[str, Page] = {"vi": news}
    for code, _name in settings.LANGUAGES:
        if code == "vi":
            continue
        title, intro = HOME_TEXT.get(code, HOME_TEXT["en"])
        _ensure_translation(
            home, code, title.format(province=province), intro=intro.format(province=province)
        )
        indexes[code] = _ensure_translation(news, code, NEWS_TEXT.get(code, NEWS_TEXT["en"]))

    created = 0
    for article in seed_articles():
        parent = indexes.get(article.language)
        if parent is None:  # that language is switched off in settings
            continue
        if NewsArticlePage.objects.child_of(parent).filter(slug=article.slug).exists():
            continue
        page = NewsArticlePage(
            title=article.title,
            slug=article.slug,
            hero_image=photos.demo_photo(article.slug),
            hero_alt=photos.ALT.get(article.language, photos.ALT["en"]),
            date=article.date,
            summary=article.summary,
            author=article.author,
            source_name=article.source_name,
            source_url=article.source_url,
            body=[("paragraph", f"<p>{escape(p)}</p>") for p in article.paragraphs],
        )
        parent.add_child(instance=page)
        _publish(page)
        created += 1
    summaries = _ensure_vietnamese_summaries(news)
    counts = load_pages(home)
    transaction.on_commit(lambda: Redirect.objects.filter(pk__gt=before).delete())
    return {
        "languages": len(indexes),
        "articles_created": created,
        "summaries_created": summaries,
        **counts,
    }
