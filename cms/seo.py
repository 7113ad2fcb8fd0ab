"""What search engines and link previews read about a page: canonical address, Open Graph, JSON-LD.

Pure helpers over a page and the request; the template tags in `cms.templatetags.seo_tags` put
them into `<head>`. Page types are recognised by class name and fields (read with `getattr`), not
imported, so a page type added later (an event, a hero image on news) is described as soon as it
has the fields, without this module changing.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.paginator import Page as PaginatorPage
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext
from wagtail.models import Page

from cms import images
from cms.localisation import mirrored_original

DESCRIPTION_LENGTH = 300

# Open Graph wants language_TERRITORY; the territory is where each language's readers mostly are.
OG_LOCALES = {
    "vi": "vi_VN",
    "en": "en_GB",
    "fr": "fr_FR",
    "ru": "ru_RU",
    "ja": "ja_JP",
    "ko": "ko_KR",
    "zh-hans": "zh_CN",
}

# Characters that could end a <script> element or open a comment inside it, as JSON escapes:
# a title containing "</script>" stays data (the same escapes as django.utils.html.json_script).
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}

EVENT_START_FIELDS = ("start", "start_date", "starts_at", "start_at", "date_start", "date")
EVENT_END_FIELDS = ("end", "end_date", "ends_at", "end_at", "date_end")
EVENT_PLACE_FIELDS = ("place", "location", "venue", "address")


def content_source(page: Page) -> Page:
    """The page whose content this is: for a mirror (cms.localisation: an alias, or a translation
    started but never published), the original, so search engines index the original once
    instead of the same text under every language prefix."""
    original = mirrored_original(page)
    if original is None:
        return page
    specific = original.specific
    specific.locale = original.locale  # read with the original: no second query for it
    return specific  # type: ignore[no-any-return]


def og_locale(language_code: str) -> str:
    return OG_LOCALES.get(language_code, language_code.replace("-", "_"))


def absolute_url(request: HttpRequest, url: str) -> str:
    """`url` made absolute against the request's own host (as the hreflang links are)."""
    return request.build_absolute_uri(url)


def page_url(page: Page, request: HttpRequest) -> str | None:
    url = page.get_url(request)
    return absolute_url(request, url) if url else None


def canonical_url(page: Page, request: HttpRequest, context: Mapping[Any, Any]) -> str | None:
    """The page's own absolute address; a list keeps its page number, nothing else of the query.

    The page number is the one actually shown (a paginator page in the template context), so
    `?page=abc` or `?page=99999`, which show another page, never become canonical addresses.
    """
    url = page_url(page, request)
    if url is None:
        return None
    for value in context.values():
        # type(), not isinstance(): isinstance() would evaluate lazy values such as csrf_token,
        # which sets a CSRF cookie and makes every page uncacheable.
        if issubclass(type(value), PaginatorPage) and value.number > 1:
            return f"{url}?page={value.number}"
    return url


def description(page: Page) -> str:
    """One or two sentences for previews: the search description, else the summary or intro."""
    text = str(page.search_description or "") or str(getattr(page, "search_excerpt", "") or "")
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def page_image(page: Page) -> Any | None:
    """The page's main image, once page types have one (`hero_image` on news)."""
    for name in ("hero_image", "image", "cover_image"):
        image = getattr(page, name, None)
        if image is not None and hasattr(image, "get_rendition"):
            return image
    return None


def image_alt(page: Page) -> str:
    """The page's own description of its image (`hero_alt`), else the image's."""
    return str(getattr(page, "hero_alt", "") or getattr(page_image(page), "description", "") or "")


def image_url(image: Any, request: HttpRequest) -> str:
    """A 1200×630 rendition, the size link previews crop to."""
    return absolute_url(request, images.share_url(image))


def is_article(page: Page) -> bool:
    return type(page).__name__ == "NewsArticlePage"


def is_event(page: Page) -> bool:
    return type(page).__name__ == "EventPage"


def _first_attr(page: Page, names: tuple[str, ...]) -> Any | None:
    for name in names:
        value = getattr(page, name, None)
        if value not in (None, ""):
            return value
    return None


def _aware(value: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    """A moment with the province's offset (+07:00), as readers there see it; a day stays a day."""
    if not isinstance(value, datetime.datetime):
        return value
    return timezone.localtime(timezone.make_aware(value) if timezone.is_naive(value) else value)


def publisher(request: HttpRequest) -> dict[str, Any]:
    return {
        "@type": "GovernmentOrganization",
        "name": gettext("Department of Foreign Affairs of %(province)s province")
        % {"province": settings.PROVINCE_NAME},
        "url": absolute_url(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(request, static(settings.PROVINCE_EMBLEM)),
        },
    }


def json_ld(page: Page, request: HttpRequest) -> dict[str, Any] | None:
    """schema.org data for a news article or an event; None for other pages."""
    url = page_url(page, request)
    language = page.locale.language_code
    image = page_image(page)
    data: dict[str, Any]
    if is_article(page):
        published = getattr(page, "date", None) or page.first_published_at
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": Truncator(page.seo_title or page.title).chars(110),
            "description": description(page) or None,
            "datePublished": _aware(published) if published else None,
            "dateModified": _aware(page.last_published_at or published),
            "inLanguage": language,
            "url": url,
            "mainEntityOfPage": url,
            "publisher": publisher(request),
        }
        author = str(getattr(page, "author", "") or "")
        data["author"] = {"@type": "Person", "name": author} if author else publisher(request)
    elif is_event(page):
        start = _first_attr(page, EVENT_START_FIELDS)
        end = _first_attr(page, EVENT_END_FIELDS)
        place = _first_attr(page, EVENT_PLACE_FIELDS)
        cancelled = bool(getattr(page, "is_cancelled", False)) or (
            str(getattr(page, "status", "")).lower() in {"cancelled", "canceled"}
        )
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": page.seo_title or page.title,
            "description": description(page) or None,
            "startDate": _aware(start) if start else None,
            "endDate": _aware(end) if end else None,
            "eventStatus": "https://schema.org/EventCancelled"
            if cancelled
            else "https://schema.org/EventScheduled",
            "location": {"@type": "Place", "name": str(place)} if place else None,
            "inLanguage": language,
            "url": url,
            "organizer": publisher(request),
        }
    else:
        return None
    if image is not None:
        data["image"] = [image_url(image, request)]
    return {key: value for key, value in data.items() if value is not None}


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """`<script type="application/ld+json">` whose content cannot end the element early.

    A data block (a script whose type is not JavaScript) is never executed, so the site's
    `script-src 'self'` neither blocks nor needs to allow it: CSP checks inline scripts only when
    the browser is about to run them.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308
