from __future__ import annotations

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class IndexTask(models.Model):
    """A member whose search document must be written again (or removed): the outbox.

    Rows are added in the same database transaction as the change itself, so a change that
    commits is never forgotten; they are applied to Elasticsearch after the commit and deleted
    once it has them. While Elasticsearch is down they wait, retried with a growing delay.
    Only a member id is stored: no personal data waits here.
    """

    member_id = models.PositiveIntegerField(db_index=True)
    queued_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_try_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"member {self.member_id}"


class SavedSearch(models.Model):
    """An officer's segment: a staff search kept under a name, to run again or to be told about.

    Only the criteria are stored (the screen's query string as lists of values), never a result:
    running it again gives today's answer. With `alert` on, `manage.py search_alerts` emails the
    owner how many members matching it joined or changed since the last alert — a count, no name.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = models.CharField(_("name"), max_length=100)
    criteria = models.JSONField(_("criteria"), default=dict)
    alert = models.BooleanField(
        _("email me when new members match"),
        default=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    alerted_up_to = models.DateTimeField(_("alerted up to"), default=timezone.now)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="saved_search_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def params(self) -> QueryDict:
        """The criteria as the screen's GET parameters."""
        params = QueryDict(mutable=True)
        for key, values in sorted(self.criteria.items()):
            params.setlist(key, values)
        return params

    @property
    def query_string(self) -> str:
        return self.params.urlencode()


class SearchWord(models.Model):
    """A word of the registry's searched text (`Member.search_text`, folded): the vocabulary a
    mistyped word is compared with (`search.vocabulary`), as Elasticsearch compares it with its
    terms. Words only, tied to no record; refreshed every night, so that the words of people
    who have left go with them."""

    word = models.CharField(max_length=100, primary_key=True)

    class Meta:
        verbose_name = _("search word")
        verbose_name_plural = _("search words")

    def __str__(self) -> str:
        return self.word
