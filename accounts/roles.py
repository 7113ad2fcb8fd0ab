"""Staff roles, as Django groups.

Each role is a group created after every `migrate` (`ensure_roles`), never by hand, so every
installation has the same roles.

- editor (group Editors, Wagtail's own): writes pages.
- chief editor (group Moderators, Wagtail's own): approves and publishes pages.
- registry viewer (Registry viewers): aggregated counts only, never personal data.
- registry officer (Registry officers): the registry, within members' consents.
- administrator (Administrators): everything, including roles and audit review.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

EDITORS = "Editors"
CHIEF_EDITORS = "Moderators"
REGISTRY_VIEWERS = "Registry viewers"
REGISTRY_OFFICERS = "Registry officers"
ADMINISTRATORS = "Administrators"

ROLE_LABELS = {
    EDITORS: _("Editor"),
    CHIEF_EDITORS: _("Chief editor"),
    REGISTRY_VIEWERS: _("Registry viewer"),
    REGISTRY_OFFICERS: _("Registry officer"),
    ADMINISTRATORS: _("Administrator"),
}

# Every role opens the admin. Registry viewers see counts only; officers work on records (contact
# details only where the member agreed, checked per record); administrators also manage users,
# roles, reference lists and consent texts, delete records, read the audit log and watch the
# outgoing mail.
_OFFICER = [
    "registry.view_member_statistics",
    "registry.view_member",
    "registry.add_member",
    "registry.change_member",
    "registry.view_member_contact",
    "registry.verify_member",
    "registry.merge_member",
    "registry.import_member",
    "registry.export_member",
    "registry.view_association",
    "registry.add_association",
    "registry.change_association",
]
ROLE_PERMISSIONS = {
    EDITORS: ["wagtailadmin.access_admin"],
    CHIEF_EDITORS: ["wagtailadmin.access_admin"],
    REGISTRY_VIEWERS: ["wagtailadmin.access_admin", "registry.view_member_statistics"],
    REGISTRY_OFFICERS: ["wagtailadmin.access_admin", *_OFFICER],
    ADMINISTRATORS: [
        "wagtailadmin.access_admin",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "auth.add_group",
        "auth.change_group",
        "auth.delete_group",
        *_OFFICER,
        "registry.delete_member",
        "registry.delete_association",
        "registry.view_auditentry",
        *(
            f"registry.{action}_{model}"
            for model in ("interest", "sector", "consentpurpose")
            for action in ("view", "add", "change")
        ),
        # A consent text members agreed to is never edited: a new wording is a new version.
        "registry.view_consenttext",
        "registry.add_consenttext",
        # The outgoing mail queue (Settings → Outgoing mail): see, send again, delete.
        "operations.view_outgoingmessage",
        "operations.change_outgoingmessage",
        "operations.delete_outgoingmessage",
    ],
}


def ensure_roles(**kwargs: object) -> None:
    """Create the role groups and grant their permissions; run after every `migrate`.

    A post_migrate handler rather than a data migration, so that the roles also come back after
    a database flush and a role added here reaches existing installations.
    """
    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission

    for label in ("wagtailadmin", "accounts", "auth", "registry", "operations"):
        create_permissions(apps.get_app_config(label), verbosity=0)
    for name, dotted_names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        for dotted in dotted_names:
            app_label, codename = dotted.split(".")
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
