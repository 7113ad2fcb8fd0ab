"""The search contract: the same queries give the same answers on both engines.

Elasticsearch runs on noida-db here (a functional stand-in) or on the server ELASTICSEARCH_URL
names; the database engine on SQLite or PostgreSQL, whichever the suite runs on.
"""

import os
import unicodedata
import uuid

import pytest
from elasticsearch import Elasticsearch

from registry.models import Association, Interest, LegacyCommune
from registry.services.records import verify_member
from search import database, elastic
from search.query import Place, Point, RegistryQuery
from tests.conftest import make_member

pytestmark = pytest.mark.django_db

BUDAPEST = Point(47.4979, 19.0402)
ON_NOIDA = not os.environ.get("ELASTICSEARCH_URL")  # the tests' Elasticsearch stand-in


@pytest.fixture
def people():
    thach_dai = LegacyCommune.objects.get(name="Xã Thạch Đài")
    investment = Interest.objects.get(slug="investment")
    association = Association.objects.create(name="Hội Hà Tĩnh tại Hungary", country="HU")
    people = {
        "an": make_member(
            "Nguyễn Văn An", birth_year=1980, country="HU", city_name="Budapest",
            latitude=47.4979, longitude=19.0402, occupation="Kỹ sư xây dựng",
            consents=("registry", "staff-contact"),
        ),
        "an_plain": make_member(
            "Nguyen Van An", birth_year=1991, country="JP", city_name="Osaka",
            latitude=34.69, longitude=135.50,
        ),
        "duc": make_member(
            "Trần Minh Đức", birth_year=1975, country="DE", city_name="Berlin",
            latitude=52.52, longitude=13.405, skills="lập trình Python",
        ),
        "hoa": make_member(
            "Đặng Thị Hoa", birth_year=1988, country="HU", city_name="Debrecen",
            latitude=47.53, longitude=21.63, consents=("registry", "staff-contact"),
        ),
        "binh": make_member(
            "Lê Văn Bình", birth_year=1969, country="CZ", city_name="Prague",
            latitude=50.08, longitude=14.43,
            hometown_ward=thach_dai.ward, hometown_legacy=thach_dai,
        ),
        "tam": make_member(
            "Võ Thanh Tâm", birth_year=2001, country="AT", city_name="Vienna",
            latitude=48.2082, longitude=16.3738,
        ),
    }  # fmt: skip
    people["an"].interests.add(investment)
    people["hoa"].interests.add(investment)
    people["hoa"].associations.add(association)
    people["an"].languages.set(["vi", "hu", "en"])
    people["an"].save()
    verify_member(people["an"], actor=None, method="call")  # type: ignore[arg-type]
    return {key: member.pk for key, member in people.items()}


def ids(result):
    return set(result.ids)


def test_words_without_diacritics_find_names_with_them(engine, people):
    assert {people["an"], people["an_plain"]} <= ids(engine(RegistryQuery(text="nguyen van an")))
    assert ids(engine(RegistryQuery(text="duc"))) == {people["duc"]}
    assert ids(engine(RegistryQuery(text="DANG"))) == {people["hoa"]}


def test_a_name_typed_with_its_diacritics_ranks_first(engine, people):
    result = engine(RegistryQuery(text="Nguyễn Văn An"))
    assert result.ids[0] == people["an"]
    assert people["an_plain"] in result.ids


def test_decomposed_input_is_the_same_query(engine, people):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    assert engine(RegistryQuery(text=decomposed)).ids[0] == people["an"]


def test_a_given_name_alone_and_words_typed_halfway_are_enough(engine, people):
    assert ids(engine(RegistryQuery(text="Bình"))) == {people["binh"]}
    assert people["duc"] in ids(engine(RegistryQuery(text="pyth")))  # skills count too


def test_each_filter(engine, people):
    def find(**filters):
        return ids(engine(RegistryQuery(**filters)))

    assert find(countries=["HU"]) == {people["an"], people["hoa"]}
    assert find(interests=["investment"]) == {people["an"], people["hoa"]}
    assert find(consents=["staff-contact"]) == {people["an"], people["hoa"]}
    assert find(verified=True) == {people["an"]}
    assert find(born_from=1985, born_to=1995) == {people["an_plain"], people["hoa"]}
    assert find(languages=["hu"]) == {people["an"]}
    thach_dai = LegacyCommune.objects.get(name="Xã Thạch Đài")
    assert find(legacy_communes=[thach_dai.pk]) == {people["binh"]}
    assert people["binh"] in find(legacy_districts=[thach_dai.district_code])
    association = Association.objects.get()
    assert find(associations=[association.pk]) == {people["hoa"]}
    assert find(text="nguyen", countries=["HU"]) == {people["an"]}


def test_radius_and_distance_sort(engine, people):
    result = engine(RegistryQuery(near=BUDAPEST, radius_km=300, sort="distance"))
    assert result.ids == [people["an"], people["hoa"], people["tam"]]
    assert result.distances[people["an"]] == 0
    assert 180 < result.distances[people["hoa"]] < 200
    assert 200 < result.distances[people["tam"]] < 230


def test_pages_are_stable_and_complete(engine, people):
    first = engine(RegistryQuery(sort="name", page=1, page_size=4))
    second = engine(RegistryQuery(sort="name", page=2, page_size=4))
    assert first.total == second.total == 6
    assert len(first.ids) == 4 and len(second.ids) == 2
    assert not set(first.ids) & set(second.ids)
    assert engine(RegistryQuery(sort="name", page=1, page_size=4)).ids == first.ids


@pytest.mark.parametrize("facets", [(), ("country",), ("interests", "verified"), ("languages",)])
def test_only_the_facets_asked_for_are_counted(engine, people, facets):
    result = engine(RegistryQuery(countries=["HU"], facets=facets))
    assert set(result.ids) == {people["an"], people["hoa"]} and result.total == 2
    assert set(result.facets) <= set(facets)
    if "country" in facets:
        assert result.facets["country"] == {"HU": 2}


def test_highlights_mark_the_words_found(engine, people):
    result = engine(RegistryQuery(text="dang hoa"))
    assert result.highlights[people["hoa"]] == "<mark>Đặng</mark> Thị <mark>Hoa</mark>"


@pytest.mark.parametrize(
    "text",
    [
        'nguyen" AND (an OR',
        "*",
        "\\",
        "an~2^5",
        "x" * 10_000,
        "nguy\x00en\x07 van",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
    ],
)
def test_hostile_queries_are_answered_without_error(engine, people, text):
    result = engine(RegistryQuery(text=text))
    assert result.total >= 0
    assert all("<script>" not in html for html in result.highlights.values())


def test_a_typo_still_finds_the_person(engine, people):
    assert people["duc"] in ids(engine(RegistryQuery(text="tran minh duk")))
    # A swap of two letters is one edit (Damerau–Levenshtein), on every database.
    assert ids(engine(RegistryQuery(text="trna minh duc"))) == {people["duc"]}


def test_facet_counts_are_the_same_on_both_engines(people, elasticsearch_url, settings):
    settings.SEARCH_INDEX = f"test-members-{uuid.uuid4().hex[:8]}"
    client = Elasticsearch(elasticsearch_url, request_timeout=10)
    elastic.rebuild(client)
    try:
        for query in (RegistryQuery(), RegistryQuery(text="an"), RegistryQuery(countries=["HU"])):
            from_database = database.search(query).facets
            from_elasticsearch = elastic.search(client, query).facets
            assert from_database == from_elasticsearch
        assert database.search(RegistryQuery()).facets["country"]["HU"] == 2
    finally:
        elastic.drop(client)


# --- Several near cities (issue 13, findings 9 and 12) -------------------------------------------

BERLIN = Point(52.52, 13.405)


def test_relevance_without_words_near_a_place_sorts_by_distance(engine, people):
    result = engine(RegistryQuery(near=BUDAPEST, radius_km=300))
    assert result.ids == [people["an"], people["hoa"], people["tam"]]


def test_several_places_each_with_its_radius(engine, people):
    def find(*places, **more):
        return engine(RegistryQuery(places=list(places), sort="distance", **more))

    wide, narrow = Place(BUDAPEST, 250), Place(BUDAPEST, 100)
    berlin = Place(BERLIN, 50)
    assert ids(find(wide, berlin)) == {people["an"], people["hoa"], people["tam"], people["duc"]}
    result = find(narrow, berlin)
    assert result.ids == [people["an"], people["duc"]]  # both 0 km from their city; then by id
    assert result.distances == {people["an"]: 0, people["duc"]: 0}
    assert result.total == 2


def test_the_distance_is_to_the_nearest_place(engine, people, request):
    if request.node.callspec.params["engine"] == "elasticsearch" and ON_NOIDA:
        # Elasticsearch sorts by the least distance to several points ("mode": "min"); the
        # stand-in measures from the first point only. Runs for real with ELASTICSEARCH_URL.
        request.applymarker(pytest.mark.xfail(raises=AssertionError, strict=True))
    vienna = Point(48.2082, 16.3738)
    query = RegistryQuery(places=[Place(BUDAPEST, 1000), Place(vienna, 1000)], sort="distance")
    result = engine(query)
    assert result.distances[people["tam"]] == 0  # Vienna: 0 km from the second place
    assert result.ids[:3] == [people["an"], people["tam"], people["hoa"]]


def test_a_chosen_country_without_a_chosen_city_counts_whole(engine, people):
    # Hungary around Budapest only (not Debrecen, 195 km); Japan, where no city is chosen, whole.
    budapest = Place(BUDAPEST, 100, country="HU")
    assert ids(engine(RegistryQuery(countries=["HU", "JP"], places=[budapest]))) == {
        people["an"],
        people["an_plain"],
    }
    # A city outside the chosen countries is searched around too (its country, widened).
    berlin = Place(BERLIN, 50, country="DE")
    assert ids(engine(RegistryQuery(countries=["JP"], places=[berlin]))) == {
        people["an_plain"],
        people["duc"],
    }
    # With no country chosen, a city's circle crosses borders: Vienna is 214 km from Budapest.
    assert people["tam"] in ids(engine(RegistryQuery(places=[Place(BUDAPEST, 250, country="HU")])))
    # With its country chosen, it does not.
    assert people["tam"] not in ids(
        engine(RegistryQuery(countries=["HU"], places=[Place(BUDAPEST, 250, country="HU")]))
    )


def test_facets_with_several_places_are_the_same_on_both_engines(
    people, elasticsearch_url, settings
):
    settings.SEARCH_INDEX = f"test-members-{uuid.uuid4().hex[:8]}"
    client = Elasticsearch(elasticsearch_url, request_timeout=10)
    elastic.rebuild(client)
    try:
        query = RegistryQuery(
            countries=["HU", "JP"],
            places=[Place(BUDAPEST, 100, country="HU"), Place(BERLIN, 50, country="DE")],
        )
        from_database = database.search(query)
        from_elasticsearch = elastic.search(client, query)
        assert from_database.facets == from_elasticsearch.facets
        assert from_database.total == from_elasticsearch.total == 3
    finally:
        elastic.drop(client)
