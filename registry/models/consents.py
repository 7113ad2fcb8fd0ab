"""What a member may agree to (`ConsentPurpose`), in which words (`ConsentText`), and each decision
they took (`Consent`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registry.storage import private_storage


class ConsentPurpose(models.Model):
    """One thing a member may agree to, separately from the others (Law 91/2025/QH15, GDPR).

    The wording lives in `ConsentText`, versioned: a member's decision always points at the exact
    text they were shown. `required` purposes (registry processing) are the condition of being in
    the registry at all; the others are optional and never pre-ticked.
    """

    REGISTRY = "registry"
    STAFF_CONTACT = "staff-contact"
    NEWSLETTER = "newsletter"
    ASSOCIATIONS = "associations"
    MATCHING = "matching"
    PROGRAMMES = "programmes"

    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=150)
    required = models.BooleanField(_("required to register"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("consent purpose")
        verbose_name_plural = _("consent purposes")
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name

    @property
    def current_text(self) -> ConsentText | None:
        """The latest wording; uses `prefetch_related("texts")` when the caller did."""
        return max(self.texts.all(), key=lambda text: text.version, default=None)


class ConsentText(models.Model):
    """The wording of a consent purpose as shown to members, one row per version, never edited.

    A change of wording is a new version: decisions taken under the old one keep pointing at it.
    """

    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, related_name="texts", verbose_name=_("purpose")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        ordering = ["purpose", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["purpose", "version"], name="consent_text_version")
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.version}"


class Consent(models.Model):
    """One decision of a member about one purpose: a grant or a withdrawal. Never changed.

    The member's current choices are the latest decision per purpose, mirrored in
    `Member.consented_purposes` so that lists and search can filter on them.
    """

    class Channel(models.TextChoices):
        WEB = "web", _("On the website")
        PAPER = "paper", _("On paper, entered by staff")
        PHONE = "phone", _("By phone, entered by staff")
        IMPORT = "import", _("Imported from a list")

    member = models.ForeignKey(
        "registry.Member",
        on_delete=models.CASCADE,
        related_name="consents",
        verbose_name=_("member"),
    )
    purpose = models.ForeignKey(
        ConsentPurpose, on_delete=models.PROTECT, related_name="+", verbose_name=_("purpose")
    )
    text = models.ForeignKey(
        ConsentText, on_delete=models.PROTECT, related_name="+", verbose_name=_("text version")
    )
    granted = models.BooleanField(_("granted"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    recorded_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # A decision given on paper or by phone and entered by staff: when the person gave it, how
    # (a note), and a scan of the signed form, kept outside the public media.
    given_on = models.DateField(_("given on"), null=True, blank=True)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    evidence = models.FileField(
        _("scan or recording"),
        upload_to="consents/%Y/%m/",
        storage=private_storage,
        blank=True,
    )
    # What a grant of staff contact was given for: the contact details it covers, as stored.
    covers = models.JSONField(_("covers"), default=dict, blank=True)

    class Meta:
        verbose_name = _("consent decision")
        verbose_name_plural = _("consent decisions")
        ordering = ["member", "-recorded_at", "-pk"]
