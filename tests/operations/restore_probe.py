"""What visitors and staff get from a site, read the same way from the original database and
from its restored copy (tests/operations/test_restore_drill.py runs `main` in a subprocess)."""

from __future__ import annotations

import json
import re
import sys
from io import StringIO
from typing import Any

from django.core.management import call_command
from django.test import Client

from cms.models import NewsArticlePage
from registry.models import Member
from search.query import RegistryQuery
from search.services import search_members

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
LINK = re.compile(r'href="(/[^"?#]*)')


def first_news() -> NewsArticlePage:
    return NewsArticlePage.objects.live().filter(locale__language_code="vi").order_by("pk").first()


def public_urls() -> list[str]:
    return ["/vi/", "/en/", "/vi/site-map/", str(first_news().url), "/vi/no-such-page/"]


def seen(client: Client, url: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    response = client.get(url, query or {})
    html = response.content.decode()
    title = TITLE.search(html)
    return {
        "status": response.status_code,
        "title": " ".join(title.group(1).split()) if title else None,
        "links": sorted(set(LINK.findall(html))),
    }


def observe() -> dict[str, Any]:
    client = Client(HTTP_HOST="localhost")
    return {
        "pages": {url: seen(client, url) for url in public_urls()},
        "members": [
            list(row)
            for row in Member.objects.order_by("pk").values_list("pk", "full_name", "country")
        ],
        "registry_search": sorted(search_members(RegistryQuery(text="nguyen")).ids),
    }


def site_search(word: str) -> dict[str, Any]:
    return seen(Client(HTTP_HOST="localhost"), "/vi/search/", {"q": word})


def main() -> None:
    """`python -c "…; main()" WORD`: what the site serves, then the page index rebuilt
    (`update_index`) and a site search for WORD, as JSON on stdout."""
    observed = observe()
    call_command("update_index", stdout=StringIO())
    answer = {**observed, "site_search": site_search(sys.argv[1])}
    sys.stdout.write(json.dumps(answer, ensure_ascii=False) + "\n")
