from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from cms import images

register = template.Library()


@register.simple_tag
def hero_picture(page: Any) -> SafeString:
    """The top of an article, project, programme or event: shown at once (not lazily)."""
    html = images.picture(
        page.hero_image,
        images.HERO,
        sizes=images.HERO_SIZES,
        alt=page.hero_alt,
        fetchpriority="high",
    )
    return mark_safe(html)  # noqa: S308 - Wagtail's Picture escapes its attributes


@register.simple_tag
def card_picture(page: Any) -> SafeString:
    """A card's picture, below the fold: loaded when it comes near. Decorative (alt=""): the
    card's title, right beside it, says what it is about."""
    if not getattr(page, "hero_image_id", None):
        return mark_safe("")  # noqa: S308
    html = images.picture(
        page.hero_image,
        images.CARD,
        sizes=images.CARD_SIZES,
        alt="",
        loading="lazy",
        decoding="async",
    )
    return mark_safe(html)  # noqa: S308 - Wagtail's Picture escapes its attributes
