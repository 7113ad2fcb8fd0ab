from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from cms import images

register = template.Library()


@register.simple_tag
def hero_picture(page: Any) -> SafeString:
    """The top of an article, project, programme or event: loaded at once (not lazily)."""
    return images.picture(
        page.hero_image_id, "hero", images.HERO_SIZES, alt=page.hero_alt, fetchpriority="high"
    )


@register.simple_tag
def card_picture(page: Any) -> SafeString:
    """A card's picture, loaded when it comes near. Decorative (alt=""): the card's title, right
    beside it, says what it is about."""
    return images.picture_of(
        images.card_sources(page), images.CARD_SIZES, alt="", loading="lazy", decoding="async"
    )


@register.simple_tag
def card_pictures(*lists: Any) -> str:
    """Before the lists of cards of a page: their pictures read in one go (cms.images)."""
    for pages in lists:
        images.remember_cards(pages)
    return ""
