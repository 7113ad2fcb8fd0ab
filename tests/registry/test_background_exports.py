"""Exports too large for a request (issue 17): the worker writes the file while the officer's
page shows its progress, then the officer — only they — downloads it; audited as an export
written at once is, and deleted after EXPORT_KEEP_HOURS."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from registry.exporting import write_export
from registry.models import AuditEntry, Export, Member
from registry.tasks import delete_expired_exports
from tests.conftest import make_member, make_user, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_limit(settings, tmp_path):
    """Three members count as large here; files go to a folder of the test's own."""
    settings.EXPORT_IN_REQUEST_MAX = 2
    settings.PRIVATE_MEDIA_ROOT = tmp_path


@pytest.fixture
def people():
    return [
        make_member(
            "Lê Thị Thu",
            country="JP",
            email="thu@example.org",
            consents=("registry", "staff-contact"),
        ),
        make_member("Hà Thị Yến", country="JP", email="yen@example.org"),
        make_member("Trần Văn Nam", country="JP"),
    ]


def ask(client, **fields):
    return client.post(
        reverse("registry_search_export"), {"query": "country=JP", "format": "csv", **fields}
    )


def csv_rows(content: bytes):
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def test_a_large_export_is_written_in_the_background_then_downloaded(
    client, registry_officer, people
):
    client.force_login(registry_officer)
    response = ask(client, column=["full_name", "email"])
    export = Export.objects.get()
    status_url = reverse("registry_export_status", args=[export.pk])
    assert response.status_code == 302 and response["Location"] == status_url

    # The test suite's queue runs the job at once: the page says the file is ready.
    page = client.get(status_url).content.decode()
    assert 'http-equiv="refresh"' not in page
    download_url = reverse("registry_export_download", args=[export.pk])
    assert download_url in page
    download = client.get(download_url)
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    assert re.search(r'filename=".*_nhat-ban_.*\.csv"', download["Content-Disposition"])
    rows = csv_rows(b"".join(download.streaming_content))
    assert rows[1:] == [
        ["Hà Thị Yến", ""],  # no consent to staff contact: the address is not given
        ["Lê Thị Thu", "thu@example.org"],
        ["Trần Văn Nam", ""],
    ]
    export.refresh_from_db()
    assert (export.status, export.written, export.member_ids) == ("done", 3, [])


def test_it_is_audited_exactly_as_an_export_written_at_once(
    client, registry_officer, people, settings
):
    client.force_login(registry_officer)
    fields = {"format": "xlsx", "column": ["full_name", "email"]}
    ask(client, **fields)
    settings.EXPORT_IN_REQUEST_MAX = 100
    assert ask(client, **fields).status_code == 200  # written at once
    later, now = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).order_by("pk")
    assert later.detail == now.detail
    assert later.actor == now.actor == registry_officer
    subjects = [sorted(e.subjects.values_list("member_id", flat=True)) for e in (later, now)]
    assert subjects[0] == subjects[1] == sorted(m.pk for m in people)


def test_an_excel_file_is_written_too(client, registry_officer, people):
    client.force_login(registry_officer)
    ask(client, format="xlsx")
    export = Export.objects.get()
    download = client.get(reverse("registry_export_download", args=[export.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    assert sheet.max_row == 4


def test_small_exports_are_still_written_at_once(client, registry_officer, people):
    client.force_login(registry_officer)
    response = ask(client, scope="chosen", member=[people[0].pk])
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert not Export.objects.exists()


def test_the_members_list_export_goes_to_the_worker_too(client, registry_officer, people):
    client.force_login(registry_officer)
    response = client.post(reverse("registry_export"), {"format": "csv"})
    export = Export.objects.get()
    assert response["Location"] == reverse("registry_export_status", args=[export.pk])
    assert export.status == "done" and export.written == 3


def waiting_export(user, **fields) -> Export:
    return Export.objects.create(
        requested_by=user,
        file_format="csv",
        columns=["full_name"],
        language="vi",
        filename="members_2026-01-01.csv",
        **fields,
    )


def test_the_page_refreshes_itself_and_shows_progress_while_the_file_is_written(
    client, registry_officer
):
    client.force_login(registry_officer)
    export = waiting_export(registry_officer, status="running", total=10, written=4)
    page = client.get(reverse("registry_export_status", args=[export.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert '<progress max="10" value="4">' in page
    assert reverse("registry_export_download", args=[export.pk]) not in page
    download = client.get(reverse("registry_export_download", args=[export.pk]))
    assert download["Location"] == reverse("registry_export_status", args=[export.pk])


def test_nobody_else_can_see_or_fetch_an_officers_export(
    client, registry_officer, administrator, people
):
    client.force_login(registry_officer)
    ask(client)
    export = Export.objects.get()
    colleague = make_user("colleague@example.org", groups=(roles.REGISTRY_OFFICERS,), mfa=True)
    for other in (colleague, administrator):
        client.force_login(other)
        for name in ("registry_export_status", "registry_export_download"):
            # (A 404 outside the language prefixes takes one hop through /vi/ first.)
            assert client.get(reverse(name, args=[export.pk]), follow=True).status_code == 404
        listed = client.get(reverse("registry_exports"), follow=True).content.decode()
        assert export.filename not in listed


def test_the_job_does_its_work_once(registry_officer, people):
    export = waiting_export(registry_officer, member_ids=[m.pk for m in people], total=3)
    write_export.enqueue(export.pk)
    write_export.enqueue(export.pk)  # run again: done already
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_a_job_stopped_half_way_starts_its_file_over(registry_officer, people, tmp_path):
    """A worker that stopped leaves the export "running" and a partial file: the next run
    writes the whole file again, and audits it once."""
    export = waiting_export(
        registry_officer, member_ids=[m.pk for m in people], total=3, status="running"
    )
    partial = tmp_path / "exports" / f"{export.pk}-partial.csv"
    partial.parent.mkdir()
    partial.write_text("half")
    Export.objects.filter(pk=export.pk).update(path=f"exports/{partial.name}")
    write_export.enqueue(export.pk)
    export.refresh_from_db()
    assert not partial.exists()
    assert (export.status, export.written) == ("done", 3)
    assert len(csv_rows((tmp_path / export.path).read_bytes())) == 4
    assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_members_deleted_since_are_left_out_and_a_lost_permission_stops_it(
    registry_officer, people
):
    ids = [m.pk for m in people]
    export = waiting_export(registry_officer, member_ids=ids, total=3)
    Member.objects.filter(pk=ids[0]).delete()
    write_export.enqueue(export.pk)
    export.refresh_from_db()
    assert export.written == 2

    refused = waiting_export(registry_officer, member_ids=ids, total=3)
    registry_officer.groups.remove(Group.objects.get(name=roles.REGISTRY_OFFICERS))
    write_export.enqueue(refused.pk)
    refused.refresh_from_db()
    assert refused.status == "failed"


def test_files_are_deleted_after_the_hours_they_are_kept(
    client, registry_officer, people, tmp_path
):
    client.force_login(registry_officer)
    ask(client)
    export = Export.objects.get()
    assert (tmp_path / export.path).exists()
    assert delete_expired_exports.enqueue().return_value == 0
    Export.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert delete_expired_exports.enqueue().return_value == 1
    assert not (tmp_path / export.path).exists()
    assert not Export.objects.exists()


def test_the_list_of_ones_exports_costs_the_same_queries_however_many(client, registry_officer):
    client.force_login(registry_officer)
    waiting_export(registry_officer, status="done", total=1, written=1)
    url = reverse("registry_exports")
    one = queries_for(client, url)
    for _n in range(5):
        waiting_export(registry_officer, status="done", total=1, written=1)
    assert queries_for(client, url) == one
    page = client.get(url).content.decode()
    assert page.count(reverse("registry_export_download", args=[Export.objects.first().pk])) == 1


def test_one_still_being_written_gets_twice_as_long(registry_officer):
    running = waiting_export(registry_officer, status="running")
    hours_ago = lambda hours: timezone.now() - datetime.timedelta(hours=hours)  # noqa: E731
    Export.objects.filter(pk=running.pk).update(created_at=hours_ago(30))
    assert delete_expired_exports.enqueue().return_value == 0
    Export.objects.filter(pk=running.pk).update(created_at=hours_ago(49))  # stuck
    assert delete_expired_exports.enqueue().return_value == 1
