"""Site search over the public pages: what a visitor types (made safe by
`registry.text.clean_typed`), folded, then searched."""

from __future__ import annotations

import re

from django.db.models import QuerySet
from modelsearch.backends.base import BaseSearchResults
from wagtail.models import Locale, Page, Site
from wagtail.query import PageQuerySet

from registry.text import fold


def search_terms(query: str) -> str:
    """The words the engine looks for, folded like each page's `search_folded` text.

    Only letters and digits survive: quotes, brackets and operators (`"(AND OR*~`) are search
    syntax on some engines (SQLite's FTS5 fails on a stray quote), and none of them is a word.
    """
    return " ".join(re.findall(r"\w+", fold(query)))


def searchable_pages(site: Site | None) -> PageQuerySet:
    """Live, public pages of `site` in the visitor's language, as their specific types."""
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:  # a language switched on in settings before `migrate` ran
        return Page.objects.none()
    if site is None:
        return Page.objects.none()
    root = site.root_page.localized
    return (
        Page.objects.live()
        .public()
        .descendant_of(root, inclusive=True)
        .filter(locale=locale)
        .specific()
    )


def search_pages(query: str, site: Site | None) -> BaseSearchResults | QuerySet[Page]:
    """Pages of `site` matching every word of `query` (diacritics optional), best first."""
    terms = search_terms(query)
    if not terms:
        return Page.objects.none()
    return searchable_pages(site).search(terms, operator="and")
