from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from engagement import staff_views
from registry.admin_menu import MENU_HOOK, PermissionMenuItem

ADMIN_URLS = [
    path("", staff_views.overview, name="overview"),
    path("<uuid:key>/", staff_views.page_list, name="page"),
    path("<uuid:key>/check-in/", staff_views.check_in, name="check_in"),
    path("<uuid:key>/matches/", staff_views.matches, name="matches"),
    path("<uuid:key>/export.<str:file_format>", staff_views.export, name="export"),
]


@hooks.register("register_admin_urls")
def register_engagement_urls() -> list[URLResolver]:
    return [path("engagement/", include((ADMIN_URLS, "engagement_admin")))]


@hooks.register(MENU_HOOK)
def engagement_menu_item() -> PermissionMenuItem:
    """In the registry's menu: who took part in what (counts for viewers)."""
    return PermissionMenuItem(
        _("Engagement"),
        reverse("engagement_admin:overview"),
        icon_name="group",
        order=550,  # after "Registry in numbers", before the audit log
        permission="view_member_statistics",
    )
