"""Elasticsearch goes down: staff search keeps answering from the database, no change is lost,
and once it is back the outbox catches up and the index matches the database again."""

import os
import shutil
import tempfile
import uuid

import pytest
from django.core.management import call_command

from registry.models import Member
from registry.services.records import erase_member, save_member, verify_member
from search import elastic
from search.engine import elasticsearch_client
from search.models import IndexTask
from search.query import RegistryQuery
from search.services import search_members
from tests.conftest import make_member
from tests.search_engine import free_port, start_noida, stop_noida

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_noida(settings):
    """A stand-in of this test's own, so that stopping it disturbs no other test."""
    if os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("stops and restarts the local stand-in; a shared server is not stopped")
    port, data_dir = free_port(), tempfile.mkdtemp(prefix="noida-outage-")
    settings.ELASTICSEARCH_URL = f"http://127.0.0.1:{port}"
    settings.SEARCH_INDEX = f"outage-{uuid.uuid4().hex[:8]}"
    state = {"process": start_noida(port, data_dir)}

    class Server:
        def stop(self):
            stop_noida(state["process"])

        def start(self):
            state["process"] = start_noida(port, data_dir)

    yield Server()
    stop_noida(state["process"])
    shutil.rmtree(data_dir, ignore_errors=True)


def test_search_survives_an_outage_and_the_index_catches_up(
    own_noida, registry_officer, django_capture_on_commit_callbacks, capsys
):
    with django_capture_on_commit_callbacks(execute=True):
        kept = make_member("Nguyễn Văn An", birth_year=1980, country="HU")
        edited = make_member("Trần Thị Bình", birth_year=1985, country="HU")
        deleted = make_member("Lê Văn Cường", birth_year=1970, country="HU")
        erased = make_member("Phạm Thị Dung", birth_year=1990, country="HU")
    client = elasticsearch_client()
    elastic.rebuild(client)
    assert not IndexTask.objects.exists()  # applied right after each commit
    assert search_members(RegistryQuery(text="nguyen")).engine == "elasticsearch"

    own_noida.stop()
    with django_capture_on_commit_callbacks(execute=True):
        edited.occupation = "Bác sĩ"
        save_member(edited, expected_version=edited.version, actor=registry_officer)
        erase_member(Member.objects.get(pk=deleted.pk), actor=registry_officer, by_member=False)
        erase_member(Member.objects.get(pk=erased.pk), actor=None, by_member=True)
        verify_member(kept, actor=registry_officer, method="call")
    assert IndexTask.objects.count() >= 3  # waiting, not lost

    result = search_members(RegistryQuery(countries=["HU"]))
    assert result.fallback and result.engine == "database"
    assert set(result.ids) == {kept.pk, edited.pk}
    assert search_members(RegistryQuery(text="bac si")).ids == [edited.pk]

    own_noida.start()
    call_command("search_index", "drain")
    assert not IndexTask.objects.exists()
    call_command("search_index", "verify")
    assert "No drift" in capsys.readouterr().out
    result = search_members(RegistryQuery(countries=["HU"]))
    assert result.engine == "elasticsearch" and not result.fallback
    assert set(result.ids) == {kept.pk, edited.pk}
    assert search_members(RegistryQuery(text="bac si")).ids == [edited.pk]
