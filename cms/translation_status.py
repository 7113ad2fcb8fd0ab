"""Which translation is missing, being made or out of date: the admin's Translations screen.

For each Vietnamese page and translatable snippet, its state in every other language, read in a
fixed number of queries whatever the amount of content (cms.admin_views shows it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.contrib.admin.utils import quote
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, Max, Model
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, ModelLogEntry, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models
from wagtail_localize.models import (  # type: ignore[import-untyped]
    StringSegment,
    Translation,
)

from cms.localisation import SOURCE_LANGUAGE


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
