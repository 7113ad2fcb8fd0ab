"""Acceptance: the query count of list pages does not grow with their content.

"Query counts of the news index are equal for 10 and 500 articles", and the same for the
investment project index and the home page at small and larger content.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.models import (
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    EventIndexPage,
    EventPage,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
    NewsArticlePage,
    NewsIndexPage,
)
from registry.models import Sector
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def add_articles(index: NewsIndexPage, start: int, stop: int) -> None:
    """Articles `start`…`stop - 1`, live, without revisions (500 treebeard inserts: ~10 s)."""
    for number in range(start, stop):
        index.add_child(
            instance=NewsArticlePage(
                title=f"Tin số {number}",
                slug=f"tin-so-{number}",
                date=datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 300),
                summary="Tóm tắt",
            )
        )


def under_vi_home(model, slug, title):
    home = HomePage.objects.get(locale__language_code="vi")
    page = model.objects.child_of(home).filter(slug=slug).first()
    if page is None:
        page = model(title=title, slug=slug)
        home.add_child(instance=page)
    return page


def test_news_index_queries_are_equal_for_10_and_500_articles(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    url = index.get_url()
    add_articles(index, 0, 10)
    client.get(url)  # warm Wagtail's cached site root paths: count the steady state
    ten = queries_for(client, url)
    add_articles(index, 10, 500)
    assert NewsArticlePage.objects.child_of(index).count() >= 500
    assert queries_for(client, url) == ten
    assert queries_for(client, url + "?page=30") == ten


def test_project_index_queries_are_equal_for_few_and_many_projects(client, site_pages):
    index = under_vi_home(InvestmentProjectIndexPage, "du-an-dau-tu", "Dự án đầu tư")
    sectors = list(Sector.objects.all()[:4])

    def add(start: int, stop: int) -> None:
        for number in range(start, stop):
            index.add_child(
                instance=InvestmentProjectPage(
                    title=f"Dự án {number}",
                    slug=f"du-an-{number}",
                    sector=sectors[number % len(sectors)],
                    location="Vũng Áng",
                    status=InvestmentProjectPage.Status.choices[number % 5][0],
                )
            )

    add(0, 3)
    url = index.get_url()
    client.get(url)
    few = queries_for(client, url), queries_for(client, f"{url}?sector={sectors[0].slug}")
    add(3, 60)
    many = queries_for(client, url), queries_for(client, f"{url}?sector={sectors[0].slug}")
    assert many == few


def test_home_page_queries_are_equal_for_small_and_larger_content(client, site_pages):
    news = NewsIndexPage.objects.get(locale__language_code="vi")
    projects = under_vi_home(InvestmentProjectIndexPage, "du-an-dau-tu", "Dự án đầu tư")
    charity = under_vi_home(CharityProgrammeIndexPage, "thien-nguyen", "Thiện nguyện")
    events = under_vi_home(EventIndexPage, "su-kien", "Sự kiện")
    sector = Sector.objects.first()
    today, now = timezone.localdate(), timezone.now()

    def add(start: int, stop: int) -> None:
        add_articles(news, start, stop)
        for n in range(start, stop):
            projects.add_child(
                instance=InvestmentProjectPage(
                    title=f"p{n}", slug=f"p{n}", sector=sector, location="x"
                )
            )
            charity.add_child(
                instance=CharityProgrammePage(
                    title=f"c{n}",
                    slug=f"c{n}",
                    goal="g",
                    beneficiaries="b",
                    amount_sought=Decimal(100),
                    amount_pledged=Decimal(n),
                    deadline=today + datetime.timedelta(days=n - 5),
                )
            )
            events.add_child(
                instance=EventPage(
                    title=f"e{n}",
                    slug=f"e{n}",
                    place="x",
                    start_at=now + datetime.timedelta(days=n - 5),
                    end_at=now + datetime.timedelta(days=n - 5, hours=2),
                )
            )

    # One of each first (the demo's own are removed), so that a query per card shown would show.
    for model in (NewsArticlePage, InvestmentProjectPage, CharityProgrammePage, EventPage):
        for page in model.objects.descendant_of(news.get_parent()):
            page.delete()
    add(0, 1)
    client.get("/vi/")
    small = queries_for(client, "/vi/")
    add(1, 60)
    assert queries_for(client, "/vi/") == small
