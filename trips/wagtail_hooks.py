from django.urls import URLResolver, include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from registry.admin_menu import MENU_HOOK, PermissionMenuItem
from trips import staff_actions, staff_views

ADMIN_URLS = [
    path("", staff_views.index, name="index"),
    path("new/", staff_views.create, name="create"),
    path("add-people/", staff_views.add_from_search, name="add_from_search"),
    path("<int:pk>/", staff_views.trip, name="trip"),
    path("<int:pk>/edit/", staff_views.edit, name="edit"),
    path("<int:pk>/destinations/", staff_views.add_leg, name="add_leg"),
    path("<int:pk>/destinations/<int:leg>/delete/", staff_views.delete_leg, name="delete_leg"),
    path("<int:pk>/people/", staff_views.people, name="people"),
    path("<int:pk>/saved-search/", staff_views.add_saved_search, name="add_saved_search"),
    path("<int:pk>/people/<int:line>/", staff_actions.line, name="line"),
    path("<int:pk>/invitation/", staff_actions.invitation, name="invitation"),
    path("<int:pk>/invite/", staff_actions.invite, name="invite"),
    path("<int:pk>/remind/", staff_actions.remind, name="remind"),
    path("<int:pk>/write/<str:kind>/", staff_actions.write, name="write"),
    path("<int:pk>/documents/<int:document>/", staff_actions.document, name="document"),
    path(
        "<int:pk>/documents/<int:document>/file.<str:file_format>",
        staff_actions.download,
        name="download",
    ),
    path("<int:pk>/tasks/", staff_actions.add_task, name="add_task"),
    path("<int:pk>/tasks/<int:task>/done/", staff_actions.task_done, name="task_done"),
]


@hooks.register("register_admin_urls")
def register_trip_urls() -> list[URLResolver]:
    return [path("trips/", include((ADMIN_URLS, "trips_admin")))]


@hooks.register(MENU_HOOK)
def trips_menu_item() -> PermissionMenuItem:
    """In the registry's menu: leadership trips (counts for viewers)."""
    return PermissionMenuItem(
        _("Leadership trips"),
        reverse("trips_admin:index"),
        icon_name="site",
        order=560,
        permission="view_member_statistics",
    )
