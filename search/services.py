"""Registry search for staff: Elasticsearch when configured and answering, else the database."""

from __future__ import annotations

import logging
from typing import Any

from elasticsearch import ApiError, TransportError

from search import database, elastic
from search.engine import elasticsearch_client
from search.query import RegistryQuery, SearchResult

logger = logging.getLogger(__name__)


def can_search(user: Any) -> bool:
    """Who may open the staff search: officers (who see who) and viewers (who see how many)."""
    return bool(
        user.has_perm("registry.view_member") or user.has_perm("registry.view_member_statistics")
    )


def search_members(query: RegistryQuery, *, defer_counts: bool = False) -> SearchResult:
    """The configured engine's answer; the database's, marked as a fallback, if it fails.

    With `defer_counts` the database engine may leave a large result uncounted (`total` None,
    no facets) to answer with its page sooner; Elasticsearch always counts.
    """
    client = elasticsearch_client()
    if client is None:
        return database.search(query, defer_counts=defer_counts)
    try:
        return elastic.search(client, query)
    except (TransportError, ApiError) as error:
        # Only the error class is logged: the query may hold a person's name.
        logger.warning(
            "Elasticsearch unavailable (%s); searching the database", type(error).__name__
        )
        result = database.search(query, defer_counts=defer_counts)
        result.fallback = True
        return result
