"""What editors keep once per language outside the page tree: news categories, the contact
details and the footer text."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet

from cms.models.blocks import RICH_TEXT_FEATURES, LinkBlock


@register_snippet
class Category(TranslatableMixin, models.Model):
    """A subject news is filed under ("Investment", "Overseas community"…), one per language tree.

    A snippet rather than free tags: editors keep a short, translated list that readers can rely on.
    """

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("identifier"), max_length=100, allow_unicode=False)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="cms_category_slug_per_locale")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        # The form has no locale field, so Django leaves the (locale, slug) constraint unchecked
        # and a duplicate reached the database as an error.
        super().clean()
        taken = Category.objects.filter(locale_id=self.locale_id, slug=self.slug)
        if self.locale_id and taken.exclude(pk=self.pk).exists():
            raise ValidationError(
                {"slug": _("Another category of this language already has this identifier.")}
            )


@register_snippet
class ContactDetails(TranslatableMixin, models.Model):
    """How to reach the department, shown in the footer of every page and on the contact page."""

    office_name = models.CharField(_("office"), max_length=200)
    address = models.TextField(_("address"))
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)

    panels = [
        FieldPanel("office_name"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("email"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def __str__(self) -> str:
        return self.office_name

    @classmethod
    def for_language(cls, language_code: str) -> ContactDetails | None:
        """The details in that language, else in English, else in Vietnamese (one query); the
        templates mark them with the language they are in."""
        return _in_language_or_default(cls.objects.all(), language_code)


@register_snippet
class FooterText(TranslatableMixin, models.Model):
    """The words and links at the bottom of every page, per language.

    Without one, the footer says which department runs the site (the text in base.html).
    """

    text = RichTextField(_("text"), features=RICH_TEXT_FEATURES)
    links = StreamField([("link", LinkBlock())], verbose_name=_("links"), blank=True, max_num=12)

    panels = [FieldPanel("text"), FieldPanel("links")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer texts")

    def __str__(self) -> str:
        return str(_("Footer text (%(language)s)") % {"language": self.locale.get_display_name()})

    @classmethod
    def for_language(cls, language_code: str) -> FooterText | None:
        """The footer in that language, if any (no Vietnamese fallback: the template's own text,
        translated with gettext, reads better than Vietnamese on a French page)."""
        return cls.objects.filter(locale__language_code=language_code).order_by("pk").first()


def _in_language_or_default(queryset: models.QuerySet[Any], language_code: str) -> Any:
    """The first item (lowest id) in `language_code`, else in English (what a reader of a
    language we lack is likelier to read), else in the site's default language: one query."""
    wanted = list(dict.fromkeys([language_code, "en", settings.LANGUAGE_CODE]))
    found: dict[str, Any] = {}
    items = queryset.filter(locale__language_code__in=wanted).select_related("locale")
    for item in items.order_by("-pk"):
        found[item.locale.language_code] = item
    return next((found[code] for code in wanted if code in found), None)
