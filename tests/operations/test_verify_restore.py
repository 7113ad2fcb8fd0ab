"""`manage.py verify_restore`: a fingerprint written before a backup tells a faithful restore
from one that lost or changed something, and holds nothing personal."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.models import Page

from cms.models import NewsArticlePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def document() -> Iterator[Any]:
    """A document whose file is in MEDIA_ROOT (as the demo pages' pictures are)."""
    document = get_document_model().objects.create(
        title="Báo cáo", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )
    yield document
    document.file.storage.delete(document.file.name)


@pytest.fixture
def fingerprint(tmp_path: Path, site_pages, member_record, document) -> Path:
    path = tmp_path / "fingerprint.json"
    call_command("verify_restore", "--write", str(path))
    return path


def test_an_unchanged_database_matches_its_fingerprint(fingerprint, capsys):
    call_command("verify_restore", "--against", str(fingerprint))
    out = capsys.readouterr().out
    assert "matches the backup" in out and "1 members" in out and "every file present" in out


def test_a_changed_record_is_a_difference(fingerprint, member_record):
    member_record.city_name = "Debrecen"
    member_record.save()
    with pytest.raises(CommandError, match="differs"):
        call_command("verify_restore", "--against", str(fingerprint))


def test_a_lost_page_is_a_difference(fingerprint, capsys):
    NewsArticlePage.objects.live().filter(locale__language_code="en").first().unpublish()
    with pytest.raises(CommandError):
        call_command("verify_restore", "--against", str(fingerprint))
    assert "counts.pages_live" in capsys.readouterr().err


def test_a_missing_file_is_a_difference(fingerprint, document, capsys):
    document.file.storage.delete(document.file.name)
    with pytest.raises(CommandError):
        call_command("verify_restore", "--against", str(fingerprint))
    assert "files missing: 1 of wagtaildocs.Document.file" in capsys.readouterr().err
    call_command("verify_restore", "--against", str(fingerprint), "--skip-files")


def test_the_fingerprint_holds_no_personal_value(fingerprint, member_record):
    text = fingerprint.read_text(encoding="utf-8")
    phone = str(member_record.phone)
    for value in (member_record.full_name, member_record.email, phone, phone[3:], "Budapest"):
        assert value not in text
    assert json.loads(text)["counts"]["members"] == 1


def test_a_dump_in_the_same_snapshot_needs_postgresql(tmp_path):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the restore drill dumps for real")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("verify_restore", "--write", str(tmp_path / "f.json"), "--dump", "x.dump")


def test_unpublished_root_and_drafts_do_not_count_as_live(fingerprint):
    counts = json.loads(fingerprint.read_text(encoding="utf-8"))["counts"]["pages_live"]
    assert (
        counts["vi"] == Page.objects.live().filter(locale__language_code="vi", depth__gt=1).count()
    )


def test_a_file_missing_before_the_backup_is_not_the_restores_fault(document, tmp_path):
    document.file.storage.delete(document.file.name)
    path = tmp_path / "fingerprint.json"
    call_command("verify_restore", "--write", str(path))
    assert json.loads(path.read_text())["missing_files"] == {"wagtaildocs.Document.file": 1}
    call_command("verify_restore", "--against", str(path))
