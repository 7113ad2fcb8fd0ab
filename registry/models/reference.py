"""The short lists staff edit and members choose from: interests and sectors."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
