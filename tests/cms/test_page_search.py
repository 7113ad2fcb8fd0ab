"""The public site search: Vietnamese typed with or without marks finds the same pages.

The database engine runs on whichever database the suite uses (SQLite or PostgreSQL); the
Elasticsearch test runs on noida-db, or on the server ELASTICSEARCH_URL names.
"""

import datetime
import os
import unicodedata
import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from elasticsearch import Elasticsearch
from wagtail.models import Page, PageViewRestriction, Site

from cms.models import HomePage, NewsArticlePage, NewsIndexPage
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def news_index(language: str = "vi") -> NewsIndexPage:
    return NewsIndexPage.objects.get(locale__language_code=language)


def publish(
    parent: Page, title: str, *, summary: str = "", body: str = "", live: bool = True
) -> NewsArticlePage:
    """An article added through Wagtail's API and published (or left a draft)."""
    article = NewsArticlePage(
        title=title,
        slug=f"a-{uuid.uuid4().hex[:10]}",
        date=datetime.date(2026, 3, 1),
        summary=summary,
        body=[("paragraph", f"<p>{body}</p>")] if body else [],
        live=live,
    )
    parent.add_child(instance=article)
    revision = article.save_revision()
    if live:
        revision.publish()
    return article


def search(client, query: str, language: str = "vi", **params: str) -> str:
    response = client.get(f"/{language}/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def found(client, query: str, language: str = "vi") -> bool:
    """Whether the page titled "Marker …" came up for `query`."""
    return "Marker" in search(client, query, language)


# --- Folding -------------------------------------------------------------------------------------


def test_it_finds_d_stroke_typed_as_d(client, site_pages):
    publish(news_index(), "Marker: đoàn công tác tại Đức")
    assert found(client, "duc")
    assert found(client, "doan cong tac")


def test_it_finds_a_full_name_typed_without_marks(client, site_pages):
    publish(news_index(), "Marker", summary="Ông Nguyễn Văn An về thăm quê.")
    assert found(client, "nguyen van an")
    assert not found(client, "nguyen van binh")


def test_it_finds_capitals_without_marks(client, site_pages):
    publish(news_index(), "Marker: họ Đặng ở Hà Tĩnh")
    assert found(client, "DANG")


def test_a_query_with_marks_still_matches(client, site_pages):
    publish(news_index(), "Marker: Nguyễn Văn An", body="Hội đồng hương tại Đức")
    assert found(client, "Nguyễn Văn An")
    assert found(client, "Đức")
    assert found(client, unicodedata.normalize("NFD", "Hội đồng hương"))


def test_a_query_with_marks_finds_text_written_without_them(client, site_pages):
    publish(news_index(), "Marker: Duc Nguyen, Dang Thi Hoa")
    assert found(client, "Đức Nguyễn")
    assert found(client, "ĐẶNG thị")


def test_it_searches_the_article_body(client, site_pages):
    publish(news_index(), "Marker", body="Chương trình học bổng cho sinh viên")
    assert found(client, "hoc bong sinh vien")


# --- What is searched ----------------------------------------------------------------------------


def test_drafts_and_unpublished_pages_are_not_found(client, site_pages):
    publish(news_index(), "Marker: bản nháp Đức", live=False)
    withdrawn = publish(news_index(), "Marker: đã gỡ Đức")
    withdrawn.unpublish()
    assert not found(client, "duc")


def test_private_pages_are_not_found(client, site_pages):
    private = publish(news_index(), "Marker: nội bộ Đức")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert not found(client, "duc")


def test_only_pages_in_the_visitors_language_are_found(client, site_pages):
    publish(news_index("en"), "Marker: delegation to Đức (English)")
    assert found(client, "duc", "en")
    assert not found(client, "duc", "vi")


def test_pages_of_another_site_are_not_found(client, site_pages):
    root = Page.get_first_root_node()
    other_home = HomePage(title="Other site", slug="other-site", locale=news_index().locale)
    root.add_child(instance=other_home)
    Site.objects.create(hostname="other.example.org", root_page=other_home)
    other_index = NewsIndexPage(title="Other news", slug="other-news")
    other_home.add_child(instance=other_index)
    publish(other_index, "Marker: Đức elsewhere")
    assert not found(client, "duc")


def test_results_show_the_summary_date_and_link(client, site_pages):
    article = publish(news_index(), "Marker: Đức", summary="Tóm tắt về chuyến thăm.")
    html = search(client, "duc")
    assert f'href="{article.url}"' in html
    assert "Tóm tắt về chuyến thăm." in html
    assert 'datetime="2026-03-01"' in html


def test_update_index_indexes_the_folded_text(client, site_pages):
    from wagtail.search.models import IndexEntry

    article = publish(news_index(), "Marker: Đức")
    IndexEntry.objects.filter(object_id=str(article.pk)).delete()
    assert not found(client, "duc")
    call_command("update_index", stdout=StringIO())
    assert found(client, "duc")


# --- The page itself -----------------------------------------------------------------------------


def test_every_page_has_a_labelled_search_form_in_its_header(client, site_pages):
    html = client.get("/vi/").content.decode()
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    assert 'role="search"' in header
    assert 'action="/vi/search/"' in header
    assert '<label id="site-search-q-label" for="site-search-q"' in header
    assert "Tìm kiếm" in header


def test_an_empty_query_shows_the_form_and_no_results(client, site_pages):
    html = search(client, "")
    assert 'id="search-page-q"' in html
    assert "search-results" not in html


def test_the_page_speaks_the_visitors_language(client, site_pages):
    publish(news_index("en"), "Marker: Đức")
    assert "1 page found" in search(client, "duc", "en")
    assert "Tìm thấy 0 trang" in search(client, "khong co gi nhu the nay", "vi")


def test_results_come_ten_to_a_page(client, site_pages):
    for number in range(12):
        publish(news_index(), f"Marker {number}: Đức")
    first = search(client, "duc")
    assert first.count('class="search-result"') == 10
    assert 'rel="next" href="?q=duc&amp;page=2"' in first
    second = search(client, "duc", page="2")
    assert second.count('class="search-result"') == 2


@pytest.mark.parametrize("page", ["abc", "0", "-1", "99999", "1e9", "9" * 400])
def test_a_bad_page_number_still_shows_results(client, site_pages, page):
    publish(news_index(), "Marker: Đức")
    assert "Marker" in search(client, "duc", page=page)


HOSTILE = [
    "x" * 10_240,
    '"(AND OR*~',
    '"',
    "NEAR(duc an) OR title:duc",
    "duc*",
    "-duc",
    "' OR 1=1 --",
    "%_%",
    "\\",
    "\x1bduc\x01\x7f",  # (a NUL is refused with a 400 first: test_a_nul_is_refused_politely)
    "\u202educ",
    unicodedata.normalize("NFD", "Nguyễn Văn Đức " * 30),
    "🇻🇳 😀",
    "中文 日本語 한국어",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_get_a_normal_page(client, site_pages, query):
    publish(news_index(), "Marker: Đức")
    html = search(client, query)
    assert 'id="search-page-q"' in html


def test_the_query_is_cleaned_and_capped(client, site_pages):
    html = search(client, "\x1bĐức\x07 " + "a" * 500)
    value = html.split('id="search-page-q" name="q" value="', 1)[1].split('"', 1)[0]
    assert value.startswith("Đức a")
    assert len(value) == 200
    nfd = search(client, unicodedata.normalize("NFD", "Đức"))
    assert 'value="Đức"' in nfd  # shown composed


def test_a_nul_is_refused_politely(client, site_pages):
    response = client.get("/vi/search/", {"q": "\x00Đức"})
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()


def test_control_characters_do_not_stop_a_match(client, site_pages):
    publish(news_index(), "Marker: Đức")
    assert found(client, "\tduc\n")


def test_its_query_count_does_not_grow_with_the_results(client, site_pages):
    for number in range(2):
        publish(news_index(), f"Marker {number}: Đức")
    url = "/vi/search/?q=duc"
    client.get(url)  # warm Wagtail's cached site root paths: count the steady state
    few = queries_for(client, url)
    for number in range(2, 12):
        publish(news_index(), f"Marker {number}: Đức")
    client.get(url)  # (publishing changed the menus: they are read again once)
    many = queries_for(client, url)
    assert many == few
    assert queries_for(client, url + "&page=2") == few


# --- Elasticsearch -------------------------------------------------------------------------------

ON_NOIDA = not os.environ.get("ELASTICSEARCH_URL")


@pytest.fixture
def page_index_on_elasticsearch(elasticsearch_url, settings):
    """A function that switches Wagtail's search to Elasticsearch with the project's folding
    settings and builds the page index there (`update_index`, as in production)."""
    prefix = f"test_pages_{uuid.uuid4().hex[:8]}_"
    client = Elasticsearch(elasticsearch_url, request_timeout=10)

    def build() -> Elasticsearch:
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {
                "BACKEND": "modelsearch.backends.elasticsearch8",
                "URLS": [elasticsearch_url],
                "INDEX_PREFIX": prefix,
                "TIMEOUT": 10,
                "INDEX_SETTINGS": settings.PAGE_SEARCH_INDEX_SETTINGS,
            }
        }
        call_command("update_index", stdout=StringIO())
        client.indices.refresh(index=f"{prefix}*")
        return client

    yield build
    for name in client.indices.get(index=f"{prefix}*"):  # Elasticsearch refuses wildcard deletes
        client.indices.delete(index=name)


def test_elasticsearch_indexes_pages_folded(page_index_on_elasticsearch, site_pages):
    """The analyzer folds marks and đ, and `update_index` sends each page's folded text."""
    from modelsearch.backends import get_search_backend
    from modelsearch.backends.elasticsearch8 import Elasticsearch8Mapping
    from modelsearch.index import SearchField

    article = publish(news_index(), "Marker", summary="Ông Nguyễn Văn An thăm Đức")
    client = page_index_on_elasticsearch()
    index = get_search_backend().get_index_for_model(Page).name
    tokens = client.indices.analyze(index=index, analyzer="default", text="Đức Nguyễn Văn An ĐẶNG")
    assert [token["token"] for token in tokens["tokens"]] == ["duc", "nguyen", "van", "an", "dang"]
    folded = Elasticsearch8Mapping(NewsArticlePage).get_field_column_name(
        SearchField("search_folded")
    )
    document = client.get(index=index, id=str(article.pk))["_source"]
    assert document[folded] == "marker ong nguyen van an tham duc"


@pytest.mark.xfail(
    ON_NOIDA,
    reason="noida-db ignores copy_to, and Wagtail's Elasticsearch backend searches the _all_text "
    "field that copy_to fills: every page search finds nothing on the stand-in",
    raises=AssertionError,
    strict=True,
)
def test_elasticsearch_finds_d_stroke_typed_as_d(client, page_index_on_elasticsearch, site_pages):
    publish(news_index(), "Marker: đoàn công tác tại Đức")
    publish(news_index(), "Marker: Nguyễn Văn An")
    page_index_on_elasticsearch()
    html = search(client, "duc")
    assert "đoàn công tác tại Đức" in html
    assert "Nguyễn Văn An" not in html
    assert "Nguyễn Văn An" in search(client, "nguyen van an")
    assert "Nguyễn Văn An" in search(client, "Nguyễn Văn An")
