from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from registry.text import fold


class BodyBlock(blocks.StreamBlock):
    """What an article body is made of. Images carry alt text (ImageBlock requires it)."""

    heading = blocks.CharBlock(form_classname="title", label=_("Heading"))
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul"], label=_("Paragraph")
    )
    image = ImageBlock(label=_("Image"))
    quote = blocks.BlockQuoteBlock(label=_("Quote"))

    class Meta:
        label = _("Body")


class SitePage(Page):
    """What every page of the public site shares: a search excerpt and a diacritic-free index.

    The database search engine keeps Vietnamese marks (SQLite's FTS5 keeps "đ", PostgreSQL keeps
    them all), so "duc" would not find "Đức". Each page therefore also indexes its own searchable
    text folded the way the site search folds the query (registry.text.fold): both meet on the
    same form on every engine. Elasticsearch folds again with its asciifolding analyzer, harmlessly.
    """

    search_fields = [*Page.search_fields, index.SearchField("search_folded")]

    class Meta:
        abstract = True

    def search_folded(self) -> str:
        """Every other indexed text of this page (title, intro, body…), folded."""
        texts: list[str] = []
        for field in self.get_searchable_search_fields():
            if field.field_name == "search_folded":
                continue
            value = field.get_value(self)
            texts.extend(str(item) for item in (value if isinstance(value, list) else [value]))
        return fold(" ".join(texts))

    @property
    def search_excerpt(self) -> str:
        """The text shown under the title in search results."""
        return str(self.search_description)


class HomePage(SitePage):
    """The front page of one language tree: the province's welcome and the latest news."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    @property
    def search_excerpt(self) -> str:
        return self.intro or super().search_excerpt

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["latest_news"] = (
            NewsArticlePage.objects.live()
            .descendant_of(self)
            .order_by("-date", "-pk")
            .only("title", "url_path", "date", "summary", "locale_id")[:3]
        )
        return context


class NewsIndexPage(SitePage):
    """The list of news in one language, newest first, paginated."""

    intro = models.TextField(_("introduction"), blank=True)
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.NewsArticlePage"]

    class Meta:
        verbose_name = _("news index")

    @property
    def search_excerpt(self) -> str:
        return self.intro or super().search_excerpt

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        articles = (
            NewsArticlePage.objects.child_of(self)
            .live()
            .order_by("-date", "-pk")
            .only("title", "url_path", "date", "summary", "locale_id")
        )
        context["articles"] = Paginator(articles, self.per_page).get_page(request.GET.get("page"))
        return context


class NewsArticlePage(SitePage):
    """One piece of foreign-information news, with where it came from."""

    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    source_name = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source address"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("author"), FieldPanel("source_name"), FieldPanel("source_url")],
            heading=_("Attribution"),
        ),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def search_excerpt(self) -> str:
        return self.summary or super().search_excerpt
