"""Events for the community, and their list (upcoming first)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.models.base import HeroImageMixin, SitePage
from cms.models.blocks import BodyBlock


def time_zone_choices() -> list[tuple[str, str]]:
    """The time zones an event can be in: the province's, and those of the countries where the
    province's people live most (IANA names, as calendars read them)."""
    zones = [
        "Asia/Ho_Chi_Minh", "Asia/Tokyo", "Asia/Seoul", "Asia/Taipei", "Asia/Shanghai",
        "Asia/Bangkok", "Asia/Singapore", "Asia/Kuala_Lumpur", "Asia/Vientiane",
        "Asia/Phnom_Penh", "Asia/Dubai", "Asia/Riyadh", "Europe/Budapest", "Europe/Prague",
        "Europe/Bratislava", "Europe/Berlin", "Europe/Warsaw", "Europe/Paris", "Europe/London",
        "Europe/Moscow", "America/New_York", "America/Chicago", "America/Los_Angeles",
        "America/Toronto", "Australia/Sydney", "Australia/Melbourne",
    ]  # fmt: skip
    return [(zone, zone.replace("_", " ")) for zone in zones]


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
    country = CountryField(
        _("country"),
        default="VN",
        help_text=_("Where the event takes place: members living there see it first."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        choices=time_zone_choices,
        default=settings.TIME_ZONE,
        help_text=_("Where the event takes place: its times are shown in this zone."),
    )
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
                FieldRowPanel(
                    [FieldPanel("place"), FieldPanel("country"), FieldPanel("time_zone")]
                ),
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
    def time_zone_city(self) -> str:
        """The time zone as people name it: its city ("Europe/Budapest" → "Budapest"); the
        province's own is Vietnam's."""
        if self.time_zone == "Asia/Ho_Chi_Minh":
            return str(_("Vietnam"))
        return self.time_zone.rsplit("/", 1)[-1].replace("_", " ")

    @property
    def is_past(self) -> bool:
        return self.end_at < timezone.now()
