"""The admin forms of every page type and snippet open for an editor (panels are valid)."""

import pytest

from cms.models import (
    CharityProgrammeIndexPage,
    EventIndexPage,
    HomePage,
    InvestmentProjectIndexPage,
    InvestmentProjectPage,
    NewsIndexPage,
)

pytestmark = pytest.mark.django_db


def test_an_editor_can_open_the_add_form_of_every_page_type(client, editor, site_pages):
    client.force_login(editor)
    home = HomePage.objects.get(locale__language_code="vi")
    parents = {
        "newsarticlepage": NewsIndexPage.objects.get(locale__language_code="vi"),
        "investmentprojectpage": InvestmentProjectIndexPage.objects.child_of(home).get(),
        "charityprogrammepage": CharityProgrammeIndexPage.objects.child_of(home).get(),
        "eventpage": EventIndexPage.objects.child_of(home).get(),
        "standardpage": home,
        "provinceprofilepage": home,
        "contactpage": home,
    }
    for model, parent in parents.items():
        response = client.get(f"/admin/pages/add/cms/{model}/{parent.pk}/")
        assert response.status_code == 200, model


def test_an_editor_can_open_a_demo_project_and_the_snippets(client, editor, site_pages):
    client.force_login(editor)
    project = InvestmentProjectPage.objects.filter(locale__language_code="vi").first()
    assert client.get(f"/admin/pages/{project.pk}/edit/").status_code == 200
    for model in ("category", "footertext", "contactdetails"):
        assert client.get(f"/admin/snippets/cms/{model}/").status_code == 200, model
        assert client.get(f"/admin/snippets/cms/{model}/add/").status_code == 200, model
