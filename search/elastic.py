"""The Elasticsearch engine, through the elasticsearch-dsl API (`elasticsearch.dsl`).

Index settings and mappings live here, in code. Names are analysed three ways: folded
(lowercase + asciifolding, so "nguyen" finds "Nguyễn" and "duc" finds "Đức"), exact (lowercase
only, so a query typed with the right diacritics ranks first), and as edge n-grams of the folded
words, so a word typed halfway already matches. A typo-tolerant (fuzzy) query catches
misspellings when nothing matches as typed. Documents hold only what staff search needs: no
email, no phone.

The index is reached through an alias; `rebuild()` fills a new index and swaps the alias, so
searches never see a half-built index.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from elasticsearch import Elasticsearch, helpers
from elasticsearch.dsl import Q, Search, analyzer, token_filter
from elasticsearch.dsl.query import Query

from registry.filters import legacy_districts
from registry.models import Member
from registry.text import fold, split_words
from search.database.filters import searchable
from search.elastic_hits import Hit, words_query
from search.highlight import highlight
from search.query import RegistryQuery, SearchResult
from search.relevance import WINDOW, alternative_names, ranked
from search.vocabulary import similar_words

folded = analyzer("folded", tokenizer="standard", filter=["lowercase", "asciifolding"])
exact = analyzer("exact", tokenizer="standard", filter=["lowercase"])
prefixes = analyzer(
    "prefixes",
    tokenizer="standard",
    filter=[
        "lowercase",
        "asciifolding",
        token_filter("word_prefixes", type="edge_ngram", min_gram=1, max_gram=20),
    ],
)

# Raised whenever the mappings or what documents hold change: an index built before it is
# reported by `manage.py search_index status` and `verify` until `search_index rebuild`.
MAPPING_VERSION = 2

MAPPINGS: dict[str, Any] = {
    "_meta": {"version": MAPPING_VERSION},
    "properties": {
        "name": {
            "type": "text",
            "analyzer": "folded",
            "fields": {"exact": {"type": "text", "analyzer": "exact"}},
        },
        "text": {
            "type": "text",
            "analyzer": "prefixes",
            "search_analyzer": "folded",
            "fields": {"words": {"type": "text", "analyzer": "folded"}},
        },
        "sort_name": {"type": "keyword"},
        # The name alone and the other names (and the name given first), folded, whole: what
        # ranks a whole name first among the best hits (`search.relevance` orders them).
        "name_folded": {"type": "keyword"},
        "other_folded": {"type": "keyword"},
        "other_names": {"type": "text", "analyzer": "folded"},
        "country": {"type": "keyword"},
        "city": {"type": "keyword"},
        "ward": {"type": "keyword"},
        "legacy": {"type": "keyword"},
        "districts": {"type": "keyword"},
        "interests": {"type": "keyword"},
        "sector": {"type": "keyword"},
        "languages": {"type": "keyword"},
        "consents": {"type": "keyword"},
        "associations": {"type": "keyword"},
        "birth_year": {"type": "integer"},
        "verified": {"type": "keyword"},
        "created_at": {"type": "date"},
        "updated_at": {"type": "date"},
        "location": {"type": "geo_point"},
        "version": {"type": "long"},
        "pk": {"type": "long"},  # a tiebreaker to sort on (sorting on _id is off by default)
    },
}


def index_settings() -> dict[str, Any]:
    return {
        "number_of_shards": settings.SEARCH_INDEX_SHARDS,
        "number_of_replicas": settings.SEARCH_INDEX_REPLICAS,
        "analysis": {
            "analyzer": {
                name: definition.get_analysis_definition()["analyzer"][name]
                for name, definition in (
                    ("folded", folded),
                    ("exact", exact),
                    ("prefixes", prefixes),
                )
            },
            "filter": prefixes.get_analysis_definition()["filter"],
        },
    }


def alias() -> str:
    return str(settings.SEARCH_INDEX)


# --- Documents -----------------------------------------------------------------------------------


def indexed_members() -> Any:
    return (
        searchable()
        .select_related("hometown_legacy")
        .prefetch_related(
            "interests",
            "languages",
            "consented_purposes",
            "associations",
            "hometown_ward__legacy_communes",
        )
    )


def document(member: Member) -> dict[str, Any]:
    location = None
    if member.latitude is not None and member.longitude is not None:
        location = {"lat": member.latitude, "lon": member.longitude}
    return {
        "name": f"{member.full_name} {member.other_names}".strip(),
        "full_name": member.full_name,
        "other_names": member.other_names,
        "name_folded": " ".join(split_words(fold(member.full_name))),
        "other_folded": [
            " ".join(name) for name in alternative_names(member.full_name, member.other_names)
        ],
        # The database engine's searched text: names, occupation (and its other languages),
        # skills, organisation, where the member lives (registry.search_words).
        "text": member.search_text,
        "sort_name": member.search_name,
        "country": member.country.code if member.country else None,
        "city": member.city_name or None,
        "ward": str(member.hometown_ward_id) if member.hometown_ward_id else None,
        "legacy": str(member.hometown_legacy_id) if member.hometown_legacy_id else None,
        "districts": legacy_districts(member),
        "interests": [i.slug for i in member.interests.all()],
        "sector": member.sector.slug if member.sector_id and member.sector else None,
        "languages": member.language_codes(),
        "consents": [p.slug for p in member.consented_purposes.all()],
        "associations": [str(a.pk) for a in member.associations.all()],
        "birth_year": member.birth_year,
        "verified": "true" if member.verified_at else "false",
        "created_at": member.created_at.isoformat(),
        "updated_at": member.updated_at.isoformat() if member.updated_at else None,
        "location": location,
        "version": member.version,
        "pk": member.pk,
    }


def actions(members: Iterable[Member], index: str) -> Iterable[dict[str, Any]]:
    for member in members:
        yield {"_index": index, "_id": str(member.pk), "_source": document(member)}


# --- Index lifecycle -----------------------------------------------------------------------------


def create_index(client: Elasticsearch) -> str:
    name = f"{alias()}-{time.time_ns()}"
    client.indices.create(index=name, settings=index_settings(), mappings=MAPPINGS)
    return name


def ensure_index(client: Elasticsearch) -> None:
    if not client.indices.exists_alias(name=alias()):
        name = create_index(client)
        client.indices.put_alias(index=name, name=alias())


def mapping_is_current(client: Elasticsearch) -> bool:
    """Whether the index behind the alias was built with today's mappings."""
    found = client.indices.get_mapping(index=alias())
    return all(
        (index.get("mappings", {}).get("_meta") or {}).get("version") == MAPPING_VERSION
        for index in found.values()
    )


def rebuild(client: Elasticsearch, *, progress: Any = None, chunk_size: int = 1000) -> int:
    """Fill a new index from the database, then point the alias at it and drop the old one."""
    name = create_index(client)
    count = 0
    members = indexed_members().order_by("pk")
    for ok, _item in helpers.streaming_bulk(
        client, actions(members.iterator(chunk_size=chunk_size), name), chunk_size=chunk_size
    ):
        count += int(ok)
        if progress is not None:
            progress(count)
    client.indices.refresh(index=name)
    old = []
    if client.indices.exists_alias(name=alias()):
        old = list(client.indices.get_alias(name=alias()).keys())
    operations: list[dict[str, Any]] = [{"add": {"index": name, "alias": alias()}}]
    operations += [{"remove": {"index": index, "alias": alias()}} for index in old]
    client.indices.update_aliases(actions=operations)
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)
    return count


def index_members(client: Elasticsearch, pks: list[int]) -> None:
    ensure_index(client)
    members = indexed_members().filter(pk__in=pks)
    present = {m.pk for m in members}
    operations: list[dict[str, Any]] = list(actions(members, alias()))
    operations += [
        {"_op_type": "delete", "_index": alias(), "_id": str(pk)} for pk in pks if pk not in present
    ]
    helpers.bulk(client, operations, raise_on_error=False, refresh="wait_for")


# --- Searching -----------------------------------------------------------------------------------


def build(query: RegistryQuery, mistyped: frozenset[str] = frozenset()) -> Search:
    """The search of `query`, its `mistyped` words (and only those) matched fuzzily."""
    search = Search(index=alias())
    filters = located(query)
    if query.wards:
        filters.append(Q("terms", ward=[str(w) for w in query.wards]))
    if query.legacy_communes:
        filters.append(Q("terms", legacy=[str(c) for c in query.legacy_communes]))
    if query.legacy_districts:
        filters.append(Q("terms", districts=query.legacy_districts))
    filters += [Q("term", interests=slug) for slug in query.interests]
    if query.sectors:
        filters.append(Q("terms", sector=query.sectors))
    filters += [Q("term", languages=code) for code in query.languages]
    if query.born_from is not None or query.born_to is not None:
        bounds = {"gte": query.born_from, "lte": query.born_to}
        filters.append(Q("range", birth_year={k: v for k, v in bounds.items() if v is not None}))
    if query.verified is not None:
        filters.append(Q("term", verified="true" if query.verified else "false"))
    filters += [Q("term", consents=slug) for slug in query.consents]
    filters += [Q("term", associations=str(pk)) for pk in query.associations]
    if query.updated_since is not None:
        filters.append(Q("range", updated_at={"gte": query.updated_since.isoformat()}))
    must, should = words_query(query, mistyped)
    # Every word must match (a filter: no score of its own); the steps above score the hits.
    search = search.query(Q("bool", should=should, filter=[*filters, *must]))
    if query.sort == "distance" and query.places:
        # From the nearest of the places (several points: Elasticsearch takes the least).
        points = [{"lat": p.point.latitude, "lon": p.point.longitude} for p in query.places]
        by_distance: dict[str, Any] = {
            "location": points if len(points) > 1 else points[0],
            "order": "asc",
            "unit": "km",
            "mode": "min",
        }
        search = search.sort({"_geo_distance": by_distance}, {"pk": {"order": "asc"}})
    elif query.sort == "newest":
        search = search.sort({"created_at": {"order": "desc"}}, {"pk": {"order": "desc"}})
    elif query.sort == "name" or not query.tokens:
        search = search.sort({"sort_name": {"order": "asc"}}, {"pk": {"order": "asc"}})
    else:
        search = search.sort(
            {"_score": {"order": "desc"}},
            {"verified": {"order": "desc"}},
            {"sort_name": {"order": "asc"}},
            {"pk": {"order": "asc"}},
        )
    for name in query.facets:
        field = {"ward": "ward", "interests": "interests", "consents": "consents"}.get(name, name)
        search.aggs.bucket(name, "terms", field=field, size=500)
    search = search.extra(track_total_hits=True)
    search = search.source(SOURCE)
    if reranked(query):
        return search[0:WINDOW]
    return search[query.offset : query.offset + query.page_size]


# What a hit brings back: the name to show, and what `search.relevance` reads.
SOURCE: list[Any] = ["full_name", "other_names", "text", "sort_name", "verified", "location"]


def reranked(query: RegistryQuery) -> bool:
    """Whether the page is among the best hits `search.relevance` orders."""
    return query.sort == "relevance" and bool(query.tokens) and query.offset < WINDOW


def unknown_words(client: Elasticsearch, query: RegistryQuery) -> frozenset[str]:
    """The words no document has a word starting with, as the database engine's."""
    return frozenset(
        token
        for token in query.tokens
        if not client.count(index=alias(), query={"match": {"text": token}})["count"]
    )


def located(query: RegistryQuery) -> list[Query]:
    """Where members live, as the database engine's `located`: the chosen countries and the
    circles around the chosen cities, combined as `RegistryQuery.where` says."""
    if not query.radius_limited:
        return [Q("terms", country=query.countries)] if query.countries else []
    near = Q(
        "bool",
        should=[
            Q(
                "geo_distance",
                distance=f"{place.radius_km}km",
                location={"lat": place.point.latitude, "lon": place.point.longitude},
            )
            for place in query.places
        ],
        minimum_should_match=1,
    )
    if not query.countries:
        return [near]
    whole, around = query.where
    found = Q("bool", filter=[Q("terms", country=around), near])
    if not whole:
        return [found]
    return [Q("bool", should=[found, Q("terms", country=whole)], minimum_should_match=1)]


def search(client: Elasticsearch, query: RegistryQuery) -> SearchResult:
    response: Any = build(query).using(client).execute()
    mistyped: frozenset[str] = frozenset()
    if query.tokens and not response.hits.total.value:
        # Nothing matches as typed: a word no record has may be a typo ("tran minh duk" →
        # Trần Minh Đức); only that word is matched fuzzily.
        mistyped = unknown_words(client, query)
        if mistyped:
            response = build(query, mistyped).using(client).execute()
    hits = [Hit(query, hit) for hit in response]
    near = {token: similar_words(token) for token in mistyped}
    if reranked(query):
        order = ranked(query, [hit.candidate for hit in hits], near)
        by_pk = {hit.pk: hit for hit in hits}
        end = query.offset + query.page_size
        hits = [by_pk[candidate.pk] for candidate in order][query.offset : end]
        if end > WINDOW:  # the page runs past the best hits: the rest in the engine's order
            rest = build(dataclasses.replace(query, page=1, page_size=end - WINDOW), mistyped)
            rest = rest.extra(from_=WINDOW, size=end - WINDOW)
            hits += [Hit(query, hit) for hit in rest.using(client).execute()]
    ids = [hit.pk for hit in hits]
    marked = [*query.tokens, *(word for meant in near.values() for word in meant)]
    highlights = {hit.pk: highlight(hit.candidate.full_name, marked) for hit in hits}
    distances = {
        hit.pk: round(hit.candidate.distance_km, 1)
        for hit in hits
        if hit.candidate.distance_km is not None
    }
    facets = {
        name: {
            str(bucket.key_as_string if hasattr(bucket, "key_as_string") else bucket.key): int(
                bucket.doc_count
            )
            for bucket in getattr(response.aggregations, name).buckets
        }
        for name in query.facets
        if hasattr(response, "aggregations") and name in response.aggregations
    }
    return SearchResult(
        ids=ids,
        total=int(response.hits.total.value),
        facets=facets,
        highlights=highlights,
        distances=distances,
        engine="elasticsearch",
        mistyped=[token for token in query.tokens if token in mistyped],
    )


def drop(client: Elasticsearch) -> None:
    """Delete the indices behind the alias (names, never wildcards: Elasticsearch refuses them)."""
    if client.indices.exists_alias(name=alias()):
        for index in client.indices.get_alias(name=alias()):
            client.indices.delete(index=index, ignore_unavailable=True)


def indexed_versions(client: Elasticsearch) -> dict[int, int]:
    """Every document's member id and record version, read with a scroll."""
    ensure_index(client)
    return {
        int(hit["_id"]): int(hit["_source"].get("version", 0))
        for hit in helpers.scan(
            client, index=alias(), query={"query": {"match_all": {}}}, _source=["version"]
        )  # fmt: skip
    }


def drift(client: Elasticsearch) -> dict[str, list[int]]:
    """Members missing from the index, documents of members who are gone, stale versions."""
    expected = dict(searchable().values_list("pk", "version"))
    indexed = indexed_versions(client)
    return {
        "missing": sorted(set(expected) - set(indexed)),
        "extra": sorted(set(indexed) - set(expected)),
        "stale": sorted(pk for pk in set(expected) & set(indexed) if expected[pk] != indexed[pk]),
    }
