"""One member's engagement with one page: an interest in an investment project, a pledge to a
charity programme, or a registration for an event; its status as staff follow it up."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EngagementQuerySet(models.QuerySet["Engagement"]):
    def open(self) -> EngagementQuerySet:
        """Not withdrawn (by the member, or cancelled)."""
        return self.exclude(status=Engagement.Status.WITHDRAWN)

    def of_page(self, translation_key: uuid.UUID | str) -> EngagementQuerySet:
        """Those of a page in any of its languages (a page's translations share its key)."""
        return self.filter(page_key=translation_key)

    def received_money(self, currency: Any) -> EngagementQuerySet:
        """Pledges of money an officer marked received, in `currency` (a code, or an OuterRef
        to the programme's)."""
        return self.filter(
            kind=Engagement.Kind.PLEDGE,
            gift=Engagement.Gift.MONEY,
            status=Engagement.Status.RECEIVED,
            currency=currency,
        )

    def amount_total(self) -> Decimal:
        return self.aggregate(total=Sum("amount"))["total"] or Decimal(0)

    def seats_taken(self) -> int:
        """The places the confirmed (and attended) registrations take: each member and guests."""
        taken = self.filter(
            kind=Engagement.Kind.REGISTRATION,
            status__in=[Engagement.Status.CONFIRMED, Engagement.Status.ATTENDED],
        ).aggregate(n=Sum(models.F("guests") + 1))["n"]
        return int(taken or 0)


class Engagement(models.Model):
    """What a member did on a page, and where it stands.

    It points at the page in the language it was made on (`page`, for its title and address)
    and holds the key all the page's translations share (`page_key`): a registration made on
    the English page of an event counts against the same capacity as one made on the Vietnamese.
    """

    class Kind(models.TextChoices):
        INTEREST = "interest", _("Interest in a project")
        PLEDGE = "pledge", _("Pledge to a programme")
        REGISTRATION = "registration", _("Registration for an event")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        CONTACTED = "contacted", _("Contacted")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITING = "waiting", _("On the waiting list")
        RECEIVED = "received", _("Received")
        ATTENDED = "attended", _("Attended")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Role(models.TextChoices):
        INVESTOR = "investor", _("Investor")
        PARTNER = "partner", _("Partner")
        ADVISER = "adviser", _("Adviser")
        CONNECTOR = "connector", _("Connector (introducing others)")

    class Gift(models.TextChoices):
        MONEY = "money", _("Money")
        IN_KIND = "in-kind", _("In kind")
        VOLUNTEERING = "volunteering", _("Volunteering")

    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.CASCADE,
        related_name="engagements",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    page = models.ForeignKey(
        "wagtailcore.Page",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("page"),
    )
    page_key = models.UUIDField(_("page (in every language)"), db_index=True)
    # The page's title when the engagement was made: still shown if the page is deleted.
    title = models.CharField(_("title"), max_length=255)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    # An interest in a project.
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    # A pledge.
    gift = models.CharField(_("what is given"), max_length=20, choices=Gift.choices, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=20,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    anonymous = models.BooleanField(_("anonymous to the public"), default=False)
    # A registration.
    guests = models.PositiveSmallIntegerField(
        _("guests"), default=0, validators=[MaxValueValidator(10)]
    )
    dietary = models.CharField(_("dietary needs"), max_length=200, blank=True)
    accessibility = models.CharField(_("accessibility needs"), max_length=200, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # Staff's own.
    staff_note = models.TextField(_("staff note"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("made"), default=timezone.now, db_index=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["created_at", "pk"]
        constraints = [
            # One open interest and one open registration per member and page (pledges repeat).
            models.UniqueConstraint(
                fields=["member", "page_key", "kind"],
                condition=~Q(status="withdrawn") & ~Q(kind="pledge"),
                name="engagement_one_open_per_page",
            ),
        ]
        indexes = [models.Index(fields=["page_key", "kind", "status"], name="engagement_page")]
        permissions = [("follow_up_engagement", "Can follow up engagements with pages")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"

    @property
    def seats(self) -> int:  # the member and their guests
        return 1 + self.guests

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.WITHDRAWN


class Digest(models.Model):
    """The monthly email of what is new for a member, sent once a month: its row is written in
    the transaction that stores the email, so that a second run of the job skips the member."""

    member = models.ForeignKey(
        "registry.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("member")
    )
    month = models.DateField(_("month"))  # its first day
    pages = models.PositiveSmallIntegerField(_("pages suggested"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        verbose_name = _("monthly digest")
        verbose_name_plural = _("monthly digests")
        constraints = [
            models.UniqueConstraint(fields=["member", "month"], name="digest_once_a_month")
        ]
