"""An officer imports an association's list (issue 13, findings 4, 6 and 7): the messy file with
a family's shared email, a phone number already in the registry under someone who refused staff
contact, and people already in the registry whose entry says something new. They decide the
flagged rows, take one change and leave another, commit, read the list of records, and undo.

On a phone-sized screen, in Vietnamese and in English, checked with axe-core and for text in
another language. With SCREENSHOTS=<folder> each step is saved as
<folder>/import-<lang>-<nn>-<step>.png.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from accounts import roles
from registry.models import Association, ImportBatch, Member
from tests.browser.axe import axe_violations, describe
from tests.browser.language import assert_page_language
from tests.conftest import PASSWORD, make_member, make_user, totp_code
from tests.registry.conftest import MESSY_CSV, SHARED_ROWS, hometown

pytestmark = pytest.mark.browser

# Names, places and the file's own words: legitimately Vietnamese on the English pages too.
LIST_WORDS = [
    # (The file starts with a byte-order mark, which is no part of its first column's name.)
    *re.split(r"[;\n]", (MESSY_CSV + SHARED_ROWS).lstrip("\ufeff")),
    "Hội đồng hương Hà Tĩnh tại Hungary",
    "Hội đồng hương",
    "Phường Hà Huy Tập",
    "Xã Thạch Đài, Thành phố Hà Tĩnh",
    "Nguyễn Thị Hồng Nhung",
    # Wagtail's own Vietnamese lacks these two labels of its sidebar.
    "Sidebar",
    "Toggle sidebar",
]


class Steps:
    """Checks each page the officer reaches: language, accessibility, and a screenshot."""

    def __init__(self, page: Page, lang: str) -> None:
        self.page, self.lang, self.count = page, lang, 0

    def look(self, name: str) -> None:
        self.count += 1
        assert_page_language(self.page, self.lang, ignore=LIST_WORDS)
        violations = axe_violations(self.page)
        assert not violations, f"{name}:\n{describe(violations)}"
        folder = os.environ.get("SCREENSHOTS")
        if folder:
            path = Path(folder) / f"import-{self.lang}-{self.count:02d}-{name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(path), full_page=True)


def log_in(page: Page, url: str, lang: str) -> None:
    user = make_user(f"officer.{lang}@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = lang
    profile.save()
    page.goto(f"{url}/{lang}/accounts/login/?next=/admin/registry/import/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]:not([form])").click()
    page.locator("input[name=code]").fill(totp_code(user.totp_secret))
    page.locator("main form button[type=submit]:not([form])").click()
    expect(page).to_have_url(re.compile("/admin/registry/import/$"))


@pytest.fixture
def registry(site_pages):
    thach_dai = hometown("Thạch Đài")[0]
    return {
        "association": Association.objects.create(
            name="Hội đồng hương Hà Tĩnh tại Hungary", country="HU"
        ),
        # Refused staff contact; row 10 of the list has his phone under another name.
        "binh": make_member(
            "Hoàng Văn Bình",
            birth_year=1979,
            hometown_ward=thach_dai,
            email="binh.existing@example.org",
            phone="+36309998877",
        ),
        # Imported earlier without a place; row 8 gives her city.
        "hanh": make_member(
            "Võ Thị Hạnh",
            birth_year=1995,
            hometown_ward=thach_dai,
            country="",
            city_name="",
            source=Member.Source.IMPORT,
            consents=(),
        ),
        # Signed up himself in Szeged; row 11 says Budapest.
        "tam": make_member(
            "Lê Văn Tám", birth_year=1970, hometown_ward=thach_dai, city_name="Szeged"
        ),
    }


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_officer_decides_commits_reads_the_list_and_undoes(
    page: Page, live_server, registry, lang
):
    def t(text: str) -> str:
        with translation.override(lang):
            return gettext(text)

    steps = Steps(page, lang)
    log_in(page, live_server.url, lang)
    steps.look("upload")
    page.get_by_label(t("Association the list comes from")).select_option(
        label="Hội đồng hương Hà Tĩnh tại Hungary"
    )
    page.get_by_label(t("Member list")).set_input_files(
        {
            "name": "hoi-hungary.csv",
            "mimeType": "text/csv",
            "buffer": (MESSY_CSV + SHARED_ROWS).encode(),
        }
    )
    page.get_by_role("button", name=t("Check the list")).click()

    # The preview: what each row becomes; three rows wait for a decision.
    expect(page.locator("#row-2")).to_contain_text("+36 20 123 4567")
    expect(page.locator("#row-2")).to_contain_text("Phường Hà Huy Tập")
    for number in (9, 10):
        expect(page.locator(f"#row-{number}")).to_have_class(re.compile("import-row--undecided"))
    expect(page.locator("#row-9")).to_contain_text(
        t("Same email address as row %(row)s (%(name)s).") % {"row": 2, "name": "Nguyễn Văn Hùng"}
    )
    row_10 = page.locator("#row-10")
    expect(row_10).not_to_contain_text("Hoàng Văn Bình")  # he refused staff contact
    expect(row_10.locator("input[type=radio]:checked")).to_have_count(0)  # nothing chosen for them
    steps.look("preview")

    # Importing before deciding imports nothing and says which rows wait.
    page.get_by_role("button", name=t("Import the valid rows")).click()
    expect(page.locator(".messages")).to_contain_text("9")
    assert not ImportBatch.objects.exclude(committed_at=None).exists()
    steps.look("undecided")

    different = t("A different person: add a new record")
    page.locator("#row-9").get_by_label(different).check()
    page.locator("#row-10").get_by_label(different).check()
    page.locator("#row-8").get_by_label(re.compile(t("Country and city"))).check()
    expect(page.locator("#row-11")).to_contain_text("Szeged")
    expect(
        page.locator("#row-11").get_by_label(re.compile(t("Country and city")))
    ).not_to_be_checked()
    page.get_by_role("button", name=t("Import the valid rows")).click()

    # The list of what was done, each record a link.
    expect(page.locator("main")).to_contain_text("Đặng Thu Hà")
    expect(page.locator("main")).to_contain_text("Võ Thị Hạnh")
    hanh, tam = registry["hanh"], registry["tam"]
    hanh.refresh_from_db()
    tam.refresh_from_db()
    assert hanh.city_name == "Pécs" and tam.city_name == "Szeged"
    assert Member.objects.filter(full_name="Phạm Thị Thu").exists()
    steps.look("result")

    page.get_by_role("link", name=t("Undo this import")).click()
    steps.look("undo")
    page.get_by_role("button", name=t("Undo the import")).click()
    expect(page.locator(".messages")).to_contain_text(t("The import was undone."))
    hanh.refresh_from_db()
    assert hanh.city_name == "" and not Member.objects.filter(full_name="Phạm Thị Thu").exists()
    assert registry["association"].members.count() == 0
    steps.look("undone")
