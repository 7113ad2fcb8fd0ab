"""Staff roles, as Django groups.

Each role is a group created by a data migration, never by hand, so every installation has the same
roles. Registry permissions are added to these groups by the registry app as its models arrive.

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

# Groups this project creates; Wagtail's migrations create Editors and Moderators.
PROJECT_GROUPS = (REGISTRY_VIEWERS, REGISTRY_OFFICERS, ADMINISTRATORS)
