"""WCAG 2.1 AA: axe-core finds nothing on the public pages, in Vietnamese and English, on a phone
and on a desktop; the keyboard reaches everything in the header; the text-size and contrast
controls work with and without JavaScript.

axe-core comes inside the axe-playwright-python wheel (a dev dependency), so nothing is fetched
at run time.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

import cms.models
from cms.models import NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.browser

AXE_SOURCE = (resources.files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}
LANGUAGES = ("vi", "en")


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core on the page as it is now and return its violations.

    The source is evaluated through the DevTools protocol rather than added as a <script>: the
    site's CSP (script-src 'self') would rightly refuse an inline script, and the page under test
    must keep its real CSP.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return results["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    """One paragraph per rule: id, impact, what it checks, where, and where to read more."""
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' '.join(map(str, node['target']))}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def assert_no_violations(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe-core finds WCAG 2.1 AA violations on {where}:\n" + describe(
        violations
    )


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


# Demo-like pages of the newer types, every field filled, in both languages. Built by name so
# that this module still imports where a type does not exist yet (its tests are then skipped).
RICH_PAGES: dict[str, dict[str, dict[str, Any]]] = {
    "InvestmentProjectPage": {
        "vi": {
            "title": "Khu công nghiệp Vũng Áng mở rộng",
            "summary": "Dự án hạ tầng khu công nghiệp kêu gọi nhà đầu tư trong và ngoài nước.",
            "location": "Phường Kỳ Trinh",
            "incentives": "<p>Miễn thuế thu nhập doanh nghiệp 4 năm đầu.</p>",
            "contact_name": "Trung tâm Xúc tiến Đầu tư",
        },
        "en": {
            "title": "Vũng Áng industrial park extension",
            "summary": "Industrial park infrastructure calling for domestic and foreign investors.",
            "location": "Kỳ Trinh ward",
            "incentives": "<p>No corporate income tax for the first four years.</p>",
            "contact_name": "Investment Promotion Centre",
        },
    },
    "CharityProgrammePage": {
        "vi": {
            "title": "Nhà tình nghĩa cho hộ nghèo vùng lũ",
            "summary": "Xây dựng 50 ngôi nhà chống lũ cho các hộ nghèo.",
            "goal": "Xây 50 ngôi nhà chống lũ trước mùa mưa bão.",
            "beneficiaries": "Các hộ nghèo ở vùng thường xuyên ngập lụt.",
        },
        "en": {
            "title": "Flood-proof homes for poor households",
            "summary": "Building 50 flood-proof homes for poor households.",
            "goal": "Build 50 flood-proof homes before the storm season.",
            "beneficiaries": "Poor households in areas that flood every year.",
        },
    },
    "EventPage": {
        "vi": {
            "title": "Gặp mặt kiều bào dịp Tết",
            "summary": "Lãnh đạo tỉnh gặp mặt kiều bào về quê ăn Tết.",
            "place": "Trung tâm Hội nghị tỉnh",
        },
        "en": {
            "title": "New Year meeting with overseas Vietnamese",
            "summary": "The province's leaders meet overseas Vietnamese home for Tết.",
            "place": "Provincial Conference Centre",
        },
    },
}
INDEX_TITLES = {
    "InvestmentProjectPage": ("InvestmentProjectIndexPage", "Dự án đầu tư", "Investment projects"),
    "CharityProgrammePage": ("CharityProgrammeIndexPage", "Thiện nguyện", "Charity programmes"),
    "EventPage": ("EventIndexPage", "Sự kiện", "Events"),
}


def rich_page(model_name: str, language: str) -> Any:
    """A live page of that type in that language with every field filled, under its index (made
    once; later calls return it)."""
    from decimal import Decimal

    from django.utils import timezone
    from wagtail.models import Locale

    from registry.models import Sector

    index_name, vi_title, en_title = INDEX_TITLES[model_name]
    index_model = getattr(cms.models, index_name)
    home = cms.models.HomePage.objects.get(locale__language_code=language)
    index = index_model.objects.child_of(home).first()
    if index is None:
        index = index_model(
            title=vi_title if language == "vi" else en_title,
            slug=f"a11y-{index_name.lower()}",
            locale=Locale.objects.get(language_code=language),
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    slug = f"a11y-{model_name.lower()}"
    existing = getattr(cms.models, model_name).objects.child_of(index).filter(slug=slug).first()
    if existing is not None:
        return existing
    fields = dict(RICH_PAGES[model_name][language])
    heading = "Thông tin thêm" if language == "vi" else "More information"
    fields["body"] = [("heading", heading), ("paragraph", f"<p>{fields['summary']}</p>")]
    if model_name == "InvestmentProjectPage":
        fields.update(
            sector=Sector.objects.order_by("pk").first(),
            total_capital=Decimal("1250000000000"),
            land_area_ha=Decimal("150.5"),
            contact_email="xuctiendautu@example.org",
            contact_phone="+84 239 3855 555",
        )
    elif model_name == "CharityProgrammePage":
        fields.update(
            amount_sought=Decimal("5000000000"),
            amount_pledged=Decimal("1850000000"),
            deadline=timezone.localdate() + datetime.timedelta(days=60),
        )
    else:
        start = timezone.now() + datetime.timedelta(days=30)
        fields.update(
            start_at=start,
            end_at=start + datetime.timedelta(hours=3),
            capacity=300,
            registration_open=True,
        )
    page = getattr(cms.models, model_name)(slug=slug, **fields)
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def page_type_url(model_name: str, *, listing: bool = False) -> Callable[[str], str]:
    """The page (or its index, for `listing`) of a type built for the test."""

    def url(language: str) -> str:
        page = rich_page(model_name, language)
        return page.get_parent().url if listing else page.url

    return url


PAGES: dict[str, Callable[[str], str]] = {
    "home": lambda language: f"/{language}/",
    "news index": news_index_url,
    "news article": article_url,
    "investment project": page_type_url("InvestmentProjectPage"),
    "charity programme": page_type_url("CharityProgrammePage"),
    "event": page_type_url("EventPage"),
    "investment project index": page_type_url("InvestmentProjectPage", listing=True),
    "charity programme index": page_type_url("CharityProgrammePage", listing=True),
    "event index": page_type_url("EventPage", listing=True),
    "sign-up": lambda language: f"/{language}/accounts/signup/",
    "login": lambda language: f"/{language}/accounts/login/",
}
MODELS = {
    "investment project": "InvestmentProjectPage",
    "charity programme": "CharityProgrammePage",
    "event": "EventPage",
    "investment project index": "InvestmentProjectPage",
    "charity programme index": "CharityProgrammePage",
    "event index": "EventPage",
}


def page_params() -> list[Any]:
    """Every page; a page type not built yet is skipped and runs by itself once it exists."""
    params = []
    for name in PAGES:
        model = MODELS.get(name)
        marks = []
        if model and not hasattr(cms.models, model):
            marks.append(pytest.mark.skip(reason=f"cms.models has no {model} yet"))
        params.append(pytest.param(name, marks=marks, id=name.replace(" ", "-")))
    return params


@pytest.fixture
def tab(browser: Browser, live_server: Any) -> Iterator[Page]:
    context = browser.new_context(locale="vi-VN", viewport=VIEWPORTS["phone"])
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# --- axe on every page ---------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", page_params())
def test_axe_finds_no_violation(tab: Page, live_server, site_pages, name: str, language: str):
    url = live_server.url + PAGES[name](language)
    for viewport_name, viewport in VIEWPORTS.items():
        tab.set_viewport_size(viewport)
        response = tab.goto(url)
        assert response is not None and response.status == 200, url
        expect(tab.locator("html")).to_have_attribute("lang", language)
        assert_no_violations(tab, f"the {name} page in {language} ({viewport_name}, {url})")
    assert_reflows(tab, url)


# Elements that stick out of a narrow window, which would make the reader scroll sideways.
OVERFLOW = """() => [...document.querySelectorAll("body *")]
  .filter(element => element.getBoundingClientRect().right > innerWidth + 1)
  .map(element => element.outerHTML.slice(0, 100))
  .slice(0, 5)"""


def assert_reflows(page: Page, url: str) -> None:
    """1.4.10 Reflow: at 320 CSS pixels wide (1280 at 400% zoom) nothing scrolls sideways."""
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(url)
    assert page.evaluate(OVERFLOW) == [], f"{url} scrolls sideways at 320px"


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
        expect(page).to_have_url(f"{live_server.url}/vi/accounts/signup/")
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
    expect(tab.locator("html")).to_have_class("text-larger high-contrast")
    failures = []
    for name, url_for in PAGES.items():
        model = MODELS.get(name)
        if model and not hasattr(cms.models, model):
            continue
        url = live_server.url + url_for(language)
        for viewport_name, viewport in VIEWPORTS.items():
            tab.set_viewport_size(viewport)
            tab.goto(url)
            expect(tab.locator("html")).to_have_class("text-larger high-contrast")
            where = f"the {name} page ({viewport_name}, {url})"
            violations = axe_violations(tab)
            if violations:
                failures.append(f"{where}:\n{describe(violations)}")
            overflow = tab.evaluate(OVERFLOW)
            if overflow:
                failures.append(f"{where} scrolls sideways because of:\n" + "\n".join(overflow))
    assert not failures, "high contrast and largest text:\n" + "\n".join(failures)


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
        "/vi/accounts/signup/",
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
