from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """The registry of the province's people abroad: members, hometowns, consents, associations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "registry"
    verbose_name = _("Registry")
