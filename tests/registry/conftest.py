"""Fixtures and helpers of the import tests (`test_import.py`, `_decisions.py`, `_limits.py`),
and of the tests of what an officer enters by hand (`test_officer_contacts.py`,
`test_paper_consents.py`)."""

import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.users.models import UserProfile

from registry.importing.checking import _hometown
from registry.models import (
    Association,
    Consent,
    LegacyCommune,
    Member,
    Ward,
)
from tests.conftest import make_member


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


# What an association secretary's Excel saves on a Mac: BOM, semicolons, decomposed text.
MESSY_CSV = "\ufeff" + nfd(
    "Họ và tên;Năm sinh;Quê quán;Quốc gia;Thành phố;Điện thoại;Email\n"
    "Nguyễn Văn Hùng;1975;Thạch Đài;Hungary;Budapest;+36 20 123 4567;hung@example.org\n"
    "Lê Thị Mai;1982;Hà Huy Tập;Hungary;Budapest;12345;\n"
    "Phan Đình Long;1990;Xã Không Có Thật;Hungary;Debrecen;;\n"
    "Trần Thị Lan;1988;Thạch Đài;Hungary;Szeged;;lan@example.org\n"
    "Tran Thi Lan;1988;Thạch Đài;Hungary;Szeged;;lan@example.org\n"
    "Hoàng Văn Bình;1979;Hà Huy Tập;Hungary;Budapest;;binh.existing@example.org\n"
    "Võ Thị Hạnh;1995;Thạch Đài;Hungary;Pécs;;\n"
)

# Rows sharing contacts with MESSY_CSV's rows and with records in the registry.
SHARED_ROWS = nfd(
    "Đặng Thu Hà;1988;Thạch Đài;Hungary;Budapest;;hung@example.org\n"  # row 9: row 2's email
    "Phạm Thị Thu;1992;Thạch Đài;Hungary;Budapest;+36 30 999 8877;\n"  # row 10: Bình's phone
    "Lê Văn Tám;1970;Thạch Đài;Hungary;Budapest;;\n"  # row 11: signed up, lives in Szeged
)


@pytest.fixture
def english_officer(registry_officer):
    """An officer who chose English for the admin (the admin defaults to Vietnamese)."""
    profile = UserProfile.get_for_user(registry_officer)
    profile.preferred_language = "en"
    profile.save()
    return registry_officer


@pytest.fixture
def association():
    return Association.objects.create(name="Hội đồng hương Hà Tĩnh tại Hungary", country="HU")


def hometown(text: str) -> tuple[Ward, LegacyCommune | None]:
    """Today's ward (and the old commune) that what a list writes resolves to."""
    ward, legacy, _problem = _hometown(text, settings.PROVINCE_CODE)
    return Ward.objects.get(pk=ward), LegacyCommune.objects.filter(pk=legacy).first()


@pytest.fixture
def existing():
    """In the registry, from the same hometown as the list says; no consent to staff contact."""
    return make_member(
        "Hoàng Văn Bình",
        birth_year=1979,
        hometown_ward=hometown("Hà Huy Tập")[0],
        email="binh.existing@example.org",
        phone="+36309998877",
    )


def upload(client, name, content, association=None):
    data = {"file": SimpleUploadedFile(name, content)}
    if association is not None:
        data["association"] = association.pk
    return client.post(reverse("registry_import"), data)


class FormInputs(HTMLParser):
    """A page's inputs as a browser would send them untouched, and every value offered."""

    def __init__(self) -> None:
        super().__init__()
        self.sent: list[tuple[str, str]] = []
        self.offered: dict[str, list[str]] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        name, kind = attr.get("name"), attr.get("type", "text")
        if tag != "input" or not name or kind in {"submit", "button", "file"}:
            return
        value = attr.get("value") or ("on" if kind in {"radio", "checkbox"} else "")
        if kind in {"radio", "checkbox"}:
            self.offered.setdefault(name, []).append(value)
            if "checked" not in attr:
                return
        self.sent.append((name, value))


def inputs(html: str) -> FormInputs:
    reader = FormInputs()
    reader.feed(html)
    return reader


def choose(client, url, decisions=None, accept=None, action="commit", page=None):
    """Send the preview's form as the officer would: what the page offers (`page`, as opened
    earlier, or opened now), with `decisions` (row → "new", "skip", "row" or "same") and
    `accept` (row → the changes to take) chosen."""
    form = inputs(page if page is not None else client.get(url).content.decode())
    data: dict[str, list[str]] = {}
    for name, value in form.sent:
        data.setdefault(name, []).append(value)
    for row, decision in (decisions or {}).items():
        offered = form.offered[f"decision-{row}"]
        chosen = [v for v in offered if v == decision or v.startswith(f"{decision}:")]
        assert chosen, (row, decision, offered)
        data[f"decision-{row}"] = chosen[:1]
    for row, groups in (accept or {}).items():
        offered = form.offered.get(f"accept-{row}", [])
        data[f"accept-{row}"] = [v for v in offered if v.split(":", 1)[1] in groups]
    data[action] = ["1"]
    return client.post(url, data)


def row_html(page: str, number: int) -> str:
    """One row's block of the preview."""
    match = re.search(rf'<section[^>]* id="row-{number}".*?</section>', page, re.DOTALL)
    assert match, f"row {number} is not on the page"
    return match.group(0)


# The messy file again, with what lists really hold besides: a family sharing one email, a phone
# number already in the registry under another name, and people already in the registry whose
# list entry says something new.


# --- What an officer enters by hand (`test_officer_contacts.py`, `test_paper_consents.py`) ---


@pytest.fixture
def private_storage_dir(tmp_path: Path):
    """Scans go to a folder of the test's own (the storage's location is read at import)."""
    storage = Consent._meta.get_field("evidence").storage
    saved = storage._location  # type: ignore[attr-defined]
    folder = tmp_path / "private"

    def forget() -> None:
        for name in ("base_location", "location"):
            storage.__dict__.pop(name, None)

    storage._location = str(folder)  # type: ignore[attr-defined]
    forget()
    yield folder
    storage._location = saved  # type: ignore[attr-defined]
    forget()


@pytest.fixture
def imported() -> Member:
    """Someone an association listed: no login, no consent, no contact details yet."""
    return make_member(
        "Đặng Thu Hà", source=Member.Source.IMPORT, consents=(), birth_year=1988, country="JP"
    )


def in_english(user) -> None:
    """The admin in English for this staff member (it follows their Wagtail profile)."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()


@pytest.fixture
def officer(client, registry_officer):
    in_english(registry_officer)
    client.force_login(registry_officer)
    return client
