"""The database engine caches counts per criteria; any change to a member makes them stale."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.models import Interest
from registry.services.records import erase_member
from search import database
from search.database.counts import counts_key
from search.query import RegistryQuery
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def queries(query: RegistryQuery) -> int:
    with CaptureQueriesContext(connection) as captured:
        database.search(query)
    return len(captured)


def test_a_repeated_search_reads_its_counts_from_the_cache():
    make_member("Nguyễn Văn An", country="HU")
    first = queries(RegistryQuery(text="nguyen", countries=["HU"]))
    again = queries(RegistryQuery(text="nguyen", countries=["HU"], page=2, sort="name"))
    assert again < first  # counts come from the cache; only the page is read
    assert again == 1


def test_every_kind_of_change_is_counted_at_once(registry_officer):
    query = RegistryQuery(countries=["HU"])
    an = make_member("Nguyễn Văn An", country="HU")
    assert database.search(query).total == 1
    binh = make_member("Trần Văn Bình", country="HU")
    assert database.search(query).total == 2
    assert database.search(query).facets["interests"] == {}
    binh.interests.add(Interest.objects.get(slug="trade"))
    assert database.search(query).facets["interests"] == {"trade": 1}
    erase_member(binh, actor=registry_officer, by_member=False)
    assert database.search(query).total == 1
    an.country = "AT"
    an.save()
    assert database.search(query).total == 0


def test_the_cache_holds_no_name():
    make_member("Nguyễn Văn An", country="HU")
    query = RegistryQuery(text="Nguyễn Văn An")
    database.search(query)
    key = counts_key(query)
    stored = cache.get(key)
    assert stored is not None and stored.total == 1
    for text in (key, repr(stored)):
        assert "nguyen" not in text.lower() and "Nguy" not in text


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's one statement")
def test_the_facets_counted_in_one_statement_are_those_counted_one_by_one():
    # A narrowed search counts every facet in one statement over its matches found once; the
    # whole registry is counted facet by facet. Both ways give the same counts.
    from search.database.counts import RELATION_FACETS, counts_postgres
    from search.database.filters import filtered

    trade, investment = (Interest.objects.get(slug=slug) for slug in ("trade", "investment"))
    for name, country, interests in [
        ("Nguyễn Văn An", "HU", [trade]),
        ("Nguyễn Thị Bình", "HU", [trade, investment]),
        ("Trần Văn Cường", "JP", [investment]),
        ("Lê Thị Dung", "CZ", []),
    ]:
        make_member(name, country=country).interests.set(interests)
    for query in (RegistryQuery(text="nguyen"), RegistryQuery(), RegistryQuery(countries=["HU"])):
        members, wanted = filtered(query), set(query.facets)
        together = counts_postgres(members, wanted, query.text, set(RELATION_FACETS))
        apart = counts_postgres(members, wanted, query.text, set())
        assert together[0] == apart[0] and together[2] == apart[2]
        for name in ("country", "sector", "ward", "verified"):
            assert together[1][name] == apart[1][name]
        assert together[1]["interests"] == database.search(query).facets["interests"]
    nguyen = database.search(RegistryQuery(text="nguyen"))
    assert nguyen.total == 2
    assert nguyen.facets["country"] == {"HU": 2}
    assert nguyen.facets["interests"] == {"trade": 2, "investment": 1}


def test_a_search_is_narrowed_by_words_or_any_filter_and_not_by_its_page_or_order():
    assert not RegistryQuery().narrowed
    assert not RegistryQuery(sort="name", page=3, page_size=50).narrowed
    assert RegistryQuery(text="an").narrowed
    assert RegistryQuery(verified=False).narrowed
    assert RegistryQuery(countries=["JP"]).narrowed
    assert RegistryQuery(born_from=1980).narrowed
