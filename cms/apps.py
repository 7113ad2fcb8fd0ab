from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    """The public, multilingual foreign-information site: pages, the site shell and demo content."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "cms"
    verbose_name = _("Public site")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from cms.signal_handlers import ensure_locales, setup_editorial

        post_migrate.connect(ensure_locales, sender=self)
        post_migrate.connect(setup_editorial, sender=self, dispatch_uid="cms.setup_editorial")
