import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale, PageViewRestriction

from cms.models import Category, HomePage, NewsArticlePage, NewsIndexPage
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def add_article(
    index: NewsIndexPage, slug: str, *, publish: bool = True, **fields
) -> NewsArticlePage:
    fields.setdefault("date", datetime.date(2026, 11, 1))
    article = NewsArticlePage(
        title=fields.pop("title", slug), slug=slug, summary="Tóm tắt", **fields
    )
    index.add_child(instance=article)
    if publish:
        article.save_revision().publish()
    else:
        article.live = False
        article.save_revision()
        article.save()
    return article


@pytest.fixture
def vi_news(site_pages) -> NewsIndexPage:
    return NewsIndexPage.objects.get(locale__language_code="vi")


def rss_items(client, url: str) -> list[ET.Element]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    assert channel is not None
    for name in ("title", "link", "description", "language"):
        assert channel.findtext(name)
    return channel.findall("item")


def test_it_lists_the_newest_news_of_the_language_first(client, vi_news):
    add_article(vi_news, "cu", date=datetime.date(2026, 11, 20), title="Tin cũ")
    add_article(vi_news, "moi", date=datetime.date(2026, 11, 22), title="Tin mới")
    items = rss_items(client, "/vi/feeds/news.rss")
    assert [item.findtext("title") for item in items[:2]] == ["Tin mới", "Tin cũ"]
    first = items[0]
    assert first.findtext("link") == "http://testserver/vi/tin-tuc/moi/"
    assert first.findtext("guid") == "http://testserver/vi/tin-tuc/moi/"
    assert first.findtext("description") == "Tóm tắt"
    assert first.findtext("pubDate").startswith("Sun, 22 Nov 2026 00:00:00")


def test_it_lists_only_the_language_of_the_address(client, vi_news):
    add_article(vi_news, "chi-tieng-viet", date=datetime.date(2026, 11, 22))
    vi_links = [item.findtext("link") for item in rss_items(client, "/vi/feeds/news.rss")]
    en_links = [item.findtext("link") for item in rss_items(client, "/en/feeds/news.rss")]
    assert all("/vi/" in link for link in vi_links)
    assert en_links and all("/en/" in link for link in en_links)


def test_it_keeps_twenty_items(client, vi_news):
    for number in range(22):
        add_article(vi_news, f"tin-{number}", date=datetime.date(2026, 11, 1))
    assert len(rss_items(client, "/vi/feeds/news.rss")) == 20


def test_drafts_unpublished_and_private_news_are_left_out(client, vi_news):
    add_article(vi_news, "ban-nhap", publish=False, date=datetime.date(2026, 11, 23))
    gone = add_article(vi_news, "da-go", date=datetime.date(2026, 11, 23))
    gone.unpublish()
    private = add_article(vi_news, "rieng-tu", date=datetime.date(2026, 11, 23))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    links = " ".join(item.findtext("link") for item in rss_items(client, "/vi/feeds/news.rss"))
    assert "/ban-nhap/" not in links
    assert "/da-go/" not in links
    assert "/rieng-tu/" not in links


def test_the_atom_feed_has_ids_dates_and_links(client, vi_news):
    add_article(vi_news, "atom", date=datetime.date(2026, 11, 22), title="Tin Atom")
    response = client.get("/vi/feeds/news.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    entry = root.find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}title") == "Tin Atom"
    assert entry.findtext(f"{ATOM}id") == "http://testserver/vi/tin-tuc/atom/"
    assert entry.findtext(f"{ATOM}updated")
    assert entry.find(f"{ATOM}link").get("href") == "http://testserver/vi/tin-tuc/atom/"


@pytest.mark.parametrize(
    "url",
    [
        "/xx/feeds/news.rss",
        "/vi/feeds/category/khong-co.rss",
        "/en/feeds/category/khong-co.atom",
        "/vi/feeds/news.json",
    ],
)
def test_unknown_languages_and_categories_are_not_found(client, site_pages, url):
    assert client.get(url).status_code == 404


def test_a_language_without_pages_is_not_found(client, site_pages):
    HomePage.objects.get(locale__language_code="ko").delete()
    assert client.get("/ko/feeds/news.rss").status_code == 404


def test_every_page_links_to_its_language_feeds(client, site_pages):
    html = client.get("/en/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in html
    assert 'href="http://testserver/en/feeds/news.rss"' in html
    assert 'href="http://testserver/en/feeds/news.atom"' in html


def test_a_category_feed_lists_the_news_of_that_category(client, vi_news):
    category = Category.objects.create(
        name="Chuyên mục thử", slug="chuyen-muc-thu", locale=Locale.objects.get(language_code="vi")
    )
    inside = add_article(vi_news, "trong", date=datetime.date(2026, 11, 22))
    inside.categories.add(category)
    inside.save_revision().publish()
    add_article(vi_news, "ngoai", date=datetime.date(2026, 11, 22))
    links = [
        item.findtext("link") for item in rss_items(client, "/vi/feeds/category/chuyen-muc-thu.rss")
    ]
    assert links == ["http://testserver/vi/tin-tuc/trong/"]
    item = rss_items(client, "/vi/feeds/category/chuyen-muc-thu.rss")[0]
    assert [c.text for c in item.findall("category")] == ["Chuyên mục thử"]
    root = ET.fromstring(client.get("/vi/feeds/category/chuyen-muc-thu.atom").content)  # noqa: S314 - our own response
    assert "Chuyên mục thử" in root.findtext(f"{ATOM}title")


def test_its_query_count_does_not_grow_with_the_items(client, vi_news):
    add_article(vi_news, "dau-tien")
    client.get("/vi/feeds/news.rss")  # warm Wagtail's cached site root paths
    few = queries_for(client, "/vi/feeds/news.rss")
    for number in range(10):
        add_article(vi_news, f"them-{number}")
    assert queries_for(client, "/vi/feeds/news.rss") == few
