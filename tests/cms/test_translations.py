"""Vietnamese is the source: other languages mirror it until translated, visitors are told, and
editors see what is left to translate."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource
from wagtail_localize.operations import TranslationCreator
from wagtail_localize.synctree import create_aliases_for_new_page

from cms.localisation import ensure_locale_synchronisation
from cms.models import NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def publish_article(
    title: str = "Kiều bào Hà Tĩnh về quê ăn Tết", slug: str | None = None
) -> NewsArticlePage:
    article = NewsArticlePage(
        title=title,
        slug=f"a-{uuid.uuid4().hex[:10]}" if slug is None else slug,
        date=datetime.date(2026, 1, 20),
        summary="Hơn 200 kiều bào đã về quê đón Tết.",
    )
    NewsIndexPage.objects.get(locale__language_code="vi").add_child(instance=article)
    article.save_revision().publish()
    # What wagtail-localize does when an editor adds a page in the admin.
    create_aliases_for_new_page(article)
    return article


@pytest.fixture
def synced(site_pages):
    ensure_locale_synchronisation()


def translate(article: NewsArticlePage, code: str, title: str, user=None) -> NewsArticlePage:
    """Translate as wagtail-localize does: "Translate this page", every string, publish. The
    address is left as the original's, as translators do (the page then makes its own)."""
    locale = Locale.objects.get(language_code=code)
    TranslationCreator(user, [locale]).create_translations(article)
    source = TranslationSource.objects.get_for_instance(article)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": {"title": title, "slug": segment.string.data}.get(
                    segment.context.path, f"{code}: {segment.string.data}"
                )
            },
        )
    # Publishing waits for the transaction to commit, which a test's never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        source.translations.get(target_locale=locale).save_target(user=user, publish=True)
    return article.get_translation(locale).specific


def hreflangs(html: str) -> list[str]:
    return re.findall(r'<link rel="alternate" hreflang="([\w-]+)"', html)


def switcher(html: str) -> dict[str, str]:
    nav = html.split('class="language-switcher"', 1)[1].split("</nav>", 1)[0]
    return {lang: href for href, lang in re.findall(r'href="([^"]+)" hreflang="([\w-]+)"', nav)}


def test_every_language_mirrors_a_new_vietnamese_page(synced, settings):
    article = publish_article()
    mirrors = Page.objects.filter(translation_key=article.translation_key).exclude(pk=article.pk)
    assert sorted(p.locale.language_code for p in mirrors) == sorted(
        c for c, _ in settings.LANGUAGES if c != "vi"
    )
    assert all(p.alias_of_id == article.pk and p.live for p in mirrors)


def test_synchronisation_is_set_up_once(synced):
    assert ensure_locale_synchronisation() == 0


def test_a_visitor_reads_the_original_with_a_note_in_their_language(client, synced):
    article = publish_article()
    english = article.get_translation(Locale.objects.get(language_code="en"))
    html = client.get(english.url).content.decode()
    assert (
        '<p class="notice translation-fallback" role="note" lang="en">This page has not been '
        "translated into English yet; you are reading the Vietnamese original.</p>"
    ) in html
    assert '<div lang="vi">' in html
    assert '<article class="article" lang="vi">' in html
    assert "Kiều bào Hà Tĩnh về quê ăn Tết" in html
    # No alternate points at a mirror; the switcher offers the original and the other mirrors.
    assert hreflangs(html) == ["vi"]
    assert switcher(html)["vi"] == article.url
    french = article.get_translation(Locale.objects.get(language_code="fr"))
    assert switcher(html)["fr"] == french.url != "/fr/"


def test_the_note_is_in_the_readers_language(client, synced):
    article = publish_article()
    french = article.get_translation(Locale.objects.get(language_code="fr"))
    html = client.get(french.url).content.decode()
    note = html.split('class="notice translation-fallback"', 1)[1].split("</p>", 1)[0]
    # (Language names in lower case inside a French sentence: Django's are capitalised.)
    assert (
        'lang="fr"' in note
        and "traduite en français\u202f; vous lisez l’original en vietnamien" in note
    )


def test_the_original_has_no_note_and_no_alternates_for_mirrors(client, synced):
    article = publish_article()
    html = client.get(article.url).content.decode()
    assert "translation-fallback" not in html
    assert hreflangs(html) == ["vi"]
    # The switcher leads to the same page in every language: there, the original with the note.
    mirrors = {p.locale.language_code: p.url for p in article.get_translations()}
    assert switcher(html) == mirrors


def test_a_translation_gets_an_address_from_its_title_and_the_old_one_redirects(client, synced):
    titled = publish_article("Hà Tĩnh đón đoàn kiều bào Nhật Bản về thăm quê hương", slug="")
    assert titled.slug == "ha-tinh-don-doan-kieu-bao-nhat-ban-ve-tham-que-huong"
    mirror = titled.get_translation(Locale.objects.get(language_code="en"))
    old_address = mirror.url
    assert client.get(old_address).status_code == 200  # the original, with the note
    english = translate(titled, "en", "Ha Tinh welcomes overseas Vietnamese from Japan")
    assert english.slug == "ha-tinh-welcomes-overseas-vietnamese-from-japan"
    assert english.url != old_address
    moved = client.get(old_address)
    assert moved.status_code == 301 and moved["Location"].endswith(english.url)
    # A Vietnamese address for a language whose titles fold to nothing stays as it was.
    chinese = translate(titled, "zh-hans", "河静省欢迎旅日越南人代表团回乡")
    assert chinese.slug == titled.slug


def test_a_translation_replaces_the_mirror(client, synced):
    article = publish_article()
    english = translate(article, "en", "Overseas Vietnamese come home for Tet")
    assert english.alias_of_id is None
    html = client.get(english.url).content.decode()
    assert "translation-fallback" not in html
    assert '<article class="article" lang="en">' in html
    assert hreflangs(html) == ["en", "vi"]
    original = client.get(article.url).content.decode()
    assert switcher(original)["en"] == english.url
    assert hreflangs(original) == ["en", "vi"]


def test_lists_mark_untranslated_cards_as_vietnamese(client, synced):
    """A mirrored article listed on the English news index and home page is read in Vietnamese
    by screen readers; a translated one in English."""
    mirrored = publish_article("Kiều bào góp sức xây dựng nông thôn mới")
    translated = translate(publish_article(), "en", "Overseas Vietnamese come home for Tet")
    english_index = NewsIndexPage.objects.get(locale__language_code="en")
    for url in (english_index.url, english_index.get_parent().url):
        html = client.get(url).content.decode()
        found = re.findall(
            r'<article( lang="vi")?>\s*<h\d class="card__title"><a [^>]*>([^<]+)<', html
        )
        cards = {title: lang for lang, title in found}
        assert cards[mirrored.title] == ' lang="vi"', url
        assert cards[translated.title] == "", url


def test_a_translation_started_but_not_published_still_shows_the_note(client, synced, editor):
    article = publish_article()
    TranslationCreator(editor, [Locale.objects.get(language_code="en")]).create_translations(
        article
    )
    english = article.get_translation(Locale.objects.get(language_code="en"))
    assert english.alias_of_id is None and english.live
    html = client.get(english.url).content.decode()
    assert "you are reading the Vietnamese original" in html
    # Until it is published it is not offered as the English version (the switcher still leads
    # there, where the original is read with the note).
    original = client.get(article.url).content.decode()
    assert hreflangs(original) == ["vi"]
    assert switcher(original)["en"] == english.url


def test_a_language_tree_without_the_page_shows_the_original(client, site_pages):
    article = NewsArticlePage(
        title="Tin chỉ có tiếng Việt", slug="tin-chi-co-tieng-viet", date=datetime.date(2026, 1, 2)
    )
    NewsIndexPage.objects.get(locale__language_code="vi").add_child(instance=article)
    article.save_revision().publish()  # no synchronisation: French has no page at all
    french_news = NewsIndexPage.objects.get(locale__language_code="fr")
    response = client.get(f"{french_news.url}tin-chi-co-tieng-viet/")
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex"
    html = response.content.decode()
    assert '<p class="notice translation-fallback" role="note" lang="fr">' in html
    assert '<article class="article" lang="vi">' in html
    assert hreflangs(html) == ["vi"]


def test_a_page_missing_in_every_language_is_still_not_found(client, site_pages):
    assert client.get("/fr/tin-tuc/khong-co-trang-nay/").status_code == 404
    assert client.get("/vi/tin-tuc/khong-co-trang-nay/").status_code == 404


# --- The status screen ---------------------------------------------------------------------------


def status_cells(html: str, title: str) -> dict[str, str]:
    row = html.split(f">{title}</a>", 1)[1].split("</tr>", 1)[0]
    cell = r'data-language="([\w-]+)">\s*<a class="translation-status translation-status--([\w-]+)"'
    return dict(re.findall(cell, row))


def menu(client) -> str:
    """The admin's sidebar, as the JSON its script builds the menu from."""
    html = client.get("/admin/").content.decode()
    return html.split('id="wagtail-sidebar-props"', 1)[1].split("</script>", 1)[0]


def test_editors_see_each_page_in_each_language(client, editor, synced):
    article = publish_article("Tin chưa dịch")
    translated = publish_article("Tin đã dịch")
    translate(translated, "en", "Translated news")
    changed = publish_article("Tin đã thay đổi")
    translate(changed, "en", "Changed news")
    changed.title = "Tin đã thay đổi lần hai"
    changed.save_revision().publish()
    started = publish_article("Tin đang dịch")
    TranslationCreator(editor, [Locale.objects.get(language_code="en")]).create_translations(
        started
    )
    Page.objects.filter(
        translation_key=article.translation_key, locale__language_code="fr"
    ).delete()

    client.force_login(editor)
    html = client.get("/admin/translations/").content.decode()
    assert status_cells(html, "Tin chưa dịch")["en"] == "alias"
    assert status_cells(html, "Tin chưa dịch")["fr"] == "missing"
    assert status_cells(html, "Tin đã dịch")["en"] == "up-to-date"
    assert status_cells(html, "Tin đã thay đổi lần hai")["en"] == "out-of-date"
    assert status_cells(html, "Tin đang dịch")["en"] == "in-progress"
    # The demo's news index in English was translated by hand, before any change.
    assert status_cells(html, "Tin tức")["en"] == "up-to-date"
    assert "/admin/translations/" in menu(client)


def test_the_status_screen_costs_the_same_queries_for_more_pages(client, editor, synced):
    translate(publish_article("Một"), "en", "One")
    client.force_login(editor)
    client.get("/admin/translations/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/admin/translations/").status_code == 200
    for n in range(5):
        article = publish_article(f"Bài {n}")
        translate(article, "fr", f"Article {n}")
    with CaptureQueriesContext(connection) as more:
        assert client.get("/admin/translations/").status_code == 200
    assert len(more) == len(few)


def test_registry_staff_cannot_see_the_status_screen(client, registry_officer, site_pages):
    client.force_login(registry_officer)
    response = client.get("/admin/translations/")
    assert response.status_code == 403
    assert "/admin/translations/" not in menu(client)
