"""Which search engine serves this installation, and whether it answers."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from elasticsearch import Elasticsearch


def engine_name() -> str:
    return "elasticsearch" if settings.ELASTICSEARCH_URL else "database"


@lru_cache(maxsize=4)
def _client(url: str) -> Elasticsearch:
    return Elasticsearch(url, request_timeout=3, retry_on_timeout=False, max_retries=0)


def elasticsearch_client() -> Elasticsearch | None:
    """The shared client, or None when this installation searches the database."""
    if not settings.ELASTICSEARCH_URL:
        return None
    return _client(settings.ELASTICSEARCH_URL)


def is_reachable() -> bool:
    """True when the configured engine answers. The database engine is always there."""
    client = elasticsearch_client()
    if client is None:
        return True
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001 - any transport failure means "not reachable"
        return False
