"""Is a page in one language? A checker for browser tests.

`assert_page_language(page, "vi", ignore=[what the test typed, names])` reads what a person sees
(and what a screen reader says: visible text, button values, placeholders, alt and aria-label
texts, the title), skips anything inside an element whose `lang` is another language (that text is
legitimately foreign, like "English" in the language switcher), and fails listing every fragment
that is in another language. Another language is recognised two ways:

- text from the catalogues in play, found verbatim: every `django` catalogue Django itself loads
  (ours, allauth's Vietnamese, Django's, phonenumber-field's, django-countries', Wagtail's…). The
  English message ids are the text of the source language; a message id whose translation in the
  page's language differs (or is missing, so the English would show) is foreign on that page, and
  so is another language's translation that differs from the page's. Placeholders (`%(email)s`,
  `%d`, `{example_number}`) match any text; one-word messages ("Password") count only as a whole
  fragment, so they are not found inside longer text by chance;
- letters only one of the site's languages writes (ă ơ ư đ and tone marks for Vietnamese), in
  any word outside tagged elements and ignored strings.

Which languages are looked for is data: `CHECKED_LANGUAGES` (the languages whose catalogues are
complete) and `OWN_LETTERS`; another language joins by being added there, with no code of its own.
`assert_text_language(text, lang)` applies the same checks to plain text, such as an email body.
Both always ignore the installation's own names (SITE_NAME, PROVINCE_NAME: "Hà Tĩnh" is a name
on an English page too).
"""

from __future__ import annotations

import gettext
import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SOURCE_LANGUAGE = "en"  # every catalogue's message ids are English
# Languages whose text is looked for on other languages' pages. fr, ru, ja, ko and zh-hans join
# when their catalogues are complete (until then their pages fall back to Vietnamese).
CHECKED_LANGUAGES: tuple[str, ...] = ("vi", "en")
# Letters that only this language writes among the site's languages: a word holding one is in it.
# Vietnamese: ă đ ơ ư, and vowels with a hook, dot below or tilde, or with a tone on â ê ô ă ơ ư.
# Not â ê ô themselves (French writes them: "Côte d'Ivoire"), nor the plain acute and grave
# (French and Spanish write é, à), nor ã õ (Portuguese names).
OWN_LETTERS: dict[str, str] = {
    "vi": "ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉĩịọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "ja": "".join(map(chr, range(0x3041, 0x30FF))),  # hiragana and katakana
    "ko": "".join(map(chr, range(0xAC00, 0xD7A4))),  # hangul syllables
}

PLACEHOLDER = re.compile(r"%\([^)]*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[A-Za-z_0-9]*\}")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Finding:
    fragment: str
    language: str
    reason: str

    def __str__(self) -> str:
        return f"{self.fragment!r}  <- {self.language}: {self.reason}"


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


# --- The catalogues in play -----------------------------------------------------------------------


def catalogue_dirs() -> list[Path]:
    """Where Django reads `django` catalogues, from the least to the most precedence
    (django.utils.translation.trans_real.DjangoTranslation: Django's own, the installed apps from
    last to first, then LOCALE_PATHS from last to first)."""
    import django
    from django.apps import apps
    from django.conf import settings

    dirs = [Path(django.__file__).parent / "conf" / "locale"]
    dirs += [Path(app.path) / "locale" for app in reversed(list(apps.get_app_configs()))]
    dirs += [Path(path) for path in reversed(settings.LOCALE_PATHS)]
    return [path for path in dirs if path.is_dir()]


Key = tuple[str, str]  # (context, message id)


@cache
def _entries(language: str) -> tuple[dict[Key, tuple[str, ...]], dict[Key, tuple[str, ...]]]:
    """(translations, source texts) of every catalogue in play for `language`, the one Django
    would use winning; plural messages give every form."""
    import polib
    from django.utils.translation import to_locale

    translations: dict[Key, tuple[str, ...]] = {}
    sources: dict[Key, tuple[str, ...]] = {}
    for directory in catalogue_dirs():
        found = gettext.find("django", str(directory), [to_locale(language)], all=True)
        for path in reversed(found):  # the most specific locale (ko_KR before ko) wins
            for entry in polib.mofile(path):
                if not entry.msgid:
                    continue
                key = (entry.msgctxt or "", entry.msgid)
                sources[key] = tuple(filter(None, (entry.msgid, entry.msgid_plural)))
                forms = tuple(entry.msgstr_plural.values()) if entry.msgid_plural else ()
                texts = tuple(text for text in forms or (entry.msgstr,) if text)
                if texts:
                    translations[key] = texts
    return translations, sources


def texts_in(language: str) -> dict[Key, tuple[str, ...]]:
    """What each message reads as in `language`; English is the message ids themselves, unless
    an English catalogue says otherwise."""
    if language != SOURCE_LANGUAGE:
        return _entries(language)[0]
    from django.conf import settings

    sources: dict[Key, tuple[str, ...]] = {}
    for code in {SOURCE_LANGUAGE, *(code for code, _name in settings.LANGUAGES)}:
        sources.update(_entries(code)[1])
    return {**sources, **_entries(SOURCE_LANGUAGE)[0]}


@dataclass(frozen=True)
class Phrase:
    text: str  # as in the catalogue
    language: str
    literal: str  # the longest piece between placeholders, for a quick look-up
    pattern: re.Pattern[str] | None  # None: a single word, matched as a whole fragment


def phrase(text: str, language: str) -> Phrase | None:
    plain = normalise(html.unescape(TAG.sub("", text))).replace("%%", "%")
    pieces = PLACEHOLDER.split(plain)
    letters = sum(char.isalpha() for char in "".join(pieces))
    if letters < 4:
        return None  # "%(a)s: %(b)s", "OK", "ID": not evidence of anything
    literal = max(pieces, key=len).strip()
    if len(WORD.findall(PLACEHOLDER.sub("", plain))) < 2:
        return Phrase(text, language, plain.strip(" :*"), None)
    body = ".+?".join(re.escape(piece) for piece in pieces)
    start = r"(?<!\w)" if plain[:1].isalnum() else ""
    end = r"(?!\w)" if plain[-1:].isalnum() else ""
    return Phrase(text, language, literal, re.compile(start + body + end))


@cache
def foreign_phrases(page_language: str, languages: tuple[str, ...]) -> tuple[Phrase, ...]:
    """Catalogue text in each of `languages` that cannot be right on a `page_language` page."""
    own = texts_in(page_language)
    own_texts = {normalise(text) for texts in own.values() for text in texts}
    found: dict[str, Phrase] = {}
    for language in languages:
        if language == page_language:
            continue
        for key, texts in texts_in(language).items():
            allowed = {normalise(text) for text in own.get(key, ())}
            for text in texts:
                if normalise(text) in allowed or normalise(text) in own_texts:
                    continue
                candidate = phrase(text, language)
                if candidate is not None:
                    found.setdefault(candidate.text, candidate)
    return tuple(found.values())


@cache
def _matchers(
    page_language: str, languages: tuple[str, ...]
) -> tuple[dict[str, Phrase], list[Phrase], list[tuple[str, re.Pattern[str]]]]:
    phrases = foreign_phrases(page_language, languages)
    words = {p.literal: p for p in phrases if p.pattern is None}
    longer = sorted((p for p in phrases if p.pattern is not None), key=lambda p: p.text)
    marked = [
        (language, re.compile(rf"\w*[{re.escape(letters + letters.upper())}]\w*"))
        for language, letters in OWN_LETTERS.items()
        if language in languages and language != page_language
    ]
    return words, longer, marked


# --- Checking text --------------------------------------------------------------------------------


def _search(candidate: Phrase, text: str) -> bool:
    return candidate.pattern is not None and candidate.pattern.search(text) is not None


def foreign_text(
    fragments: Iterable[str],
    language: str,
    *,
    ignore: Iterable[str] = (),
    languages: Sequence[str] = CHECKED_LANGUAGES,
) -> list[Finding]:
    """The fragments of text that are in another language than `language`."""
    words, longer, marked = _matchers(language, tuple(languages))
    skipped = sorted({normalise(text) for text in ignore if text.strip()}, key=len, reverse=True)
    cleaned = []
    for fragment in fragments:
        text = normalise(fragment)
        for value in skipped:
            text = text.replace(value, " ")
        text = normalise(text)
        if text:
            cleaned.append(text)
    joined = "\n".join(cleaned)
    candidates = [p for p in longer if p.literal in joined]
    findings: list[Finding] = []
    for text in cleaned:
        whole = words.get(text.strip(" :*"))
        if whole is not None:
            findings.append(Finding(text, whole.language, f"catalogue text {whole.text!r}"))
            continue
        hit = next((p for p in candidates if p.literal in text and _search(p, text)), None)
        if hit is not None:
            findings.append(Finding(text, hit.language, f"catalogue text {hit.text!r}"))
            continue
        for other, pattern in marked:
            if match := pattern.search(text):
                findings.append(Finding(text, other, f"the word {match.group()!r}"))
                break
    return findings


def installation_names() -> list[str]:
    """The names this installation is configured with (SITE_NAME, PROVINCE_NAME): proper names,
    written in Vietnamese on every page, so they are never a complaint."""
    from django.conf import settings

    return [settings.SITE_NAME, settings.PROVINCE_NAME]


def assert_text_language(
    text: str,
    language: str,
    *,
    ignore: Iterable[str] = (),
    languages: Sequence[str] = CHECKED_LANGUAGES,
) -> None:
    """Plain text (an email body, line by line) is all in `language`."""
    ignore = [*ignore, *installation_names()]
    findings = foreign_text(text.splitlines(), language, ignore=ignore, languages=languages)
    assert not findings, f"Text in another language than {language}:\n" + "\n".join(
        f"  - {finding}" for finding in findings
    )


# --- Reading a page -------------------------------------------------------------------------------

# Text nodes are gathered by their nearest element that is not inline, so that a sentence with a
# link in it stays one fragment; form controls' labels, placeholders and accessible names are
# fragments of their own. Nothing hidden (display: none, visibility: hidden) is read, except an
# option of a visible select.
READ_PAGE = """
() => {
  const pageLang = (document.documentElement.lang || "").toLowerCase();
  const sameLang = (value) => {
    const lang = (value || "").toLowerCase();
    return lang === pageLang || lang.startsWith(pageLang + "-") || pageLang.startsWith(lang + "-");
  };
  const foreign = (el) => {
    const tagged = el.closest("[lang]");
    return tagged !== null && !sameLang(tagged.getAttribute("lang"));
  };
  const visible = (el) => {
    const select = el.closest("select, datalist");
    if (select) return select.checkVisibility({visibilityProperty: true});
    return el.checkVisibility({visibilityProperty: true});
  };
  const inline = (el) => ["inline", "contents"].includes(getComputedStyle(el).display);
  const groups = new Map();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.nodeValue.trim() || !el || el.closest("script, style, template, noscript")) continue;
    if (!visible(el) || foreign(el)) continue;
    let block = el;
    while (block.parentElement && block !== document.body && inline(block)) {
      block = block.parentElement;
    }
    if (!groups.has(block)) groups.set(block, []);
    groups.get(block).push(node.nodeValue);
  }
  const fragments = [document.title, ...[...groups.values()].map((texts) => texts.join(""))];
  const attributes = ["placeholder", "aria-label", "alt", "title"];
  for (const el of document.body.querySelectorAll("*")) {
    if (foreign(el) || !visible(el)) continue;
    for (const name of attributes) {
      if (el.hasAttribute(name)) fragments.push(el.getAttribute(name));
    }
    if (el.matches("input[type=submit], input[type=button], input[type=reset]")) {
      fragments.push(el.value);
    }
  }
  return {lang: pageLang, fragments: fragments.filter((text) => text && text.trim())};
}
"""


def page_text(page: Any) -> tuple[str, list[str]]:
    """The page's `lang` and the fragments of text a person meets on it (Playwright page)."""
    result = page.evaluate(READ_PAGE)
    return result["lang"], result["fragments"]


def assert_page_language(
    page: Any,
    language: str,
    *,
    ignore: Iterable[str] = (),
    languages: Sequence[str] = CHECKED_LANGUAGES,
) -> None:
    """The page says it is in `language` and shows nothing in another language, apart from
    elements tagged with their own `lang` and the `ignore`d strings (what the test typed, names)."""
    declared, fragments = page_text(page)
    assert declared == language.lower(), f"{page.url} declares lang={declared!r}, not {language!r}"
    ignore = [*ignore, *installation_names()]
    findings = foreign_text(fragments, language, ignore=ignore, languages=languages)
    assert not findings, f"Text in another language on a {language} page ({page.url}):\n" + (
        "\n".join(f"  - {finding}" for finding in findings)
    )
