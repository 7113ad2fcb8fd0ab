"""Editors' screens in the Wagtail admin (wired in cms/wagtail_hooks.py)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from cms.localisation import SOURCE_LANGUAGE, STATUS_LABELS, Status, translation_status

PAGES_PER_SCREEN = 50


def can_follow_translations(user: Any) -> bool:
    """Editors and chief editors: staff who open the admin and may edit pages."""
    return bool(
        user.has_perm("wagtailadmin.access_admin")
        and PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])
    )


def translation_status_view(request: HttpRequest) -> HttpResponse:
    """Every Vietnamese page against every other language: translated, being translated, out of
    date, only mirrored, or missing."""
    if not can_follow_translations(request.user):
        return render(
            request,
            "cms/admin/forbidden.html",
            {"page_title": _("Access denied"), "header_icon": "lock"},
            status=403,
        )
    source = Locale.objects.get(language_code=SOURCE_LANGUAGE)
    locales = list(Locale.objects.exclude(pk=source.pk).order_by("pk"))
    pages = (
        Page.objects.filter(locale=source, depth__gt=1, alias_of__isnull=True)
        .select_related("content_type")
        .only(
            "pk", "title", "depth", "translation_key", "last_published_at", "live", "content_type"
        )
        .order_by("path")
    )
    screen = Paginator(pages, PAGES_PER_SCREEN).get_page(request.GET.get("p"))
    return render(
        request,
        "cms/admin/translation_status.html",
        {
            "page_title": _("Translations"),
            "header_icon": "wagtail-localize-language",
            "screen": screen,
            "locales": locales,
            "rows": translation_status(screen.object_list, locales),
            "legend": [(status.value, STATUS_LABELS[status]) for status in Status],
        },
    )
