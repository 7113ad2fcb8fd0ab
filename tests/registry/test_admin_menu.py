"""The registry's menu in the admin: its own pages and the staff search (which the search app
adds, the registry naming no page of another app), in one order, each shown only to staff
holding its permission."""

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from wagtail.admin.menu import admin_menu

from registry.admin_menu import RegistryMenuItem
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def registry_entries(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    menu = next(i for i in admin_menu.registered_menu_items if isinstance(i, RegistryMenuItem))
    shown = menu.menu.menu_items_for_request(request)
    with translation.override("en"):
        return [(str(item.label), item.url) for item in sorted(shown, key=lambda i: i.order)]


def test_the_search_comes_first_then_the_registrys_pages():
    assert registry_entries(make_user("root@example.org", superuser=True)) == [
        ("Search", reverse("registry_search")),
        ("Probable duplicates", reverse("registry_duplicates")),
        ("Import a list", reverse("registry_import")),
        ("Your exports", reverse("registry_exports")),
        ("Registry in numbers", reverse("registry_statistics")),
        ("Engagement", reverse("engagement_admin:overview")),
        ("Leadership trips", reverse("trips_admin:index")),
        ("Audit log", reverse("registry_audit")),
    ]


def test_a_viewer_sees_only_what_their_role_may_open(registry_viewer):
    assert registry_entries(registry_viewer) == [
        ("Search", reverse("registry_search")),
        ("Registry in numbers", reverse("registry_statistics")),
        ("Engagement", reverse("engagement_admin:overview")),  # counts only
        ("Leadership trips", reverse("trips_admin:index")),  # counts only
    ]
