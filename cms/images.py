"""Pictures on the public pages: responsive renditions made once, when a page is published.

A page's hero image is shown at the top of its page (`HERO`) and on its card in lists (`CARD`,
cropped around the image's focal point), each as a `<picture>` of AVIF, WebP and JPEG at
several widths: the browser takes the smallest that fills its slot. Every rendition of a page's
image is made when the page is published (`make_renditions`, on `page_published`), so a reader
never waits for one to be resized.

What a `<picture>` needs of its renditions (addresses, widths, the fallback's size) is kept in
the cache per image and kind (`Sources`), forgotten when the image or its renditions change: a
list of cards then costs no query and little time for its pictures, whether it has them or not.
Reading Wagtail's renditions for each card on each request (even prefetched) made a news list
three times slower than without pictures (bench/pages.py). A list reads all its cards' sources in
one round trip to the cache (`remember_cards`), not one per card: with Redis each read is a
round trip and a new client object, 0.16 ms of CPU each (bench/load/).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from wagtail.images import get_image_model
from wagtail.images.models import Filter

HERO = Filter.expand_spec("format-{avif,webp,jpeg} width-{480,800,1200}")
HERO_SIZES = "(min-width: 70rem) 68rem, 100vw"
CARD = Filter.expand_spec("format-{avif,webp,jpeg} fill-{400x225,800x450}")
CARD_SIZES = "(min-width: 48rem) 22rem, 100vw"
SHARE = "fill-1200x630"  # the picture a link shared on social media shows (cms.seo)
KINDS = {"hero": HERO, "card": CARD}
MIME = {"avif": "image/avif", "webp": "image/webp"}
SOURCES_SECONDS = 24 * 60 * 60  # a safety net: a change to the image forgets them at once


@dataclass(frozen=True)
class Sources:
    """One image at one kind: the srcset of each modern format, and the JPEG fallback."""

    modern: tuple[tuple[str, str], ...]  # (MIME type, srcset)
    src: str
    srcset: str
    width: int
    height: int


def make_renditions(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    """Every rendition the site shows of a published page's hero image (connected in cms.apps)."""
    image = getattr(instance, "hero_image", None)
    if image is not None:
        image.get_renditions(*HERO, *CARD, SHARE)


def forget(sender: Any = None, instance: Any = None, **kwargs: Any) -> None:
    """An image or one of its renditions changed (connected in cms.apps)."""
    image_id = getattr(instance, "image_id", None) or getattr(instance, "pk", None)
    cache.delete_many([_key(kind, image_id) for kind in (*KINDS, "share")])


def _key(kind: str, image_id: int | None) -> str:
    return f"picture:{kind}:{image_id}"


def sources(image_id: int, kind: str) -> Sources | None:
    """The picture's sources from the cache, else from its renditions (made if missing: the
    preview of a page not published yet)."""
    found = cache.get(_key(kind, image_id))
    return found if found is not None else _sources_from_renditions(image_id, kind)  # type: ignore[no-any-return]


def remember_cards(pages: Iterable[Any]) -> None:
    """The card pictures of `pages` (a list about to be shown), read from the cache at once and
    kept on each page for `card_sources`."""
    pictured = [page for page in pages if getattr(page, "hero_image_id", None)]
    keys = {page.hero_image_id: _key("card", page.hero_image_id) for page in pictured}
    cached = cache.get_many(list(keys.values())) if keys else {}
    for page in pictured:
        found = cached.get(keys[page.hero_image_id])
        if found is None:
            found = cached[keys[page.hero_image_id]] = _sources_from_renditions(
                page.hero_image_id, "card"
            )
        page._card_sources = found


def card_sources(page: Any) -> Sources | None:
    """The page's card picture: as `remember_cards` kept it, else from the cache."""
    if hasattr(page, "_card_sources"):
        return page._card_sources  # type: ignore[no-any-return]
    return sources(page.hero_image_id, "card") if page.hero_image_id else None


def _sources_from_renditions(image_id: int, kind: str) -> Sources | None:
    """The picture's sources read from its renditions (made if missing), kept in the cache."""
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return None
    renditions = image.get_renditions(*KINDS[kind])
    by_format: dict[str, list[Any]] = {}
    for spec, rendition in renditions.items():
        by_format.setdefault(spec.split("|")[0].removeprefix("format-"), []).append(rendition)
    fallback = by_format.pop("jpeg")

    def srcset(items: list[Any]) -> str:
        return ", ".join(f"{item.url} {item.width}w" for item in items)

    found = Sources(
        modern=tuple((MIME[name], srcset(items)) for name, items in by_format.items()),
        src=fallback[0].url,
        srcset=srcset(fallback),
        width=fallback[0].width,
        height=fallback[0].height,
    )
    cache.set(_key(kind, image_id), found, SOURCES_SECONDS)
    return found


def share_url(image: Any) -> str:
    """The address of the image's link-preview rendition (`SHARE`), from the cache.

    Wagtail's own rendition cache writes a rendition back each time it reads it (the SEO head
    asked twice a page: two reads and two writes); this is one read, remembered on the image."""
    if not hasattr(image, "_share_url"):
        key = _key("share", image.pk)
        url = cache.get(key)
        if url is None:
            url = image.get_rendition(SHARE).url
            cache.set(key, url, SOURCES_SECONDS)
        image._share_url = url
    return str(image._share_url)


def picture(image_id: int | None, kind: str, sizes: str, **attrs: str) -> SafeString:
    """A `<picture>` of the image, or nothing."""
    return picture_of(sources(image_id, kind) if image_id else None, sizes, **attrs)


def picture_of(found: Sources | None, sizes: str, **attrs: str) -> SafeString:
    """A `<picture>` of these sources, or nothing."""
    if found is None:
        return SafeString("")
    modern = format_html_join(
        "",
        '<source type="{}" srcset="{}" sizes="{}">',
        ((mime, srcset, sizes) for mime, srcset in found.modern),
    )
    extra = format_html_join("", ' {}="{}"', sorted(attrs.items()))
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}"{}></picture>',
        modern,
        found.src,
        found.srcset,
        sizes,
        found.width,
        found.height,
        extra,
    )
