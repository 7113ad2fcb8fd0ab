"""What staff work leaves behind: merges, imports, invitations to claim a record, and the
append-only audit log."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.models.associations import Association
from registry.models.members import Member


class MergeRecord(models.Model):
    """A record merged into another: what it held, so that a merge can be understood later."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="merges", verbose_name=_("kept record")
    )
    merged_member_id = models.PositiveIntegerField(_("merged record number"))
    snapshot = models.JSONField(_("merged record"))
    # The kept record as it was before, and which record each field's value was taken from
    # ("kept" or "merged"): with `snapshot`, every value either record held is in the history.
    kept_before = models.JSONField(_("kept record before the merge"), default=dict, blank=True)
    choices = models.JSONField(_("choices"), default=dict, blank=True)
    merged_at = models.DateTimeField(_("merged"), auto_now_add=True)
    merged_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-merged_at"]


class AuditEntry(models.Model):
    """Who did what to which record, when: append-only, readable by administrators.

    `member_id` is a plain number, not a foreign key, so the entry outlives an erased member;
    `detail` holds the query or the fields touched, never their personal values.
    """

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a profile")
        SEARCH = "search", _("Searched")
        EXPORT = "export", _("Exported")
        CREATE = "create", _("Created")
        EDIT = "edit", _("Edited")
        VERIFY = "verify", _("Verified")
        MERGE = "merge", _("Merged")
        IMPORT = "import", _("Imported")
        DELETE = "delete", _("Deleted")
        ERASE = "erase", _("Member deleted their account")
        CONSENT = "consent", _("Recorded a consent given on paper or by phone")
        INVITE = "invite", _("Invited to claim the record")
        CLAIM = "claim", _("Member claimed their record")
        PURGE = "purge", _("Unfinished sign-up deleted")
        SHORTLIST = "shortlist", _("Added to a trip's list")
        TRIP_INVITE = "delegation", _("Invited to meet a delegation")

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices, db_index=True)
    member_id = models.PositiveIntegerField(_("record"), null=True, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise ValueError("The audit log is append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValueError("The audit log is append-only")


class ImportBatch(models.Model):
    """An uploaded association list between preview and commit.

    The parsed rows wait here (in the database, never in a cache) until an officer commits them
    all at once or discards them; a committed batch drops its rows and keeps only its counts.
    """

    class CommitState(models.TextChoices):
        """Where a commit given to the worker is; blank: none given, or done (`committed_at`)."""

        WAITING = "waiting", _("Waiting for the worker")
        RUNNING = "running", _("Importing")
        FAILED = "failed", _("Failed")

    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    filename = models.CharField(_("file"), max_length=200)
    association = models.ForeignKey(
        Association,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("association"),
    )
    rows = models.JSONField(default=list, blank=True)
    committed_at = models.DateTimeField(_("committed"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("records created"), default=0)
    matched_count = models.PositiveIntegerField(_("existing records matched"), default=0)
    # What the commit did, for its list of records and its undo: the records it created, and
    # for each record it updated, each field's value before.
    changes = models.JSONField(default=dict, blank=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    # A large list's commit waits for the worker, then runs (registry.importing.background).
    commit_state = models.CharField(
        max_length=10, choices=CommitState.choices, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename


class AuditSubject(models.Model):
    """A record an audit entry is about: one row per member touched (an export of 500 members is
    one entry with 500 subjects), so "who saw or touched this person's data" is one lookup."""

    entry = models.ForeignKey(AuditEntry, on_delete=models.CASCADE, related_name="subjects")
    member_id = models.PositiveIntegerField(_("record"), db_index=True)

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")
        constraints = [
            models.UniqueConstraint(fields=["entry", "member_id"], name="audit_subject_once")
        ]


class RecordInvitation(models.Model):
    """An email inviting a person whom staff entered (an import, a list) to claim their record:
    log in or sign up, check it, and give their own consents. Only a digest of the link's token
    is kept; the link works once, until `expires_at`."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("member")
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    sent_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    expires_at = models.DateTimeField(_("expires"))
    claimed_at = models.DateTimeField(_("claimed"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation to claim a record")
        verbose_name_plural = _("invitations to claim a record")
        ordering = ["-sent_at"]
