"""Every page speaks the reader's language: no button, heading or label of the interface in
another one. Content legitimately in another language is marked with `lang` (an untranslated
page's Vietnamese original, a card of a mirrored page, the names in the language switcher) and is
left out; so are names (the province, the site, people's and places' names in the content).

How a foreign string is recognised: it is, whole, what another of our seven catalogues says for
a message this language says differently; or, on a page not in Vietnamese, a word in lower case
has letters only Vietnamese uses (ơ, ư, đ, ạ, ế…): "tỉnh", "ký". Names keep their marks in every
language and are capitalised ("Bình Dương", "Tết", "Nguyễn Thị Hồng Nhung"), so they pass.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from wagtail.models import Page

from cms.models import (
    CharityProgrammePage,
    ContactPage,
    EventPage,
    HomePage,
    InvestmentProjectPage,
    NewsArticlePage,
    ProvinceProfilePage,
    StandardPage,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = [code for code, _name in settings.LANGUAGES]
CATALOGUE_DIR = {code: code.replace("zh-hans", "zh_Hans") for code in LANGUAGES}
VIETNAMESE_LETTERS = re.compile(
    "[ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹĩũ]", re.IGNORECASE
)
VISIBLE_ATTRIBUTES = ("placeholder", "title", "alt", "aria-label")
PAGE_TYPES = [
    NewsArticlePage,
    InvestmentProjectPage,
    CharityProgrammePage,
    EventPage,
    ProvinceProfilePage,
    ContactPage,
    StandardPage,
]


def catalogues() -> dict[str, dict[str, str]]:
    found = {}
    for code, directory in CATALOGUE_DIR.items():
        path = ROOT / "locale" / directory / "LC_MESSAGES" / "django.po"
        found[code] = {
            entry.msgid: entry.msgstr or entry.msgstr_plural.get(0, "")
            for entry in polib.pofile(str(path))
            if not entry.msgid_plural and "%" not in entry.msgid and "{" not in entry.msgid
        }
    return found


def foreign_strings(language: str, every: dict[str, dict[str, str]]) -> dict[str, str]:
    """Text → the language it is in, for each message `language` says differently."""
    own = every[language]
    foreign: dict[str, str] = {}
    for other, messages in every.items():
        if other == language:
            continue
        for msgid, text in messages.items():
            if len(text) > 3 and own.get(msgid) and text != own[msgid]:
                foreign[text] = other
    # A word that means the same in two languages ("Email", "Menu", "Contact") is not foreign.
    for text in own.values():
        foreign.pop(text, None)
    return foreign


class VisibleText(HTMLParser):
    """Text nodes and visible attributes, with the language each is in (the nearest `lang`)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None, bool]] = []  # tag, lang, hidden
        self.found: list[tuple[str, str]] = []  # (language, text)

    def _language(self) -> str:
        return next((lang for _tag, lang, _hidden in reversed(self.stack) if lang), "")

    def _hidden(self) -> bool:
        return any(hidden for _tag, _lang, hidden in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        hidden = tag in {"script", "style", "template", "head"}
        lang = attributes.get("lang")
        if tag not in self.VOID:
            self.stack.append((tag, lang, hidden))
        if self._hidden():
            return
        language = lang or self._language()
        for name in VISIBLE_ATTRIBUTES:
            if attributes.get(name):
                self.found.append((language, attributes[name] or ""))
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self.found.append((language, attributes.get("value") or ""))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        text = " ".join(data.split())
        if text and not self._hidden():
            self.found.append((self._language(), text))


# Vietnamese administrative terms a translation may give in brackets to explain its own word
# ("사(xã) 또는 방(phường)").
GLOSSES = {"xã", "phường"}


def vietnamese_words(text: str, names: set[str]) -> list[str]:
    if text in names:
        return []
    return [
        word
        for word in re.findall(r"\w+", text)
        if word[0].islower() and VIETNAMESE_LETTERS.search(word) and word not in GLOSSES
    ]


def problems(
    html: str, language: str, foreign: dict[str, str], names: set[str] = frozenset()
) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    found = []
    for lang, text in parser.found:
        if lang.lower() != language.lower():
            continue  # content marked as written in another language
        if text in foreign:
            found.append(f"{foreign[text]}: {text!r}")
            continue
        if language != "vi" and vietnamese_words(text, names):
            found.append(f"vi?: {text!r}")
    return found


def public_urls(language: str) -> list[str]:
    home = HomePage.objects.get(locale__language_code=language)
    urls = [home.url]
    for model in PAGE_TYPES:
        page = model.objects.live().descendant_of(home).filter(alias_of=None).first()
        if page is not None:
            urls.append(page.url)
            urls.append(page.get_parent().url)
    return [
        *dict.fromkeys(urls),
        f"/{language}/search/?q=duc",
        f"/{language}/site-map/",
        f"/{language}/associations/",
        f"/{language}/join/",
        f"/{language}/accounts/login/",
        f"/{language}/accounts/signup/",
        f"/{language}/accounts/password/reset/",
        f"/{language}/no-such-page/",
    ]


MEMBER_PAGES = ["profile/", "profile/consents/", "profile/step/about/", "profile/download/"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_speaks_the_readers_language(language, site_pages, member_record):
    every = catalogues()
    foreign = foreign_strings(language, every)
    # Names of the newspapers and portals the news comes from ("Báo Kinh tế và Đô thị").
    sources = set(
        NewsArticlePage.objects.exclude(source_name="").values_list("source_name", flat=True)
    )
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(member_record.user)
    found: dict[str, list[str]] = {}
    pages = [(anonymous, url) for url in public_urls(language)]
    pages += [(signed_in, f"/{language}/{path}") for path in MEMBER_PAGES]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        html = response.content.decode()
        assert f'<html lang="{language}"' in html, url
        if wrong := problems(html, language, foreign, sources):
            found[url] = wrong
    assert not found, "\n".join(f"{url}: {', '.join(texts)}" for url, texts in found.items())


def test_the_detector_finds_a_vietnamese_button_on_a_french_page():
    every = catalogues()
    html = '<html lang="fr"><body><button>Đăng ký</button><p lang="vi">Tin tức</p></body></html>'
    assert problems(html, "fr", foreign_strings("fr", every)) == ["vi: 'Đăng ký'"]


def test_every_page_type_is_covered(site_pages):
    """(So that a new page type is added above.)"""
    covered = {model.__name__ for model in PAGE_TYPES} | {"HomePage"}
    from cms import models

    leaf_types = {
        name
        for name, value in vars(models).items()
        if isinstance(value, type)
        and issubclass(value, Page)
        and not value._meta.abstract
        and not name.endswith("IndexPage")
        and value is not Page
    }
    assert leaf_types <= covered
