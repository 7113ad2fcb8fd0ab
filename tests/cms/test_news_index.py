import datetime

import pytest

from cms.models import NewsArticlePage, NewsIndexPage
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def add_articles(index: NewsIndexPage, count: int) -> None:
    for number in range(count):
        article = NewsArticlePage(
            title=f"Tin số {number}",
            slug=f"tin-so-{number}",
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number),
            summary="Tóm tắt",
        )
        index.add_child(instance=article)


def test_it_lists_the_newest_first(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    add_articles(index, 3)
    html = client.get("/vi/tin-tuc/").content.decode()
    assert html.index("Tin số 2") < html.index("Tin số 1") < html.index("Tin số 0")


def test_its_query_count_does_not_grow_with_the_articles(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    add_articles(index, 2)
    client.get("/vi/tin-tuc/")  # warm Wagtail's cached site root paths: count the steady state
    few = queries_for(client, "/vi/tin-tuc/")
    for number in range(2, 30):
        index.add_child(
            instance=NewsArticlePage(
                title=f"Tin {number}", slug=f"tin-{number}", date=datetime.date(2026, 2, 1)
            )
        )
    many = queries_for(client, "/vi/tin-tuc/")
    assert many == few
    assert queries_for(client, "/vi/tin-tuc/?page=2") == few


def test_a_bad_page_number_shows_the_first_page(client, site_pages):
    assert client.get("/vi/tin-tuc/?page=abc").status_code == 200
    assert client.get("/vi/tin-tuc/?page=99999").status_code == 200
