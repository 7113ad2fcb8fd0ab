"""Choices made once for the whole site (Settings menu of the admin)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="list-ul")
class SiteLinks(BaseSiteSetting):
    """Pages the footer of every page links to, chosen once for the site (each shown in the
    visitor's language where it is translated). The main menu is the pages under the home page
    with "Show in menus" ticked (Promote tab)."""

    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("How personal data is processed: linked from the footer of every page."),
    )

    panels = [FieldPanel("privacy_page")]

    class Meta:
        verbose_name = _("site links")
