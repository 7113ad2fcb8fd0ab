from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from registry.admin_menu import MENU_HOOK, PermissionMenuItem
from search import views


@hooks.register(MENU_HOOK)
def register_search_menu_item() -> PermissionMenuItem:
    """The staff search, first in the registry's menu: the one list of members."""
    return PermissionMenuItem(
        _("Search"),
        reverse("registry_search"),
        icon_name="search",
        order=100,
        permission="view_member_statistics",
    )


@hooks.register("register_admin_urls")
def register_search_urls() -> list[URLPattern]:
    return [
        path("registry/search/", views.staff_search, name="registry_search"),
        path("registry/search/export/", views.export_search, name="registry_search_export"),
        path("registry/search/saved/", views.save_search, name="registry_search_save"),
        path(
            "registry/search/saved/<int:pk>/delete/",
            views.delete_saved_search,
            name="registry_search_delete",
        ),
    ]
