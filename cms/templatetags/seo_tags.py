from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.template import Context
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from wagtail.models import Page

from cms import seo
from cms.templatetags.site_tags import page_translation_urls

register = template.Library()


@register.inclusion_tag("cms/includes/seo_head.html", takes_context=True)
def seo_head(context: Context) -> dict[str, Any]:
    """Canonical address, Open Graph, Twitter card and JSON-LD for a page; feed links everywhere."""
    request = context["request"]
    result: dict[str, Any] = {"feeds": _feed_links(request), "site_name": settings.SITE_NAME}
    page = context.get("page")
    if not isinstance(page, Page) or request is None:
        return result
    page = seo.content_source(page)
    language = page.locale.language_code
    image = seo.page_image(page)
    result.update(
        {
            "page": page,
            "canonical": seo.canonical_url(page, request, context.flatten()),
            "og_title": page.seo_title or page.title,
            "og_description": seo.description(page),
            "og_type": "article" if seo.is_article(page) else "website",
            "og_locale": seo.og_locale(language),
            "og_locale_alternates": sorted(
                seo.og_locale(code)
                for code in page_translation_urls(page, request)
                if code != language
            ),
            "og_image": seo.image_url(image, request) if image is not None else "",
            "og_image_alt": seo.image_alt(page) if image is not None else "",
            "json_ld": _json_ld(page, request),
        }
    )
    return result


def _json_ld(page: Page, request: Any) -> str:
    data = seo.json_ld(page, request)
    return seo.json_ld_script(data) if data else ""


def _feed_links(request: Any) -> list[tuple[str, str]]:
    """This language's news feeds, RSS then Atom, as (media type, absolute address)."""
    if request is None or get_language() not in {code for code, _ in settings.LANGUAGES}:
        return []
    try:
        rss, atom = reverse("cms:news_feed_rss"), reverse("cms:news_feed_atom")
    except NoReverseMatch:
        return []
    return [
        ("application/rss+xml", request.build_absolute_uri(rss)),
        ("application/atom+xml", request.build_absolute_uri(atom)),
    ]
