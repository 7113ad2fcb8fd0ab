"""An article from draft to two languages: an editor writes it in Vietnamese and submits it, a
chief editor approves it, the editor translates it into English with wagtail-localize and the
chief editor publishes the translation; a visitor reads both, switches between them, and finds
the Vietnamese original, with a note, where French is missing."""

import re
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from wagtail.models import Locale

from accounts import roles
from cms.localisation import ensure_locale_synchronisation
from cms.models import NewsArticlePage, NewsIndexPage
from tests.conftest import PASSWORD, make_user, totp_code

pytestmark = pytest.mark.browser

TITLE = "Kiều bào về quê đón Tết Bính Ngọ"
SLUG = "kieu-bao-ve-que-don-tet"
SUMMARY = "Hơn 200 kiều bào Hà Tĩnh đã về quê đón Tết cùng gia đình."
CONTENT = {  # the English of each string on the editor's Content tab
    TITLE: "Overseas Vietnamese come home for the Lunar New Year",
    SUMMARY: "More than 200 Hà Tĩnh people living abroad came home for Tết.",
}
PROMOTE = {SLUG: "overseas-vietnamese-home-for-tet"}


def log_in(tab: Page, base: str, user) -> None:
    tab.goto(f"{base}/admin/")
    tab.locator("input[name=login]").fill(user.email)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("main form button[type=submit]:not([form])").click()
    expect(tab).to_have_url(re.compile("/accounts/2fa/authenticate/"))
    tab.locator("input[name=code]").fill(totp_code(user.totp_secret))
    tab.locator("main form button[type=submit]:not([form])").click()
    expect(tab).to_have_url(f"{base}/admin/")


@pytest.fixture
def new_tab(browser: Browser) -> Iterator[Callable[[], Page]]:
    """Another person's browser (same phone-sized window), closed after the test."""
    contexts: list[BrowserContext] = []

    def open_tab() -> Page:
        context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
        contexts.append(context)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_tab
    for context in contexts:
        context.close()


def open_more_actions(tab: Page) -> None:
    """The page editor's footer: the arrow next to the main button opens the other actions."""
    tab.locator("footer .w-dropdown__toggle").first.click()


def test_an_article_is_approved_translated_and_read(
    page: Page, new_tab: Callable[[], Page], live_server, site_pages
):
    ensure_locale_synchronisation()
    base = live_server.url
    editor = make_user("bien.tap@example.org", groups=(roles.EDITORS,), mfa=True)
    chief = make_user("tong.bien.tap@example.org", groups=(roles.CHIEF_EDITORS,), mfa=True)
    news = NewsIndexPage.objects.get(locale__language_code="vi")

    # The editor writes the article in Vietnamese and submits it.
    log_in(page, base, editor)
    page.goto(f"{base}/admin/pages/add/cms/newsarticlepage/{news.pk}/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_date").fill("2026-02-20")
    page.locator("#id_summary").fill(SUMMARY)
    page.get_by_role("tab", name="Quảng bá").click()  # (the admin is in Vietnamese)
    # Wagtail fills the slug from the title (debounced): let it, then give ours.
    slug = page.locator("#id_slug")
    expect(slug).not_to_have_value("")
    slug.fill(SLUG)
    expect(slug).to_have_value(SLUG)
    open_more_actions(page)
    page.locator('button[name="action-submit"]').click()
    expect(page).to_have_url(f"{base}/admin/pages/{news.pk}/")
    article = NewsArticlePage.objects.get(slug=SLUG, locale__language_code="vi")
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    # Every other language already mirrors it (wagtail-localize's synchronised trees).
    english_alias = article.get_translation(Locale.objects.get(language_code="en"))
    assert english_alias.alias_of_id == article.pk

    # The chief editor approves it: it goes live.
    chief_tab = new_tab()
    log_in(chief_tab, base, chief)
    chief_tab.goto(f"{base}/admin/pages/{article.pk}/edit/")
    open_more_actions(chief_tab)
    chief_tab.locator(
        'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
    ).click()
    expect(chief_tab.locator(".messages")).to_contain_text(TITLE)
    article.refresh_from_db()
    assert article.live

    # The editor translates it into English: "Translate this page" on the English mirror…
    page.goto(f"{base}/admin/pages/{english_alias.pk}/edit/")
    page.locator('a[href*="/admin/localize/submit/page/"]').click()
    expect(
        page.locator(f'input[name="locales"][value="{english_alias.locale_id}"]')
    ).to_be_checked()
    page.locator('main form input[type="submit"]').click()
    # …then every string in wagtail-localize's translation editor.
    expect(page).to_have_url(f"{base}/admin/pages/{english_alias.pk}/edit/")
    for tab, strings in (("Nội dung", CONTENT), ("Quảng bá", PROMOTE)):
        tab_button = page.get_by_role("tab", name=tab)
        tab_button.click()
        panel = page.locator(f"#{tab_button.get_attribute('aria-controls')}")
        for source, translation in strings.items():
            segment = panel.locator("li", has=page.get_by_text(source, exact=True)).last
            segment.get_by_role("button", name=re.compile("^(Dịch|Translate)$")).click()
            segment.locator("textarea").fill(translation)
            segment.locator("textarea").press("Enter")
            expect(segment.get_by_text(translation, exact=True)).to_be_visible()
    page.wait_for_load_state("networkidle")
    # Editors cannot publish: the translation waits for the chief editor.
    expect(page.locator('button[name="action"][value="publish"]')).to_have_count(0)

    chief_tab.goto(f"{base}/admin/pages/{english_alias.pk}/edit/")
    chief_tab.locator('button[name="action"][value="publish"]').click()
    expect(chief_tab.locator(".messages")).to_contain_text(CONTENT[TITLE])

    # A visitor reads the article in Vietnamese, switches to English and back.
    visitor = new_tab()
    visitor.goto(f"{base}{article.url}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text(TITLE)
    switcher = visitor.get_by_role("navigation", name="Ngôn ngữ")
    switcher.get_by_role("link", name="English").click()
    expect(visitor).to_have_url(re.compile(rf"/en/.+/{PROMOTE[SLUG]}/$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(CONTENT[TITLE])
    expect(visitor.locator(".translation-fallback")).to_have_count(0)
    visitor.get_by_role("navigation", name="Language").get_by_role(
        "link", name="Tiếng Việt"
    ).click()
    expect(visitor).to_have_url(f"{base}{article.url}")

    # French has no translation: the French address shows the original, with a note.
    french = article.get_translation(Locale.objects.get(language_code="fr"))
    visitor.goto(f"{base}{french.url}")
    note = visitor.get_by_role("note")
    expect(note).to_have_text(
        "Cette page n’a pas encore été traduite en français ; vous lisez l’original en vietnamien."
    )
    expect(note).to_have_attribute("lang", "fr")
    expect(visitor.locator('main div[lang="vi"] h1')).to_have_text(TITLE)

    # The editor sees where the article stands in every language.
    page.goto(f"{base}/admin/translations/")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=TITLE))
    expect(row.locator('[data-language="en"] .translation-status--up-to-date')).to_be_visible()
    expect(row.locator('[data-language="fr"] .translation-status--alias')).to_be_visible()
