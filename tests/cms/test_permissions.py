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


def test_editors_keep_the_snippets_and_only_chief_editors_delete_them(
    editor, chief_editor, registry_officer, site_pages
):
    for model in ("category", "footertext", "contactdetails"):
        assert editor.has_perm(f"cms.change_{model}") and editor.has_perm(f"cms.add_{model}")
        assert not editor.has_perm(f"cms.delete_{model}")
        assert chief_editor.has_perm(f"cms.delete_{model}")
        assert not registry_officer.has_perm(f"cms.change_{model}")
