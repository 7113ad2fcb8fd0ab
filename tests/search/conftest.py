"""Fixtures of the search tests: the staff search screen's people, and each engine."""

import uuid

import pytest
from elasticsearch import Elasticsearch

from registry.models import Interest
from search import database, elastic
from tests.conftest import make_member

BUDAPEST = {"latitude": 47.4979, "longitude": 19.0402}


@pytest.fixture
def people():
    investment = Interest.objects.get(slug="investment")
    an = make_member(
        "Nguyễn Văn An",
        country="HU",
        city_name="Budapest",
        birth_year=1980,
        consents=("registry", "staff-contact"),
        email="an@example.org",
        **BUDAPEST,
    )
    an.interests.add(investment)
    vienna = make_member(
        "Nguyễn Thị Mai",
        country="AT",
        city_name="Vienna",
        latitude=48.21,
        longitude=16.37,
        email="mai@example.org",
    )
    osaka = make_member(
        "Nguyễn Văn Hùng",
        country="JP",
        city_name="Osaka",
        latitude=34.69,
        longitude=135.5,
    )
    debrecen = make_member(
        "Trần Văn Bình",
        country="HU",
        city_name="Debrecen",
        latitude=47.53,
        longitude=21.63,
    )
    return {"an": an, "vienna": vienna, "osaka": osaka, "debrecen": debrecen}


@pytest.fixture(params=["database", "elasticsearch"])
def engine(request, settings):
    """A function RegistryQuery → SearchResult on one engine, over the members the test made
    (indexed at its first search)."""
    if request.param == "database":
        yield database.search
        return
    url = request.getfixturevalue("elasticsearch_url")
    settings.SEARCH_INDEX = f"test-members-{uuid.uuid4().hex[:8]}"
    client = Elasticsearch(url, request_timeout=10)
    built = []

    def run(query):
        if not built:
            elastic.rebuild(client)
            built.append(True)
        return elastic.search(client, query)

    yield run
    elastic.drop(client)
