"""RSS 2.0 and Atom feeds of the news, one per language and one per news category.

The language is the one of the URL prefix (`/en/feeds/news.rss`); a language without pages, or a
category that does not exist, is a 404. Only live, public news of the requesting site is listed,
without mirrors: aliases and translations never published (cms.localisation.without_mirrors).
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.translation import get_language, gettext
from wagtail.models import Locale, Page, Site

from cms.localisation import without_mirrors
from cms.models import NewsArticlePage, NewsIndexPage
from cms.seo import absolute_url, description

FEED_LENGTH = 20


class NewsFeedSource:
    """What one feed lists: the language, the site tree in it and, optionally, a category."""

    def __init__(self, request: HttpRequest, category_slug: str | None = None) -> None:
        self.request = request
        self.locale = _current_locale()
        site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
        root = site.root_page.get_translation_or_none(self.locale)
        if root is None:
            raise Http404("No pages in this language")
        self.root: Page = root
        self.categories: list[Model] = []
        self.category_name = ""
        if category_slug is not None:
            self.categories = _categories(category_slug, self.locale)
            self.category_name = str(getattr(self.categories[0], "name", self.categories[0]))

    def articles(self) -> QuerySet[NewsArticlePage]:
        articles = without_mirrors(
            NewsArticlePage.objects.live().public().descendant_of(self.root)
        ).select_related("locale")
        if hasattr(NewsArticlePage, "categories"):
            articles = articles.prefetch_related("categories")
        if self.categories:
            articles = articles.filter(categories__in=self.categories).distinct()
        return articles.order_by("-date", "-pk")[:FEED_LENGTH]

    def link(self) -> str:
        index = NewsIndexPage.objects.live().descendant_of(self.root).first()
        return absolute_url(self.request, (index or self.root).get_url(self.request) or "/")


def _current_locale() -> Locale:
    try:
        return Locale.objects.get(language_code=get_language())
    except Locale.DoesNotExist as error:
        raise Http404("Unknown language") from error


def _categories(slug: str, locale: Locale) -> list[Model]:
    """The category with this slug in every language (news links to its own language's copy).

    The Category snippet may not exist yet: then every category is unknown.
    """
    try:
        category_model = apps.get_model("cms", "Category")
    except LookupError as error:
        raise Http404("No categories") from error
    if not hasattr(NewsArticlePage, "categories"):
        raise Http404("No categories")
    found = list(category_model._default_manager.filter(slug=slug))
    if not found:
        raise Http404("Unknown category")
    if hasattr(category_model, "translation_key"):
        keys = {category.translation_key for category in found}
        found = list(category_model._default_manager.filter(translation_key__in=keys))
        # The feed is titled in the reader's language where the category is translated.
        found.sort(key=lambda category: category.locale_id != locale.pk)
    return found


def _published_at(article: NewsArticlePage) -> datetime.datetime:
    """The article's date (a day, no time) as a moment: midnight where the province is."""
    return timezone.make_aware(datetime.datetime.combine(article.date, datetime.time()))


class NewsRssFeed(Feed):
    """The feed's language is the active one (the URL prefix), which Feed reads by itself."""

    feed_type: type[SyndicationFeed] = Rss201rev2Feed

    def get_object(self, request: HttpRequest, slug: str | None = None) -> NewsFeedSource:
        return NewsFeedSource(request, slug)

    def title(self, source: NewsFeedSource) -> str:
        if source.category_name:
            return gettext("%(category)s · News · %(site)s") % {
                "category": source.category_name,
                "site": settings.SITE_NAME,
            }
        return gettext("News · %(site)s") % {"site": settings.SITE_NAME}

    def description(self, source: NewsFeedSource) -> str:
        return gettext("Foreign-affairs news from %(province)s province") % {
            "province": settings.PROVINCE_NAME
        }

    def subtitle(self, source: NewsFeedSource) -> str:
        return self.description(source)

    def link(self, source: NewsFeedSource) -> str:
        return source.link()

    def feed_url(self, source: NewsFeedSource) -> str:
        return absolute_url(source.request, source.request.path)

    def items(self, source: NewsFeedSource) -> list[NewsArticlePage]:
        # One Feed instance serves every request: the request-dependent link goes on the item.
        articles = list(source.articles())
        for article in articles:
            article.feed_link = absolute_url(  # type: ignore[attr-defined]
                source.request, article.get_url(source.request) or "/"
            )
        return articles

    def item_title(self, item: NewsArticlePage) -> str:
        return item.title

    def item_description(self, item: NewsArticlePage) -> str:
        return description(item)

    def item_link(self, item: NewsArticlePage) -> str:
        return str(item.feed_link)  # type: ignore[attr-defined]

    def item_guid(self, item: NewsArticlePage) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: NewsArticlePage) -> datetime.datetime:
        return _published_at(item)

    def item_updateddate(self, item: NewsArticlePage) -> datetime.datetime:
        return item.last_published_at or _published_at(item)

    def item_categories(self, item: NewsArticlePage) -> list[str]:
        categories = getattr(item, "categories", None)
        return [str(getattr(c, "name", c)) for c in categories.all()] if categories else []

    def item_author_name(self, item: NewsArticlePage) -> str | None:
        return item.author or None


class NewsAtomFeed(NewsRssFeed):
    feed_type = Atom1Feed
