"""Editors submit, chief editors approve; the workflow and its groups are made by code."""

import datetime
import io
import uuid

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.blocks.base import BlockField
from wagtail.models import Locale, Page, Workflow, WorkflowPage

from accounts import roles
from cms.models import NewsArticlePage, NewsIndexPage
from cms.workflow import WORKFLOW_NAME

pytestmark = pytest.mark.django_db


def draft_article(title: str = "Hội nghị kiều bào") -> NewsArticlePage:
    article = NewsArticlePage(
        title=title,
        slug=f"a-{uuid.uuid4().hex[:10]}",
        date=datetime.date(2026, 3, 1),
        live=False,
    )
    NewsIndexPage.objects.get(locale__language_code="vi").add_child(instance=article)
    article.save_revision()
    return article


def edit(client, page: Page, action: str):
    """Post the page's edit form back as Wagtail renders it (stream fields emptied), pressing
    `action`."""
    form = client.get(f"/admin/pages/{page.pk}/edit/").context["form"]
    data: dict[str, object] = {}
    for name, field in form.fields.items():
        if isinstance(field, BlockField):
            data[f"{name}-count"] = "0"
            continue
        value = field.widget.format_value(form[name].value())
        data[name] = "" if value is None else value
    for formset in form.formsets.values():
        data.update(
            {
                f"{formset.prefix}-{key}": "0"
                for key in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS")
            }
        )
        data[f"{formset.prefix}-MAX_NUM_FORMS"] = "1000"
    data[action] = "on"
    return client.post(
        f"/admin/pages/{page.pk}/edit/", {k: v for k, v in data.items() if v is not None}
    )


def test_it_assigns_the_chief_editors_workflow_to_every_page(site_pages):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    root = Page.get_first_root_node()
    assert WorkflowPage.objects.get(page=root).workflow == workflow
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == [roles.CHIEF_EDITORS]
    assert draft_article().get_workflow() == workflow


def test_migrate_brings_the_workflow_back(site_pages):
    Workflow.objects.all().delete()
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow.name == WORKFLOW_NAME


def test_migrate_runs_the_editorial_set_up_once(site_pages, monkeypatch, settings):
    made = []
    get_or_create = Locale.objects.get_or_create

    def counted(**fields):
        made.append(fields["language_code"])
        return get_or_create(**fields)

    monkeypatch.setattr(Locale.objects, "get_or_create", counted)
    call_command("migrate", verbosity=0, stdout=io.StringIO())
    assert sorted(made) == sorted(code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES)


def test_setup_editorial_is_idempotent(site_pages):
    call_command("setup_editorial", stdout=io.StringIO())
    call_command("setup_editorial", stdout=io.StringIO())
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_setup_editorial_keeps_a_workflow_an_administrator_chose(site_pages):
    chosen = Workflow.objects.create(name="Two approvals", active=True)
    WorkflowPage.objects.filter(page=Page.get_first_root_node()).update(workflow=chosen)
    call_command("setup_editorial", stdout=io.StringIO())
    assert WorkflowPage.objects.get(page=Page.get_first_root_node()).workflow == chosen


def test_it_lets_an_editor_submit_but_not_publish(client, editor, site_pages):
    article = draft_article()
    client.force_login(editor)
    edit(client, article, "action-publish")
    article.refresh_from_db()
    assert not article.live

    response = edit(client, article, "action-submit")
    assert response.status_code == 302
    article.refresh_from_db()
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    assert article.current_workflow_state.requested_by == editor


def test_a_chief_editor_approves_and_the_page_goes_live(client, editor, chief_editor, site_pages):
    article = draft_article()
    client.force_login(editor)
    edit(client, article, "action-submit")
    task_state = article.current_workflow_state.current_task_state

    client.force_login(chief_editor)
    response = client.post(
        f"/admin/pages/workflow/action/{article.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    assert client.get(article.url).status_code == 200


def test_an_approved_page_with_a_go_live_date_waits_for_publish_scheduled(
    editor, chief_editor, site_pages
):
    article = draft_article()
    article.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = article.save_revision(user=editor)
    revision.publish(user=chief_editor)
    article.refresh_from_db()
    assert not article.live
    assert revision.approved_go_live_at == article.go_live_at

    call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()
    assert not article.live

    # An hour later.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled", stdout=io.StringIO())
    article.refresh_from_db()
    assert article.live
