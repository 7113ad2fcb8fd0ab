from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from registry.storage import private_storage
from registry.text import fold, nfc


class Ward(models.Model):
    """A ward or commune (phường/xã/đặc khu) as it has been since the 1 July 2025 reform.

    Since then Vietnam has two levels, province and ward; a member's hometown is stored as one of
    these. The list comes from the official conversion packaged in `vietnamadminunits`
    (`manage.py load_admin_units`).
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=4, db_index=True)
    province_name = models.CharField(_("province"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    search_name = models.CharField(max_length=100, db_index=True, editable=False)

    class Meta:
        verbose_name = _("ward or commune")
        verbose_name_plural = _("wards and communes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class LegacyCommune(models.Model):
    """A commune of the pre-2025 three-level map (province → district → commune).

    Kept because members remember "xã X, huyện Y": they may pick their hometown by the old name,
    and staff filter by old districts. `ward` is the official successor; when a commune was split
    between several new wards, `ward` is the one the conversion names as default and `wards`
    lists them all.
    """

    code = models.CharField(_("code"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)
    district_code = models.CharField(_("district code"), max_length=10, db_index=True)
    district_name = models.CharField(_("district"), max_length=100)
    province_code = models.CharField(_("province code"), max_length=4)
    province_name = models.CharField(_("province"), max_length=100)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="legacy_communes", verbose_name=_("ward")
    )
    wards = models.ManyToManyField(Ward, related_name="+", verbose_name=_("wards"))
    search_name = models.CharField(max_length=220, db_index=True, editable=False)

    class Meta:
        verbose_name = _("pre-2025 commune")
        verbose_name_plural = _("pre-2025 communes")
        ordering = ["district_name", "name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.district_name}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_name = fold(f"{self.name} {self.district_name}")
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class ReferenceItem(models.Model):
    """A staff-editable entry of a short list members choose from.

    Plain models translated with django-modeltranslation (`registry/translation.py`): one `name`
    column per site language, falling back to Vietnamese where a translation is missing.
    """

    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("offered to members"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "slug"]

    def __str__(self) -> str:
        return self.name


class Interest(ReferenceItem):
    """What a member would like to hear about or take part in (investment, charity…)."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("interest")
        verbose_name_plural = _("interests")


class Sector(ReferenceItem):
    """The field a member works in, also used to match people with investment projects."""

    class Meta(ReferenceItem.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class HttpsURLField(models.URLField):
    """A web address typed without a scheme ("hoihatinh.hu") is taken as https (Django 6's rule)."""

    def formfield(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("assume_scheme", "https")
        return super().formfield(*args, **kwargs)


class AssociationQuerySet(models.QuerySet["Association"]):
    def listed(self) -> AssociationQuerySet:
        return self.filter(listed_publicly=True)


class Association(models.Model):
    """An association (hội đoàn) of the province's people in one country or city abroad.

    It appears in the public directory only once it has agreed to be listed; until then only staff
    see it. A member can belong to several.
    """

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = PhoneNumberField(_("contact phone"), blank=True)
    website = HttpsURLField(_("website"), blank=True)
    listed_publicly = models.BooleanField(
        _("listed in the public directory"),
        default=False,
        help_text=_("Only with the association's agreement."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name = nfc(self.name)
        self.city = nfc(self.city)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


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


class MemberQuerySet(models.QuerySet["Member"]):
    def with_list_data(self) -> MemberQuerySet:
        """What the staff list shows, in a fixed number of queries whatever the page size."""
        return self.select_related("hometown_ward", "hometown_legacy", "sector").prefetch_related(
            "interests", "consented_purposes"
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
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Language codes, space-separated."),
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

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["search_name", "pk"]
        indexes = [
            # Staff search: country filters and facets, and the radius's bounding box. The
            # full-text index of `search_text` is PostgreSQL-only (migration 0010).
            models.Index(fields=["country"], name="member_country"),
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
        self.full_name = nfc(self.full_name).strip()
        self.other_names = nfc(self.other_names).strip()
        for field in ("hometown_village", "city_name", "occupation", "skills", "organisation"):
            setattr(self, field, nfc(getattr(self, field)).strip())
        self.languages = " ".join(dict.fromkeys(self.languages.split()))
        self.search_name = fold(f"{self.full_name} {self.other_names}")[:360]
        self.search_text = self.folded_text()
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    # Written by save() from the fields above: part of every partial save.
    DERIVED_FIELDS = ("search_name", "search_text", "updated_at")

    # What the staff search matches words in (folded into `search_text`).
    SEARCH_TEXT_FIELDS = ("full_name", "other_names", "occupation", "skills", "organisation")

    def folded_text(self) -> str:
        return fold(" ".join(getattr(self, field) for field in self.SEARCH_TEXT_FIELDS))

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def hometown_label(self) -> str:
        if self.hometown_legacy_id and self.hometown_ward_id:
            return f"{self.hometown_legacy} → {self.hometown_ward}"
        return str(self.hometown_ward or "")

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

    def confirmation_due(self, now: datetime.datetime) -> bool:
        """Once a year members are asked whether their record is still right."""
        last = self.last_confirmed_at or self.profile_completed_at
        return last is not None and now - last > datetime.timedelta(days=365)


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
        Member, on_delete=models.CASCADE, related_name="consents", verbose_name=_("member")
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
