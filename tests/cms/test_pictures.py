"""Pictures as a news site needs them: responsive AVIF/WebP/JPEG renditions made when a page is
published (never on a reader's request), lazy below the fold, and lists that cost the same
number of queries with pictures as without."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image, Rendition
from wagtail.images.tests.utils import get_test_image_file

from cms import images
from cms.models import NewsArticlePage, NewsIndexPage
from tests.conftest import queries_for

pytestmark = pytest.mark.django_db


def picture_file(name: str) -> Image:
    return Image.objects.create(title=name, file=get_test_image_file(size=(1600, 900)))


def add_article(index: NewsIndexPage, number: int, image: Image | None) -> NewsArticlePage:
    article = NewsArticlePage(
        title=f"Tin ảnh số {number}",
        slug=f"tin-anh-{number}",
        date=datetime.date(2026, 5, 1),
        summary="Tóm tắt.",
        hero_image=image,
        hero_alt="Kiều bào tại Budapest" if image else "",
    )
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_publishing_makes_every_rendition_and_reading_makes_none(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    image = picture_file("Budapest")
    article = add_article(index, 1, image)
    made = set(Rendition.objects.filter(image=image).values_list("filter_spec", flat=True))
    assert made == {*images.HERO, *images.CARD, images.SHARE}
    with CaptureQueriesContext(connection) as captured:
        assert client.get(article.url).status_code == 200
        assert client.get(index.url).status_code == 200
        assert client.get("/vi/").status_code == 200
    inserts = [q["sql"] for q in captured if "INSERT" in q["sql"] and "rendition" in q["sql"]]
    assert inserts == []


def test_the_article_shows_its_picture_in_three_formats_at_once(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    article = add_article(index, 2, picture_file("Budapest"))
    html = client.get(article.url).content.decode()
    hero = html.split('<figure class="hero-image">', 1)[1].split("</figure>", 1)[0]
    assert 'type="image/avif"' in hero and 'type="image/webp"' in hero
    assert re.search(r'<img [^>]*alt="Kiều bào tại Budapest"', hero)
    assert 'loading="lazy"' not in hero and 'fetchpriority="high"' in hero
    assert "480w" in hero and "1200w" in hero


def test_cards_load_their_pictures_lazily_and_crop_them_alike(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    add_article(index, 3, picture_file("Budapest"))
    html = client.get(index.url).content.decode()
    card = html.split('class="card__picture"', 1)[1].split("</picture>", 1)[0]
    assert 'loading="lazy"' in card and 'alt=""' in card
    assert "fill-400x225" in card and "fill-800x450" in card


def test_a_list_costs_the_same_queries_with_pictures_as_without(client, site_pages):
    plain = NewsIndexPage(title="Tin không ảnh", slug="tin-khong-anh")
    pictured = NewsIndexPage(title="Tin có ảnh", slug="tin-co-anh")
    home = NewsIndexPage.objects.get(locale__language_code="vi").get_parent()
    for index in (plain, pictured):
        home.add_child(instance=index)
        index.save_revision().publish()
    for number in range(6):
        add_article(plain, 100 + number, None)
        add_article(pictured, 200 + number, picture_file(f"Ảnh {number}"))
    client.get(plain.url)  # the menus, read once after publishing
    client.get(pictured.url)  # the pictures' sources, read once
    assert queries_for(client, pictured.url) == queries_for(client, plain.url)
    assert client.get(pictured.url).content.decode().count("<picture>") == 6


def cache_reads(client, url: str, monkeypatch) -> int:
    """Round trips to the cache (Redis in production) that one GET of `url` makes: each `get`
    and `get_many` (local memory's `get_many` calls `get` for each key: counted once)."""
    reads, depth = [], [0]

    def counted(original):
        def read(*args, **kwargs):
            reads.extend([args] if depth[0] == 0 else [])
            depth[0] += 1
            try:
                return original(*args, **kwargs)
            finally:
                depth[0] -= 1

        return read

    for name in ("get", "get_many"):
        monkeypatch.setattr(cache, name, counted(getattr(cache, name)))
    assert client.get(url).status_code == 200
    monkeypatch.undo()
    return len(reads)


def test_a_list_reads_its_cards_pictures_from_the_cache_in_one_go(client, site_pages, monkeypatch):
    one, six = (NewsIndexPage(title=f"Tin {n} ảnh", slug=f"tin-{n}-anh") for n in (1, 6))
    home = NewsIndexPage.objects.get(locale__language_code="vi").get_parent()
    for index in (one, six):
        home.add_child(instance=index)
        index.save_revision().publish()
    add_article(one, 300, picture_file("Ảnh 300"))
    for number in range(6):
        add_article(six, 310 + number, picture_file(f"Ảnh {310 + number}"))
    client.get(one.url)  # the menus and the pictures' sources, read once after publishing
    client.get(six.url)
    assert cache_reads(client, six.url, monkeypatch) == cache_reads(client, one.url, monkeypatch)
    assert client.get(six.url).content.decode().count("<picture>") == 6


def test_a_replaced_picture_is_shown_at_once(client, site_pages):
    index = NewsIndexPage.objects.get(locale__language_code="vi")
    article = add_article(index, 4, picture_file("Budapest"))
    before = client.get(article.url).content.decode()
    image = article.hero_image
    image.file = get_test_image_file(filename="moi.png", size=(1600, 900))
    image.save()
    image.renditions.all().delete()  # as Wagtail does when an image's file is replaced
    after = client.get(article.url).content.decode()
    assert "moi" in after and "moi" not in before
