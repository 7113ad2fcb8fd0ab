"""An officer prepares a trip: everyone called Nguyễn within 300 km of Budapest, narrowed to
investors, one profile opened and back to the results, the search saved and exported; a viewer
sees only counts. The criteria (issue 13, finding 10): chosen values as chips, typed to find,
with the keyboard alone and without JavaScript; several cities, each with its radius; nothing
overlaps on a phone or a desktop; axe finds nothing. On a phone-sized screen (the `page`
fixture) unless said otherwise, with the site's scripts under its CSP. With SCREENSHOTS=<folder>
the form is saved in vi and en, on a phone and a desktop.
"""

import csv
import io
import os
import re
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect
from wagtail.users.models import UserProfile

from accounts import roles
from registry.gazetteer import find_cities
from registry.models import AuditEntry, Interest
from search.models import SavedSearch
from tests.browser.axe import axe_violations, describe
from tests.browser.conftest import sign_in
from tests.browser.language import assert_page_language
from tests.conftest import PASSWORD, make_member, make_user, totp_code

pytestmark = pytest.mark.browser

PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def log_in(page: Page, url: str, email: str, groups: tuple[str, ...]) -> None:
    user = make_user(email, groups=groups, mfa=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    page.goto(f"{url}/en/accounts/login/?next=/admin/registry/search/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    page.locator("input[name=code]").fill(totp_code(user.totp_secret))
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile("/admin/registry/search/"))


def officer(email: str, language: str = "en"):
    user = make_user(email, groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


def csp_violations(page: Page) -> list[str]:
    """The console's Content Security Policy complaints, as the page makes them."""
    blocked: list[str] = []
    page.on(
        "console",
        lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return blocked


@pytest.fixture
def people(site_pages):
    investment = Interest.objects.get(slug="investment")
    trade = Interest.objects.get(slug="trade")
    an = make_member(
        "Nguyễn Văn An",
        country="HU",
        city_name="Budapest",
        latitude=47.50,
        longitude=19.04,
        consents=("registry", "staff-contact"),
        email="an@example.org",
    )
    an.interests.add(investment)
    lan = make_member(
        "Nguyễn Thị Lan",
        country="HU",
        city_name="Debrecen",
        latitude=47.53,
        longitude=21.63,
    )
    lan.interests.add(trade)
    make_member("Nguyễn Văn Hùng", country="JP", city_name="Osaka", latitude=34.69, longitude=135.5)
    make_member("Nguyễn Thị Mai", country="AT", city_name="Vienna", latitude=48.21, longitude=16.37)
    make_member(
        "Trần Văn Bình", country="HU", city_name="Budapest", latitude=47.49, longitude=19.05
    )
    make_member("Lê Thị Thu", country="JP", city_name="Tokyo", latitude=35.69, longitude=139.69)
    make_member("Hà Thị Yến", country="KR", city_name="Seoul", latitude=37.57, longitude=126.98)
    return {"an": an, "lan": lan}  # fmt: skip


def chips(page: Page, field: str):
    return page.locator(f".filter--{field} .chip")


def test_an_officer_searches_narrows_opens_saves_and_exports(page: Page, live_server, people):
    blocked = csp_violations(page)
    log_in(page, live_server.url, "officer@example.org", (roles.REGISTRY_OFFICERS,))

    page.get_by_label("Name, city, occupation or skill").fill("nguyen")
    page.locator("summary", has_text="Place, hometown, age and more").click()
    page.get_by_role("combobox", name="Country", exact=True).fill("hung")
    page.get_by_role("listbox", name="Country").get_by_role("option", name="Hungary").click()
    expect(chips(page, "country")).to_have_text(["Hungary"])
    page.locator("#id_near").fill("Budapest")
    page.locator("#id_radius").select_option("300")
    page.locator("details button[type=submit]").click()

    expect(page.locator(".staff-search__total")).to_have_text("2 members match")
    results = page.locator(".staff-search__list")
    expect(results).to_contain_text("Nguyễn Văn An")
    expect(results).to_contain_text("Nguyễn Thị Lan")
    expect(results.locator("mark").first).to_have_text("Nguyễn")
    expect(results).not_to_contain_text("Trần Văn Bình")  # in Budapest, but no Nguyễn
    expect(results).not_to_contain_text("Nguyễn Thị Mai")  # 215 km away, but in Austria
    expect(page.get_by_label("Budapest (Hungary)")).to_have_value(re.compile(r"^\d+:300$"))
    # The map shows the results over the offline outlines.
    expect(page.locator("#results-map.leaflet-container")).to_be_visible()
    expect(page.locator("#results-map path.leaflet-interactive")).to_have_count(2)

    page.locator(".staff-search__facet a", has_text="Investment").click()
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")
    expect(results).not_to_contain_text("Nguyễn Thị Lan")
    narrowed = page.url

    page.locator(".staff-search__name", has_text="Nguyễn Văn An").click()
    expect(page.locator("main")).to_contain_text("an@example.org")  # she agreed to contact
    page.get_by_role("link", name="Back to the results").click()
    assert page.url == narrowed
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")

    page.locator("#saved-name").fill("Budapest trip investors")
    page.get_by_label("Email me when new members match").check()
    page.get_by_role("button", name="Save search").click()
    expect(page.locator(".messages")).to_contain_text("Search “Budapest trip investors” saved.")
    saved = SavedSearch.objects.get()
    assert saved.alert and saved.criteria["interest"] == ["investment"]
    expect(
        page.locator(".staff-search__saved a", has_text="Budapest trip investors")
    ).to_be_visible()

    with page.expect_download() as download:
        page.get_by_role("button", name="Export 1 member").click()
    name = download.value.suggested_filename
    assert re.fullmatch(r"members_hungary_near-budapest_investment_\d{4}-\d\d-\d\d\.xlsx", name)
    # The download is saved under a name without ".xlsx", which openpyxl refuses: read the bytes.
    sheet = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Number", "Full name", "Year of birth"]
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn An"]
    assert "an@example.org" in rows[1] and "Hungary" in rows[1]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SEARCH).count() >= 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1
    assert blocked == []


def test_a_trip_to_tokyo_and_seoul_with_the_keyboard_alone(page: Page, live_server, people):
    """Two countries as chips, typed and chosen with the keyboard; two cities, each with its
    radius; a chip removed with Space; Enter in an empty box searches; Tab follows the screen."""
    blocked = csp_violations(page)
    log_in(page, live_server.url, "trip@example.org", (roles.REGISTRY_OFFICERS,))
    page.locator("summary", has_text="Place, hometown, age and more").focus()
    page.keyboard.press("Enter")
    country = page.get_by_role("combobox", name="Country", exact=True)
    country.focus()
    page.keyboard.type("japa")
    expect(country).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    japan = page.get_by_role("listbox", name="Country").get_by_role("option", name="Japan")
    expect(japan).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")  # chooses, does not search
    page.keyboard.type("south ko")
    page.keyboard.press("Enter")  # the first match
    page.keyboard.type("hung")
    page.keyboard.press("Enter")
    expect(chips(page, "country")).to_have_text(["Japan", "South Korea", "Hungary"])
    expect(country).to_be_focused()
    page.keyboard.press("Shift+Tab")  # back to the last chip
    page.keyboard.press("Space")  # unticked: gone
    expect(chips(page, "country")).to_have_text(["Japan", "South Korea"])
    expect(page.locator(".filter--country .chips__status")).to_have_text("Removed: Hungary")
    expect(country).to_be_focused()

    page.keyboard.press("Tab")  # to the city to add
    expect(page.locator("#id_near")).to_be_focused()
    page.keyboard.type("Tokyo")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(page.locator("#id_radius")).to_be_focused()
    page.locator("#id_radius").select_option("50")
    page.locator("#id_near").press("Enter")  # adds the city: a search
    expect(page.get_by_label("Tokyo (Japan)")).to_have_value(re.compile(r":50$"))
    expect(page.locator("#id_near")).to_have_value("")
    page.locator("#id_near").fill("Seoul")
    page.locator("#id_radius").select_option("100")
    page.locator("#id_near").press("Enter")
    expect(page.locator(".staff-search__total")).to_have_text("2 members match")
    results = page.locator(".staff-search__list")
    expect(results).to_contain_text("Lê Thị Thu")
    expect(results).to_contain_text("Hà Thị Yến")
    expect(results).not_to_contain_text("Nguyễn Văn Hùng")  # Osaka: 400 km from Tokyo
    expect(page.locator(".staff-search__where")).to_have_text(
        "Living in: within 50 km of Tokyo (Japan); within 100 km of Seoul (South Korea)"
    )
    # Seoul's radius changed without typing it again.
    page.get_by_label("Seoul (South Korea)").select_option(label="1000 km")
    page.get_by_role("combobox", name="Country", exact=True).press(
        "Enter"
    )  # nothing typed: searches
    expect(results).to_contain_text("Nguyễn Văn Hùng")  # Osaka: 830 km from Seoul
    expect(chips(page, "country")).to_have_text(["Japan", "South Korea"])

    # Tab goes down the screen, as it reads on a phone.
    page.locator("#id_q").focus()
    tops = []
    for _ in range(25):
        page.keyboard.press("Tab")
        box = page.evaluate(
            """() => {
                      const e = document.activeElement.closest('label.chip')
                        || document.activeElement;
                      const r = e.getBoundingClientRect(); return [r.top + scrollY, r.left]; }"""
        )
        tops.append(box)
    assert all(
        (b[0] > a[0] - 2) or (abs(b[0] - a[0]) <= 2 and b[1] >= a[1])
        for a, b in zip(tops, tops[1:], strict=False)
    ), tops
    assert blocked == []


def test_the_criteria_work_without_javascript(browser: Browser, live_server, people):
    user = officer("plain@example.org")
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    sign_in(context, user, live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/registry/search/")
    page.locator("summary", has_text="Place, hometown, age and more").click()
    page.locator("#id_country").select_option(label="Hungary")
    page.locator("#id_near").fill("Budapest")
    page.locator("#id_radius").select_option("25")
    page.locator("details button[type=submit]").click()
    expect(chips(page, "country")).to_have_text(["Hungary"])
    expect(page.locator(".staff-search__total")).to_have_text("2 members match")  # An, Bình

    page.locator("#id_country").select_option(label="Japan")
    page.locator("#id_near").fill("Osaka")
    page.locator("#id_radius").select_option("50")
    page.locator("details button[type=submit]").click()
    expect(chips(page, "country")).to_have_text(["Hungary", "Japan"])
    expect(page.locator(".staff-search__total")).to_have_text("3 members match")
    expect(page.get_by_label("Osaka (Japan)")).to_have_value(re.compile(r":50$"))

    # Removing: Budapest taken out, Hungary unticked; Japan stays, around Osaka.
    page.get_by_label("Budapest (Hungary)").select_option(label="Remove this city")
    page.locator(".filter--country .chip", has_text="Hungary").click()
    expect(page.locator(".filter--country input[value=HU]")).not_to_be_checked()
    page.locator("details button[type=submit]").click()
    expect(chips(page, "country")).to_have_text(["Japan"])
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")
    expect(page.locator(".staff-search__list")).to_contain_text("Nguyễn Văn Hùng")

    # A city that cannot be found is said at the top and at the field; the results stay.
    page.locator("#id_near").fill("Xyzzyvillé")
    page.locator("details button[type=submit]").click()
    summary = page.locator(".staff-search__errors")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("No city called “Xyzzyvillé” was found.")
    expect(page.locator("#id_near")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_near")).to_have_value("Xyzzyvillé")
    expect(page).to_have_title(re.compile("^Error: Search the registry"))
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")
    context.close()


CONTROLS = (
    "form[role=search] :is(input:not([type=hidden]), select, button, label.chip, .chip--place)"
)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_nothing_overlaps_and_axe_finds_nothing(
    browser: Browser, live_server, people, language, viewport
):
    user = officer(f"look-{language}-{viewport['width']}@example.org", language)
    context = browser.new_context(viewport=viewport)
    sign_in(context, user, live_server.url)
    page = context.new_page()
    tokyo = find_cities("JP", "Tokyo", limit=1)[0]
    page.goto(
        f"{live_server.url}/admin/registry/search/?country=JP&country=KR&place={tokyo.geonameid}:50"
        "&near=Seoul&radius=100&language=ja&updated_since=2024-01-01&sort=name"
    )
    expect(page.locator("details.staff-search__criteria")).to_have_attribute("open", "")
    boxes = page.eval_on_selector_all(
        CONTROLS,
        """elements => elements.filter(e => e.offsetParent !== null).map(e => {
             const r = e.getBoundingClientRect();
             return {what: e.outerHTML.slice(0, 80), chip: !!e.closest('.chip'),
                     x: r.left, y: r.top + scrollY, w: r.width, h: r.height};
           })""",
    )
    boxes = [b for b in boxes if b["w"] > 1 and b["h"] > 1]  # a chip's own box is hidden
    for number, a in enumerate(boxes):
        for b in boxes[number + 1 :]:
            if a["chip"] and b["chip"]:
                continue  # a city's radius list sits inside its chip
            apart = (
                a["x"] + a["w"] <= b["x"] + 1
                or b["x"] + b["w"] <= a["x"] + 1
                or a["y"] + a["h"] <= b["y"] + 1
                or b["y"] + b["h"] <= a["y"] + 1
            )
            assert apart, f"{a['what']} overlaps {b['what']}"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    # Each label sits above or before its own control.
    placed = page.eval_on_selector_all(
        "form[role=search] label[for]",
        """labels => labels.map(l => {
             const c = document.getElementById(l.htmlFor);
             if (!c || c.offsetParent === null || l.classList.contains('w-sr-only')) {
               return true;
             }
             const a = l.getBoundingClientRect(), b = c.getBoundingClientRect();
             return a.bottom <= b.top + 2 || a.right <= b.left + 2 || l.contains(c);
           })""",
    )
    assert all(placed)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # Wagtail's own menu is not ours to translate; everything of the search screen is.
    assert_page_language(page, language, ignore=WAGTAIL_MENU)
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        name = f"search-form-{language}-{viewport['width']}.png"
        page.set_viewport_size({"width": viewport["width"], "height": 2800})
        page.screenshot(path=str(Path(folder) / name), full_page=True)
    context.close()


# Wagtail's admin chrome (its sidebar's labels, which Wagtail has no Vietnamese for: they come
# from its JavaScript catalogue, which our locale/ cannot add to).
WAGTAIL_MENU = ("Reports", "Help", "Toggle sidebar", "Sidebar", "Main menu")


def test_a_registry_viewer_sees_counts_only(page: Page, live_server, people, settings):
    """Counts only, never names, and those counts suppressed or rounded (registry.disclosure)."""
    settings.REGISTRY_MIN_CELL = 5
    log_in(page, live_server.url, "viewer@example.org", (roles.REGISTRY_VIEWERS,))
    expect(page.get_by_label("Name, city, occupation or skill")).to_have_count(0)
    total, facets = page.locator(".staff-search__total"), page.locator(".staff-search__facets")
    expect(total).to_have_text("Members match: 5–9")  # all 7, rounded down to a range of 5
    # Only cells of 5 or more are listed (no country has 5 members), each as a range.
    expect(facets.locator(".staff-search__count").first).to_be_visible()
    for count in facets.locator(".staff-search__count").all_inner_texts():
        assert re.fullmatch(r"\d+–\d+", count), count
    expect(facets).not_to_contain_text("Hungary")
    page.locator("summary", has_text="Place, hometown, age and more").click()
    page.get_by_role("combobox", name="Country", exact=True).fill("Hungary")
    page.keyboard.press("Enter")
    page.locator("details button[type=submit]").click()
    expect(total).to_have_text("Members match: fewer than 5")  # 3: too few to be told
    # The chosen country stays listed, to be removed; the rest (Investment: 1) is not.
    expect(facets.locator(".staff-search__facet a")).to_have_count(1)
    expect(facets.locator(".staff-search__facet a")).to_contain_text("Hungary")
    expect(facets.locator(".staff-search__count")).to_have_text(["fewer than 5"])
    expect(facets).not_to_contain_text("Investment")
    main = page.locator("main")
    for name in ("Nguyễn Văn An", "Nguyễn Thị Lan", "Trần Văn Bình"):
        expect(main).not_to_contain_text(name)
    expect(page.locator("#results-map")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Export"))).to_have_count(0)


def test_a_large_results_counts_arrive_after_its_names(page: Page, live_server, people, settings):
    settings.SEARCH_DEFER_COUNTS_FROM = 0  # a "large" registry: pages come first
    blocked = csp_violations(page)
    log_in(page, live_server.url, "officer@example.org", (roles.REGISTRY_OFFICERS,))
    page.get_by_label("Name, city, occupation or skill").fill("nguyen")
    page.get_by_label("Name, city, occupation or skill").press("Enter")
    expect(page.locator(".staff-search__list")).to_contain_text("Nguyễn Văn An")
    # The screen's script fetched the counts and put them in place of "counting…".
    expect(page.locator(".staff-search__total")).to_have_text("4 members match")
    expect(page.locator(".staff-search__facets")).to_contain_text("Hungary")
    expect(page.locator(".staff-search__counting")).to_have_count(0)
    expect(page.get_by_role("button", name="Export 4 members")).to_be_visible()
    # A name ticked, then only that one exported (the export part was put in place).
    page.get_by_label("Choose Nguyễn Thị Mai").check()
    page.get_by_label("CSV (.csv)").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export the chosen members").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["Nguyễn Thị Mai"]
    page.locator(".staff-search__facet a", has_text="Japan").click()
    expect(page.locator(".staff-search__list")).to_contain_text("Nguyễn Văn Hùng")
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")
    assert blocked == []
