"""`search_index rebuild` fills a new index behind the alias: searches never fail meanwhile."""

import threading
import uuid

import pytest
from django.core.management import CommandError, call_command
from elasticsearch import Elasticsearch

from registry.demo.members import generate_members
from search import elastic
from search.query import RegistryQuery

pytestmark = pytest.mark.django_db


def test_searches_keep_answering_during_a_rebuild(elasticsearch_url, settings, capsys):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX = f"rebuild-{uuid.uuid4().hex[:8]}"
    generate_members(300, seed=11)  # the outbox applies nothing: no commit inside the test
    client = Elasticsearch(elasticsearch_url, request_timeout=10)
    call_command("search_index", "rebuild")
    first = client.indices.get_alias(name=settings.SEARCH_INDEX)
    totals, errors = [], []
    done = threading.Event()

    def keep_searching():
        while not done.is_set():
            try:
                totals.append(elastic.search(client, RegistryQuery(text="nguyen")).total)
            except Exception as error:  # noqa: BLE001 - the test counts every failure
                errors.append(error)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        call_command("search_index", "rebuild")
    finally:
        done.set()
        searcher.join()
    assert not errors
    assert len(totals) > 1 and len(set(totals)) == 1  # the same answer before, during, after
    second = client.indices.get_alias(name=settings.SEARCH_INDEX)
    assert set(first) != set(second)  # a new index took over, the old one is gone
    assert not client.indices.exists(index=list(first)[0])
    assert "Indexed 300 members" in capsys.readouterr().out
    elastic.drop(client)


def test_a_rebuilt_index_has_the_configured_shards_and_replicas(elasticsearch_url, settings):
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX = f"rebuild-{uuid.uuid4().hex[:8]}"
    settings.SEARCH_INDEX_SHARDS, settings.SEARCH_INDEX_REPLICAS = 2, 0
    client = Elasticsearch(elasticsearch_url, request_timeout=10)
    call_command("search_index", "rebuild")
    try:
        [index] = client.indices.get_alias(name=settings.SEARCH_INDEX)
        created = client.indices.get_settings(index=index)[index]["settings"]["index"]
        assert (created["number_of_shards"], created["number_of_replicas"]) == ("2", "0")
    finally:
        elastic.drop(client)


def test_an_index_built_by_an_earlier_version_is_reported_until_rebuilt(
    elasticsearch_url, settings, capsys, monkeypatch
):
    """An upgrade that changes the mappings needs a rebuild: status and verify say so."""
    settings.ELASTICSEARCH_URL = elasticsearch_url
    settings.SEARCH_INDEX = f"mapping-{uuid.uuid4().hex[:8]}"
    client = Elasticsearch(elasticsearch_url, request_timeout=10)
    monkeypatch.setattr(elastic, "MAPPING_VERSION", elastic.MAPPING_VERSION - 1)
    monkeypatch.setitem(elastic.MAPPINGS, "_meta", {"version": elastic.MAPPING_VERSION})
    call_command("search_index", "rebuild")  # as the earlier version built it
    monkeypatch.undo()
    try:
        call_command("search_index", "status")
        assert "built by an earlier version" in capsys.readouterr().out
        with pytest.raises(CommandError, match="search_index rebuild"):
            call_command("search_index", "verify")
        call_command("search_index", "rebuild")
        call_command("search_index", "status")
        assert "earlier version" not in capsys.readouterr().out
        call_command("search_index", "verify")
    finally:
        elastic.drop(client)
