"""The front page of each language tree."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from cms.models.base import SitePage
from cms.models.charity import CharityProgrammePage
from cms.models.events import EventPage
from cms.models.investment import InvestmentProjectPage
from cms.models.news import NewsArticlePage


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
                CharityProgrammePage.with_received(
                    CharityProgrammePage.objects.live()
                    .descendant_of(self)
                    .only(*card, "deadline", "amount_sought", "amount_pledged", "currency")
                )
            )
        )[: self.sections]
        context["upcoming_events"] = (
            EventPage.objects.live()
            .descendant_of(self)
            .filter(end_at__gte=timezone.now())
            .order_by("start_at", "pk")
            .only(*card, "start_at", "end_at", "place", "time_zone")
        )[: self.sections]
        return context
