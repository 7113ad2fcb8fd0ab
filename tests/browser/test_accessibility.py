"""WCAG 2.1 AA: axe-core finds nothing on the public pages, in Vietnamese and English, on a phone
and on a desktop, also in high contrast at the largest text and with form errors shown; nothing
scrolls sideways at 320px; the keyboard reaches everything in the header with a visible focus;
the text-size and contrast controls work with and without JavaScript.

axe-core comes inside the axe-playwright-python wheel (a dev dependency), so nothing is fetched
at run time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from wagtail.models import Page as WagtailPage

from cms.models import (
    CharityProgrammePage,
    EventPage,
    InvestmentProjectPage,
    NewsArticlePage,
    NewsIndexPage,
)
from tests.browser.axe import axe_violations, describe

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
LANGUAGES = ("vi", "en")


# --- Content -------------------------------------------------------------------------------------


def vietnamese_article() -> NewsArticlePage:
    """The seed news is in English, French and Russian: a Vietnamese article with every block."""
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    slug = "kieu-bao-ha-tinh-tai-hungary"
    existing = NewsArticlePage.objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    article = NewsArticlePage(
        title="Kiều bào Hà Tĩnh tại Hungary gặp mặt lãnh đạo tỉnh",
        slug=slug,
        date=datetime.date(2026, 3, 1),
        summary="Buổi gặp mặt tại Budapest bên lề Diễn đàn doanh nghiệp Việt Nam tại châu Âu.",
        author="Sở Ngoại vụ",
        source_name="Báo Hà Tĩnh",
        source_url="https://baohatinh.vn/",
        body=[
            ("paragraph", "<p>Khoảng 800 người Hà Tĩnh đang sinh sống tại Hungary.</p>"),
            ("heading", "Kết nối với quê hương"),
            ("paragraph", "<p>Lãnh đạo tỉnh thông tin về các dự án đầu tư.</p>"),
            ("quote", "Quê hương luôn chào đón bà con trở về."),
        ],
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def article_url(language: str) -> str:
    if language == "vi":
        return vietnamese_article().url
    return NewsArticlePage.objects.live().filter(locale__language_code=language).first().url


def news_index_url(language: str) -> str:
    return NewsIndexPage.objects.get(locale__language_code=language).url


def page_type_url(model: type[WagtailPage], *, listing: bool = False) -> Callable[[str], str]:
    """The first demo page of a type in that language (or its index, for `listing`)."""

    def url(language: str) -> str:
        page = model.objects.live().filter(locale__language_code=language).order_by("path").first()
        assert page is not None, f"the demo content has no live {model.__name__} in {language}"
        return page.get_parent().url if listing else page.url

    return url


PAGES: dict[str, Callable[[str], str]] = {
    "home": lambda language: f"/{language}/",
    "news index": news_index_url,
    "news article": article_url,
    "investment project": page_type_url(InvestmentProjectPage),
    "charity programme": page_type_url(CharityProgrammePage),
    "event": page_type_url(EventPage),
    "investment project index": page_type_url(InvestmentProjectPage, listing=True),
    "charity programme index": page_type_url(CharityProgrammePage, listing=True),
    "event index": page_type_url(EventPage, listing=True),
    "joining": lambda language: f"/{language}/join/",
    "sign-up": lambda language: f"/{language}/accounts/signup/",
    "login": lambda language: f"/{language}/accounts/login/",
}


@pytest.fixture
def tab(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- axe on every page ---------------------------------------------------------------------------

# Elements that stick out of the window, which would make the reader scroll sideways.
OVERFLOW = """() => [...document.querySelectorAll("body *")]
  .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
  .map(element => element.outerHTML.slice(0, 100))
  .slice(0, 5)"""
NARROWEST = {"width": 320, "height": 640}  # 1.4.10 Reflow: 1280 CSS pixels at 400% zoom


def audit_every_page(page: Page, base_url: str, language: str, html_class: str) -> None:
    """axe on each page on a phone and a desktop, and nothing scrolling sideways at 320px.

    One test per language rather than per page: each live-server test reloads the demo site,
    which costs far more than a page. The failure names every page that failed, and how, and
    the pages that passed."""
    failures, passed = [], []
    for name, url_for in PAGES.items():
        url = base_url + url_for(language)
        problems = []
        for viewport_name, viewport in [*VIEWPORTS.items(), ("320px", NARROWEST)]:
            page.set_viewport_size(viewport)
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            expect(page.locator("html")).to_have_attribute("lang", language)
            expect(page.locator("html")).to_have_class(html_class)
            if viewport is NARROWEST:
                overflow = page.evaluate(OVERFLOW)
                if overflow:
                    problems.append("scrolls sideways at 320px:\n    " + "\n    ".join(overflow))
                continue
            violations = axe_violations(page)
            if violations:
                problems.append(f"axe-core, {viewport_name}:\n{describe(violations)}")
        if problems:
            failures.append(f"The {name} page ({url}):\n" + "\n".join(problems))
        else:
            passed.append(name)
    assert not failures, (
        f"In {language} ({html_class}), clean: {', '.join(passed) or 'none'}.\n"
        + "\n".join(failures)
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_on_any_page(tab: Page, live_server, site_pages, language: str):
    audit_every_page(tab, live_server.url, language, "text-normal")


# --- High contrast and the largest text --------------------------------------------------------

STYLE_PROBE = """() => {
  const style = (selector, name) => getComputedStyle(document.querySelector(selector))[name];
  return {
    classes: document.documentElement.className,
    fontSize: style("html", "fontSize"),
    ink: style("body", "color"),
    header: style(".site-header", "backgroundColor"),
    pressed: document.querySelector("[data-display-action=contrast]").getAttribute("aria-pressed"),
  };
}"""
NORMAL = {"fontSize": "16px", "ink": "rgb(28, 28, 28)", "header": "rgb(165, 14, 27)"}
# The browser default is 16px; the largest step is 137.5% of it.
LARGEST_HIGH_CONTRAST = {"fontSize": "22px", "ink": "rgb(0, 0, 0)", "header": "rgb(0, 0, 0)"}


def display_button(page: Page, name: str):
    return page.get_by_role("group", name=TEXT[page_language(page)]["display"]).get_by_role(
        "button", name=name
    )


def page_language(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or "vi"


def largest_text_and_high_contrast(page: Page) -> None:
    """Through the site's own buttons: A+ twice (and once more: it stops at the largest), then
    the contrast toggle."""
    for _ in range(3):
        display_button(page, "A+").click()
        page.wait_for_load_state()
    display_button(page, TEXT[page_language(page)]["contrast"]).click()
    page.wait_for_load_state()


def assert_style(page: Page, expected: dict[str, str], pressed: str) -> None:
    probe = page.evaluate(STYLE_PROBE)
    assert {key: probe[key] for key in expected} == expected, probe
    assert probe["pressed"] == pressed, probe


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_display_controls_enlarge_text_and_raise_contrast_across_pages(
    browser: Browser, live_server, site_pages, javascript: bool
):
    context = browser.new_context(
        locale="vi-VN", viewport=VIEWPORTS["phone"], java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/vi/")
        assert_style(page, NORMAL, pressed="false")
        largest_text_and_high_contrast(page)
        # With JavaScript nothing reloads; without it each button went through cms:display.
        expect(page).to_have_url(f"{live_server.url}/vi/")
        expect(page.locator("html")).to_have_class("text-larger high-contrast")
        assert_style(page, LARGEST_HIGH_CONTRAST, pressed="true")

        # Remembered on the next page, and in the other language.
        page.get_by_role("banner").get_by_role("link", name="Đăng ký").click()
        expect(page).to_have_url(f"{live_server.url}/vi/join/")
        assert_style(page, LARGEST_HIGH_CONTRAST, pressed="true")
        page.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English").click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
        assert_style(page, LARGEST_HIGH_CONTRAST, pressed="true")

        # And undone the same way.
        display_button(page, "A Normal text size").click()
        display_button(page, "High contrast").click()
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_class("text-normal")
        assert_style(page, NORMAL, pressed="false")
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_in_high_contrast_with_the_largest_text(
    tab: Page, live_server, site_pages, language: str
):
    tab.goto(f"{live_server.url}/{language}/")
    largest_text_and_high_contrast(tab)
    audit_every_page(tab, live_server.url, language, "text-larger high-contrast")


# --- Keyboard ------------------------------------------------------------------------------------

TEXT = {
    "vi": {"display": "Cỡ chữ và độ tương phản", "contrast": "Tương phản cao"},
    "en": {"display": "Text size and contrast", "contrast": "High contrast"},
}

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const linear = c => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  // The ring is drawn outside the element (outline-offset): over its parents' background.
  let behind = element.parentElement;
  while (behind && (rgb(getComputedStyle(behind).backgroundColor)[3] ?? 1) === 0) {
    behind = behind.parentElement;
  }
  const background = behind ? rgb(getComputedStyle(behind).backgroundColor) : [255, 255, 255];
  const [light, dark] = [luminance(rgb(style.outlineColor)), luminance(background)].sort(
    (a, b) => b - a);
  return {
    element: element.outerHTML.slice(0, 120),
    id: element.id,
    inMain: !!element.closest("main"),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    ringContrast: Math.round((light + 0.05) / (dark + 0.05) * 100) / 100,
    onScreen: box.width > 1 && box.height > 1 && box.right > 0 && box.bottom > 0
      && box.left < innerWidth && box.top < innerHeight,
  };
}"""


def visibly_focused(focused: dict[str, Any]) -> bool:
    """On screen, with a ring at least 2px wide and 3:1 against what is behind it (1.4.11)."""
    return focused["onScreen"] and focused["outline"] and focused["ringContrast"] >= 3


@pytest.mark.parametrize("contrast", ["normal", "high-contrast"])
@pytest.mark.parametrize("viewport_name", VIEWPORTS)
def test_the_keyboard_reaches_everything_in_the_header_with_a_visible_focus(
    tab: Page, live_server, site_pages, viewport_name: str, contrast: str
):
    if contrast == "high-contrast":
        tab.context.add_cookies([{"name": "display", "value": "0:1", "url": live_server.url}])
    tab.set_viewport_size(VIEWPORTS[viewport_name])
    tab.goto(f"{live_server.url}/vi/")

    tab.keyboard.press("Tab")
    skip = tab.evaluate(FOCUSED)
    assert 'class="skip-link"' in skip["element"], skip
    assert visibly_focused(skip), skip
    tab.keyboard.press("Enter")
    assert tab.evaluate(FOCUSED)["id"] == "main"

    tab.goto(f"{live_server.url}/vi/")
    reached = []
    for _ in range(40):
        tab.keyboard.press("Tab")
        focused = tab.evaluate(FOCUSED)
        if focused["inMain"]:
            break
        reached.append(focused)
    else:
        pytest.fail("forty Tabs never reached the main content")
    invisible = [focused for focused in reached if not visibly_focused(focused)]
    assert not invisible, "no visible focus indicator on:\n" + "\n".join(map(str, invisible))
    header = "\n".join(f["element"] for f in reached)
    for expected in [
        'data-display-action="larger"',
        'data-display-action="contrast"',
        'hreflang="en"',
        'type="search"',
        "/vi/accounts/login/",
        "/vi/join/",
    ]:
        assert expected in header, f"Tab never reaches {expected}:\n{header}"


def test_the_display_controls_and_language_switcher_work_from_the_keyboard(
    tab: Page, live_server, site_pages
):
    tab.goto(f"{live_server.url}/vi/")
    display_button(tab, "A+").focus()
    tab.keyboard.press("Enter")
    expect(tab.locator("html")).to_have_class("text-large")
    display_button(tab, "Tương phản cao").focus()
    tab.keyboard.press("Space")
    expect(tab.locator("html")).to_have_class("text-large high-contrast")
    expect(display_button(tab, "Tương phản cao")).to_have_attribute("aria-pressed", "true")

    english = tab.get_by_role("navigation", name="Ngôn ngữ").get_by_role("link", name="English")
    english.focus()
    tab.keyboard.press("Enter")
    expect(tab).to_have_url(f"{live_server.url}/en/")
    expect(tab.locator("html")).to_have_attribute("lang", "en")
    expect(tab.locator("html")).to_have_class("text-large high-contrast")


@pytest.mark.parametrize("language", LANGUAGES)
def test_axe_finds_no_violation_on_forms_with_errors(
    tab: Page, live_server, site_pages, language: str
):
    """The state people meet when something went wrong: the errors must be as accessible."""
    tab.goto(f"{live_server.url}/{language}/accounts/signup/")
    tab.locator("input[name=email]").fill("new.member@example.org")
    tab.locator("input[name=password1]").fill("short")
    tab.locator("input[name=password2]").fill("different")
    tab.locator("main form button[type=submit]:not([form])").click()
    expect(tab.locator("main .errorlist").first).to_be_visible()
    # The field in error says so to a screen reader, not only in red under it.
    expect(tab.locator("input[name=password1]")).to_have_attribute("aria-invalid", "true")
    found = {"sign-up with errors": axe_violations(tab)}

    tab.goto(f"{live_server.url}/{language}/accounts/login/")
    tab.locator("input[name=login]").fill("nobody@example.org")
    tab.locator("input[name=password]").fill("wrong password")
    tab.locator("main form button[type=submit]:not([form])").click()
    expect(tab.locator("main .errorlist").first).to_be_visible()
    found["login with errors"] = axe_violations(tab)

    failures = [f"{name}:\n{describe(found[name])}" for name in found if found[name]]
    assert not failures, "\n".join(failures)
