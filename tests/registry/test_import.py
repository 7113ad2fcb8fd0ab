"""Importing an association's member list: preview with per-row errors, matching, one commit."""

import datetime
import io
import json
import re
import unicodedata
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from registry import services
from registry.importing.checking import _hometown, validate_rows
from registry.importing.committing import commit_batch
from registry.importing.reading import MAX_FILE_SIZE, VIETNAMESE_MARKS, ImportFileError, read_table
from registry.importing.results import results_of
from registry.importing.staging import expire_staged_batches, stage
from registry.models import (
    Association,
    AuditEntry,
    Consent,
    ImportBatch,
    LegacyCommune,
    Member,
    Ward,
)
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


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


@pytest.fixture
def english_officer(registry_officer):
    """An officer who chose English for the admin (the admin defaults to Vietnamese)."""
    from wagtail.users.models import UserProfile

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


def test_a_messy_list_is_previewed_then_only_the_valid_rows_are_created(
    client, english_officer, association, existing
):
    client.force_login(english_officer)
    before = Member.objects.count()
    response = upload(client, "hoi-hungary.csv", MESSY_CSV.encode("utf-8"), association)
    batch = ImportBatch.objects.get()
    assert response["Location"] == reverse("registry_import_preview", args=[batch.pk])
    assert Member.objects.count() == before  # nothing written before the preview

    preview = client.get(response["Location"]).content.decode()
    assert "“12345” is not a valid phone number." in preview
    assert "Hometown “Xã Không Có Thật” is not a commune or ward of the province." in preview
    assert "Same person as row 5: skipped." in preview
    assert "Already in the registry:" in preview and "Hoàng Văn Bình" in preview
    assert "binh.existing@example.org" not in preview  # officers match by name, not by contact
    assert "+36309998877" not in preview and "30 999 8877" not in preview

    client.post(response["Location"], {"commit": "1"})
    created = Member.objects.filter(source=Member.Source.IMPORT).order_by("full_name")
    assert [m.full_name for m in created] == ["Nguyễn Văn Hùng", "Trần Thị Lan", "Võ Thị Hạnh"]
    assert all(unicodedata.is_normalized("NFC", m.full_name) for m in created)
    hung = created.get(full_name="Nguyễn Văn Hùng")
    assert str(hung.phone) == "+36201234567"
    assert hung.hometown_legacy.name == "Xã Thạch Đài"
    assert hung.city_name == "Budapest" and hung.latitude is not None
    assert association in hung.associations.all()
    assert association in existing.associations.all()  # matched, linked, not duplicated
    assert Member.objects.filter(full_name="Hoàng Văn Bình").count() == 1
    assert Member.objects.count() == before + 3
    # Imported people agreed to nothing on this site: no consent is recorded for them.
    assert not Consent.objects.filter(member__in=created).exists()
    assert not Member.consented_purposes.through.objects.filter(member__in=created).exists()
    entry = AuditEntry.objects.get(action="import", detail__step="commit")
    assert entry.member_id is None and entry.actor == english_officer
    assert entry.detail == {
        "step": "commit",
        "batch": batch.pk,
        "created": 3,
        "updated": 0,
        "matched": 1,
        "skipped": 3,
    }
    assert {s.member_id for s in entry.subjects.all()} == {*(m.pk for m in created), existing.pk}
    batch.refresh_from_db()
    assert (batch.created_count, batch.matched_count, batch.rows) == (3, 1, [])
    # Committing again does nothing.
    client.post(reverse("registry_import_preview", args=[batch.pk]), {"commit": "1"})
    assert Member.objects.filter(source=Member.Source.IMPORT).count() == 3
    assert AuditEntry.objects.filter(action="import", detail__step="commit").count() == 1


def test_an_excel_list_is_read_too(client, registry_officer):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Hội đồng hương Hà Tĩnh tại Nhật Bản"])
    sheet.append([])
    sheet.append(["Full name", "Date of birth", "Hometown", "Country", "City", "Phone", "Note"])
    sheet.append([nfd("Đặng Thị Thu"), 1992.0, "thach dai", "Japan", "Osaka", 819012345678, "x"])
    sheet.append(["Phạm Văn Tư", datetime.datetime(1980, 5, 1), "Thạch Đài", "Nhật Bản", "", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(registry_officer)
    # Named .csv on purpose: a renamed workbook is still read as one.
    response = upload(client, "list.csv", buffer.getvalue())
    batch = ImportBatch.objects.get()
    assert [row["number"] for row in batch.rows] == [4, 5]
    client.post(response["Location"], {"commit": "1"})
    thu, tu = Member.objects.filter(source=Member.Source.IMPORT).order_by("birth_year")[:2][::-1]
    assert thu.full_name == "Đặng Thị Thu" and thu.birth_year == 1992
    assert thu.country.code == "JP" and thu.city_name == "Osaka"
    assert str(thu.phone) == "+819012345678"
    assert tu.birth_year == 1980 and tu.country.code == "JP"


def test_a_file_that_is_not_a_list_gets_a_clear_error_and_stores_nothing(client, english_officer):
    client.force_login(english_officer)
    response = upload(client, "photo.xlsx", b"\x89PNG\r\n\x1a\n not a workbook")
    assert "The file could not be read" in response.content.decode()
    response = upload(client, "list.csv", "Quốc gia;Email\nJapan;a@example.org\n".encode())
    assert "No column of names was found" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_by_the_one_check_in_read_table(
    client, english_officer
):
    """The view reads one byte past MAX_FILE_SIZE and leaves the refusal to `read_table`."""
    client.force_login(english_officer)
    at_limit = b"Ho va ten\n" + b"x" * (MAX_FILE_SIZE - len(b"Ho va ten\n"))
    response = upload(client, "list.csv", at_limit + b"x")
    assert "The file is larger than 5 MB." in response.content.decode()
    assert not ImportBatch.objects.exists()
    with pytest.raises(ImportFileError) as raised:
        read_table("list.csv", at_limit)  # exactly 5 MB: refused only for its 5 MB cell
    with translation.override("en"):
        assert "larger than" not in str(raised.value.message)


def test_errors_are_translated(client, registry_officer):
    client.force_login(registry_officer)
    client.post(
        reverse("registry_import"),
        {"file": SimpleUploadedFile("l.csv", "Họ và tên;Năm sinh\nAn;abc\n".encode())},
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    batch = ImportBatch.objects.get()
    page = client.get(
        reverse("registry_import_preview", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "không phải là năm sinh" in page.content.decode()


def test_an_officer_cannot_open_another_officers_upload(client, registry_officer, administrator):
    from accounts import roles
    from tests.conftest import make_user

    colleague = make_user("colleague@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    client.force_login(colleague)
    upload(client, "l.csv", "Họ và tên\nAn Nguyễn\n".encode())
    batch = ImportBatch.objects.get()
    client.force_login(registry_officer)
    url = reverse("registry_import_preview", args=[batch.pk])
    assert client.get(url, follow=True).status_code == 404
    assert client.post(url, {"commit": "1"}, follow=True).status_code == 404
    assert not Member.objects.filter(full_name="An Nguyễn").exists()
    client.force_login(administrator)
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("persona", ["editor", "registry_viewer"])
def test_only_officers_import(client, request, registry_officer, persona):
    batch = stage(
        "l.csv", "Họ và tên\nAn Nguyễn\n".encode(), actor=registry_officer, association_id=None
    )
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("registry_import")).status_code == 403
    response = upload(client, "l.csv", "Họ và tên\nAn\n".encode())
    assert response.status_code == 403
    preview = reverse("registry_import_preview", args=[batch.pk])
    assert client.get(preview).status_code == 403
    assert client.post(preview, {"commit": "1"}).status_code == 403
    assert client.post(preview, {"discard": "1"}).status_code == 403
    assert list(ImportBatch.objects.all()) == [batch]
    assert not Member.objects.filter(full_name="An Nguyễn").exists()


def test_it_sends_anonymous_visitors_to_log_in(client, registry_officer):
    batch = stage(
        "l.csv", "Họ và tên\nAn Nguyễn\n".encode(), actor=registry_officer, association_id=None
    )
    for url in (reverse("registry_import"), reverse("registry_import_preview", args=[batch.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]
        assert client.post(url, {"commit": "1"}).status_code == 302
    assert not Member.objects.filter(full_name="An Nguyễn").exists()


def test_it_discards_a_list_without_importing_anything(client, registry_officer):
    client.force_login(registry_officer)
    response = upload(client, "l.csv", "Họ và tên\nAn Nguyễn\n".encode())
    before = Member.objects.count()
    response = client.post(response["Location"], {"discard": "1"})
    assert response["Location"] == reverse("registry_import")
    assert not ImportBatch.objects.exists()
    assert Member.objects.count() == before
    assert not AuditEntry.objects.filter(action="import", detail__step="commit").exists()
    assert AuditEntry.objects.filter(action="import", detail__step="discard").count() == 1


def test_it_commits_a_list_once_even_from_two_stale_tabs(registry_officer):
    batch = stage(
        "l.csv", "Họ và tên\nAn Nguyễn\n".encode(), actor=registry_officer, association_id=None
    )
    first_tab, second_tab = (
        ImportBatch.objects.get(pk=batch.pk),
        ImportBatch.objects.get(pk=batch.pk),
    )
    assert commit_batch(first_tab, registry_officer).created == 1
    assert commit_batch(second_tab, registry_officer).created == 0
    assert Member.objects.filter(full_name="An Nguyễn").count() == 1
    assert AuditEntry.objects.filter(action="import", detail__step="commit").count() == 1


def test_a_row_whose_chosen_record_has_gone_since_is_reported_not_guessed(
    client, registry_officer, existing
):
    """The officer said "this is Hoàng Văn Bình, #n"; if #n was deleted meanwhile (perhaps at
    the person's own request), the row is left out and named in the result, not re-created."""
    batch = stage(
        "l.csv",
        "Họ và tên;Năm sinh;Quê quán\nHoàng Văn Bình;1979;Hà Huy Tập\n".encode(),
        actor=registry_officer,
        association_id=None,
    )
    assert results_of(batch)[0].matches == [existing.pk]
    existing.delete()
    outcome = commit_batch(batch, registry_officer)
    assert (outcome.created, outcome.matched) == (0, 0)
    assert not Member.objects.filter(full_name="Hoàng Văn Bình").exists()
    client.force_login(registry_officer)
    result = client.get(reverse("registry_import_preview", args=[batch.pk])).content.decode()
    assert re.search(r"Dòng 2|Row 2", result)


# --- Reading and checking, without the web -------------------------------------------------------


def test_it_numbers_rows_as_the_file_does_below_a_title_and_blank_lines():
    text = (
        "DANH SÁCH HỘI VIÊN;;;\n"
        ";;;\n"
        "STT;Họ;Tên;Ngày sinh;Ghi chú\n"
        "1;Nguyễn;Văn An;12/03/1975;trưởng ban\n"
        ";;;\n"
        "2;Lê Thị;Hoa;năm nào đó;\n"
    )
    rows = read_table("l.csv", text.encode())
    assert [(row.number, row["full_name"]) for row in rows] == [
        (4, "Nguyễn Văn An"),
        (6, "Lê Thị Hoa"),
    ]
    assert all("Ghi chú" not in row and "trưởng ban" not in row.values() for row in rows)
    results = validate_rows(rows, settings.PROVINCE_CODE)
    assert results[0].values["birth_year"] == 1975 and not results[0].errors
    assert results[1].number == 6 and results[1].errors == [("bad_year", {"year": "năm nào đó"})]


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows writes it in code page 1258: a base letter, then the tone mark."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            # "ặ" is "ă" then a dot below: letters with breve, circumflex or horn are in the code
            # page, the five tone marks follow them.
            base, *marks = unicodedata.normalize("NFD", ch)
            tones = "".join(m for m in marks if m in VIETNAMESE_MARKS)
            letter = unicodedata.normalize(
                "NFC", base + "".join(m for m in marks if m not in tones)
            )
            out += letter.encode("cp1258") + tones.encode("cp1258")
    return out


def test_it_reads_the_windows_code_pages_without_mixing_them_up():
    vietnamese = cp1258("Họ và tên;Quê quán\nNguyễn Văn Hùng;Thạch Đài\nĐặng Thị Thu;Cẩm Xuyên\n")
    with pytest.raises(UnicodeDecodeError):
        vietnamese.decode("utf-8")
    rows = read_table("l.csv", vietnamese)
    assert [row["full_name"] for row in rows] == ["Nguyễn Văn Hùng", "Đặng Thị Thu"]
    assert unicodedata.is_normalized("NFC", rows[0]["full_name"])

    western = "Name,Country,City\nJoao Nguyen,Brazil,São Paulo\n".encode("cp1252")
    assert read_table("l.csv", western)[0]["city"] == "São Paulo"  # not "Săo Paulo"


def test_it_reads_excel_unicode_text_with_tabs():
    data = "Họ và tên\tQuốc gia\nTrần Văn Nam\tCH Séc\n".encode("utf-16")
    rows = read_table("l.txt", data)
    assert rows == [{"full_name": "Trần Văn Nam", "country": "CH Séc"}]
    assert validate_rows(rows, settings.PROVINCE_CODE)[0].values["country"] == "CZ"


def test_it_picks_the_delimiter_by_the_header_not_by_counting_commas():
    text = (
        "Họ và tên;Quê quán;Quốc gia;Thành phố\n"
        "Lê Văn Tám;xã Thạch Đài, TP Hà Tĩnh, tỉnh Hà Tĩnh;Séc;Praha\n"
    )
    (row,) = read_table("l.csv", text.encode())
    assert row["hometown"] == "xã Thạch Đài, TP Hà Tĩnh, tỉnh Hà Tĩnh"
    (result,) = validate_rows([row], settings.PROVINCE_CODE)
    assert not result.errors
    assert result.values["legacy"] is not None
    assert result.values["city"] == "Prague" and result.values["latitude"] is not None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"   \n\n", "The file is empty."),
        ("Quốc gia;Email\nNhật;a@example.org\n".encode(), "No column of names was found"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "The file could not be read"),
        (("Họ và tên\n" + "An Nguyễn\n" * 5001).encode(), "more than 5,000 rows"),
        (b"Ho va ten\n" + b"x" * (5 * 1024 * 1024), "larger than 5 MB"),
        (b'Ho va ten\n"' + b"x" * 200_000, "The file could not be read"),
    ],
)
def test_it_refuses_files_it_cannot_import(data, message):
    with pytest.raises(ImportFileError) as raised:
        read_table("list.csv", data)
    with translation.override("en"):
        assert message in str(raised.value.message)


def test_it_accepts_exactly_5000_rows():
    rows = read_table("l.csv", ("Họ và tên\n" + "An Nguyễn\n" * 5000).encode())
    assert len(rows) == 5000 and rows[-1].number == 5001


def test_it_resolves_a_hometown_only_when_it_is_unambiguous():
    rows = [
        {"full_name": "Một", "hometown": "Thạch"},  # a word of dozens of communes
        {"full_name": "Hai", "hometown": "X. Thạch Đài"},  # the old commune, abbreviated
        {"full_name": "Ba", "hometown": "Thạch Hà"},  # today's commune, not the old township
        {"full_name": "Bốn", "hometown": "Nơi Không Có"},
    ]
    one, two, three, four = validate_rows(rows, settings.PROVINCE_CODE)
    assert one.errors == [("ambiguous_hometown", {"name": "Thạch"})]
    assert two.values["legacy"] is not None and not two.errors
    assert three.values["ward"] is not None and three.values["legacy"] is None
    assert four.errors == [("unknown_hometown", {"name": "Nơi Không Có"})]
    assert [r.number for r in (one, two, three, four)] == [2, 3, 4, 5]


def test_it_checks_contacts_countries_and_cities():
    rows = [
        {"full_name": "An", "country": "Đức", "phone": "0151 2345 6789", "email": "A@Example.org"},
        {"full_name": "Bình", "country": "Atlantis", "email": "not-an-email"},
        {"full_name": "Chi", "country": "jp", "city": "Làng Nhỏ Lắm"},
        {"full_name": "", "birth_year": "1850"},
    ]
    an, binh, chi, nobody = validate_rows(rows, settings.PROVINCE_CODE)
    assert an.values["phone"] == "+4915123456789" and an.values["email"] == "a@example.org"
    assert not an.errors
    assert [key for key, _params in binh.errors] == ["unknown_country", "bad_email"]
    assert chi.values["country"] == "JP" and chi.values["city"] == "Làng Nhỏ Lắm"
    assert chi.values["city_geonameid"] is None and not chi.errors  # free text, no coordinates
    assert [key for key, _params in nobody.errors] == ["no_name", "bad_year"]


# --- Decisions, changes, undo, the registry's boundary, lengths and expiry (issue 13) ------------


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
SHARED_ROWS = nfd(
    "Đặng Thu Hà;1988;Thạch Đài;Hungary;Budapest;;hung@example.org\n"  # row 9: row 2's email
    "Phạm Thị Thu;1992;Thạch Đài;Hungary;Budapest;+36 30 999 8877;\n"  # row 10: Bình's phone
    "Lê Văn Tám;1970;Thạch Đài;Hungary;Budapest;;\n"  # row 11: signed up, lives in Szeged
)


@pytest.fixture
def hanh():
    """Imported earlier from another list, without a country or city."""
    return make_member(
        "Võ Thị Hạnh",
        birth_year=1995,
        hometown_ward=hometown("Thạch Đài")[0],
        country="",
        city_name="",
        source=Member.Source.IMPORT,
        consents=(),
    )


@pytest.fixture
def tam():
    """Signed up himself: Szeged is what he told us."""
    return make_member(
        "Lê Văn Tám", birth_year=1970, hometown_ward=hometown("Thạch Đài")[0], city_name="Szeged"
    )


def test_the_messy_file_with_shared_contacts_and_new_data_is_decided_committed_and_undone(
    client, english_officer, association, existing, hanh, tam, member_record
):
    """Acceptance 3 of issue 13. Nhung (who agreed to staff contact) has the phone number row 2
    gives Nguyễn Văn Hùng; Bình (who did not) has the phone row 10 gives Phạm Thị Thu."""
    client.force_login(english_officer)
    response = upload(client, "hoi.csv", (MESSY_CSV + SHARED_ROWS).encode(), association)
    url = response["Location"]
    batch = ImportBatch.objects.get()
    before = {m.pk: services.member_snapshot(m) for m in (existing, hanh, tam, member_record)}
    page = client.get(url).content.decode()

    # What the list says, as the registry will store it.
    hung = row_html(page, 2)
    assert "+36 20 123 4567" in hung  # the normalised phone
    assert "Xã Thạch Đài" in hung and "Phường Hà Huy Tập" in hung  # the ward it resolved to
    assert "Hungary" in hung and "Budapest" in hung
    # Row 2 shares a phone with Nhung, whose contacts the officer may see: named, to decide.
    assert "Nguyễn Thị Hồng Nhung" in hung
    assert "Decide" in hung
    # Row 9 shares row 2's email: a different person, perhaps; the officer decides.
    assert "row 2" in row_html(page, 9) and "Decide" in row_html(page, 9)
    # Row 10 has the phone of a record whose contacts the officer may not see: not named.
    thu = row_html(page, 10)
    assert "may not see" in thu and "Hoàng Văn Bình" not in thu
    assert reverse("registry_member", args=[existing.pk]) not in thu
    assert "Decide" in thu
    # Rows matched by name show what the list would change, old and new, to accept or not.
    assert "Pécs" in row_html(page, 8)
    assert "Szeged" in row_html(page, 11) and "Budapest" in row_html(page, 11)
    assert "binh.existing@example.org" not in page and "+36309998877" not in page

    # Committing before deciding imports nothing and names the rows to decide.
    response = choose(client, url)
    assert response.status_code == 302
    assert not Member.objects.filter(full_name="Đặng Thu Hà").exists()
    assert re.search(r"\b2, 9,? and 10\b|\b2, 9, 10\b", client.get(url).content.decode())

    response = choose(client, url, {2: "new", 9: "new", 10: "new"}, accept={8: ["residence"]})
    assert response.status_code == 302
    imported = Member.objects.filter(source=Member.Source.IMPORT).exclude(pk=hanh.pk)
    assert sorted(m.full_name for m in imported) == sorted(
        ["Nguyễn Văn Hùng", "Trần Thị Lan", "Đặng Thu Hà", "Phạm Thị Thu"]
    )
    assert imported.get(full_name="Đặng Thu Hà").email == "hung@example.org"
    assert imported.get(full_name="Nguyễn Văn Hùng").email == "hung@example.org"
    assert str(imported.get(full_name="Phạm Thị Thu").phone) == "+36309998877"
    hanh.refresh_from_db()
    assert (hanh.country.code, hanh.city_name) == ("HU", "Pécs") and hanh.latitude is not None
    tam.refresh_from_db()
    assert tam.city_name == "Szeged"  # not accepted: his own answer stays
    for record in (existing, tam, member_record):
        record.refresh_from_db()
        assert services.member_snapshot(record) == {
            **before[record.pk],
            "associations": sorted([association.name] if record.pk != member_record.pk else []),
        }

    # After the commit: the records created and updated, each a link to its profile.
    result = client.get(url).content.decode()
    for created in imported:
        assert reverse("registry_member", args=[created.pk]) in result
    assert reverse("registry_member", args=[hanh.pk]) in result
    assert "Undo" in result
    batch.refresh_from_db()
    assert sorted(batch.changes["created"]) == sorted(m.pk for m in imported)
    assert set(batch.changes["updated"]) == {str(hanh.pk)}

    # Undo: created records deleted, updated ones as before, links to the association removed.
    undo = reverse("registry_import_undo", args=[batch.pk])
    assert "4" in client.get(undo).content.decode()
    assert client.post(undo).status_code == 302
    assert not Member.objects.filter(pk__in=[m.pk for m in imported]).exists()
    for record in (existing, hanh, tam, member_record):
        record.refresh_from_db()
        assert services.member_snapshot(record) == before[record.pk]
    batch.refresh_from_db()
    assert batch.undone_at is not None
    assert client.post(undo).status_code == 302  # twice: nothing more happens
    assert AuditEntry.objects.filter(action="import", detail__step="undo").count() == 1


def test_only_the_changes_the_officer_accepts_are_written(client, registry_officer, hanh):
    client.force_login(registry_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Quốc gia;Thành phố;Nghề nghiệp;Đơn vị\n"
    text += "Võ Thị Hạnh;1995;Thạch Đài;Hungary;Pécs;Kỹ sư;Công ty Bánh Mì\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    form = inputs(client.get(url).content.decode())
    # The hometown too: the list names the commune before 2025, the record only today's ward.
    assert {v.split(":")[1] for v in form.offered["accept-2"]} == {
        "hometown",
        "residence",
        "occupation",
        "organisation",
    }
    choose(client, url, accept={2: ["occupation"]})
    hanh.refresh_from_db()
    assert (hanh.occupation, hanh.organisation, hanh.city_name) == ("Kỹ sư", "", "")


def test_taking_a_lists_phone_over_one_the_person_shares_says_what_it_does(
    client, registry_officer, member_record
):
    client.force_login(registry_officer)
    ward = member_record.hometown_ward.name
    text = f"Họ và tên;Năm sinh;Quê quán;Điện thoại\n{member_record.full_name};1990;{ward};"
    text += "+36 30 999 0000\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    row = row_html(client.get(url).content.decode(), 2)
    assert "+36 30 999 0000" in row
    assert "cán bộ sẽ không thấy thông tin mới" in row
    form = inputs(row)
    assert [v for v in form.offered["accept-2"] if v.endswith(":phone")]
    assert not [v for _name, v in form.sent if v.endswith(":phone")]  # not ticked for her


def test_a_change_is_not_written_over_an_edit_made_after_the_officer_looked(
    client, registry_officer, hanh
):
    client.force_login(registry_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Nghề nghiệp\nVõ Thị Hạnh;1995;Thạch Đài;Kỹ sư\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    opened = client.get(url).content.decode()
    hanh.occupation = "Bác sĩ"  # she filled it in herself while the page was open
    services.save_member(hanh, expected_version=hanh.version, actor=None)
    # Reopened, the page shows her answer, and nothing ticked over it.
    row = row_html(client.get(url).content.decode(), 2)
    assert "Bác sĩ" in row and not [
        name for name, value in inputs(row).sent if value.endswith(":occupation")
    ]
    # The page opened before her change cannot write over it.
    choose(client, url, accept={2: ["occupation"]}, page=opened)
    hanh.refresh_from_db()
    assert hanh.occupation == "Bác sĩ"
    result = client.get(url).content.decode()
    assert "đã bị sửa sau khi bạn xem" in result
    assert reverse("registry_member", args=[hanh.pk]) in result


def test_a_match_by_a_contact_the_officer_may_not_see_names_nobody(
    client, english_officer, association, private_record
):
    """Trần Văn Bình refused staff contact: a list with his email or phone under another name
    must not tell the officer whose they are, nor change his record."""
    client.force_login(english_officer)
    text = "Họ và tên;Năm sinh;Email;Điện thoại\n"
    text += "Ngô Thị Khách;1960;bob@example.org;\nNgô Văn Lạ;1961;;+81 3 1234 5678\n"
    url = upload(client, "l.csv", text.encode(), association)["Location"]
    before = services.member_snapshot(private_record)
    page = client.get(url).content.decode()
    for row in (2, 3):
        assert "may not see" in row_html(page, row)
    assert private_record.full_name not in page
    assert reverse("registry_member", args=[private_record.pk]) not in page
    assert "Osaka" not in page and "1978" not in page
    assert "+81312345678" not in page and "bob@example.org" not in page  # not even echoed

    choose(client, url, {2: "same", 3: "new"})
    private_record.refresh_from_db()
    assert services.member_snapshot(private_record) == before  # no association, no data
    assert list(
        Member.objects.filter(source=Member.Source.IMPORT).values_list("full_name", flat=True)
    ) == ["Ngô Văn Lạ"]
    result = client.get(url).content.decode()
    assert private_record.full_name not in result
    assert reverse("registry_member", args=[private_record.pk]) not in result


@pytest.mark.parametrize(
    ("email", "phone"),
    [("bob@example.org", "+81312345678"), ("other@example.org", "+81 3 9999 0000")],
)
def test_a_named_match_never_tells_whether_a_contact_it_hides_differs(
    client, english_officer, private_record, email, phone
):
    client.force_login(english_officer)
    ward = private_record.hometown_ward.name
    text = "Họ và tên;Năm sinh;Quê quán;Email;Điện thoại\n"
    text += f"Trần Văn Bình;1978;{ward};{email};{phone}\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    row = row_html(client.get(url).content.decode(), 2)
    assert "Already in the registry" in row and "not used" in row
    offered = inputs(row).offered.get("accept-2", [])
    assert not [v for v in offered if v.endswith((":email", ":phone"))]
    # Beyond the row's own values (the officer's file), nothing of his contacts, the same words
    # whether the list's match his or not.
    verdict = re.sub(r'<dl class="import-row__facts">.*?</dl>', "", row, flags=re.DOTALL)
    assert "bob@example.org" not in verdict and "+81" not in verdict and "1234" not in verdict
    assert "other@example.org" not in verdict and "9999" not in verdict


def test_sign_ups_that_never_reached_the_registry_are_not_matched(client, english_officer, member):
    unfinished = Member.objects.create(
        full_name="Lê Văn Chưa Xong", user=member, birth_year=1980, email="alice@example.org"
    )
    client.force_login(english_officer)
    text = "Họ và tên;Năm sinh;Email\nLê Văn Chưa Xong;1980;alice@example.org\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    assert results_of(ImportBatch.objects.get())[0].matches == []
    page = client.get(url).content.decode()
    assert "Already in the registry" not in page and "may not see" not in page
    choose(client, url)
    assert Member.objects.filter(full_name="Lê Văn Chưa Xong").count() == 2
    unfinished.refresh_from_db()
    assert unfinished.source == Member.Source.SIGN_UP and unfinished.profile_completed_at is None


def test_every_step_of_an_import_is_audited_without_personal_values(
    client, registry_officer, association, existing
):
    client.force_login(registry_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Email;Điện thoại;Đơn vị\n"
    text += "Hoàng Văn Bình;1979;Hà Huy Tập;binh.existing@example.org;;Nhà hàng Phở Bình\n"
    text += "Lý Thị Quyên;1999;Thạch Đài;quyen@example.org;+36 70 555 1234;\n"

    def steps() -> list[str]:
        return list(
            AuditEntry.objects.filter(action="import")
            .order_by("pk")
            .values_list("detail__step", flat=True)
        )

    url = upload(client, "Danh sách Lý Thị Quyên.csv", text.encode(), association)["Location"]
    assert steps() == ["upload"]
    upload_entry = AuditEntry.objects.get(detail__step="upload")
    assert existing.pk in {s.member_id for s in upload_entry.subjects.all()}  # the match
    client.get(url)
    assert steps() == ["upload", "preview"]
    client.post(url, {"discard": "1"})
    assert steps() == ["upload", "preview", "discard"]

    url = upload(client, "Danh sách Lý Thị Quyên.csv", text.encode(), association)["Location"]
    choose(client, url)
    batch = ImportBatch.objects.get()
    client.post(reverse("registry_import_undo", args=[batch.pk]))
    assert steps()[-2:] == ["commit", "undo"]
    assert all(e.actor == registry_officer for e in AuditEntry.objects.filter(action="import"))
    # No name, email, phone or file name anywhere in the audit.
    everything = json.dumps(list(AuditEntry.objects.values_list("detail", flat=True)))
    everything = everything.encode().decode("unicode_escape")
    for personal in (
        "Hoàng Văn Bình",
        "Lý Thị Quyên",
        "binh.existing@example.org",
        "quyen@example.org",
        "+36705551234",
        "70 555 1234",
        "Phở Bình",
        "Danh sách",
    ):
        assert personal not in everything


# Columns of a list and the record's fields they are written to: each value is checked against
# the field's own limit, read from the model.
COLUMNS = {
    "Họ và tên": "full_name",
    "Tên khác": "other_names",
    "Thôn/xóm": "hometown_village",
    "Thành phố": "city_name",
    "Nghề nghiệp": "occupation",
    "Đơn vị": "organisation",
    "Email": "email",
}


def text_of_length(column: str, length: int) -> str:
    if COLUMNS[column] != "email":
        return "ễ" * length
    # A valid address: 64 characters before the @, labels of at most 63 after it.
    rest = length - len("a" * 64 + "@" + ".com")
    labels = []
    while rest > 0:
        size = min(63, rest)
        if rest - size == 1:  # no room for a dot and a letter after it
            size -= 1
        labels.append("b" * size)
        rest -= size + 1
    address = "a" * 64 + "@" + ".".join(labels) + ".com"
    from django.core.validators import validate_email

    validate_email(address)
    assert len(address) == length
    return address


def test_values_longer_than_their_column_are_errors_at_preview_not_500s_at_commit(
    client, english_officer
):
    limits = {column: Member._meta.get_field(name).max_length for column, name in COLUMNS.items()}
    header = ";".join(COLUMNS)
    lines = []
    for column in COLUMNS:  # rows 2…8: one value one character too long
        cells = {c: text_of_length(c, 10) if c == "Họ và tên" else "" for c in COLUMNS}
        cells[column] = text_of_length(column, limits[column] + 1)
        lines.append(";".join(cells.values()))
    lines.append(";".join(text_of_length(c, limits[c]) for c in COLUMNS))  # row 9: all full
    lines.append(";".join([text_of_length("Email", 300) if c == "Email" else "" for c in COLUMNS]))
    lines[-1] = "Trần Thư;" + lines[-1].split(";", 1)[1]  # row 10: a 300-character email
    client.force_login(english_officer)
    url = upload(client, "l.csv", "\n".join([header, *lines]).encode())["Location"]
    page = client.get(url).content.decode()
    for number, column in enumerate(COLUMNS, start=2):
        row = row_html(page, number)
        with translation.override("en"):
            label = str(Member._meta.get_field(COLUMNS[column]).verbose_name)
        assert label.lower() in row.lower(), (column, row)
        assert f"{limits[column] + 1} characters" in row and f"at most {limits[column]}" in row
    assert "300 characters" in row_html(page, 10)
    assert "0 errors" not in page
    assert choose(client, url).status_code == 302
    (full,) = Member.objects.filter(source=Member.Source.IMPORT)
    assert len(full.full_name) == limits["Họ và tên"] and len(full.email) == limits["Email"]


def test_a_staged_list_expires_after_import_staged_hours(client, registry_officer, settings):
    settings.IMPORT_STAGED_HOURS = 48
    client.force_login(registry_officer)
    url = upload(client, "l.csv", "Họ và tên\nAn Nguyễn\n".encode())["Location"]
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=49)
    )
    response = client.post(url, {"commit": "1"})
    assert response["Location"] == reverse("registry_import")
    assert not ImportBatch.objects.exists()
    assert not Member.objects.filter(full_name="An Nguyễn").exists()
    assert "48" in client.get(response["Location"]).content.decode()
    assert client.get(url, follow=True).status_code == 404


def test_expire_imports_deletes_only_lists_staged_too_long_ago(registry_officer, settings):
    settings.IMPORT_STAGED_HOURS = 2
    now = timezone.now()

    def staged(hours_ago: float, committed: bool = False) -> ImportBatch:
        batch = stage(
            "l.csv", "Họ và tên\nAn Nguyễn\n".encode(), actor=registry_officer, association_id=None
        )
        if committed:
            commit_batch(batch, registry_officer)
        ImportBatch.objects.filter(pk=batch.pk).update(
            created_at=now - datetime.timedelta(hours=hours_ago)
        )
        return batch

    old, fresh, done = staged(3), staged(1), staged(30, committed=True)
    out = io.StringIO()
    call_command("expire_imports", stdout=out)
    assert set(ImportBatch.objects.values_list("pk", flat=True)) == {fresh.pk, done.pk}
    assert "1" in out.getvalue()
    assert expire_staged_batches() == 0
    assert not ImportBatch.objects.filter(pk=old.pk).exists()


def test_import_staged_hours_must_be_a_positive_number(monkeypatch):
    from config.env import envint

    monkeypatch.setenv("IMPORT_STAGED_HOURS", "0")
    with pytest.raises(ImproperlyConfigured, match="IMPORT_STAGED_HOURS"):
        envint("IMPORT_STAGED_HOURS", 48, minimum=1)
    monkeypatch.setenv("IMPORT_STAGED_HOURS", "12")
    assert envint("IMPORT_STAGED_HOURS", 48, minimum=1) == 12


def test_undo_is_refused_while_a_record_it_touched_has_changed_since(client, english_officer, hanh):
    client.force_login(english_officer)
    text = "Họ và tên;Năm sinh;Quê quán;Nghề nghiệp\n"
    text += "Võ Thị Hạnh;1995;Thạch Đài;Kỹ sư\nMai Văn Mới;1990;Thạch Đài;Thợ mộc\n"
    url = upload(client, "l.csv", text.encode())["Location"]
    choose(client, url, accept={2: ["occupation"]})
    new = Member.objects.get(full_name="Mai Văn Mới")
    new.occupation = "Thợ điện"  # an officer corrected the new record
    services.save_member(new, expected_version=new.version, actor=english_officer, staff=True)
    batch = ImportBatch.objects.get()
    undo = reverse("registry_import_undo", args=[batch.pk])
    page = client.get(undo).content.decode()
    assert "Mai Văn Mới" in page and "changed since" in page
    client.post(undo)
    batch.refresh_from_db()
    hanh.refresh_from_db()
    assert batch.undone_at is None
    assert Member.objects.filter(pk=new.pk).exists() and hanh.occupation == "Kỹ sư"
    assert not AuditEntry.objects.filter(detail__step="undo").exists()
