"""News: the list of articles in each language and the articles themselves."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.forms import NewsArticleForm
from cms.models.base import HeroImageMixin, SitePage
from cms.models.blocks import BodyBlock
from cms.models.snippets import Category


class NewsIndexPage(SitePage):
    """The list of news in one language, newest first, paginated."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    per_page = 12

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsArticlePage"]

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        articles = (
            NewsArticlePage.objects.child_of(self)
            .live()
            .order_by("-date", "-pk")
            .only("title", "url_path", "date", "summary", "locale_id", "alias_of_id", "hero_image")
        )
        context["articles"] = Paginator(articles, self.per_page).get_page(request.GET.get("page"))
        return context


class NewsArticleTag(TaggedItemBase):
    """The tags of one news article (free keywords, unlike the curated categories)."""

    content_object = ParentalKey(
        "cms.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class NewsArticlePage(SitePage, HeroImageMixin):  # type: ignore[django-manager-missing]
    """One piece of foreign-information news, with where it came from."""

    date = models.DateField(_("date"))
    summary = models.TextField(_("summary"), blank=True, max_length=600)
    excerpt_field = "summary"
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    author = models.CharField(_("author"), max_length=255, blank=True)
    source_name = models.CharField(_("source"), max_length=255, blank=True)
    source_url = models.URLField(_("source address"), blank=True)
    featured = models.BooleanField(
        _("featured on the home page"),
        default=False,
        help_text=_("Featured news comes first on the home page, newest first."),
    )
    categories = ParentalManyToManyField(
        "cms.Category", verbose_name=_("categories"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=NewsArticleTag, verbose_name=_("tags"), blank=True)
    related_pages = StreamField(
        [("page", blocks.PageChooserBlock(label=_("Page")))],
        verbose_name=_("related pages"),
        blank=True,
        max_num=6,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        *HeroImageMixin.hero_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("featured"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
                FieldPanel("related_pages"),
            ],
            heading=_("Classification"),
        ),
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
    base_form_class = NewsArticleForm

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def lead(self) -> str:
        """The summary above the body, unless the body opens with the same words (a summary
        pasted from the first paragraph, as the seed news has it): it would be read twice."""
        summary = " ".join(self.summary.split()).rstrip("…. ")
        if not summary:
            return ""
        first = next((block for block in self.body if block.block_type == "paragraph"), None)
        text = html.unescape(strip_tags(str(first.value))) if first is not None else ""
        opening = " ".join(text.split())
        return "" if opening.startswith(summary) else self.summary

    def save(self, *args: Any, **kwargs: Any) -> Any:
        self.localize_categories()
        return super().save(*args, **kwargs)

    def localize_categories(self) -> None:
        """Each category in this article's own language where it has been translated.

        A translation (`copy_for_translation`, wagtail-localize's sync) copies the original's
        categories as they are, in the original's language; the article would then be filed
        under Vietnamese categories in the English tree (and in no English category feed).
        """
        if not self.locale_id:
            return
        current = list(self.categories.all())
        if all(category.locale_id == self.locale_id for category in current):
            return
        local = {
            category.translation_key: category
            for category in Category.objects.filter(
                locale_id=self.locale_id,
                translation_key__in=[category.translation_key for category in current],
            )
        }
        self.categories.set([local.get(c.translation_key, c) for c in current])

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["categories"] = self.categories.all()
        context["tags"] = self.tags.all()
        context["related"] = [
            block.value for block in self.related_pages if block.value and block.value.live
        ]
        return context
