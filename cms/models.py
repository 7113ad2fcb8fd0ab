from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from cms.forms import NewsArticleForm
from cms.slugs import slug_for
from registry.models import Sector
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


RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class LinkBlock(blocks.StructBlock):
    """A labelled link to a page of the site or to another address."""

    label = blocks.CharBlock(label=_("Label"), max_length=100)
    page = blocks.PageChooserBlock(label=_("Page"), required=False)
    url = blocks.URLBlock(label=_("Other address"), required=False)

    class Meta:
        label = _("Link")

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or give an address."))}
            )
        return value


class FactBlock(blocks.StructBlock):
    """One line of a key-facts table: "Coastline" — "137 km"."""

    label = blocks.CharBlock(label=_("Fact"), max_length=100)
    value = blocks.CharBlock(label=_("Value"), max_length=200)

    class Meta:
        label = _("Key fact")


@register_snippet
class Category(TranslatableMixin, models.Model):
    """A subject news is filed under ("Investment", "Overseas community"…), one per language tree.

    A snippet rather than free tags: editors keep a short, translated list that readers can rely on.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("identifier"), max_length=100, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="cms_category_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The form has no locale field, so Django leaves the (locale, slug) constraint unchecked
        # and a duplicate reached the database as an error.
        super().clean()
        taken = Category.objects.filter(locale_id=self.locale_id, slug=self.slug)
        if self.locale_id and taken.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another category of this language already has this identifier.")}
            )


@register_snippet
class ContactDetails(TranslatableMixin, models.Model):
    """How to reach the department, shown in the footer of every page and on the contact page."""

    office_name = models.CharField(_("office"), max_length=200)
    address = models.TextField(_("address"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [
        FieldPanel("office_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return self.office_name

    @classmethod
    def for_language(cls, language_code: str) -> ContactDetails | None:
        """The details in that language, else in English, else in Vietnamese (one query); the
        templates mark them with the language they are in."""
        return _in_language_or_default(cls.objects.all(), language_code)


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The words and links at the bottom of every page, per language.

    Without one, the footer says which department runs the site (the text in base.html).
    """

    text = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True, max_num=12)

    panels = [FieldPanel("text"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self) -> str:
        return str(_("Footer text (%(language)s)") % {"language": self.locale.get_display_name()})

    @classmethod
    def for_language(cls, language_code: str) -> FooterText | None:
        """The footer in that language, if any (no Vietnamese fallback: the template's own text,
        translated with gettext, reads better than Vietnamese on a French page)."""
        return cls.objects.filter(locale__language_code=language_code).order_by("pk").first()


@register_setting(icon="list-ul")
class SiteLinks(BaseSiteSetting):
    """Pages the footer of every page links to, chosen once for the site (each shown in the
    visitor's language where it is translated). The main menu is the pages under the home page
    with "Show in menus" ticked (Promote tab)."""

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("How personal data is processed: linked from the footer of every page."),
    )

    panels = [FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("site links")


def _in_language_or_default(queryset: models.QuerySet[Any], language_code: str) -> Any:
    """The first item (lowest id) in `language_code`, else in English (what a reader of a
    language we lack is likelier to read), else in the site's default language: one query."""
    wanted = list(dict.fromkeys([language_code, "en", settings.LANGUAGE_CODE]))
    found: dict[str, Any] = {}
    items = queryset.filter(locale__language_code__in=wanted).select_related("locale")
    for item in items.order_by("-pk"):
        found[item.locale.language_code] = item
    return next((found[code] for code in wanted if code in found), None)


class HeroImageMixin(models.Model):
    """An optional picture at the top of a page. Its alt text is required as soon as it is set:
    the image's own title is a file name more often than a description."""

    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    hero_caption = models.CharField(_("image caption"), max_length=250, blank=True)

    hero_panels = [
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_alt"), FieldPanel("hero_caption")],
            heading=_("Image"),
        )
    ]

    class Meta:
        abstract = True

    def clean(self) -> None:
        super().clean()  # type: ignore[misc]
        if self.hero_image_id and not self.hero_alt.strip():
            raise ValidationError(
                {"hero_alt": _("Describe the image for people who cannot see it.")}
            )


class SitePage(Page):
    """What every page of the public site shares: a search excerpt and a diacritic-free index.

    The database search engine keeps Vietnamese marks (SQLite's FTS5 keeps "đ", PostgreSQL keeps
    them all), so "duc" would not find "Đức". Each page therefore also indexes its own searchable
    text folded the way the site search folds the query (registry.text.fold): both meet on the
    same form on every engine. Elasticsearch folds again with its asciifolding analyzer, harmlessly.
    """

    search_fields = [*Page.search_fields, index.SearchField("search_folded")]
    # The field whose text is shown under the title in search results (search_excerpt).
    excerpt_field: str | None = None

    class Meta:
        abstract = True

    def _set_core_field_defaults(self) -> None:
        """The address from the title, Vietnamese marks folded (cms.slugs), where Wagtail would
        drop "đ"; and a translation's own address once its title is translated, where it still
        has its original's (a redirect from the old address follows: wagtail.contrib.redirects
        on publishing a changed slug)."""
        parent_is_known = bool(self.path or getattr(self, "_cached_parent_obj", None))
        if parent_is_known and self.alias_of_id is None:
            own = slug_for(self.title)
            if own and (not getattr(self, "slug", "") or self._has_its_originals_slug(own)):
                self.slug = self._get_autogenerated_slug(own)
        super()._set_core_field_defaults()  # type: ignore[misc]

    def _has_its_originals_slug(self, own: str) -> bool:
        """True for a translation whose address is still its Vietnamese original's (copied with
        the page) while its own title makes another one."""
        if self.locale_id is None or self.slug == own:
            return False
        original = (
            Page.objects.filter(
                translation_key=self.translation_key, locale__language_code=settings.LANGUAGE_CODE
            )
            .exclude(locale_id=self.locale_id)
            .only("pk", "slug")
            .first()
        )
        # (A page written in another language first, then summarised in Vietnamese under the
        # same address, keeps its own: it is the older of the two.)
        return (
            original is not None
            and original.slug == self.slug
            and (self.pk is None or original.pk < self.pk)
        )

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
        """The text shown under the title in search results: the page's own opening words
        (`excerpt_field`) where it has them, else its search description."""
        own = getattr(self, self.excerpt_field, "") if self.excerpt_field else ""
        return str(own or self.search_description)


class HomePage(SitePage):
    """The front page of one language tree: the province's welcome and the latest news."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.InvestmentProjectIndexPage",
        "cms.CharityProgrammeIndexPage",
        "cms.EventIndexPage",
        "cms.StandardPage",
        "cms.ProvinceProfilePage",
        "cms.ContactPage",
    ]
    max_count_per_parent = 1
    sections = 3  # items shown in each section of the home page

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """News (featured first, then the latest), projects, charity programmes (open ones
        first) and upcoming events.

        One query per section whatever the amount of content: each list is a query on its own
        page type (no `.specific()`), reading only the columns its card shows.
        """
        context = super().get_context(request, *args, **kwargs)
        # alias_of_id: the card of an untranslated mirror is marked lang="vi".
        card = ("title", "url_path", "locale_id", "alias_of_id", "summary", "hero_image")
        context["latest_news"] = (
            NewsArticlePage.objects.live()
            .descendant_of(self)
            .order_by("-featured", "-date", "-pk")
            .only(*card, "date")
        )[: self.sections]
        context["latest_projects"] = (
            InvestmentProjectPage.objects.live()
            .descendant_of(self)
            .select_related("sector")
            .order_by("-first_published_at", "-pk")
            .only(*card, "status", "location", "sector")
        )[: self.sections]
        context["charity_programmes"] = (
            CharityProgrammePage.open_first(
                CharityProgrammePage.objects.live()
                .descendant_of(self)
                .only(*card, "deadline", "amount_sought", "amount_pledged", "currency")
            )
        )[: self.sections]
        context["upcoming_events"] = (
            EventPage.objects.live()
            .descendant_of(self)
            .filter(end_at__gte=timezone.now())
            .order_by("start_at", "pk")
            .only(*card, "start_at", "end_at", "place")
        )[: self.sections]
        return context


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


class StandardPage(SitePage):
    """A page of plain information ("About the department", "Living abroad: useful addresses")."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class ProvinceProfilePage(SitePage):
    """The province at a glance for foreign partners: area, population and other key facts."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    area_km2 = models.DecimalField(
        _("area (km²)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("population counted in"), null=True, blank=True
    )
    key_facts = StreamField([("fact", FactBlock())], verbose_name=_("other key facts"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("area_km2"),
                        FieldPanel("population"),
                        FieldPanel("population_year"),
                    ]
                ),
                FieldPanel("key_facts"),
            ],
            heading=_("Key facts"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("key_facts"),
        index.SearchField("body"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("province profile")


class ContactPage(SitePage):
    """Where and when to find the department. The address, phone and email come from the
    contact details snippet (the footer shows the same), so they are typed once per language."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    contact_details = models.ForeignKey(
        "cms.ContactDetails",
        verbose_name=_("contact details"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leave empty to use the contact details of this page's language."),
    )
    office_hours = models.TextField(_("office hours"), blank=True)
    map_url = models.URLField(_("map address"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("contact_details"),
        FieldPanel("office_hours"),
        FieldPanel("map_url"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("intro"),
        index.SearchField("office_hours"),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("contact page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        context["contact"] = self.contact_details or ContactDetails.for_language(
            self.locale.language_code
        )
        return context


# --- Investment projects ------------------------------------------------------------------------


class Currency(models.TextChoices):
    VND = "VND", _("Vietnamese đồng (VND)")
    USD = "USD", _("US dollars (USD)")


class InvestmentProjectIndexPage(SitePage):
    """The projects calling for investment, filterable by sector and status."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    per_page = 10

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.InvestmentProjectPage"]

    class Meta:
        verbose_name = _("investment project index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from cms.forms import ProjectFilterForm

        context = super().get_context(request, *args, **kwargs)
        projects = (
            InvestmentProjectPage.objects.child_of(self)
            .live()
            .select_related("sector")
            .order_by("-first_published_at", "-pk")
        )
        form = ProjectFilterForm(
            request.GET,
            sectors=Sector.objects.filter(
                investment_projects__path__startswith=self.path,
                investment_projects__depth=self.depth + 1,
                investment_projects__live=True,
            ).distinct(),
        )
        form.is_valid()  # a bad value is reported in the form and that filter is ignored
        context["filter_form"] = form
        context["projects"] = Paginator(form.apply(projects), self.per_page).get_page(
            request.GET.get("page")
        )
        return context


class InvestmentProjectPage(SitePage, HeroImageMixin):  # type: ignore[django-manager-missing]
    """A project the province offers to investors, as the investment promotion lists publish them.

    Its sector is the registry's own list (registry.Sector, translated with modeltranslation), not
    a page-tree snippet: staff keep one list of sectors, and a member who works in a sector can be
    matched with the projects in it.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        CALLING = "calling", _("Calling for investors")
        LICENSED = "licensed", _("Licensed")
        UNDER_CONSTRUCTION = "construction", _("Under construction")
        OPERATING = "operating", _("Operating")

    summary = models.TextField(_("summary"), blank=True, max_length=600)
    excerpt_field = "summary"
    sector = models.ForeignKey(
        Sector,
        verbose_name=_("sector"),
        on_delete=models.PROTECT,
        related_name="investment_projects",
    )
    location = models.CharField(
        _("location in the province"), max_length=255, help_text=_("Commune, ward or zone.")
    )
    total_capital = models.DecimalField(
        _("total capital"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.VND
    )
    land_area_ha = models.DecimalField(
        _("land area (hectares)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.CALLING
    )
    incentives = RichTextField(_("incentives"), blank=True, features=RICH_TEXT_FEATURES)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)
    contact_name = models.CharField(_("contact"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        *HeroImageMixin.hero_panels,
        MultiFieldPanel(
            [
                FieldPanel("sector"),
                FieldPanel("status"),
                FieldPanel("location"),
                FieldRowPanel(
                    [
                        FieldPanel("total_capital"),
                        FieldPanel("currency"),
                        FieldPanel("land_area_ha"),
                    ]
                ),
            ],
            heading=_("Project"),
        ),
        FieldPanel("incentives"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            heading=_("Contact"),
        ),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("location"),
        index.SearchField("incentives"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("sector"),
    ]
    parent_page_types = ["cms.InvestmentProjectIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")


# --- Charity programmes -------------------------------------------------------------------------


class CharityProgrammeIndexPage(SitePage):
    """Charity programmes overseas Vietnamese can give to: open ones first, by nearest deadline."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    per_page = 10

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CharityProgrammePage"]

    class Meta:
        verbose_name = _("charity programme index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        programmes = CharityProgrammePage.open_first(
            CharityProgrammePage.objects.child_of(self).live()
        )
        context["programmes"] = Paginator(programmes, self.per_page).get_page(
            request.GET.get("page")
        )
        return context


class CharityProgrammePage(SitePage, HeroImageMixin):  # type: ignore[django-manager-missing]
    """A charity programme: what it is for, who benefits, how much is sought and pledged so far."""

    summary = models.TextField(_("summary"), blank=True, max_length=600)
    excerpt_field = "summary"
    goal = models.TextField(_("goal"))
    beneficiaries = models.TextField(_("beneficiaries"))
    amount_sought = models.DecimalField(
        _("amount sought"),
        max_digits=20,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    amount_pledged = models.DecimalField(
        _("amount pledged so far"),
        max_digits=20,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.VND
    )
    deadline = models.DateField(_("deadline"))
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        *HeroImageMixin.hero_panels,
        FieldPanel("goal"),
        FieldPanel("beneficiaries"),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("amount_sought"),
                        FieldPanel("amount_pledged"),
                        FieldPanel("currency"),
                    ]
                ),
                FieldPanel("deadline"),
            ],
            heading=_("Funding"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("goal"),
        index.SearchField("beneficiaries"),
        index.SearchField("body"),
        index.FilterField("deadline"),
    ]
    parent_page_types = ["cms.CharityProgrammeIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("charity programme")
        verbose_name_plural = _("charity programmes")

    @staticmethod
    def open_first(programmes: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """Programmes still open (deadline today or later) first, by nearest deadline; then the
        closed ones, most recently closed first. Sorted in the database."""
        today = timezone.localdate()
        return programmes.annotate(
            is_closed=Case(When(deadline__lt=today, then=Value(1)), default=Value(0)),
            open_deadline=Case(When(deadline__gte=today, then=F("deadline"))),
        ).order_by("is_closed", "open_deadline", "-deadline", "-pk")

    @property
    def is_open(self) -> bool:
        return self.deadline >= timezone.localdate()

    @property
    def progress_percent(self) -> int:
        """Share of the amount sought pledged so far, 0–100 (whole percent, rounded down)."""
        if not self.amount_sought or self.amount_sought <= 0:
            return 0
        return min(100, int(self.amount_pledged * 100 / self.amount_sought))


# --- Events -------------------------------------------------------------------------------------


class EventIndexPage(SitePage):
    """Events for the community: the upcoming ones, soonest first, then past ones, paginated."""

    intro = models.TextField(_("introduction"), blank=True)
    excerpt_field = "intro"
    per_page = 10

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*SitePage.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]

    class Meta:
        verbose_name = _("event index")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        events = EventPage.objects.child_of(self).live()
        # An event under way is still "upcoming" for a visitor: it ends in the future.
        context["upcoming_events"] = events.filter(end_at__gte=now).order_by("start_at", "pk")
        past = events.filter(end_at__lt=now).order_by("-start_at", "-pk")
        context["past_events"] = Paginator(past, self.per_page).get_page(request.GET.get("page"))
        return context


class EventPage(SitePage, HeroImageMixin):  # type: ignore[django-manager-missing]
    """A meeting, forum or visit overseas Vietnamese can attend."""

    summary = models.TextField(_("summary"), blank=True, max_length=600)
    excerpt_field = "summary"
    start_at = models.DateTimeField(_("starts"))
    end_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=255)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many people can attend; leave empty if there is no limit."),
    )
    registration_open = models.BooleanField(_("registration open"), default=False)
    body = StreamField(BodyBlock(), verbose_name=_("description"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        *HeroImageMixin.hero_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_at"), FieldPanel("end_at")]),
                FieldPanel("place"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *SitePage.search_fields,
        index.SearchField("summary"),
        index.SearchField("place"),
        index.SearchField("body"),
        index.FilterField("start_at"),
        index.FilterField("end_at"),
    ]
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self) -> None:
        super().clean()
        if self.start_at and self.end_at and self.end_at < self.start_at:
            raise ValidationError({"end_at": _("An event cannot end before it starts.")})

    @property
    def is_past(self) -> bool:
        return self.end_at < timezone.now()
