"""A leadership trip abroad and everything staff keep about it: its legs, the people on its list
(each with a role, a status, why they were chosen and what happened), the invitation's text in
each language, the follow-up tasks and the documents written for it (briefing pack, report).

A person on the list points at their record (`Shortlisted.member`); when the record is erased
the line stays, emptied, as "person removed at their request" (`trips.signals`).
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Trip(models.Model):
    class State(models.TextChoices):
        PLANNING = "planning", _("Planning")
        INVITING = "inviting", _("Invitations out")
        UNDER_WAY = "under-way", _("Under way")
        DONE = "done", _("Done")

    title = models.CharField(_("title"), max_length=200)
    purpose = models.TextField(_("what the trip is for"), max_length=4000, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=State.choices, default=State.PLANNING
    )
    # [{"name": ..., "title": ...}]: the leaders travelling, who are not registry members.
    delegation = models.JSONField(_("delegation"), default=list, blank=True)
    pages: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        "wagtailcore.Page",
        blank=True,
        related_name="+",
        verbose_name=_("projects, programmes and events"),
    )
    officers = models.ManyToManyField(
        "accounts.User", blank=True, related_name="+", verbose_name=_("officers working on it")
    )
    reply_by = models.DateField(_("answers wanted by"), null=True, blank=True)
    # After the trip, the officers' own words for the leadership's report.
    conclusions = models.TextField(_("conclusions, for the report"), max_length=8000, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("trip")
        verbose_name_plural = _("trips")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def starts_on(self) -> datetime.date | None:
        legs = list(self.legs.all())
        return min((leg.starts_on for leg in legs), default=None)

    @property
    def ends_on(self) -> datetime.date | None:
        legs = list(self.legs.all())
        return max((leg.ends_on for leg in legs), default=None)

    def links_expire_at(self, sent_at: datetime.datetime | None = None) -> datetime.datetime:
        """When reply links stop working: the end of the day answers are wanted by, else of
        the trip's last day, else 60 days after they were sent."""
        day = self.reply_by or self.ends_on
        if day is None:
            return (sent_at or timezone.now()) + datetime.timedelta(days=60)
        end = datetime.datetime.combine(day, datetime.time.max)
        return timezone.make_aware(end)


class Leg(models.Model):
    """One destination: a city (and the people within `radius_km` of it), with its dates."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="legs")
    country = CountryField(_("country"))
    city_name = models.CharField(_("city"), max_length=100)
    city_geonameid = models.PositiveIntegerField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    radius_km = models.PositiveSmallIntegerField(_("people within (km)"), default=100)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return f"{self.city_name}, {self.country.name}"


class Shortlisted(models.Model):
    """A person on a trip's list."""

    class Role(models.TextChoices):
        HOST = "host", _("Host")
        SPEAKER = "speaker", _("Speaker")
        BUSINESS = "business", _("Business meeting")
        COMMUNITY = "community", _("Community meeting")
        GUEST = "guest", _("Guest")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        INVITED = "invited", _("Invited")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no-show", _("Did not come")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="trip_lines",
        verbose_name=_("member"),
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.COMMUNITY)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    reason = models.CharField(_("why chosen"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    added_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)
    # The invitation: its link carries `nonce`, which a new invitation of the line replaces.
    nonce = models.CharField(max_length=32, blank=True)
    language = models.CharField(_("invited in"), max_length=10, blank=True)
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    replied_at = models.DateTimeField(_("answered"), null=True, blank=True)
    guests = models.PositiveSmallIntegerField(_("guests"), default=0)
    reply_message = models.TextField(_("message"), max_length=1000, blank=True)
    # Set when the member's record was erased: the line stays, emptied.
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("person on the list")
        verbose_name_plural = _("people on the list")
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["trip", "member"],
                condition=Q(member__isnull=False),
                name="trip_person_once",
            )
        ]

    def __str__(self) -> str:
        if self.member is None:
            return str(_("Person removed at their request"))
        return self.member.full_name

    def new_nonce(self) -> str:
        self.nonce = secrets.token_urlsafe(16)
        return self.nonce

    @property
    def answered(self) -> bool:
        return self.replied_at is not None


class LineEvent(models.Model):
    """What happened on a person's line: added, changed, invited, reminded, answered, a
    commitment recorded. Staff's actions carry who; a member's answer carries no one."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added to the list")
        CHANGED = "changed", _("Changed")
        INVITED = "invited", _("Invitation sent")
        REMINDED = "reminded", _("Reminder sent")
        REPLIED = "replied", _("Answered")
        COMMITMENT = "commitment", _("Commitment recorded")
        REMOVED = "removed", _("Removed at their request")

    line = models.ForeignKey(Shortlisted, on_delete=models.CASCADE, related_name="history")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    # Status words and counts, never what a person wrote.
    detail = models.CharField(max_length=300, blank=True)
    engagement = models.ForeignKey(
        "engagement.Engagement", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["at", "pk"]


class InvitationText(models.Model):
    """The invitation in one language; `{name}` in it becomes the person's name."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=10)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"), max_length=6000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trip", "language"], name="trip_text_per_language")
        ]


class FollowUp(models.Model):
    """A task after the trip, with its owner and due date."""

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="tasks")
    text = models.CharField(_("task"), max_length=300)
    owner = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who is responsible"),
    )
    due_on = models.DateField(_("due"))
    line = models.ForeignKey(
        Shortlisted,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("person"),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "due_on", "pk"]


class Document(models.Model):
    """A briefing pack (PDF and XLSX) or a post-trip report (PDF), written by the worker."""

    class Kind(models.TextChoices):
        PACK = "pack", _("Briefing pack")
        REPORT = "report", _("Post-trip report")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for the worker")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    trip = models.ForeignKey(Trip, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WAITING)
    step = models.CharField(max_length=200, blank=True)  # what is being written now
    done_steps = models.PositiveSmallIntegerField(default=0)
    total_steps = models.PositiveSmallIntegerField(default=1)
    requested_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Under PRIVATE_MEDIA_ROOT, once written.
    pdf_path = models.CharField(max_length=200, blank=True)
    xlsx_path = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.WAITING, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return round(100 * self.done_steps / self.total_steps) if self.total_steps else 0
