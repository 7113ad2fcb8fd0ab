from __future__ import annotations

from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms.models import register_form_field_override
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import SlugInput
from wagtail.models import Page

from cms import admin_views
from cms.slugs import SLUG_FORMATTERS
from config.params import whole_number


@hooks.register("register_admin_urls")
def register_cms_admin_urls() -> list[URLPattern]:
    return [
        path(
            "translations/",
            admin_views.translation_status_view,
            name="cms_translation_status",
        ),
        path(
            "translations/submit/<int:page_id>/",
            admin_views.submit_translation_view,
            name="cms_submit_translation",
        ),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return admin_views.can_follow_translations(request.user)


@hooks.register("register_admin_menu_item")
def register_translation_status_menu_item() -> MenuItem:
    return TranslationStatusMenuItem(
        _("Translations"),
        reverse("cms_translation_status"),
        name="translations",
        icon_name="wagtail-localize-language",
        order=250,
    )


@hooks.register("insert_global_admin_css")
def cms_admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("cms/css/admin.css"))


@hooks.register("before_copy_page")
def refuse_a_copy_without_a_parent(request: HttpRequest, page: Page) -> HttpResponse | None:
    """Wagtail's copy view looks the new parent up before its form checks it, so a request with
    no parent, or one that does not exist, ended in a server error: a 400 instead."""
    if request.method != "POST":
        return None
    number = whole_number(request.POST.get("new_parent_page"))
    if number is None or not Page.objects.filter(pk=number).exists():
        return render(request, "400.html", status=400)
    return None


class VietnameseSlugInput(SlugInput):
    """Wagtail's slug field, folding Vietnamese marks as the title is typed (cms.slugs)."""

    def __init__(
        self, attrs: dict | None = None, formatters: list | None = None, locale: object = None
    ):
        super().__init__(attrs, formatters=[*SLUG_FORMATTERS, *(formatters or [])], locale=locale)


register_form_field_override(models.SlugField, override={"widget": VietnameseSlugInput})
