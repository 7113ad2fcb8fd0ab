"""The editorial workflow: editors write and submit, a chief editor approves and the page goes live.

Wagtail's own migration creates a similar workflow once; a database flush (or a tree rebuilt by
`load_demo`) loses it, and nothing else would bring it back. `ensure_editorial_workflow` creates
it wherever it is missing, after every `migrate` and from `manage.py setup_editorial` (through
cms.editorial), so every installation moderates the same way. Scheduled pages (a "go live" date)
are published by `manage.py publish_scheduled`, run every few minutes.

The workflow and its task are named in Vietnamese: Wagtail shows a workflow's name as stored, in
its buttons ("Submit to …"), screens and the emails chief editors receive, and the staff read
Vietnamese. Installations made when it had an English name are renamed on the next `migrate`.
Translations are submitted to the same workflow (cms.translation_workflow).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

from accounts import roles

WORKFLOW_NAME = "Tổng biên tập duyệt"  # "chief editor approval"; reads "Gửi Tổng biên tập duyệt"
TASK_NAME = "Tổng biên tập duyệt"
FORMER_NAMES = ("Chief editor approval",)  # renamed where found (ensure_editorial_workflow)
WAGTAIL_DEFAULT_WORKFLOW = f"{roles.CHIEF_EDITORS} approval"  # made by Wagtail's migration 0048


def ensure_editorial_workflow() -> Workflow | None:
    """The chief editors' approval, as the workflow of every page; None before the page tree or
    the chief editors' group exists."""
    chief_editors = Group.objects.filter(name=roles.CHIEF_EDITORS).first()
    root = Page.get_first_root_node()
    if chief_editors is None or root is None:
        return None
    _rename_former(Workflow, WORKFLOW_NAME)
    _rename_former(GroupApprovalTask, TASK_NAME)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, active=True)
    task.groups.add(chief_editors)
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    # The root page covers every language tree. A workflow an administrator chose there stays;
    # Wagtail's own default (same approvers, generic name) is replaced.
    link = WorkflowPage.objects.filter(page=root).select_related("workflow").first()
    if link is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)
    elif link.workflow.name == WAGTAIL_DEFAULT_WORKFLOW and link.workflow != workflow:
        link.workflow = workflow
        link.save()
    # Left assigned to nothing, Wagtail's default would only be a second name for the same thing.
    Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, workflow_pages__isnull=True).update(
        active=False
    )
    return workflow


def _rename_former(model: type[Workflow] | type[GroupApprovalTask], name: str) -> None:
    """The workflow (or task) still under an English name takes its Vietnamese one, keeping its
    pages, history and approvers; unless one already bears that name (then both are left)."""
    if model.objects.filter(name=name).exists():
        return
    former = model.objects.filter(name__in=FORMER_NAMES).order_by("pk").first()
    if former is not None:
        former.name = name
        former.save(update_fields=["name"])


def ensure_translation_permission() -> None:
    """Editors and chief editors may start translations ("Translate this page").

    wagtail-localize grants this once, in a migration; a flush loses it.
    """
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtail_localize", model="translation"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename="submit_translation",
        defaults={"name": "Can submit translations"},
    )
    for group in Group.objects.filter(name__in=[roles.EDITORS, roles.CHIEF_EDITORS]):
        group.permissions.add(permission)
