"""Vietnamese first: language trees kept in sync with it, and what a mirror of it is.

Every other language's tree follows the Vietnamese one (wagtail-localize's locale
synchronisation): a page added in Vietnamese appears in every other language as an *alias*, a
live mirror of the original, until a translator turns it into a real translation with
wagtail-localize's "Translate this page". Visitors reading such a mirror are told that it is the
Vietnamese original, in their own language (cms.fallback); the admin's Translations screen shows
what is left to translate (cms.translation_status).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from wagtail.models import Locale, Page
from wagtail.query import PageQuerySet
from wagtail_localize.models import (  # type: ignore[import-untyped]
    LocaleSynchronization,
    Translation,
)

SOURCE_LANGUAGE: str = settings.LANGUAGE_CODE

Pages = TypeVar("Pages", bound=QuerySet[Any])


# --- Synchronised trees --------------------------------------------------------------------------


def ensure_locale_synchronisation() -> int:
    """Every other language's tree syncs from the Vietnamese one; returns how many were set up.

    Setting one up aliases, at once, every Vietnamese page that language lacks; later pages are
    aliased when an editor creates them.
    """
    source = Locale.objects.filter(language_code=SOURCE_LANGUAGE).first()
    if source is None:
        return 0
    created = 0
    for locale in Locale.objects.exclude(pk=source.pk):
        synchronisation = LocaleSynchronization.objects.filter(locale=locale).first()
        if synchronisation is None:
            LocaleSynchronization.objects.create(locale=locale, sync_from=source)
            created += 1
        elif synchronisation.sync_from_id != source.pk:
            synchronisation.sync_from = source
            synchronisation.save()
            created += 1
    return created


# --- Mirrors -------------------------------------------------------------------------------------
# A *mirror* is a page whose live text is another page's: an alias, or a translation started in
# wagtail-localize ("Translate this page" turns an alias into a translation at once) whose
# translation was never published, so it still has no live revision of its own. Translations
# start from Vietnamese, never into it: a Vietnamese page is never such a translation.
# The definition below, for one page (`mirrored_original`) and for a query (`without_mirrors`,
# `with_mirror_flag`), is the only one: the fallback note, the language switcher's alternates,
# the canonical address, the sitemap and the news feeds all read it.


def _started_translations() -> QuerySet[Any]:
    """wagtail-localize translations started into another language than Vietnamese."""
    return Translation.objects.exclude(target_locale__language_code=SOURCE_LANGUAGE)


def _started_unpublished() -> Q:
    return Q(
        Exists(
            _started_translations().filter(
                source__object_id=OuterRef("translation_key"),
                target_locale_id=OuterRef("locale_id"),
            )
        ),
        live_revision__isnull=True,
    )


def without_mirrors(pages: Pages) -> Pages:
    """`pages` without mirrors: only pages showing text of their own."""
    return pages.filter(alias_of__isnull=True).exclude(_started_unpublished())


def with_mirror_flag(pages: Pages) -> Pages:
    """`pages`, each with `is_mirror` (the rows `without_mirrors` would leave out)."""
    return pages.annotate(
        is_mirror=ExpressionWrapper(
            Q(alias_of__isnull=False) | _started_unpublished(), output_field=BooleanField()
        )
    )


def mirrored_original(page: Page) -> Page | None:
    """The page whose text `page` shows if `page` is a mirror, else None; remembered on the page
    for the rest of the request. Costs no query for an ordinary page."""
    if not hasattr(page, "_mirrored_original"):
        page._mirrored_original = _find_mirrored_original(page)  # type: ignore[attr-defined]
    return page._mirrored_original  # type: ignore[attr-defined,no-any-return]


def _find_mirrored_original(page: Page) -> Page | None:
    if page.alias_of_id is not None:
        return Page.objects.select_related("locale").get(pk=page.alias_of_id)  # type: ignore[no-any-return]
    if page.live_revision_id is None and page.locale.language_code != SOURCE_LANGUAGE:
        started = (
            _started_translations()
            .filter(source__object_id=page.translation_key, target_locale_id=page.locale_id)
            .select_related("source")
            .first()
        )
        if started is not None:
            return (  # type: ignore[no-any-return]
                Page.objects.select_related("locale")
                .filter(translation_key=page.translation_key, locale_id=started.source.locale_id)
                .first()
            )
    return None


def untranslated_original(page: Page) -> Page | None:
    """The original in another language whose text `page` shows, else None (an alias of a page
    of its own language is a mirror, but not untranslated)."""
    original = mirrored_original(page)
    return original if original is not None and original.locale_id != page.locale_id else None


def live_translations(page: Page) -> PageQuerySet:
    """`page` and its live translations, without mirrors of the original."""
    return without_mirrors(page.get_translations(inclusive=True).live())


def original_of(page: Page) -> Page | None:
    """`untranslated_original(page)`, remembered on the page for the rest of the request."""
    if not hasattr(page, "_untranslated_original"):
        page._untranslated_original = untranslated_original(page)  # type: ignore[attr-defined]
    return page._untranslated_original  # type: ignore[attr-defined,no-any-return]


def read_as_original(page: Page) -> None:
    """`page` is served where its translation is missing: it is its own untranslated original
    for the rest of the request (the note, and its language on the content)."""
    page._untranslated_original = page  # type: ignore[attr-defined]
