"""Associations (hội đoàn) of the province's people abroad, and their public directory."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from registry.text import nfc


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
