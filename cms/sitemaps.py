"""sitemap.xml: every live, public page of the site in every language, with its translations.

Wagtail's own sitemap walks one root page, so it would list the Vietnamese tree only: each
language here is a sibling tree under its own translation of the site's home page. Mirrors
(wagtail-localize aliases, and translations started but never published: cms.localisation) are
left out, and are never offered as alternates: search engines should index the real translation
or the Vietnamese original.
Addresses are absolute against the request's host, like the canonical and hreflang links.
"""

from __future__ import annotations

from collections import defaultdict
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, PageQuerySet

from cms.localisation import without_mirrors
from cms.seo import page_url


class PageSitemap(Sitemap):
    def listed_pages(self) -> PageQuerySet:
        """Live, public pages under the site's home page in any enabled language, without
        mirrors (cms.localisation.without_mirrors)."""
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True)
        languages = [code for code, _name in settings.LANGUAGES]
        return without_mirrors(
            Page.objects.live()
            .public()
            .filter(reduce(or_, (Q(path__startswith=root.path) for root in roots), Q(pk=None)))
            .filter(locale__language_code__in=languages)
        )

    def items(self) -> PageQuerySet:
        return self.listed_pages().order_by("path").defer_streamfields().specific()

    def _urls(self, page: int, protocol: str, domain: str) -> list[dict[str, Any]]:
        urls = []
        items = list(self.paginator.page(page).object_list)
        alternates = self._alternates({item.translation_key for item in items})
        for item in items:
            location = page_url(item, self.request)
            if location is None:
                continue
            urls.append(
                {
                    "location": location,
                    "lastmod": item.last_published_at or item.latest_revision_created_at,
                    "alternates": alternates.get(item.translation_key, []),
                }
            )
        last_mods = [url["lastmod"] for url in urls if url["lastmod"] is not None]
        if last_mods and len(last_mods) == len(urls):
            self.latest_lastmod = max(last_mods)
        return urls

    def _alternates(self, keys: set[Any]) -> dict[Any, list[dict[str, str]]]:
        """Per translation key: each listed translation's language and address, then x-default
        (the Vietnamese version) where there is one. A page alone in its language has none."""
        found: dict[Any, list[dict[str, str]]] = defaultdict(list)
        translations = (
            self.listed_pages()
            .filter(translation_key__in=keys)
            .select_related("locale")
            .order_by("locale__language_code")
        )
        for translation in translations:
            location = page_url(translation, self.request)
            if location:
                found[translation.translation_key].append(
                    {"lang_code": translation.locale.language_code, "location": location}
                )
        result: dict[Any, list[dict[str, str]]] = {}
        for key, links in found.items():
            if len(links) < 2:
                continue
            default = [link for link in links if link["lang_code"] == settings.LANGUAGE_CODE]
            if default:
                links.append({"lang_code": "x-default", "location": default[0]["location"]})
            result[key] = links
        return result


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawl everything public; the admin and personal pages are not for robots."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        *(f"Disallow: /{code}/profile/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
