from django.urls import URLPattern, path
from wagtail import hooks

from search import views


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
