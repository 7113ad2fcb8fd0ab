"""Importing an association's member list: preview with per-row errors, matching, one commit."""

import io
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from registry.models import Association, AuditEntry, ImportBatch, Member
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


@pytest.fixture
def existing():
    return make_member("Hoàng Văn Bình", birth_year=1979, email="binh.existing@example.org")


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
    assert AuditEntry.objects.filter(action="import").count() == 1
    batch.refresh_from_db()
    assert (batch.created_count, batch.matched_count, batch.rows) == (3, 1, [])
    # Committing again does nothing.
    client.post(reverse("registry_import_preview", args=[batch.pk]), {"commit": "1"})
    assert Member.objects.filter(source=Member.Source.IMPORT).count() == 3


def test_an_excel_list_is_read_too(client, registry_officer):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "Birth year", "Hometown", "Country", "City"])
    sheet.append(["Đặng Thị Thu", 1992, "thach dai", "Japan", "Osaka"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    client.force_login(registry_officer)
    response = upload(client, "list.xlsx", buffer.getvalue())
    client.post(response["Location"], {"commit": "1"})
    member = Member.objects.get(source=Member.Source.IMPORT)
    assert member.full_name == "Đặng Thị Thu"
    assert member.country.code == "JP" and member.city_name == "Osaka"


def test_a_file_that_is_not_a_list_gets_a_clear_error_and_stores_nothing(client, english_officer):
    client.force_login(english_officer)
    response = upload(client, "photo.xlsx", b"\x89PNG\r\n\x1a\n not a workbook")
    assert "The file could not be read" in response.content.decode()
    response = upload(client, "list.csv", "Quốc gia;Email\nJapan;a@example.org\n".encode())
    assert "No column of names was found" in response.content.decode()
    assert not ImportBatch.objects.exists()


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
def test_only_officers_import(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("registry_import")).status_code == 403
    response = upload(client, "l.csv", "Họ và tên\nAn\n".encode())
    assert response.status_code == 403
    assert not ImportBatch.objects.exists()
