from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language
from wagtail.models import Page

from cms.localisation import with_mirror_flag

register = template.Library()


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str
    is_current: bool
    is_translation: bool  # False: the original with a note, or that language's home page
    is_home: bool = False  # True: no version of this page at all in that language: its home page


def page_versions(page: Page, request: Any) -> dict[str, tuple[str, bool]]:
    """Every live version of `page` by language: (its URL, whether it is a mirror of the
    original); one query per request for the language switcher, hreflang and Open Graph links,
    which ask about the page and (on a mirror) its original: they share the translation key."""
    cache: dict[Any, dict[str, tuple[str, bool]]] = request.__dict__.setdefault(
        "_page_versions", {}
    )
    if page.translation_key not in cache:
        versions = with_mirror_flag(
            page.get_translations(inclusive=True).live().select_related("locale")
        )
        cache[page.translation_key] = {
            v.locale.language_code: (v.get_url(request), v.is_mirror) for v in versions
        }
    return cache[page.translation_key]


def page_translation_urls(page: Page, request: Any) -> dict[str, str]:
    """URLs of the live translations of `page` in every language, mirrors of the original left
    out (cms.localisation.live_translations)."""
    return {code: url for code, (url, mirror) in page_versions(page, request).items() if not mirror}


def page_mirror_urls(page: Page, request: Any) -> dict[str, str]:
    """URLs of `page` in every language where it is live, translated or not (a mirror of the
    original shows it with a note, in the reader's language)."""
    return {code: url for code, (url, _mirror) in page_versions(page, request).items()}


@register.inclusion_tag("cms/includes/language_switcher.html", takes_context=True)
def language_switcher(context: dict[str, Any]) -> dict[str, Any]:
    """Links to this same page in every site language.

    For a Wagtail page: its translation where one exists, else the page as mirrored in that
    language (the original with a note), else that language's home page. For any other page
    (sign-up, login…): the same address under the other language prefix.
    """
    request = context["request"]
    current = get_language()
    page = context.get("page")
    links = []
    if isinstance(page, Page):
        translated = page_translation_urls(page, request)
        mirrored = page_mirror_urls(page, request)
        for code, name in settings.LANGUAGES:
            url = translated.get(code) or mirrored.get(code)
            links.append(
                LanguageLink(
                    code, name, url or f"/{code}/", code == current, code in translated, not url
                )
            )
    else:
        path = request.get_full_path()
        for code, name in settings.LANGUAGES:
            links.append(LanguageLink(code, name, translate_url(path, code), code == current, True))
    return {"links": links, "request": request}


@register.inclusion_tag("cms/includes/hreflang.html", takes_context=True)
def hreflang_links(context: dict[str, Any]) -> dict[str, Any]:
    """`<link rel="alternate" hreflang>` only for translations that exist."""
    request = context["request"]
    page = context.get("page")
    if not isinstance(page, Page):
        return {"alternates": []}
    urls = page_translation_urls(page, request)
    alternates = [
        (code, request.build_absolute_uri(url)) for code, url in urls.items() if url is not None
    ]
    return {"alternates": sorted(alternates)}


@dataclass(frozen=True)
class ErrorLink:
    message: str
    anchor: str  # the id of the field to go to, or "" for an error about the whole form


@register.simple_tag
def error_links(form: Any) -> list[ErrorLink]:
    """A form's errors, in the order of its fields, each with where to go to correct it.

    A form may say where a field's error leads (`error_anchor(name)`: a picker's text box when
    its list is empty); otherwise it is the field's own input.
    """
    if not getattr(form, "errors", None):
        return []
    links = [ErrorLink(str(message), "") for message in form.non_field_errors()]
    for name in form.fields:
        if name not in form.errors:
            continue
        anchor_of = getattr(form, "error_anchor", None)
        field = form[name]
        anchor = anchor_of(name) if anchor_of else (field.id_for_label or field.auto_id or "")
        links += [ErrorLink(str(message), anchor) for message in form.errors[name]]
    return links
