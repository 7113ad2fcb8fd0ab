"""Committing a large list on the worker (issue 17): the officer's page follows the commit and
then shows what it did, as after a commit within the request; still all rows or none."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from registry.importing.staging import expire_staged_batches
from registry.models import AuditEntry, ImportBatch, Member
from tests.registry.conftest import MESSY_CSV, SHARED_ROWS, upload
from tests.workers import run_tasks_in_this_transaction

pytestmark = pytest.mark.django_db

State = ImportBatch.CommitState


@pytest.fixture(autouse=True)
def small_limit(settings):
    """Lists of more than one row count as large here."""
    settings.IMPORT_IN_REQUEST_MAX = 1


def staged(client, officer, content=MESSY_CSV) -> str:
    client.force_login(officer)
    return upload(client, "hoi.csv", content.encode("utf-8"))["Location"]


def test_the_page_follows_the_commit_on_the_worker_then_shows_what_it_did(
    client, english_officer, database_queue
):
    url = staged(client, english_officer)
    batch = ImportBatch.objects.get()
    assert client.post(url, {"commit": "1"})["Location"] == url
    batch.refresh_from_db()
    assert batch.commit_state == State.WAITING and batch.committed_at is None
    assert not Member.objects.filter(source=Member.Source.IMPORT).exists()

    waiting = client.get(url).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert "It is being imported in the background, all rows at once or none" in waiting
    # Meanwhile nothing the page could send changes the list.
    assert client.post(url, {"discard": "1"})["Location"] == url
    assert ImportBatch.objects.filter(pk=batch.pk).exists()

    run_tasks_in_this_transaction()
    done = client.get(url).content.decode()
    assert 'http-equiv="refresh"' not in done
    assert "4 records created" in done
    assert Member.objects.filter(source=Member.Source.IMPORT).count() == 4
    entry = AuditEntry.objects.get(action="import", detail__step="commit")
    assert entry.actor == english_officer and entry.detail["created"] == 4
    batch.refresh_from_db()
    assert batch.commit_state == "" and batch.committed_at is not None


def test_with_the_immediate_queue_the_result_shows_at_once(client, english_officer):
    url = staged(client, english_officer)
    response = client.post(url, {"commit": "1"}, follow=True)
    assert "4 records created" in response.content.decode()
    assert ImportBatch.objects.get().created_count == 4


def test_rows_to_decide_are_told_at_once_and_nothing_is_queued(
    client, english_officer, member_record, database_queue
):
    url = staged(client, english_officer, MESSY_CSV + SHARED_ROWS)
    response = client.post(url, {"commit": "1"}, follow=True)
    assert "first: nothing was imported" in response.content.decode()
    assert ImportBatch.objects.get().commit_state == ""


def test_a_failed_commit_imports_nothing_and_says_so(client, english_officer, database_queue):
    url = staged(client, english_officer)
    client.post(url, {"commit": "1"})
    english_officer.groups.remove(Group.objects.get(name=roles.REGISTRY_OFFICERS))
    run_tasks_in_this_transaction()  # the officer may no longer import: the commit is refused
    assert ImportBatch.objects.get().commit_state == State.FAILED
    assert not Member.objects.filter(source=Member.Source.IMPORT).exists()

    english_officer.groups.add(Group.objects.get(name=roles.REGISTRY_OFFICERS))
    page = client.get(url).content.decode()
    assert "The import could not be completed, so nothing was imported." in page
    assert ImportBatch.objects.get().commit_state == ""  # the preview again, to import again
    client.post(url, {"commit": "1"})
    run_tasks_in_this_transaction()
    assert Member.objects.filter(source=Member.Source.IMPORT).count() == 4


def test_a_list_waiting_for_the_worker_is_not_expired_under_it(
    client, english_officer, database_queue
):
    url = staged(client, english_officer)
    client.post(url, {"commit": "1"})
    ImportBatch.objects.update(created_at=timezone.now() - datetime.timedelta(hours=72))
    assert expire_staged_batches() == 0
    assert "It is being imported" in client.get(url).content.decode()
    run_tasks_in_this_transaction()
    assert ImportBatch.objects.get().committed_at is not None
