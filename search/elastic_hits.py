"""The Elasticsearch engine's side of `search.relevance`: what the words of a query must match
and how its hits are scored (in the ranking's steps, so that the best hits are those the
ranking orders first), and each hit as the ranking reads it."""

from __future__ import annotations

from typing import Any

from elasticsearch.dsl import Q
from elasticsearch.dsl.query import Query

from registry.gazetteer import distance_km
from search.query import RegistryQuery
from search.relevance import Candidate


def words_query(query: RegistryQuery, mistyped: frozenset[str]) -> tuple[list[Query], list[Query]]:
    """What the words must match (every word: typed whole or half, a mistyped one within
    the allowed edits), and what ranks the hits (the best of which `search.relevance` orders)."""
    if not query.tokens:
        return [], []
    known = [token for token in query.tokens if token not in mistyped]
    must = [Q("match", text={"query": " ".join(known), "operator": "and"})] if known else []
    must += [
        Q("match", **{"text.words": {"query": token, "fuzziness": "AUTO", "max_expansions": 50}})
        for token in query.tokens
        if token in mistyped
    ]
    words = " ".join(query.tokens)
    # Scores in steps, as `search.relevance` ranks (the phrase, then the name's tiers): among
    # equal steps the order is the ranking's own last resort (verified, name, id), so that the
    # best hits this window holds are those the database engine ranks first.
    steps = [
        (100, Q("match_phrase", **{"text.words": words})) if len(query.tokens) > 1 else None,
        (50, Q("term", name_folded=words)),
        (30, Q("term", other_folded=words)),
        (10, Q("prefix", name_folded=words)),
        (8, Q("match_phrase", **{"name.exact": query.text.lower()})),
        (5, Q("match", name={"query": words, "operator": "and"})),
    ]
    should = [
        Q("constant_score", filter=clause, boost=boost) for boost, clause in filter(None, steps)
    ]
    return must, should


class Hit:
    """A hit, as `search.relevance` reads it."""

    def __init__(self, query: RegistryQuery, hit: Any) -> None:
        self.pk = int(hit.meta.id)
        location = getattr(hit, "location", None)
        distance = None
        if query.places and location is not None:
            distance = min(
                distance_km(p.point.latitude, p.point.longitude, location["lat"], location["lon"])
                for p in query.places
            )
        self.candidate = Candidate(
            pk=self.pk,
            full_name=hit.full_name,
            other_names=getattr(hit, "other_names", "") or "",
            search_text=getattr(hit, "text", "") or "",
            sort_name=getattr(hit, "sort_name", "") or "",
            verified=getattr(hit, "verified", "false") == "true",
            distance_km=distance,
        )
