import pytest
from wagtail.models import Page

from cms.models import HomePage

pytestmark = pytest.mark.django_db


def test_an_editor_may_edit_but_not_publish(editor, site_pages):
    home = HomePage.objects.get(locale__language_code="vi")
    permissions = home.permissions_for_user(editor)
    assert permissions.can_edit()
    assert not permissions.can_publish()


def test_a_chief_editor_may_publish(chief_editor, site_pages):
    home = Page.objects.get(pk=HomePage.objects.get(locale__language_code="vi").pk)
    assert home.permissions_for_user(chief_editor).can_publish()


def test_registry_staff_may_not_edit_pages(registry_officer, registry_viewer, site_pages):
    home = HomePage.objects.get(locale__language_code="vi")
    assert not home.permissions_for_user(registry_officer).can_edit()
    assert not home.permissions_for_user(registry_viewer).can_edit()
