"""What a visitor reading an untranslated page is told, and the Vietnamese original served where
their language's tree lacks the page (cms.views).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest
from django.utils import translation
from django.utils.translation import get_language, get_language_info, gettext
from wagtail.models import Locale, Page, Site
from wagtail.url_routing import RouteResult

from cms.localisation import SOURCE_LANGUAGE, original_of, read_as_original


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
    read_as_original(result.page)  # the note, and lang="vi" on the content
    return result  # type: ignore[no-any-return]
