"""What editors and chief editors may do with pages, media and the site's snippets.

Wagtail's own migrations grant these once, to its Editors and Moderators groups, on the root page
and root collection. `ensure_editorial_permissions` restores them wherever they are missing (after
a database flush, or on a tree built by `load_demo`), so the roles behave the same everywhere;
with them the chief editors' approval workflow and the right to start translations (cms.workflow).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from accounts import roles
from cms.workflow import ensure_editorial_workflow, ensure_translation_permission

PAGE_PERMISSIONS = {
    roles.EDITORS: ["add", "change", "lock", "unlock"],
    roles.CHIEF_EDITORS: ["add", "change", "publish", "lock", "unlock"],
}
MEDIA_PERMISSIONS = ["add", "change", "choose"]
# The translatable snippets editors keep per language (cms.models): model permissions.
SNIPPET_MODELS = ["category", "footertext", "contactdetails"]
SNIPPET_PERMISSIONS = {
    roles.EDITORS: ["add", "change"],
    roles.CHIEF_EDITORS: ["add", "change", "delete"],
}


def ensure_editorial_permissions() -> None:
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for group_name, actions in PAGE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        if root_page is not None:
            for action in actions:
                permission = Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=f"{action}_page"
                )
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            for app_label, model in (("wagtailimages", "image"), ("wagtaildocs", "document")):
                for action in MEDIA_PERMISSIONS:
                    permission = Permission.objects.get(
                        content_type__app_label=app_label, codename=f"{action}_{model}"
                    )
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection, permission=permission
                    )
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="cms",
                codename__in=[
                    f"{action}_{model}"
                    for action in SNIPPET_PERMISSIONS[group_name]
                    for model in SNIPPET_MODELS
                ],
            )
        )
    ensure_translation_permission()
    ensure_editorial_workflow()
