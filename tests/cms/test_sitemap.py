import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import Locale, PageViewRestriction

from cms.models import NewsArticlePage, NewsIndexPage
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def sitemap(client) -> dict[str, dict[str, str]]:
    """Each listed address with its alternates {hreflang: address}."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    assert root.tag == f"{SITEMAP}urlset"
    found = {}
    for url in root.findall(f"{SITEMAP}url"):
        assert url.findtext(f"{SITEMAP}lastmod")
        links = url.findall(f"{XHTML}link")
        assert all(link.get("rel") == "alternate" for link in links)
        found[url.findtext(f"{SITEMAP}loc")] = {
            link.get("hreflang"): link.get("href") for link in links
        }
    return found


def add_article(index: NewsIndexPage, slug: str) -> NewsArticlePage:
    article = NewsArticlePage(title=slug, slug=slug, date=datetime.date(2026, 11, 1))
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_it_lists_the_home_page_of_every_language_with_its_alternates(client, site_pages, settings):
    urls = sitemap(client)
    home = urls["http://testserver/vi/"]
    codes = [code for code, _ in settings.LANGUAGES]
    assert set(home) == {*codes, "x-default"}
    assert home["en"] == "http://testserver/en/"
    assert home["x-default"] == "http://testserver/vi/"
    for code in codes:
        assert urls[f"http://testserver/{code}/"] == home


def test_alternates_are_only_the_translations_that_exist(client, site_pages):
    vi_news = NewsIndexPage.objects.get(locale__language_code="vi")
    article = add_article(vi_news, "ban-goc")
    french = article.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    urls = sitemap(client)
    expected = {
        "vi": "http://testserver/vi/tin-tuc/ban-goc/",
        "fr": "http://testserver/fr/actualites/ban-goc/",
        "x-default": "http://testserver/vi/tin-tuc/ban-goc/",
    }
    assert urls["http://testserver/vi/tin-tuc/ban-goc/"] == expected
    assert urls["http://testserver/fr/actualites/ban-goc/"] == expected
    assert "http://testserver/en/news/ban-goc/" not in urls


def test_a_page_in_one_language_has_no_alternates_and_no_x_default(client, site_pages):
    summary = NewsArticlePage.objects.get(
        slug="local-diplomacy-emulation-cluster-2", locale__language_code="vi"
    )
    summary.delete()  # the demo's Vietnamese summary: the French original is then alone
    urls = sitemap(client)
    assert urls["http://testserver/fr/actualites/local-diplomacy-emulation-cluster-2/"] == {}


def test_a_seed_article_and_its_vietnamese_summary_are_alternates(client, site_pages):
    urls = sitemap(client)
    french = "http://testserver/fr/actualites/local-diplomacy-emulation-cluster-2/"
    vietnamese = "http://testserver/vi/tin-tuc/local-diplomacy-emulation-cluster-2/"
    expected = {"fr": french, "vi": vietnamese, "x-default": vietnamese}
    assert urls[french] == expected
    assert urls[vietnamese] == expected


def test_drafts_unpublished_private_and_alias_pages_are_left_out(client, site_pages):
    vi_news = NewsIndexPage.objects.get(locale__language_code="vi")
    draft = NewsArticlePage(
        title="nháp", slug="ban-nhap", date=datetime.date(2026, 11, 1), live=False
    )
    vi_news.add_child(instance=draft)
    add_article(vi_news, "da-go").unpublish()
    private = add_article(vi_news, "rieng-tu")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    original = add_article(vi_news, "co-ban-sao")
    alias = original.create_alias(
        parent=NewsIndexPage.objects.get(locale__language_code="en"),
        update_locale=Locale.objects.get(language_code="en"),
    )
    assert alias.live
    urls = sitemap(client)
    listed = " ".join(urls)
    for slug in ("ban-nhap", "da-go", "rieng-tu"):
        assert f"/{slug}/" not in listed
    assert "http://testserver/vi/tin-tuc/co-ban-sao/" in urls
    assert "http://testserver/en/news/co-ban-sao/" not in urls
    assert urls["http://testserver/vi/tin-tuc/co-ban-sao/"] == {}


def test_robots_txt_points_at_the_sitemap(client, site_pages):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines


def test_its_query_count_does_not_grow_with_the_pages(client, site_pages):
    vi_news = NewsIndexPage.objects.get(locale__language_code="vi")
    client.get("/sitemap.xml")  # warm Wagtail's cached site root paths
    few = queries_for(client, "/sitemap.xml")
    for number in range(10):
        add_article(vi_news, f"them-{number}")
    assert queries_for(client, "/sitemap.xml") == few
