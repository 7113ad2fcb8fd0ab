from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.http import HttpResponse, HttpResponseRedirect
from django.templatetags.static import static
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem
from wagtail.admin.views.generic.models import DeleteView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from registry import import_views
from registry.admin_menu import MENU_HOOK, PermissionMenuItem, RegistryMenuItem
from registry.models import Association, ConsentPurpose, ConsentText, Interest, Sector
from registry.staff_views import consents, exports, merges, records, reports


def language_fields(name: str) -> list[str]:
    """One field per translated language, as django-modeltranslation creates them."""
    return [build_localized_fieldname(name, code) for code in settings.MODELTRANSLATION_LANGUAGES]


LANGUAGE_FIELDS = language_fields("name")


class KeptWhileUsedDeleteView(DeleteView):
    """Deleting an entry that records still refer to (a consent purpose members agreed to, a
    sector on profiles) is refused with a message, not a server error: the database protects them
    and Wagtail's reference index does not know these models."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _("“%(name)s” is used by records in the registry and cannot be deleted.")
                % {"name": self.object},
            )
            return HttpResponseRedirect(self.get_success_url())


class RegistryModelViewSet(ModelViewSet):
    delete_view_class = KeptWhileUsedDeleteView


class ReferenceItemViewSet(RegistryModelViewSet):
    """List, add and translate entries; every language's name side by side (seven short fields)."""

    list_display = ["name", "slug", "position", "is_active"]
    form_fields = ["slug", *LANGUAGE_FIELDS, "position", "is_active"]
    search_fields = ["slug", "name_vi", "name_en"]


class InterestViewSet(ReferenceItemViewSet):
    model = Interest
    icon = "tag"
    menu_label = Interest._meta.verbose_name_plural


class SectorViewSet(ReferenceItemViewSet):
    model = Sector
    icon = "cogs"
    menu_label = Sector._meta.verbose_name_plural


class AssociationViewSet(RegistryModelViewSet):
    model = Association
    icon = "group"
    menu_label = Association._meta.verbose_name_plural
    list_display = ["name", "country", "city", "listed_publicly"]
    list_filter = ["country", "listed_publicly"]
    form_fields = [
        "name",
        "country",
        "city",
        "description",
        "contact_email",
        "contact_phone",
        "website",
        "listed_publicly",
    ]
    search_fields = ["name", "city"]


class ConsentPurposeViewSet(RegistryModelViewSet):
    model = ConsentPurpose
    icon = "tick"
    menu_label = ConsentPurpose._meta.verbose_name_plural
    list_display = ["name", "slug", "required", "position"]
    form_fields = ["slug", *language_fields("name"), "required", "position"]


class AddOnlyPermissionPolicy(ModelPermissionPolicy):
    """Texts members agreed to stay as they were, even for superusers: add a new version."""

    def user_has_permission(self, user: Any, action: str) -> bool:
        if action in {"change", "delete"}:
            return False
        return bool(super().user_has_permission(user, action))


register_permission_policy(ConsentText, AddOnlyPermissionPolicy(ConsentText))


class ConsentTextViewSet(ModelViewSet):
    """New wordings only: a text members agreed to is never edited."""

    model = ConsentText
    inspect_view_enabled = True
    icon = "doc-full"
    menu_label = ConsentText._meta.verbose_name_plural
    list_display = ["purpose", "version", "published_at"]
    list_filter = ["purpose"]
    form_fields = ["purpose", "version", *language_fields("text")]


# (label, URL name, icon, permission) of the registry's admin pages, in menu order after the
# staff search (`search.wagtail_hooks`, the first entry, through `admin_menu.MENU_HOOK`), which is
# the one list of members (`registry_members` leads there, for old bookmarks).
REGISTRY_MENU = [
    (_("Probable duplicates"), "registry_duplicates", "resubmit", "merge_member"),
    (_("Import a list"), "registry_import", "upload", "import_member"),
    (_("Your exports"), "registry_exports", "download", "export_member"),
    (_("Registry in numbers"), "registry_statistics", "table", "view_member_statistics"),
    (_("Audit log"), "registry_audit", "history", "view_auditentry"),
]


@hooks.register("insert_global_admin_css")
def registry_admin_css() -> str:
    return format_html('<link rel="stylesheet" href="{}">', static("registry/css/admin.css"))


@hooks.register("register_admin_menu_item")
def register_registry_menu() -> MenuItem:
    items = [
        PermissionMenuItem(
            label, reverse(name), icon_name=icon, order=100 * n, permission=permission
        )
        for n, (label, name, icon, permission) in enumerate(REGISTRY_MENU, start=2)
    ]
    menu = Menu(register_hook_name=MENU_HOOK, items=items)
    return RegistryMenuItem(_("Registry"), menu, icon_name="user", order=150)


@hooks.register("register_admin_urls")
def register_registry_urls() -> list[URLPattern]:
    return [
        path("registry/members/", records.member_list, name="registry_members"),
        path("registry/members/export/", records.member_export, name="registry_export"),
        path("registry/members/<int:pk>/", records.member_detail, name="registry_member"),
        path("registry/members/<int:pk>/edit/", records.member_edit, name="registry_member_edit"),
        path(
            "registry/members/<int:pk>/verify/",
            records.member_verify,
            name="registry_member_verify",
        ),
        path(
            "registry/members/<int:pk>/delete/",
            records.member_delete,
            name="registry_member_delete",
        ),
        path(
            "registry/members/<int:pk>/consents/new/",
            consents.member_consent,
            name="registry_member_consent",
        ),
        path(
            "registry/members/<int:pk>/consents/<int:consent>/scan/",
            consents.consent_scan,
            name="registry_consent_scan",
        ),
        path(
            "registry/members/<int:pk>/invite/",
            records.member_invite,
            name="registry_member_invite",
        ),
        path("registry/duplicates/", merges.duplicates, name="registry_duplicates"),
        path("registry/merge/<int:keep>/<int:other>/", merges.merge, name="registry_merge"),
        path("registry/import/", import_views.import_upload, name="registry_import"),
        path(
            "registry/import/<int:pk>/",
            import_views.import_preview,
            name="registry_import_preview",
        ),
        path(
            "registry/import/<int:pk>/undo/",
            import_views.import_undo,
            name="registry_import_undo",
        ),
        path("registry/exports/", exports.export_list, name="registry_exports"),
        path("registry/exports/<int:pk>/", exports.export_status, name="registry_export_status"),
        path(
            "registry/exports/<int:pk>/download/",
            exports.export_download,
            name="registry_export_download",
        ),
        path("registry/statistics/", reports.statistics, name="registry_statistics"),
        path("registry/audit/", reports.audit_log, name="registry_audit"),
    ]


class ReferenceListsGroup(ViewSetGroup):
    """Registry reference lists that staff keep up to date and translate."""

    menu_label = _("Registry lists")
    menu_icon = "list-ul"
    items = (
        AssociationViewSet("associations"),
        InterestViewSet("interests"),
        SectorViewSet("sectors"),
        ConsentPurposeViewSet("consent-purposes"),
        ConsentTextViewSet("consent-texts"),
    )


@hooks.register("register_admin_viewset")
def register_reference_lists() -> ReferenceListsGroup:
    return ReferenceListsGroup()
