"""Importing a list: values longer than their column are row errors, and a list staged too long
expires (issue 13)."""

import datetime
import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from registry.importing.committing import commit_batch
from registry.importing.staging import expire_staged_batches, stage
from registry.models import (
    ImportBatch,
    Member,
)
from tests.registry.conftest import choose, row_html, upload

pytestmark = pytest.mark.django_db


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
