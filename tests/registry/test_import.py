"""Importing an association's member list: preview with per-row errors, matching, one commit."""

import datetime
import io
import re
import unicodedata

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from registry.importing.checking import validate_rows
from registry.importing.committing import commit_batch
from registry.importing.reading import MAX_FILE_SIZE, VIETNAMESE_MARKS, ImportFileError, read_table
from registry.importing.results import results_of
from registry.importing.staging import stage
from registry.models import (
    AuditEntry,
    Consent,
    ImportBatch,
    Member,
)
from tests.registry.conftest import MESSY_CSV, nfd, upload

pytestmark = pytest.mark.django_db


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
