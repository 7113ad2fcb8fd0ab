"""Pictures on the public pages: responsive renditions made once, when a page is published.

A page's hero image is shown at the top of its page (`HERO`) and on its card in lists (`CARD`,
cropped around the image's focal point), each as a `<picture>` of AVIF, WebP and JPEG at
several widths: the browser takes the smallest that fills its slot. Every rendition of a page's
image is made when the page is published (`make_renditions`, on `page_published`), so a reader
never waits for one to be resized; lists prefetch their cards' renditions with the cards
(`with_card_pictures`), so a list costs the same number of queries with or without pictures.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from wagtail.images import get_image_model
from wagtail.images.models import Filter, Picture

HERO = Filter.expand_spec("format-{avif,webp,jpeg} width-{480,800,1200}")
HERO_SIZES = "(min-width: 70rem) 68rem, 100vw"
CARD = Filter.expand_spec("format-{avif,webp,jpeg} fill-{400x225,800x450}")
CARD_SIZES = "(min-width: 48rem) 22rem, 100vw"
SHARE = "fill-1200x630"  # the picture a link shared on social media shows (cms.seo)


def with_card_pictures(pages: QuerySet[Any]) -> QuerySet[Any]:
    """The cards' images and their card renditions in two queries, whatever the number."""
    images = get_image_model().objects.prefetch_renditions(*CARD)
    return pages.prefetch_related(Prefetch("hero_image", queryset=images))


def make_renditions(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    """Every rendition the site shows of a published page's hero image (connected in cms.apps)."""
    image = getattr(instance, "hero_image", None)
    if image is not None:
        image.get_renditions(*HERO, *CARD, SHARE)


def picture(image: Any, specs: list[str], **attrs: str) -> str:
    """A `<picture>` of `image` in `specs` (made now if missing: a preview of a draft)."""
    if image is None:
        return ""
    return str(Picture(image.get_renditions(*specs), attrs).__html__())
