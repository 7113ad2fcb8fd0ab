"""A translation goes live only once the chief editor approves it, and then under its own address.

An editor writes an article in Vietnamese, the chief editor approves it and English visitors read
the Vietnamese original, with a note. The editor translates it with wagtail-localize and sends it
for approval ("Gửi Tổng biên tập duyệt"): visitors still read the original. The chief editor,
emailed in Vietnamese, approves it: the English page takes an address from its English title, and
the old one moves there for good (a 301).

Each visitor is a new browser: public pages may be kept for five minutes (config/caching.py), so
a browser that read an address before could answer from its cache without asking the site.
"""

import re
from collections.abc import Callable
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page, expect
from wagtail.models import Locale

from accounts import roles
from cms.localisation import ensure_locale_synchronisation
from cms.models import NewsArticlePage, NewsIndexPage
from cms.workflow import TASK_NAME, WORKFLOW_NAME
from tests.browser.test_translation_workflow import log_in, new_tab, open_more_actions
from tests.conftest import make_user

pytestmark = pytest.mark.browser

__all__ = ["new_tab"]  # the other people's browsers (a fixture)

TITLE = "Hà Tĩnh đón đoàn kiều bào Nhật Bản về thăm quê hương"
SLUG = "ha-tinh-don-doan-kieu-bao-nhat-ban-ve-tham-que-huong"
SUMMARY = "Đoàn 40 kiều bào từ Tokyo và Osaka về thăm quê hương Hà Tĩnh trong năm ngày."
ENGLISH_TITLE = "Hà Tĩnh welcomes overseas Vietnamese from Japan home"
ENGLISH_SLUG = "ha-tinh-welcomes-overseas-vietnamese-from-japan-home"
ENGLISH_SUMMARY = "Forty overseas Vietnamese from Tokyo and Osaka spent five days in Hà Tĩnh."
NOT_TRANSLATED = (
    "This page has not been translated into English yet; you are reading the Vietnamese original."
)


def translate(tab: Page, tab_name: str, strings: dict[str, str]) -> None:
    """Type the translation of each text on one tab of wagtail-localize's editor, and let it save
    each (a PUT as the text box is left)."""
    tab_button = tab.get_by_role("tab", name=tab_name)
    tab_button.click()
    panel = tab.locator(f"#{tab_button.get_attribute('aria-controls')}")
    for source, translation in strings.items():
        segment = panel.locator("li", has=tab.get_by_text(source, exact=True)).last
        segment.get_by_role("button", name=re.compile("^(Dịch|Translate)$")).click()
        segment.locator("textarea").fill(translation)
        with tab.expect_response(lambda response: response.request.method == "PUT") as saved:
            segment.locator("textarea").press("Enter")
        assert saved.value.ok, saved.value.text()
        expect(segment.locator("textarea")).to_have_count(0)


def test_a_translation_is_approved_before_it_goes_live_under_its_own_address(
    page: Page, new_tab: Callable[[], Page], live_server, site_pages, mailoutbox
):
    ensure_locale_synchronisation()
    base = live_server.url
    editor = make_user("bien.tap@example.org", groups=(roles.EDITORS,), mfa=True)
    chief = make_user("tong.bien.tap@example.org", groups=(roles.CHIEF_EDITORS,), mfa=True)
    news = NewsIndexPage.objects.get(locale__language_code="vi")
    english = Locale.objects.get(language_code="en")

    # The editor writes the article in Vietnamese: its address comes from the title.
    log_in(page, base, editor)
    page.goto(f"{base}/admin/pages/add/cms/newsarticlepage/{news.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_title").blur()
    page.locator("#id_date").fill("2026-03-12")
    page.locator("#id_summary").fill(SUMMARY)
    page.get_by_role("tab", name="Quảng bá").click()
    expect(page.locator("#id_slug")).to_have_value(SLUG)
    open_more_actions(page)
    page.locator('button[name="action-submit"]').click()
    expect(page).to_have_url(f"{base}/admin/pages/{news.pk}/")
    article = NewsArticlePage.objects.get(slug=SLUG, locale__language_code="vi")
    assert not article.live

    # The chief editor approves it: it goes live, and English mirrors it.
    chief_tab = new_tab()
    log_in(chief_tab, base, chief)
    chief_tab.goto(f"{base}/admin/pages/{article.pk}/edit/")
    open_more_actions(chief_tab)
    chief_tab.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    expect(chief_tab.locator(".messages")).to_contain_text(TITLE)
    mirror = article.get_translation(english)
    old_address = f"{base}/en/{news.get_translation(english).slug}/{SLUG}/"
    new_address = f"{base}/en/{news.get_translation(english).slug}/{ENGLISH_SLUG}/"

    def a_visitor_reads_the_vietnamese_original_in_english() -> None:
        visitor = new_tab()
        response = visitor.goto(old_address)
        assert response is not None and response.status == 200
        expect(visitor.get_by_role("note")).to_have_text(NOT_TRANSLATED)
        expect(visitor.locator('main div[lang="vi"] h1')).to_have_text(TITLE)
        expect(visitor.get_by_text(ENGLISH_TITLE)).to_have_count(0)

    a_visitor_reads_the_vietnamese_original_in_english()

    # The editor translates it: "Translate this page" on the English mirror…
    page.goto(f"{base}/admin/pages/{mirror.pk}/edit/")
    page.locator('a[href*="/admin/localize/submit/page/"]').click()
    expect(page.locator(f'input[name="locales"][value="{english.pk}"]')).to_be_checked()
    page.locator('main form input[type="submit"]').click()
    expect(page).to_have_url(f"{base}/admin/pages/{mirror.pk}/edit/")
    # …every text in wagtail-localize's editor, the address left as the original's…
    translate(page, "Nội dung", {TITLE: ENGLISH_TITLE, SUMMARY: ENGLISH_SUMMARY})
    translate(page, "Quảng bá", {SLUG: SLUG})
    # …and, from the same screen, sends it to the chief editor.
    mailoutbox.clear()
    approval = page.get_by_role("region", name="Duyệt bài")
    approval.get_by_role("button", name=f"Gửi {WORKFLOW_NAME}", exact=True).click()
    expect(page.locator(".messages")).to_contain_text(
        f"Bản dịch tiếng Anh “{ENGLISH_TITLE}” đã được gửi {WORKFLOW_NAME}."
    )
    expect(approval).to_contain_text("đang chờ duyệt")
    expect(approval.get_by_role("button")).to_have_count(0)
    # Nothing unapproved is public.
    a_visitor_reads_the_vietnamese_original_in_english()

    # The chief editor is emailed, in their language (Vietnamese), about the English page.
    (mail,) = [mail for mail in mailoutbox if chief.email in mail.to]
    assert mail.subject == f"Trang “{ENGLISH_TITLE}” đang chờ duyệt ở bước “{TASK_NAME}”"
    assert mail.body.startswith("Xin chào")
    assert f"/admin/pages/{mirror.pk}/edit/" in mail.body  # (on WAGTAILADMIN_BASE_URL)
    assert editor.email not in {address for mail in mailoutbox for address in mail.to}

    # They approve it from the panel of the translation, in their own browser.
    chief_tab.goto(f"{base}/admin/pages/{mirror.pk}/edit/")
    review = chief_tab.get_by_role("region", name="Duyệt bài")
    expect(review.get_by_role("link", name="Xem trước bản đã gửi")).to_be_visible()
    review.get_by_role("button", name="Duyệt", exact=True).click()
    expect(review).to_contain_text("Bản dịch đang đăng đã là bản mới nhất")

    # A visitor finds the English page under an address from its English title…
    visitor = new_tab()
    response = visitor.goto(new_address)
    assert response is not None and response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text(ENGLISH_TITLE)
    expect(visitor.get_by_text(ENGLISH_SUMMARY)).to_be_visible()
    expect(visitor.get_by_role("note")).to_have_count(0)
    # …the old address moved there for good…
    moved = visitor.request.get(old_address, max_redirects=0)
    assert moved.status == 301
    assert urljoin(old_address, moved.headers["location"]) == new_address
    visitor.goto(old_address)
    expect(visitor).to_have_url(new_address)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(ENGLISH_TITLE)
    # …and the Vietnamese page's "English" leads there.
    visitor.goto(f"{base}{article.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    visitor.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
    expect(visitor).to_have_url(new_address)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(ENGLISH_TITLE)
