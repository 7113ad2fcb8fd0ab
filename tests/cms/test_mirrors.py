"""One definition of a mirror (cms.localisation): a page whose live text is another page's, an
alias or a translation started in wagtail-localize and never published. The sitemap and the news
feeds list only pages with text of their own, as the language switcher and the fallback note
already did."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail_localize.operations import TranslationCreator

from cms.localisation import (
    ensure_locale_synchronisation,
    mirrored_original,
    with_mirror_flag,
    without_mirrors,
)
from tests.cms.test_sitemap import sitemap
from tests.cms.test_translations import publish_article, translate

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_pages, editor):
    """A Vietnamese article mirrored into every language, its translation into English started
    and never published, its French translation published."""
    ensure_locale_synchronisation()
    article = publish_article("Kiều bào về quê", slug="kieu-bao-ve-que")
    translate(article, "fr", "Retour au pays")
    english = Locale.objects.get(language_code="en")
    TranslationCreator(editor, [english]).create_translations(article)
    return {
        code: article.get_translation(Locale.objects.get(language_code=code))
        for code in ("vi", "en", "fr", "ja")
    }


def feed_links(client, code: str) -> list[str]:
    response = client.get(f"/{code}/feeds/news.rss")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314 - our own response
    return [item.findtext("link") for item in root.iter("item")]


def test_the_started_translation_is_live_but_a_mirror(pages):
    started = pages["en"]
    assert started.live and started.alias_of_id is None and started.live_revision_id is None
    assert pages["ja"].alias_of_id is not None


def test_a_page_and_a_query_agree_on_what_a_mirror_is(pages):
    kept = set(
        without_mirrors(Page.objects.filter(pk__in=[p.pk for p in pages.values()])).values_list(
            "pk", flat=True
        )
    )
    assert kept == {pages["vi"].pk, pages["fr"].pk}
    for page in pages.values():
        original = mirrored_original(Page.objects.get(pk=page.pk))
        assert (original is None) == (page.pk in kept)
        if original is not None:
            assert original.pk == pages["vi"].pk
    flagged = with_mirror_flag(Page.objects.filter(pk__in=[p.pk for p in pages.values()]))
    assert {page.pk for page in flagged if not page.is_mirror} == kept


def test_a_mirror_reads_its_versions_once_for_all_its_language_links(client, pages):
    """The language switcher, the hreflang links and Open Graph's alternates of a mirror and of
    its original: one query for all of them."""
    url = pages["ja"].url
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        html = client.get(url).content.decode()
    key = str(pages["vi"].translation_key).replace("-", "")
    versions = [
        q for q in captured if key in q["sql"] and not re.search(r'"locale_id" = \d', q["sql"])
    ]  # the article in every language (not one language's version of it)
    assert len(versions) == 1
    assert re.findall(r'<link rel="alternate" hreflang="([^"]+)"', html) == ["fr", "vi"]
    assert 'content="fr_FR"' in html


def test_the_sitemap_lists_published_translations_only(client, pages):
    urls = sitemap(client)
    french = "http://testserver/fr/actualites/retour-au-pays/"
    original = "http://testserver/vi/tin-tuc/kieu-bao-ve-que/"
    assert french in urls and original in urls
    assert f"http://testserver{pages['en'].url}" not in urls
    assert f"http://testserver{pages['ja'].url}" not in urls
    assert set(urls[original]) == {"vi", "fr", "x-default"}


def test_the_feeds_list_published_translations_only(client, pages):
    assert "http://testserver/fr/actualites/retour-au-pays/" in feed_links(client, "fr")
    assert "http://testserver/vi/tin-tuc/kieu-bao-ve-que/" in feed_links(client, "vi")
    assert f"http://testserver{pages['en'].url}" not in feed_links(client, "en")
    assert f"http://testserver{pages['ja'].url}" not in feed_links(client, "ja")


def test_the_started_translation_names_the_original_as_canonical(client, pages):
    html = client.get(pages["en"].url).content.decode()
    assert re.findall(r'<link rel="canonical" href="([^"]+)"', html) == [
        "http://testserver/vi/tin-tuc/kieu-bao-ve-que/"
    ]
