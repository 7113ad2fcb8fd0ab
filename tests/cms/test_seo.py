import datetime
import json
import re

import pytest
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from cms.models import HomePage, NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db


def meta(html: str, name: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)">', html)


def canonical(html: str) -> str:
    (url,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    return url


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.fixture
def article(site_pages) -> NewsArticlePage:
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    page = NewsArticlePage(
        title="Kiều bào về quê",
        slug="kieu-bao-ve-que",
        date=datetime.date(2026, 11, 20),
        summary="Đoàn kiều bào thăm quê hương.",
        author="Mai Hương",
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_an_article_has_its_canonical_address_and_open_graph(client, article):
    html = client.get("/vi/tin-tuc/kieu-bao-ve-que/?utm_source=x").content.decode()
    assert canonical(html) == "http://testserver/vi/tin-tuc/kieu-bao-ve-que/"
    assert meta(html, "og:url") == ["http://testserver/vi/tin-tuc/kieu-bao-ve-que/"]
    assert meta(html, "og:title") == ["Kiều bào về quê"]
    assert meta(html, "og:description") == ["Đoàn kiều bào thăm quê hương."]
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:locale") == ["vi_VN"]
    assert meta(html, "og:locale:alternate") == []
    assert meta(html, "og:image") == []
    assert meta(html, "twitter:card") == ["summary"]


def test_the_home_page_is_a_website_with_its_translations_as_alternate_locales(client, site_pages):
    html = client.get("/en/").content.decode()
    assert canonical(html) == "http://testserver/en/"
    assert meta(html, "og:type") == ["website"]
    assert meta(html, "og:locale") == ["en_GB"]
    assert "vi_VN" in meta(html, "og:locale:alternate")
    assert "en_GB" not in meta(html, "og:locale:alternate")
    assert json_ld(html) == []


def test_alternate_locales_are_only_existing_translations(client, article):
    french = article.copy_for_translation(Locale.objects.get(language_code="fr"))
    french.save_revision().publish()
    html = client.get("/vi/tin-tuc/kieu-bao-ve-que/").content.decode()
    assert meta(html, "og:locale:alternate") == ["fr_FR"]


def test_a_list_keeps_its_page_number_in_the_canonical_address(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    for number in range(index.per_page + 1):
        index.add_child(
            instance=NewsArticlePage(
                title=f"Tin {number}", slug=f"tin-{number}", date=datetime.date(2026, 1, 1)
            )
        )
    assert canonical(client.get("/vi/tin-tuc/?page=2").content.decode()).endswith(
        "/vi/tin-tuc/?page=2"
    )
    assert canonical(client.get("/vi/tin-tuc/?page=1").content.decode()).endswith("/vi/tin-tuc/")
    assert canonical(client.get("/vi/tin-tuc/?page=abc").content.decode()).endswith("/vi/tin-tuc/")


def test_an_article_describes_itself_as_a_news_article(client, article):
    (data,) = json_ld(client.get("/vi/tin-tuc/kieu-bao-ve-que/").content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Kiều bào về quê"
    assert data["datePublished"] == "2026-11-20"
    article.refresh_from_db()
    modified = datetime.datetime.fromisoformat(data["dateModified"])
    assert abs(modified - article.last_published_at) < datetime.timedelta(milliseconds=1)
    assert data["inLanguage"] == "vi"
    assert data["author"] == {"@type": "Person", "name": "Mai Hương"}
    assert data["publisher"]["name"]
    assert data["publisher"]["logo"]["url"].startswith("http://testserver/")
    assert "image" not in data


def test_a_title_cannot_break_out_of_the_json_ld_script(client, article):
    article.title = 'Tin </script><script>alert("x")</script> & <!--'
    article.save_revision().publish()
    html = client.get("/vi/tin-tuc/kieu-bao-ve-que/").content.decode()
    assert "<script>alert" not in html
    (data,) = json_ld(html)
    assert data["headline"] == article.title


def test_an_article_with_an_image_offers_it_to_link_previews(client, article, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    image = Image.objects.create(title="ảnh", file=get_test_image_file(size=(1600, 900)))
    article.hero_image = image
    article.hero_alt = "Kiều bào trước cổng làng"
    article.save_revision().publish()
    html = client.get("/vi/tin-tuc/kieu-bao-ve-que/").content.decode()
    (image_url,) = meta(html, "og:image")
    assert image_url.startswith("http://testserver/") and "fill-1200x630" in image_url
    assert meta(html, "og:image:alt") == ["Kiều bào trước cổng làng"]
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert json_ld(html)[0]["image"] == [image_url]


def test_pages_that_are_not_cms_pages_have_no_open_graph(client, site_pages):
    html = client.get("/vi/accounts/login/").content.decode()
    assert 'rel="canonical"' not in html
    assert meta(html, "og:title") == []


def test_an_event_describes_its_dates_and_place(client, site_pages):
    from cms.models import EventIndexPage, EventPage

    home = HomePage.objects.get(locale__language_code="vi")
    index = EventIndexPage(title="Sự kiện", slug="su-kien-seo")
    home.add_child(instance=index)
    index.save_revision().publish()
    start = datetime.datetime(2026, 12, 5, 9, 0, tzinfo=datetime.UTC)
    event = EventPage(
        title="Gặp mặt kiều bào",
        slug="gap-mat",
        summary="Gặp mặt đầu xuân.",
        start_at=start,
        end_at=start + datetime.timedelta(hours=3),
        place="Nhà văn hoá Budapest",
    )
    index.add_child(instance=event)
    event.save_revision().publish()
    html = client.get("/vi/su-kien-seo/gap-mat/").content.decode()
    (data,) = json_ld(html)
    assert data["@type"] == "Event"
    assert data["name"] == "Gặp mặt kiều bào"
    assert data["startDate"] == "2026-12-05T16:00:00+07:00"
    assert data["endDate"] == "2026-12-05T19:00:00+07:00"
    assert data["location"] == {"@type": "Place", "name": "Nhà văn hoá Budapest"}
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert "isAccessibleForFree" not in data
    assert meta(html, "og:type") == ["website"]


def test_the_only_inline_script_is_json_data_so_the_policy_stays_self(client, article):
    """A data block (not a JavaScript type) is never run, so `script-src 'self'` does not apply
    to it: the browser checks CSP for inline scripts only when it prepares one to run."""
    response = client.get("/vi/tin-tuc/kieu-bao-ve-que/")
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert directives["script-src"] == "'self'"
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", response.content.decode())
    assert inline == [' type="application/ld+json"']


def test_an_untranslated_mirror_names_the_vietnamese_original_as_canonical(client, article):
    alias = article.create_alias(
        parent=NewsIndexPage.objects.get(locale__language_code="en"),
        update_locale=Locale.objects.get(language_code="en"),
    )
    response = client.get(alias.get_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert canonical(html) == "http://testserver/vi/tin-tuc/kieu-bao-ve-que/"
    assert meta(html, "og:locale") == ["vi_VN"]
    assert json_ld(html)[0]["inLanguage"] == "vi"
