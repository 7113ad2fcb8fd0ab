"""The text under a page's title in search results: one rule for every page type (SitePage).

Index pages, the home page and plain pages show their introduction, news, projects, charity
programmes and events their summary; any of them without it shows its search description.
"""

import pytest
from wagtail.models import Page

from cms.models import (
    CharityProgrammeIndexPage,
    CharityProgrammePage,
    ContactPage,
    EventIndexPage,
    EventPage,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
    NewsArticlePage,
    NewsIndexPage,
    ProvinceProfilePage,
    SitePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db  # a new page reads the default locale

INTRODUCED = [
    HomePage,
    NewsIndexPage,
    StandardPage,
    ProvinceProfilePage,
    ContactPage,
    InvestmentProjectIndexPage,
    CharityProgrammeIndexPage,
    EventIndexPage,
]
SUMMARISED = [NewsArticlePage, InvestmentProjectPage, CharityProgrammePage, EventPage]


def test_every_page_type_of_the_site_is_covered():
    concrete = {
        model
        for model in Page.__subclasses__() + SitePage.__subclasses__()
        if issubclass(model, SitePage) and not model._meta.abstract
    }
    assert concrete == {*INTRODUCED, *SUMMARISED}


@pytest.mark.parametrize("model", INTRODUCED)
def test_an_introduced_page_shows_its_introduction(model):
    page = model(title="T", intro="Giới thiệu", search_description="Mô tả")
    assert page.search_excerpt == "Giới thiệu"
    assert model(title="T", intro="", search_description="Mô tả").search_excerpt == "Mô tả"


@pytest.mark.parametrize("model", SUMMARISED)
def test_a_summarised_page_shows_its_summary(model):
    page = model(title="T", summary="Tóm tắt", search_description="Mô tả")
    assert page.search_excerpt == "Tóm tắt"
    assert model(title="T", summary="", search_description="Mô tả").search_excerpt == "Mô tả"


@pytest.mark.parametrize("model", [*INTRODUCED, *SUMMARISED])
def test_a_page_without_either_shows_an_empty_excerpt(model):
    assert model(title="T").search_excerpt == ""
