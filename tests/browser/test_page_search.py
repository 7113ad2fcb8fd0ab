"""A visitor searches from the header without typing the diacritics and opens a result."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.cms.test_page_search import news_index, publish

pytestmark = pytest.mark.browser


def test_a_visitor_finds_an_article_without_typing_marks(page: Page, live_server, site_pages):
    publish(news_index(), "Ông Nguyễn Văn An về thăm Đức Thọ", summary="Chuyến thăm quê hương.")
    page.goto(f"{live_server.url}/vi/")
    search = page.get_by_role("search", name="Tìm kiếm trên cổng thông tin")
    search.get_by_label("Tìm kiếm trên cổng thông tin").fill("nguyen van an duc tho")
    search.get_by_label("Tìm kiếm trên cổng thông tin").press("Enter")
    expect(page).to_have_url(re.compile(r"/vi/search/\?q=nguyen\+van\+an\+duc\+tho$"))
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Tìm thấy 1 trang cho “nguyen van an duc tho”"
    )
    page.get_by_role("link", name="Ông Nguyễn Văn An về thăm Đức Thọ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ông Nguyễn Văn An về thăm Đức Thọ")
