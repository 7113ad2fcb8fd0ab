"""An officer prepares a trip: everyone called Nguyễn within 300 km of Budapest, narrowed to
investors, one profile opened, the search saved and exported; a viewer sees only counts.
On a phone-sized screen (the `page` fixture), with the site's scripts under its CSP."""

import csv
import re

import pytest
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from accounts import roles
from registry.models import AuditEntry, Interest
from search.models import SavedSearch
from tests.conftest import PASSWORD, make_member, make_user, totp_code

pytestmark = pytest.mark.browser


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
    return {"an": an, "lan": lan}  # fmt: skip


def test_an_officer_searches_narrows_opens_saves_and_exports(page: Page, live_server, people):
    blocked = csp_violations(page)
    log_in(page, live_server.url, "officer@example.org", (roles.REGISTRY_OFFICERS,))

    page.get_by_label("Name, occupation or skill").fill("nguyen")
    page.locator("summary", has_text="Place, hometown, age and more").click()
    page.locator("#id_country").select_option("HU")
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
    # The map shows the results over the offline outlines.
    expect(page.locator("#results-map.leaflet-container")).to_be_visible()
    expect(page.locator("#results-map path.leaflet-interactive")).to_have_count(2)

    page.locator(".staff-search__facet a", has_text="Investment").click()
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")
    expect(results).not_to_contain_text("Nguyễn Thị Lan")

    page.locator(".staff-search__name", has_text="Nguyễn Văn An").click()
    expect(page.locator("main")).to_contain_text("an@example.org")  # she agreed to contact
    page.go_back()

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
        page.get_by_role("button", name="Export 1 member (CSV)").click()
    with open(download.value.path(), encoding="utf-8-sig") as exported:
        rows = list(csv.reader(exported))
    assert [row[1] for row in rows[1:]] == ["Nguyễn Văn An"]
    assert "an@example.org" in rows[1]
    assert AuditEntry.objects.filter(action=AuditEntry.Action.SEARCH).count() >= 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1
    assert blocked == []


def test_a_registry_viewer_sees_counts_only(page: Page, live_server, people):
    log_in(page, live_server.url, "viewer@example.org", (roles.REGISTRY_VIEWERS,))
    expect(page.get_by_label("Name, occupation or skill")).to_have_count(0)
    page.locator("summary", has_text="Place, hometown, age and more").click()
    page.locator("#id_country").select_option("HU")
    page.locator("details button[type=submit]").click()
    expect(page.locator(".staff-search__total")).to_have_text("3 members match")
    expect(page.locator(".staff-search__facets")).to_contain_text("Investment")
    main = page.locator("main")
    for name in ("Nguyễn Văn An", "Nguyễn Thị Lan", "Trần Văn Bình"):
        expect(main).not_to_contain_text(name)
    expect(page.locator("#results-map")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("Export"))).to_have_count(0)


def test_a_large_results_counts_arrive_after_its_names(page: Page, live_server, people, settings):
    settings.SEARCH_DEFER_COUNTS_FROM = 0  # a "large" registry: pages come first
    blocked = csp_violations(page)
    log_in(page, live_server.url, "officer@example.org", (roles.REGISTRY_OFFICERS,))
    page.get_by_label("Name, occupation or skill").fill("nguyen")
    page.get_by_label("Name, occupation or skill").press("Enter")
    expect(page.locator(".staff-search__list")).to_contain_text("Nguyễn Văn An")
    # The screen's script fetched the counts and put them in place of "counting…".
    expect(page.locator(".staff-search__total")).to_have_text("4 members match")
    expect(page.locator(".staff-search__facets")).to_contain_text("Hungary")
    expect(page.locator(".staff-search__counting")).to_have_count(0)
    expect(page.get_by_role("button", name="Export 4 members (CSV)")).to_be_visible()
    page.locator(".staff-search__facet a", has_text="Japan").click()
    expect(page.locator(".staff-search__list")).to_contain_text("Nguyễn Văn Hùng")
    expect(page.locator(".staff-search__total")).to_have_text("1 member matches")
    assert blocked == []
