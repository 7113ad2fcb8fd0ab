from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language
from wagtail.models import Page

from cms.fallback import FallbackNote, fallback_note
from cms.localisation import SOURCE_LANGUAGE, original_of

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_fallback(context: dict[str, Any]) -> FallbackNote | None:
    """The note shown above a page that has no translation in the visitor's language yet."""
    page = context.get("page")
    if not isinstance(page, Page):
        return None
    return fallback_note(page, get_language())


@register.filter
def content_language(page: Page) -> str:
    """The language a page's text is written in: its original's, while it is untranslated."""
    original = original_of(page)
    return str((original or page).locale.language_code)


@register.filter
def mirrored_language(page: Page) -> str:
    """On a list card: the original's language when the page is an untranslated mirror (a
    wagtail-localize alias of the Vietnamese page), else "" (the card is in the page's language).

    Cheap on purpose: lists read `alias_of_id` with their cards and make no query per card.
    """
    return SOURCE_LANGUAGE if page.alias_of_id else ""
