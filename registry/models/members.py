"""A person from the province living abroad (`Member`), as the registry knows them."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from registry.models.associations import Association
from registry.models.consents import ConsentPurpose
from registry.models.places import LegacyCommune, Ward
from registry.models.reference import Interest, Language, Sector
from registry.search_words import occupation_words, place_words
from registry.text import fold, nfc


class MemberQuerySet(models.QuerySet["Member"]):
    def with_list_data(self) -> MemberQuerySet:
        """What the staff list shows, in a fixed number of queries whatever the page size."""
        return self.select_related("hometown_ward", "hometown_legacy", "sector").prefetch_related(
            "interests", "consented_purposes", "languages"
        )

    def in_registry(self) -> MemberQuerySet:
        """Records staff work on: imported ones, and sign-ups that finished with their consent.

        A sign-up that stopped before the consents step has not agreed to be in the registry.
        """
        return self.exclude(source=Member.Source.SIGN_UP, profile_completed_at=None)


class Member(models.Model):
    """A person from the province living abroad, as the registry knows them.

    A member may have no login: officers import people from association lists. The name is kept
    exactly as written in Vietnamese, composed to NFC (decomposed input from macOS and iOS would
    otherwise differ byte for byte); `search_name` is its folded form for search and duplicates.
    The hometown is a current ward; the pre-2025 commune is kept as well when the member picked
    it by its old name, because that is the name people and officers remember.
    """

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")

    class Source(models.TextChoices):
        SIGN_UP = "sign-up", _("Signed up on the site")
        IMPORT = "import", _("Imported from a list")
        STAFF = "staff", _("Added by staff")
        GENERATED = "generated", _("Synthetic (demo)")

    class Verification(models.TextChoices):
        DOCUMENT = "document", _("Identity document")
        CALL = "call", _("Video or phone call")
        ASSOCIATION = "association", _("Confirmed by an association")
        IN_PERSON = "in-person", _("In person")

    user = models.OneToOneField(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
        verbose_name=_("account"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    other_names = models.CharField(
        _("other names"),
        max_length=200,
        blank=True,
        help_text=_("Name in the country where you live, married name…"),
    )
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)

    hometown_ward = models.ForeignKey(
        Ward,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("hometown (current ward or commune)"),
    )
    hometown_legacy = models.ForeignKey(
        LegacyCommune,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("hometown (before 2025)"),
    )
    hometown_village = models.CharField(_("village or hamlet"), max_length=100, blank=True)

    country = CountryField(_("country of residence"), blank=True)
    city_name = models.CharField(_("city"), max_length=100, blank=True)
    city_geonameid = models.PositiveIntegerField(null=True, blank=True, editable=False)
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)

    email = models.EmailField(_("email"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    messaging = models.CharField(
        _("messaging apps"), max_length=200, blank=True, help_text=_("Zalo, Viber, WhatsApp…")
    )

    occupation = models.CharField(_("occupation"), max_length=150, blank=True)
    sector = models.ForeignKey(
        Sector, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("sector")
    )
    skills = models.TextField(_("skills and expertise"), max_length=1000, blank=True)
    languages = models.ManyToManyField(
        Language, blank=True, related_name="members", verbose_name=_("languages")
    )
    organisation = models.CharField(_("organisation or business"), max_length=200, blank=True)
    interests = models.ManyToManyField(
        Interest, blank=True, related_name="members", verbose_name=_("interests")
    )
    associations: models.ManyToManyField[Association, Any] = models.ManyToManyField(
        Association, blank=True, related_name="members", verbose_name=_("associations")
    )
    preferred_language = models.CharField(
        _("language for messages"), max_length=10, choices=settings.LANGUAGES, default="vi"
    )
    consented_purposes: models.ManyToManyField[ConsentPurpose, Any] = models.ManyToManyField(
        ConsentPurpose,
        blank=True,
        related_name="members",
        editable=False,
        help_text="Purposes currently agreed to; kept in step with Consent by registry.services.",
    )

    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    verified_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("verified by"),
    )
    verification_method = models.CharField(
        _("verified how"), max_length=20, choices=Verification.choices, blank=True, editable=False
    )
    last_confirmed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    profile_completed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the yearly "is this still right?" email last went out (registry.reminders): one a
    # year while the record waits for its confirmation.
    confirmation_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The contact details (as stored: email, phone, messaging) that the member's current consent
    # to staff contact was given for. Staff see a contact detail only while it is the one
    # consented: the member's own change, or a consent staff record with the details it covers,
    # extends this; an officer's edit, an import or a merge never does.
    contacts_covered = models.JSONField(default=dict, blank=True, editable=False)
    # Sign-up steps the member has saved (slugs of registry.steps.STEPS): a step opens only once
    # those before it are saved and valid, whatever address is typed.
    signup_steps = models.JSONField(default=list, blank=True, editable=False)
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.SIGN_UP
    )
    # A default rather than auto_now_add, so that imports and generated data can keep their dates.
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, editable=False, db_index=True
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    search_name = models.CharField(max_length=360, db_index=True, editable=False)
    # Names, occupation, skills and organisation, folded: what staff search matches words in.
    search_text = models.TextField(blank=True, editable=False)
    # PostgreSQL: every beginning of every word of `search_text` ("n", "ng", … "nguyen"),
    # written by a trigger on every write (migrations 0021, 0022) and indexed, so that a word
    # typed whole or half is one exact entry of the index. Empty elsewhere.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["search_name", "pk"]
        indexes = [
            # Staff search: country filters, and the radius's bounding box. The full-text index
            # of `search_text` is PostgreSQL-only (migrations 0021, 0022). The country's index
            # also holds what a search counts (the single-valued facets, whether the record is
            # in the registry, the id the many-valued facets join on): on PostgreSQL the counts
            # of a search without words read it alone, not the table (search.database.counts).
            models.Index(
                fields=[
                    "country",
                    "sector",
                    "hometown_ward",
                    "verified_at",
                    "profile_completed_at",
                    "source",
                ],
                include=["id"],
                name="member_counted",
            ),
            models.Index(fields=["latitude", "longitude"], name="member_coordinates"),
        ]
        permissions = [
            ("view_member_statistics", "Can see aggregated registry counts"),
            ("view_member_contact", "Can see members' contact details, where they consented"),
            ("verify_member", "Can verify members"),
            ("merge_member", "Can merge duplicate members"),
            ("import_member", "Can import members from lists"),
            ("export_member", "Can export members"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: object, **kwargs: object) -> None:
        given = {name: getattr(self, name) for name in (*self.COMPOSED_FIELDS, "country")}
        for name, value in self.derived(given).items():
            setattr(self, name, value)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    # Text composed to NFC and trimmed on every save: a name typed on a Mac is stored byte for
    # byte as the same name typed elsewhere.
    COMPOSED_FIELDS = (
        "full_name",
        "other_names",
        "hometown_village",
        "city_name",
        "occupation",
        "skills",
        "organisation",
    )

    # Written by save() from the fields above: part of every partial save.
    DERIVED_FIELDS = ("search_name", "search_text", "updated_at")

    # What the staff search matches words in (folded into `search_text`), with the places and
    # occupation words of `registry.search_words`.
    SEARCH_TEXT_FIELDS = ("full_name", "other_names", "occupation", "skills", "organisation")

    @classmethod
    def derived(
        cls, given: Mapping[str, Any], folding: Callable[[str], str] = fold
    ) -> dict[str, Any]:
        """What save() writes from the fields given (COMPOSED_FIELDS and the country, by name):
        those texts composed and trimmed, and the folded `search_name` and `search_text` (the
        latter with where the member lives and their occupation in other languages,
        `registry.search_words`). Writers that skip save() (the demo's bulk generator) store the
        same by calling it, with a cached `folding` if they fold the same names often.
        """
        values = {name: nfc(given[name]).strip() for name in cls.COMPOSED_FIELDS}
        country = given.get("country") or ""
        values["search_name"] = folding(f"{values['full_name']} {values['other_names']}")[:360]
        values["search_text"] = " ".join(
            part
            for part in (
                folding(" ".join(values[name] for name in cls.SEARCH_TEXT_FIELDS)),
                occupation_words(values["occupation"]),
                place_words(getattr(country, "code", country) or "", values["city_name"]),
            )
            if part
        )
        return values

    def language_codes(self) -> list[str]:
        """The codes of the languages the member speaks, in the list's order (prefetched ones
        when the caller prefetched `languages`)."""
        return [language.pk for language in self.languages.all()]

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def hometown_label(self) -> str:
        if self.hometown_legacy_id and self.hometown_ward_id:
            return f"{self.hometown_legacy} → {self.hometown_ward}"
        return str(self.hometown_ward or "")

    @property
    def mail_address(self) -> str:
        """Where the member reads their email: their login's address (verified when they
        signed up), else the record's."""
        return self.user.email if self.user is not None else self.email

    def has_consented(self, slug: str) -> bool:
        return any(p.slug == slug for p in self.consented_purposes.all())

    CONTACT_FIELDS = ("email", "phone", "messaging")

    def contact_values(self) -> dict[str, str]:
        """The contact details as stored, as text (empty ones left out)."""
        values = {name: str(getattr(self, name) or "") for name in self.CONTACT_FIELDS}
        return {name: value for name, value in values.items() if value}

    def consented_contacts(self) -> frozenset[str]:
        """The contact details staff may see: while the member agrees to staff contact, those
        that are still what the consent was given for (`contacts_covered`)."""
        if not self.has_consented(ConsentPurpose.STAFF_CONTACT):
            return frozenset()
        covered = self.contacts_covered or {}
        return frozenset(
            name for name, value in self.contact_values().items() if covered.get(name) == value
        )

    CONFIRM_EVERY = datetime.timedelta(days=365)

    def confirmation_due(self, now: datetime.datetime) -> bool:
        """Once a year members are asked whether their record is still right."""
        last = self.last_confirmed_at or self.profile_completed_at
        return last is not None and now - last > self.CONFIRM_EVERY
