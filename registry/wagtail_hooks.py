from django.conf import settings
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from registry.models import Association, Interest, Sector

# One name field per translated language, as django-modeltranslation creates them.
LANGUAGE_FIELDS = [
    build_localized_fieldname("name", code) for code in settings.MODELTRANSLATION_LANGUAGES
]


class ReferenceItemViewSet(ModelViewSet):
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


class AssociationViewSet(ModelViewSet):
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


class ReferenceListsGroup(ViewSetGroup):
    """Registry reference lists that staff keep up to date and translate."""

    menu_label = _("Registry lists")
    menu_icon = "list-ul"
    items = (
        AssociationViewSet("associations"),
        InterestViewSet("interests"),
        SectorViewSet("sectors"),
    )


@hooks.register("register_admin_viewset")
def register_reference_lists() -> ReferenceListsGroup:
    return ReferenceListsGroup()
