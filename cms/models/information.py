"""Pages of plain information: standard pages, the province profile and the contact page."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.models.base import SitePage
from cms.models.blocks import BodyBlock, FactBlock
from cms.models.snippets import ContactDetails


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
