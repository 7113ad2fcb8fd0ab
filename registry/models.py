from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

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
    website = models.URLField(_("website"), blank=True)
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
