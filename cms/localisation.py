"""Vietnamese first: language trees kept in sync with it, what visitors see of untranslated pages,
and which translation is missing or out of date.

Every other language's tree follows the Vietnamese one (wagtail-localize's locale
synchronisation): a page added in Vietnamese appears in every other language as an *alias*, a
live mirror of the original, until a translator turns it into a real translation with
wagtail-localize's "Translate this page". Visitors reading such a mirror are told that it is the
Vietnamese original, in their own language.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, F, Max, Model, OuterRef, Q
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, ModelLogEntry, Page, Site, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.snippets.models import get_snippet_models
from wagtail.url_routing import RouteResult
from wagtail_localize.models import (  # type: ignore[import-untyped]
    LocaleSynchronization,
    StringSegment,
    Translation,
)

SOURCE_LANGUAGE: str = settings.LANGUAGE_CODE


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


# --- What a visitor reads ------------------------------------------------------------------------


def untranslated_original(page: Page) -> Page | None:
    """The page whose text `page` shows when it is not a translation of its own, else None.

    That is an alias of a page in another language, or an alias just turned into a translation
    whose translation was never published (its live text is still the mirrored original).
    Costs no query for an ordinary page.
    """
    if page.alias_of_id is not None:
        original = Page.objects.select_related("locale").get(pk=page.alias_of_id)
        return original if original.locale_id != page.locale_id else None
    if page.live_revision_id is None and page.locale.language_code != SOURCE_LANGUAGE:
        started = (
            Translation.objects.filter(
                source__object_id=page.translation_key, target_locale_id=page.locale_id
            )
            .select_related("source")
            .first()
        )
        if started is not None:
            return (
                Page.objects.select_related("locale")
                .filter(translation_key=page.translation_key, locale_id=started.source.locale_id)
                .first()
            )
    return None


def live_translations(page: Page) -> PageQuerySet:
    """`page` and its live translations, without mirrors of the original: aliases, and
    translations started in wagtail-localize whose translation was never published (their live
    text is still the mirrored original)."""
    started_unpublished = Q(live_revision__isnull=True) & Exists(
        Translation.objects.filter(
            source__object_id=OuterRef("translation_key"), target_locale_id=OuterRef("locale_id")
        )
    )
    return (
        page.get_translations(inclusive=True)
        .live()
        .filter(alias_of__isnull=True)
        .exclude(started_unpublished)
    )


# --- Translation status --------------------------------------------------------------------------


class Status(StrEnum):
    UP_TO_DATE = "up-to-date"
    IN_PROGRESS = "in-progress"
    OUT_OF_DATE = "out-of-date"
    ALIAS = "alias"
    MISSING = "missing"


STATUS_LABELS = {
    Status.UP_TO_DATE: _("Translated"),
    Status.IN_PROGRESS: _("Being translated"),
    Status.OUT_OF_DATE: _("Out of date"),
    Status.ALIAS: _("Not translated (shows the original)"),
    Status.MISSING: _("Missing"),
}


@dataclass(frozen=True)
class Cell:
    locale: Locale
    status: Status
    url: str  # where an editor acts on it: the translation, the alias, or "Translate this page"
    progress: tuple[int, int] | None = None  # translated strings, of all, while being translated

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


@dataclass(frozen=True)
class Row:
    page: Page
    cells: list[Cell]


def translation_status(pages: Iterable[Page], locales: list[Locale]) -> list[Row]:
    """For each Vietnamese page, its state in each other language.

    Four queries whatever the number of pages: the pages in the other languages, the
    wagtail-localize translations, and the string counts (all and translated) of those sources.
    Out of date means the original was published after its text was last sent to translators
    (wagtail-localize's "Sync translated pages"), or, for a page translated by hand, after the
    translation was last published.
    """
    sources = list(pages)
    keys = [page.translation_key for page in sources]
    locale_ids = [locale.pk for locale in locales]
    others = (
        Page.objects.filter(translation_key__in=keys, locale_id__in=locale_ids)
        .only("pk", "translation_key", "locale_id", "alias_of_id", "last_published_at", "live")
        .order_by()
    )
    by_key: dict[tuple[object, int], Page] = {(p.translation_key, p.locale_id): p for p in others}
    translations = {
        (t.source.object_id, t.target_locale_id): t
        for t in Translation.objects.filter(
            source__object_id__in=keys,
            source__locale__language_code=SOURCE_LANGUAGE,
            target_locale_id__in=locale_ids,
            enabled=True,
        ).select_related("source")
    }
    totals, done = string_progress({t.source_id for t in translations.values()}, locale_ids)

    rows = []
    for source in sources:
        cells = []
        for locale in locales:
            target = by_key.get((source.translation_key, locale.pk))
            cells.append(
                _cell(
                    source,
                    locale,
                    target,
                    translations.get((source.translation_key, locale.pk)),
                    totals,
                    done,
                )
            )
        rows.append(Row(source, cells))
    return rows


def string_progress(
    source_ids: set[int], locale_ids: list[int]
) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """How many strings each wagtail-localize source has, and how many of them are translated
    into each locale: two queries (none without sources)."""
    if not source_ids:
        return {}, defaultdict(int)
    totals = dict(
        StringSegment.objects.filter(source_id__in=source_ids)
        .values_list("source_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    done: dict[tuple[int, int], int] = defaultdict(int)
    for source_id, locale_id, count in (
        StringSegment.objects.filter(
            source_id__in=source_ids,
            string__translations__context_id=F("context_id"),
            string__translations__has_error=False,
            string__translations__locale_id__in=locale_ids,
        )
        .values_list("source_id", "string__translations__locale_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        done[source_id, locale_id] = count
    return totals, done


def _cell(
    source: Page,
    locale: Locale,
    target: Page | None,
    translation: Translation | None,
    totals: dict[int, int],
    done: dict[tuple[int, int], int],
) -> Cell:
    if target is None:
        url = reverse("wagtail_localize:submit_page_translation", args=[source.pk])
        return Cell(locale, Status.MISSING, f"{url}?select_locale={locale.language_code}")
    edit_url = reverse("wagtailadmin_pages:edit", args=[target.pk])
    if target.alias_of_id is not None:
        return Cell(locale, Status.ALIAS, edit_url)
    if translation is not None:
        synced_at: datetime | None = translation.source.last_updated_at
        total = totals.get(translation.source_id, 0)
        translated = done.get((translation.source_id, locale.pk), 0)
        if _changed_since(source, synced_at):
            return Cell(locale, Status.OUT_OF_DATE, edit_url)
        if translated < total:
            return Cell(locale, Status.IN_PROGRESS, edit_url, (translated, total))
        return Cell(locale, Status.UP_TO_DATE, edit_url)
    if _changed_since(source, target.last_published_at):
        return Cell(locale, Status.OUT_OF_DATE, edit_url)
    return Cell(locale, Status.UP_TO_DATE, edit_url)


def _changed_since(source: Page, moment: datetime | None) -> bool:
    return bool(source.last_published_at and moment and source.last_published_at > moment)


NAMED_IN_INTERFACE_WORDS = {"cms.FooterText"}  # "Footer text (Tiếng Việt)"


@dataclass(frozen=True)
class SnippetRow:
    instance: TranslatableMixin
    edit_url: str
    cells: list[Cell]

    @property
    def kind(self) -> str:
        return str(capfirst(self.instance._meta.verbose_name))

    @property
    def title_language(self) -> str:
        """The language of the row's title: the snippet's own text, Vietnamese, except for a
        footer text, named in the interface's words."""
        return "" if self.instance._meta.label in NAMED_IN_INTERFACE_WORDS else SOURCE_LANGUAGE


def snippet_translation_status(locales: list[Locale]) -> list[SnippetRow]:
    """Each Vietnamese snippet (news category, contact details, footer text) and its state in
    each language: translated, being translated, out of date or missing (snippets have no
    mirrors).

    A query per snippet model and four more, whatever the number of snippets or pages. Without
    publication dates, "out of date" compares edits as Wagtail logged them: the original edited
    after its text was last sent to translators, or, translated by hand, after the translation's
    last edit.
    """
    models = translatable_snippet_models()
    locale_ids = [locale.pk for locale in locales]
    originals: list[TranslatableMixin] = []
    by_key: dict[tuple[object, int], TranslatableMixin] = {}
    for model in models:
        keys = model.objects.filter(locale__language_code=SOURCE_LANGUAGE).values("translation_key")
        for item in (
            model.objects.filter(translation_key__in=keys)
            .select_related("locale")
            .order_by(*model._meta.ordering, "pk")
        ):
            if item.locale.language_code == SOURCE_LANGUAGE:
                originals.append(item)
            else:
                by_key[item.translation_key, item.locale_id] = item
    translations = {
        (t.source.object_id, t.target_locale_id): t
        for t in Translation.objects.filter(
            source__object_id__in=[item.translation_key for item in originals],
            source__locale__language_code=SOURCE_LANGUAGE,
            target_locale_id__in=locale_ids,
            enabled=True,
        ).select_related("source")
    }
    totals, done = string_progress({t.source_id for t in translations.values()}, locale_ids)
    edited = _last_edits([*originals, *by_key.values()])
    rows = []
    for original in originals:
        cells = []
        for locale in locales:
            target = by_key.get((original.translation_key, locale.pk))
            translation = translations.get((original.translation_key, locale.pk))
            status, progress = _snippet_status(original, target, translation, totals, done, edited)
            url = (
                _snippet_url(target, "edit")
                if target is not None
                else (f"{_snippet_url(original, 'submit')}?select_locale={locale.language_code}")
            )
            cells.append(Cell(locale, status, url, progress))
        rows.append(SnippetRow(original, _snippet_url(original, "edit"), cells))
    return rows


def translatable_snippet_models() -> list[type[TranslatableMixin]]:
    """The snippets every language keeps its own copy of (cms.models: news categories, contact
    details, footer texts), as Wagtail lists its snippets; a new one is listed by itself."""
    return [model for model in get_snippet_models() if issubclass(model, TranslatableMixin)]


def _snippet_status(
    original: TranslatableMixin,
    target: TranslatableMixin | None,
    translation: Translation | None,
    totals: dict[int, int],
    done: dict[tuple[int, int], int],
    edited: dict[tuple[int, str], datetime],
) -> tuple[Status, tuple[int, int] | None]:
    if target is None:
        return Status.MISSING, None
    original_edit = edited.get(_log_key(original))
    if translation is not None:
        if original_edit and original_edit > translation.source.last_updated_at:
            return Status.OUT_OF_DATE, None
        total = totals.get(translation.source_id, 0)
        translated = done.get((translation.source_id, target.locale_id), 0)
        if translated < total:
            return Status.IN_PROGRESS, (translated, total)
        return Status.UP_TO_DATE, None
    target_edit = edited.get(_log_key(target))
    if original_edit and target_edit and original_edit > target_edit:
        return Status.OUT_OF_DATE, None
    return Status.UP_TO_DATE, None


def _log_key(instance: Model) -> tuple[int, str]:
    return ContentType.objects.get_for_model(instance).pk, str(instance.pk)


def _last_edits(instances: list[Model]) -> dict[tuple[int, str], datetime]:
    """When Wagtail last logged each instance being created or edited: one query."""
    if not instances:
        return {}
    keys = {_log_key(instance) for instance in instances}
    return {
        (content_type_id, object_id): moment
        for content_type_id, object_id, moment in ModelLogEntry.objects.filter(
            content_type_id__in={content_type_id for content_type_id, _pk in keys},
            object_id__in={object_id for _ct, object_id in keys},
            action__in=["wagtail.create", "wagtail.edit"],
        )
        .values_list("content_type_id", "object_id")
        .annotate(at=Max("timestamp"))
        .order_by()
    }


def _snippet_url(instance: Model, view: str) -> str:
    """The snippet's editor (wagtail-localize's translation editor for a translation), or
    "Translate" for the original."""
    meta = instance._meta
    if view == "submit":
        return reverse(
            "wagtail_localize:submit_snippet_translation",
            args=[meta.app_label, meta.model_name, quote(instance.pk)],
        )
    return reverse(
        f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[quote(instance.pk)]
    )


# --- The note on untranslated pages --------------------------------------------------------------


@dataclass(frozen=True)
class FallbackNote:
    """What a visitor reading an untranslated page is told, and in which language."""

    text: str
    language: str  # of the note: the visitor's, or English where the interface lacks it
    original_language: str  # of the page's text, for the lang attribute of the content


def interface_language(code: str) -> str:
    """`code` if the interface is translated into it (locale/<code>/), else English."""
    return code if code in INTERFACE_LANGUAGES else "en"


INTERFACE_LANGUAGES = frozenset(
    path.parent.parent.name.replace("_", "-").lower()
    for directory in settings.LOCALE_PATHS[:1]
    for path in Path(directory).glob("*/LC_MESSAGES/django.mo")
) | {"en"}


def fallback_note(page: Page, visitor_language: str) -> FallbackNote | None:
    """The note for `page` if it shows an untranslated original, else None (no query then)."""
    original = original_of(page)
    if original is None:
        return None
    note_language = interface_language(visitor_language)
    with translation.override(note_language):
        text = gettext(
            "This page has not been translated into %(language)s yet; "
            "you are reading the %(original)s original."
        ) % {
            "language": language_name(visitor_language),
            "original": language_name(original.locale.language_code),
        }
    return FallbackNote(text, note_language, original.locale.language_code)


# Languages that write a language's name in lower case inside a sentence ("en français",
# "tiếng Anh", "на английском"), where Django's list of names is capitalised for menus.
LOWER_CASE_NAMES = {"vi", "fr", "ru"}


def language_name(code: str) -> str:
    """The name of language `code` in the active language, as written inside a sentence."""
    name = str(get_language_info(code)["name_translated"])
    if (get_language() or "") in LOWER_CASE_NAMES:
        return name[:1].lower() + name[1:]
    return name


def original_of(page: Page) -> Page | None:
    """`untranslated_original(page)`, remembered on the page for the rest of the request."""
    if not hasattr(page, "_untranslated_original"):
        page._untranslated_original = untranslated_original(page)  # type: ignore[attr-defined]
    return page._untranslated_original  # type: ignore[attr-defined,no-any-return]


def original_for_missing_page(request: HttpRequest, path: str) -> RouteResult | None:
    """Where the visitor's language tree has no live page at `path`: the live Vietnamese original
    of what they were looking for, routed, else None.

    The path is followed in the visitor's tree as far as it goes; the rest is looked up under the
    Vietnamese version of the last page found, so translated slugs above the missing page work.
    """
    language = get_language()
    site = Site.find_for_request(request)
    if language == SOURCE_LANGUAGE or site is None:
        return None
    source = Locale.objects.filter(language_code=SOURCE_LANGUAGE).first()
    locale = Locale.objects.filter(language_code=language).first()
    if source is None or locale is None:
        return None
    node: Page = site.root_page.get_translation_or_none(locale) or site.root_page
    components = [component for component in path.split("/") if component]
    while components and node.locale_id == locale.pk:
        child = node.get_children().filter(slug=components[0]).first()
        if child is None:
            break
        node = child
        components.pop(0)
    original = node if node.locale_id == source.pk else node.get_translation_or_none(source)
    if original is None:
        return None
    try:
        result = original.specific.route(request, components)
    except Http404:
        return None
    if result.page.locale_id != source.pk:
        return None
    result.page._untranslated_original = result.page  # the note, and lang="vi" on the content
    return result  # type: ignore[no-any-return]
