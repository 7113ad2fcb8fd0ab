"""Exports of the staff search (issue 13, finding 11): names in the page's language, the sector,
CSV or Excel, the columns the officer chose, a file name that says which search and when, and the
rules that were already there: contact details only where the member's consent covers them, no
cell a member typed run as a formula, each export audited once without personal values."""

import csv
import io
import re
from urllib.parse import unquote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.users.models import UserProfile

from registry.exports import COLUMNS
from registry.gazetteer import find_cities
from registry.models import AuditEntry, Sector
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def speaking(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()
    return user


@pytest.fixture
def people():
    it = Sector.objects.get(slug="it")
    tokyo = make_member(
        "Lê Thị Thu",
        country="JP",
        city_name="Tokyo",
        latitude=35.69,
        longitude=139.69,
        birth_year=1985,
        sector=it,
        languages="vi ja",
        occupation="Kỹ sư phần mềm",
        email="thu@example.org",
        phone="+819012345678",
        consents=("registry", "staff-contact"),
    )
    seoul = make_member(
        "Hà Thị Yến",
        country="KR",
        city_name="Seoul",
        latitude=37.57,
        longitude=126.98,
        email="yen@example.org",
        phone="+821012345678",
    )
    return {"tokyo": tokyo, "seoul": seoul}


def export(client, query, **fields):
    response = client.post(reverse("registry_search_export"), {"query": query, **fields})
    assert response.status_code == 200, response.content[:500]
    return response


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


def filename(response):
    disposition = response["Content-Disposition"]
    found = re.search(r"filename\*=UTF-8''([^;]+)", disposition) or re.search(
        r'filename="([^"]+)"', disposition
    )
    assert found, disposition
    return unquote(found.group(1))


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Japan", "Information technology", "Vietnamese, Japanese"]),
        ("vi", ["Nhật Bản", "Công nghệ thông tin", "Tiếng Việt, Tiếng Nhật"]),
    ],
)
def test_it_names_the_sector_country_and_languages_in_the_page_language(
    client, registry_officer, people, language, words
):
    client.force_login(speaking(registry_officer, language))
    rows = csv_rows(export(client, "country=JP", format="csv"))
    assert len(rows) == 2
    for word in words:
        assert word in rows[1]
    assert "JP" not in rows[1] and "ja" not in rows[1]


def test_it_offers_excel_with_the_chosen_columns(client, registry_officer, people):
    client.force_login(speaking(registry_officer, "en"))
    response = export(
        client, "country=JP&country=KR", format="xlsx", column=["full_name", "sector", "email"]
    )
    assert response["Content-Type"] == XLSX
    rows, _sheet = xlsx_rows(response)
    assert rows[0] == ["Full name", "Sector", "Email"]
    assert sorted(rows[1:], key=str) == sorted(
        [["Lê Thị Thu", "Information technology", "thu@example.org"], ["Hà Thị Yến", None, None]],
        key=str,
    )


def test_the_file_is_named_after_the_search_and_the_day_never_the_words_typed(
    client, registry_officer, people
):
    client.force_login(speaking(registry_officer, "en"))
    tokyo = find_cities("JP", "Tokyo", limit=1)[0]
    query = f"q=le+thi+thu&country=JP&country=KR&place={tokyo.geonameid}:300&sector=it"
    name = filename(export(client, query, format="xlsx"))
    today = timezone.localdate().isoformat()
    assert name == f"members_japan_south-korea_near-tokyo_information-technology_{today}.xlsx"
    assert "thu" not in name.replace("technology", "")
    client.force_login(speaking(registry_officer, "vi"))
    name = filename(export(client, "country=JP", format="csv"))
    assert name == f"kieu-bao_nhat-ban_{today}.csv"
    assert filename(export(client, "", format="csv")) == f"kieu-bao_{today}.csv"


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_no_cell_a_member_typed_starts_a_formula(client, registry_officer, file_format):
    client.force_login(registry_officer)
    make_member(
        '=HYPERLINK("http://x.example","a")',
        other_names="+1+1\x07",
        occupation="@SUM(A1)",
        organisation="-2+3",
        city_name="=cmd|' /C calc'!A0",
        country="JP",
        phone="+819012345678",
        email="a@example.org",
        consents=("registry", "staff-contact"),
    )
    response = export(client, "country=JP", format=file_format, column=list(COLUMNS))
    if file_format == "csv":
        [_header, row] = csv_rows(response)
        # A spreadsheet opening the CSV reads each of these as text: an apostrophe before it.
        assert not [value for value in row if value.startswith(FORMULA_STARTS)], row
        assert '\'=HYPERLINK("http://x.example","a")' in row
        assert "'+1+1\x07" in row and "'+81 90-1234-5678" in row
        return
    [_header, row], sheet = xlsx_rows(response)
    # Excel's own way: every cell is text, never a formula, and what starts like one is marked
    # "quote prefix" (shown as typed, still text when edited).
    assert '=HYPERLINK("http://x.example","a")' in row and "-2+3" in row
    assert "+1+1" in row  # a control character Excel cannot hold is left out
    for cell in next(sheet.iter_rows(min_row=2)):
        assert cell.data_type in ("s", "n", "inlineStr")  # text or a number, never a formula
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            assert cell.quotePrefix, cell.value


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_contact_details_only_where_the_consent_covers_them(
    client, registry_officer, people, file_format
):
    client.force_login(registry_officer)
    people["tokyo"].email = "changed@example.org"  # an officer's edit: not what was consented
    people["tokyo"].save()
    response = export(client, "country=JP&country=KR", format=file_format)
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)[0]
    cells = {str(value).lstrip("'") for row in rows for value in row if value}
    assert "+81 90-1234-5678" in cells or "+819012345678" in cells  # the phone still covered
    assert "changed@example.org" not in cells and "thu@example.org" not in cells
    assert not {"yen@example.org", "+821012345678", "+82 10-1234-5678"} & cells  # no consent


def test_each_export_is_audited_once_with_its_records_and_no_personal_value(
    client, registry_officer, people
):
    client.force_login(registry_officer)
    export(client, "q=le+thi+thu&country=JP", format="xlsx", column=["full_name", "email"])
    [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT)
    assert [subject.member_id for subject in entry.subjects.all()] == [people["tokyo"].pk]
    assert entry.detail["format"] == "xlsx"
    assert entry.detail["columns"] == ["full_name", "email"]
    assert entry.detail["source"] == "search"
    for secret in ("thu@example.org", "Lê Thị Thu", "le thi thu", "Tokyo"):
        assert secret not in str(entry.detail)


def test_the_chosen_members_of_a_page_are_exported(client, registry_officer, people):
    client.force_login(speaking(registry_officer, "en"))
    response = export(
        client,
        "country=JP&country=KR",
        format="csv",
        scope="chosen",
        member=[people["seoul"].pk],
    )
    assert [row[1] for row in csv_rows(response)[1:]] == ["Hà Thị Yến"]
    nothing = client.post(
        reverse("registry_search_export"),
        {"query": "country=JP", "format": "csv", "scope": "chosen"},
        follow=True,
    )
    assert "Choose the members to export first." in nothing.content.decode()
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_costs_the_same_queries_for_few_and_many(client, registry_officer, file_format):
    client.force_login(registry_officer)
    it = Sector.objects.get(slug="it")

    def cost():
        with CaptureQueriesContext(connection) as captured:
            export(client, "country=JP", format=file_format)
        return len(captured)

    for n in range(3):
        make_member(f"Nguyễn Văn {n}", country="JP", sector=it, languages="vi ja")
    few = cost()
    for n in range(40):
        make_member(f"Trần Thị {n}", country="JP", sector=it, languages="vi")
    assert cost() == few
