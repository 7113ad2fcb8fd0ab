"""Charity programmes overseas Vietnamese can give to, and their list."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Subquery, Sum, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.models.base import Currency, HeroImageMixin, SitePage
from cms.models.blocks import BodyBlock
from engagement.models import Engagement


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
            CharityProgrammePage.with_received(CharityProgrammePage.objects.child_of(self).live())
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
        _("amount pledged outside the website"),
        max_digits=20,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "Given on paper, at events or by transfer without a pledge here. Pledges made on the "
            "website count by themselves once an officer marks them received."
        ),
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.VND
    )
    deadline = models.DateField(_("deadline"))
    target_countries = CountryField(
        _("countries sought"),
        multiple=True,
        blank=True,
        help_text=_(
            "Where the province looks for donors for it: staff see the members living there "
            "first among the people who may be interested."
        ),
    )
    transfer_instructions = models.TextField(
        _("how to transfer a gift"),
        blank=True,
        max_length=2000,
        help_text=_("Bank, account number, reference to write: shown to people who pledge money."),
    )
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
                FieldPanel("transfer_instructions"),
                FieldPanel("target_countries"),
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

    @staticmethod
    def with_received(programmes: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """`programmes` with the money pledged on the website and received (`received`), read
        in the same query (lists show each programme's progress)."""
        received = (
            Engagement.objects.filter(page_key=OuterRef("translation_key"))
            .received_money(OuterRef("currency"))
            .order_by()
            .values("page_key")
            .annotate(total=Sum("amount"))
            .values("total")
        )
        return programmes.annotate(received=Subquery(received))

    @cached_property
    def pledged_total(self) -> Decimal:
        """Pledged so far: outside the website (`amount_pledged`) and on it, received."""
        received = getattr(self, "received", None)
        if received is None and not hasattr(self, "received"):
            received = (
                Engagement.objects.of_page(self.translation_key)
                .received_money(self.currency)
                .amount_total()
            )
        return (self.amount_pledged or Decimal(0)) + (received or Decimal(0))

    @property
    def progress_percent(self) -> int:
        """Share of the amount sought pledged so far, 0–100 (whole percent, rounded down)."""
        if not self.amount_sought or self.amount_sought <= 0:
            return 0
        return min(100, int(self.pledged_total * 100 / self.amount_sought))
