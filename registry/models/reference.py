"""The short lists members choose from: interests and sectors (staff edit them), and the languages
they speak (the list in `registry.languages`)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from registry.languages import language_name


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


class Language(models.Model):
    """A language members say they speak, keyed by its code ("vi", "zh-hans").

    No name is stored: people see Django's name of the language in the page's language
    (`registry.languages.language_name`). The rows are the list of `registry.languages`, in its
    order (`position`), seeded by migration 0018; a code added to that list needs a migration
    adding its row (tests/registry/test_languages.py checks they agree).
    """

    code = models.CharField(_("code"), max_length=35, primary_key=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return language_name(self.code)
