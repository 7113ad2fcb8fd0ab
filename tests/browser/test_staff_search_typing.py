"""An officer preparing a visit types as officers type, in Vietnamese, with the keyboard alone:
a name and a city in one box, a name with a swapped letter, marks on some words only (issue 18).
With SCREENSHOTS=<folder> each answer is saved."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.browser.test_staff_search import officer
from tests.conftest import make_member

pytestmark = pytest.mark.browser

SEARCH = "/admin/registry/search/"


@pytest.fixture
def namesakes(site_pages):
    for city, country, lat, lon in (
        ("Berlin", "DE", 52.52, 13.405),
        ("Tokyo", "JP", 35.69, 139.69),
        ("Osaka", "JP", 34.69, 135.50),
    ):
        make_member("Nguyễn Văn Hùng", country=country, city_name=city, latitude=lat, longitude=lon)
    make_member("Phạm Văn Nam", country="KR", city_name="Seoul", latitude=37.57, longitude=126.98)
    make_member("Trần Văn Dung", country="CZ", city_name="Prague", latitude=50.08, longitude=14.43)
    make_member("Trần Văn Dũng", country="CZ", city_name="Brno", latitude=49.2, longitude=16.6)


def names(page: Page) -> list[str]:
    return [text.strip() for text in page.locator(".staff-search__name").all_inner_texts()]


def ask(page: Page, text: str) -> None:
    box = page.locator("#id_q")
    box.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def keep(page: Page, name: str) -> None:
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_a_name_and_a_city_a_typo_and_partial_marks(page: Page, live_server, namesakes):
    sign_in(page.context, officer("visit@example.org", language="vi"), live_server.url)
    page.goto(f"{live_server.url}{SEARCH}")

    ask(page, "nguyen van hung osaka")
    expect(page.locator(".staff-search__results")).to_contain_text("Osaka")
    assert names(page) == ["Nguyễn Văn Hùng"]
    keep(page, "relevance-name-and-city.png")

    ask(page, "pahm van nam")
    expect(page.locator(".staff-search__notice")).to_contain_text("pahm")
    expect(page.locator(".staff-search__results mark").first).to_have_text("Phạm")
    keep(page, "relevance-typo.png")

    ask(page, "Trần Van Dũng")
    found = names(page)
    assert found[0].startswith("Trần Văn Dũng") and found[1].startswith("Trần Văn Dung")
    keep(page, "relevance-partial-marks.png")

    page.go_back()  # the typo's page again, as it was
    expect(page.locator("#id_q")).to_have_value("pahm van nam")
    expect(page.locator(".staff-search__notice")).to_contain_text("pahm")
