from __future__ import annotations

from django.http import HttpRequest
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms import admin_views


@hooks.register("register_admin_urls")
def register_cms_admin_urls() -> list[URLPattern]:
    return [
        path(
            "translations/",
            admin_views.translation_status_view,
            name="cms_translation_status",
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
