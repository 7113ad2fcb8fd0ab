"""The Translations screen: it filters the pages by language and state (keeping its filters from
screen to screen, at the same cost for more pages) and lists the translatable snippets in every
language."""

import re

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail_localize.models import TranslationSource
from wagtail_localize.operations import TranslationCreator

from cms.models import Category
from tests.cms.translating import fill_strings, publish_article

pytestmark = pytest.mark.django_db


def status_cells(html: str, title: str) -> dict[str, str]:
    row = html.split(f">{title}</a>", 1)[1].split("</tr>", 1)[0]
    cell = r'data-language="([\w-]+)">\s*<a class="translation-status translation-status--([\w-]+)"'
    return dict(re.findall(cell, row))


def translate_and_publish(article: Page, code: str, title: str) -> None:
    locale = Locale.objects.get(language_code=code)
    TranslationCreator(None, [locale]).create_translations(article)
    fill_strings(article, code, title)
    source = TranslationSource.objects.get_for_instance(article)
    with TestCase.captureOnCommitCallbacks(execute=True):
        source.translations.get(target_locale=locale).save_target(publish=True)


@pytest.fixture
def some_states(synced):
    untranslated = publish_article("Tin chưa dịch")
    translated = publish_article("Tin đã dịch")
    translate_and_publish(translated, "en", "Translated news")
    changed = publish_article("Tin đã thay đổi")
    translate_and_publish(changed, "en", "Changed news")
    translate_and_publish(changed, "fr", "Nouvelle changée")
    changed.title = "Tin đã thay đổi lần hai"
    changed.save_revision().publish()
    started = publish_article("Tin đang dịch")
    TranslationCreator(None, [Locale.objects.get(language_code="en")]).create_translations(started)
    return untranslated, translated, changed, started


def listed_pages(html: str) -> list[str]:
    table = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row">\s*<a href="[^"]+" lang="vi">([^<]+)</a>', table)


def test_the_screen_filters_by_language(client, editor, some_states):
    client.force_login(editor)
    html = client.get("/admin/translations/?language=fr").content.decode()
    assert status_cells(html, "Tin đã thay đổi lần hai") == {"fr": "out-of-date"}
    assert status_cells(html, "Tin đã dịch") == {"fr": "alias"}
    assert '<option value="fr" selected>' in html


def test_the_screen_filters_by_state(client, translator, some_states):
    client.force_login(translator)
    out_of_date = client.get("/admin/translations/?state=out-of-date").content.decode()
    assert listed_pages(out_of_date) == ["Tin đã thay đổi lần hai"]
    in_english = client.get("/admin/translations/?language=en&state=translated").content.decode()
    assert "Tin đã dịch" in listed_pages(in_english)
    assert "Tin đã thay đổi lần hai" not in listed_pages(in_english)
    assert "Tin chưa dịch" not in listed_pages(in_english)
    being = client.get("/admin/translations/?language=en&state=in-progress").content.decode()
    assert listed_pages(being) == ["Tin đang dịch"]
    untranslated = client.get("/admin/translations/?language=en&state=not-translated")
    assert "Tin chưa dịch" in listed_pages(untranslated.content.decode())
    assert "Tin đang dịch" not in listed_pages(untranslated.content.decode())
    # Nothing in French is being translated.
    none = client.get("/admin/translations/?language=fr&state=in-progress").content.decode()
    assert listed_pages(none) == []
    assert "No Vietnamese page matches these filters." in none


def test_unknown_filters_show_everything(client, editor, some_states):
    client.force_login(editor)
    response = client.get("/admin/translations/?language=xx&state=bogus&p=abc")
    assert response.status_code == 200
    assert "Tin chưa dịch" in listed_pages(response.content.decode())


def test_a_filtered_screen_keeps_its_filters_from_screen_to_screen(
    client, editor, some_states, monkeypatch
):
    monkeypatch.setattr("cms.admin_views.PAGES_PER_SCREEN", 1)
    client.force_login(editor)
    html = client.get("/admin/translations/?language=en&state=not-translated").content.decode()
    next_link = re.search(r'href="(\?[^"]*p=2[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "language=en" in next_link and "state=not-translated" in next_link


def test_filtering_costs_the_same_queries_for_more_pages(client, editor, synced):
    one = publish_article("Một")
    translate_and_publish(one, "en", "One")
    translate_and_publish(one, "fr", "Un")
    client.force_login(editor)
    url = "/admin/translations/?language=fr&state=translated"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(4):
        translate_and_publish(publish_article(f"Bài {n}"), "fr", f"Article {n}")
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few)


def test_the_screen_lists_the_snippets_in_every_language(client, editor, synced):
    vietnamese = Locale.get_default()
    translated = Category.objects.create(name="Đầu tư", slug="dau-tu-x", locale=vietnamese)
    english, french = (Locale.objects.get(language_code=code) for code in ("en", "fr"))
    TranslationCreator(editor, [english, french]).create_translations(translated)
    fill_strings(translated, "en", "Investment")
    source = TranslationSource.objects.get_for_instance(translated)
    source.translations.get(target_locale=english).save_target(user=editor)
    Category.objects.create(name="Hợp tác quốc tế", slug="hop-tac-x", locale=vietnamese)

    client.force_login(editor)
    html = client.get("/admin/translations/").content.decode()
    snippets = html.split('id="translation-snippets"', 1)[1]
    assert status_cells(snippets, "Đầu tư")["en"] == "up-to-date"
    assert status_cells(snippets, "Đầu tư")["fr"] == "in-progress"
    assert status_cells(snippets, "Hợp tác quốc tế")["en"] == "missing"
    assert "Chuyên mục tin tức" in snippets  # the kind of snippet, in the editor's Vietnamese
    # A missing one is started from its cell.
    assert (
        f"/admin/localize/submit/snippet/cms/category/{Category.objects.get(slug='hop-tac-x').pk}/"
        "?select_locale=en"
    ) in snippets

    only_missing = client.get("/admin/translations/?language=fr&state=not-translated")
    snippets = only_missing.content.decode().split('id="translation-snippets"', 1)[1]
    assert ">Hợp tác quốc tế<" in snippets and ">Đầu tư<" not in snippets
