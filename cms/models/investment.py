"""Investment projects the province offers, and their filterable list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.forms import ProjectFilterForm
from cms.models.base import Currency, HeroImageMixin, SitePage
from cms.models.blocks import RICH_TEXT_FEATURES, BodyBlock
from registry.models import Sector


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
            statuses=InvestmentProjectPage.Status.choices,
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
    target_countries = CountryField(
        _("countries sought"),
        multiple=True,
        blank=True,
        help_text=_(
            "Where the province looks for investors and partners for it: staff see the members "
            "living there first among the people who may be interested."
        ),
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
                FieldPanel("target_countries"),
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
